"""A task handed to the Redis broker in one LPUSH (config.broker, issue 23): the message is the one
Celery and kombu would have sent, a real worker runs it, and every other set-up takes Celery's
own path."""

from __future__ import annotations

import json
import time

import pytest
import redis
from django.db import transaction

from config import broker
from config.celery import app
from notifications.models import NoticeChannel, Notification, NotificationStatus
from notifications.tasks import send_notification
from tests.conftest import _reset_broker_pools


@pytest.fixture
def real_broker(redis_url, settings):
    """This process publishes to a real Redis (no worker)."""
    previous = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    app.conf.update(task_always_eager=False, broker_url=redis_url)
    _reset_broker_pools(app)
    client = broker._client(app)
    client.flushall()
    yield client
    app.conf.update(**previous)
    _reset_broker_pools(app)


# What sentry-sdk's Celery integration adds to Celery's own publish once Sentry is initialised
# (another test may have done so in this process): trace propagation, which config.broker leaves
# out (docs/performance.md).
SENTRY_HEADERS = ("sentry-trace", "baggage", "sentry-task-enqueued-time", "headers")


def _without_delivery_tag(raw: bytes) -> dict:
    message = json.loads(raw)
    assert message["properties"].pop("delivery_tag")
    for header in SENTRY_HEADERS:
        message["headers"].pop(header, None)
    return message


def test_the_message_is_the_one_celery_would_push(real_broker):
    task_id = "3f1c8c8e-0000-4000-8000-000000000023"
    send_notification.apply_async(args=(23,), task_id=task_id)
    assert real_broker.llen("notices") == 1
    by_celery = _without_delivery_tag(real_broker.rpop("notices"))

    ours = broker.message(send_notification, (23,), queue="notices", task_id=task_id)
    ours = _without_delivery_tag(json.dumps(ours).encode())
    assert ours == by_celery
    assert by_celery["headers"]["task"] == "notifications.tasks.send_notification"
    assert by_celery["properties"]["delivery_info"] == {"exchange": "", "routing_key": "notices"}


def test_publish_pushes_one_message_onto_the_tasks_own_queue_without_celerys_producer(
    real_broker, monkeypatch
):
    def refuse(*args, **kwargs):
        raise AssertionError("Celery's publish path was taken")

    monkeypatch.setattr(send_notification, "apply_async", refuse)
    broker.publish(send_notification, 41)
    broker.publish(send_notification, 42)
    assert real_broker.llen("notices") == 2
    first, second = (json.loads(raw) for raw in real_broker.lrange("notices", 0, -1)[::-1])
    assert first["headers"]["argsrepr"] == "(41,)" and second["headers"]["argsrepr"] == "(42,)"
    assert first["headers"]["id"] != second["headers"]["id"]
    assert first["properties"]["delivery_tag"] != second["properties"]["delivery_tag"]
    # Routed as CELERY_TASK_ROUTES says: nothing went to another queue.
    assert real_broker.keys("heavy") == [] and real_broker.keys("sweeps") == []


@pytest.mark.parametrize(
    "conf",
    [
        {"task_always_eager": True},
        {"task_always_eager": False, "broker_url": "memory://"},
        {
            "task_always_eager": False,
            "broker_transport_options": {"global_keyprefix": "ldz:"},
        },
    ],
    ids=["eager", "memory", "key-prefix"],
)
def test_any_other_set_up_takes_celerys_own_path(conf, redis_url, monkeypatch):
    called = []
    monkeypatch.setattr(send_notification, "delay", lambda *args: called.append(args))
    previous = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    previous["broker_transport_options"] = dict(app.conf.broker_transport_options or {})
    app.conf.update(**{"broker_url": redis_url, **conf})
    try:
        broker.publish(send_notification, 5)
    finally:
        app.conf.update(**previous)
    assert called == [(5,)]


def test_a_dead_broker_fails_the_push_at_once(tmp_path):
    """The caller (config.dispatch) catches this and the row waits for the sweep."""
    dead = f"redis+socket://{tmp_path}/no-redis.sock"
    previous = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(task_always_eager=False, broker_url=dead)
    try:
        started = time.monotonic()
        with pytest.raises(redis.ConnectionError):
            broker.publish(send_notification, 1)
        assert time.monotonic() - started < 2
    finally:
        app.conf.update(**previous)


@pytest.mark.django_db(transaction=True)
def test_a_real_worker_runs_what_was_pushed(celery_live, monkeypatch):
    """The notice written in a transaction is pushed after commit by config.broker (Celery's
    producer refuses here) and the real worker sends it."""
    from notifications.services import notification_enqueue
    from tests.factories import NOTICE_CONTEXT

    def refuse(*args, **kwargs):
        raise AssertionError("Celery's publish path was taken")

    monkeypatch.setattr(send_notification, "apply_async", refuse)
    with transaction.atomic():
        notice = notification_enqueue(
            channel=NoticeChannel.EMAIL,
            template_key="receipt",
            idempotency_key="x23f:broker",
            context=NOTICE_CONTEXT,
            recipient="inwoner@example.nl",
            reference="case:1",
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        notice.refresh_from_db()
        if notice.status == NotificationStatus.SENT:
            break
        time.sleep(0.25)
    assert notice.status == NotificationStatus.SENT, celery_live.log()[-3000:]
    assert Notification.objects.count() == 1
