"""Delivery against a real Redis and real Celery workers: nothing lost, nothing sent twice."""

from __future__ import annotations

import time
from collections import Counter
from pathlib import Path

import pytest

from cases import services
from cases.actors import CITIZEN
from notifications.models import Notification, NotificationStatus
from notifications.tasks import send_notification, sweep_outbox
from tests.conftest import _reset_broker_pools
from tests.factories import case_type

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(predicate, timeout=60.0, interval=0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def mail_dir(tmp_path, monkeypatch, settings):
    directory = tmp_path / "mail"
    settings.NOTIFICATION_STUCK_SECONDS = 2
    monkeypatch.setenv("EMAIL_BACKEND", "tests.mail_backends.CountingFileBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(directory))
    monkeypatch.setenv("NOTIFICATION_STUCK_SECONDS", "2")
    return directory


def _sent_files(directory: Path) -> Counter:
    if not directory.exists():
        return Counter()
    return Counter(p.name.split("--")[0] for p in directory.glob("*.eml"))


def _submit(n: int):
    question = case_type("question")
    for i in range(n):
        services.case_submit(
            case_type=question,
            channel="web",
            subject=f"Vraag {i}",
            description="Test",
            citizen_name=f"Inwoner {i}",
            citizen_email=f"inwoner{i}@example.nl",
            actor=CITIZEN,
        )


def _point_at_dead_broker(settings, tmp_path):
    from config.celery import app

    dead = f"redis+socket://{tmp_path}/no-redis-here.sock"
    app.conf.update(task_always_eager=False, broker_url=dead)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    _reset_broker_pools(app)


def _point_at(url):
    from config.celery import app

    app.conf.update(task_always_eager=False, broker_url=url)
    _reset_broker_pools(app)


def test_broker_down_then_back_every_receipt_once(mail_dir, celery_live, settings, tmp_path):
    _point_at_dead_broker(settings, tmp_path)
    started = time.monotonic()
    _submit(100)
    took = time.monotonic() - started
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 100
    assert took < 60, f"intake blocked on the dead broker for {took:.1f}s"
    _point_at(celery_live.broker_url)
    assert sweep_outbox() == 100
    assert _wait_for(
        lambda: Notification.objects.filter(status=NotificationStatus.SENT).count() == 100
    ), celery_live.log()[-3000:]
    sent = _sent_files(mail_dir)
    assert len(sent) == 100 and set(sent.values()) == {1}
    # A second sweep finds nothing left to send.
    assert sweep_outbox() == 0


def test_worker_killed_mid_batch_loses_nothing(
    mail_dir, celery_live, monkeypatch, settings, tmp_path
):
    celery_live.stop()
    _point_at_dead_broker(settings, tmp_path)
    _submit(40)
    _point_at(celery_live.broker_url)
    monkeypatch.setenv("TEST_MAIL_DELAY", "0.1")
    celery_live.start(name="slow")
    sweep_outbox()
    assert _wait_for(lambda: len(_sent_files(mail_dir)) >= 5, timeout=30)
    celery_live.kill()  # SIGKILL parent and pool child, mid-batch
    sent_before = Notification.objects.filter(status=NotificationStatus.SENT).count()
    assert sent_before < 40
    monkeypatch.setenv("TEST_MAIL_DELAY", "0")
    celery_live.start(name="after")
    time.sleep(2.5)  # past NOTIFICATION_STUCK_SECONDS: the in-flight row counts as lost
    assert _wait_for(
        lambda: (
            (sweep_outbox() or True)
            and Notification.objects.filter(status=NotificationStatus.SENT).count() == 40
        ),
        timeout=60,
        interval=1.0,
    ), celery_live.log()[-3000:]
    sent = _sent_files(mail_dir)
    assert len(sent) == 40  # every notice sent
    duplicates = [key for key, count in sent.items() if count > 1]
    assert len(duplicates) <= 1  # at most the one in flight when the worker died


def test_two_workers_racing_send_no_duplicates(mail_dir, celery_live, settings, tmp_path):
    from tests.conftest import LiveWorker

    celery_live.stop()
    _point_at_dead_broker(settings, tmp_path)
    _submit(60)
    _point_at(celery_live.broker_url)
    second = LiveWorker(celery_live.broker_url, tmp_path)
    celery_live.start(concurrency=2, name="a")
    second.start(concurrency=2, name="b")
    try:
        ids = list(Notification.objects.values_list("pk", flat=True))
        for pk in ids:  # every row dispatched three times over
            send_notification.delay(pk)
            send_notification.delay(pk)
        sweep_outbox()
        assert _wait_for(
            lambda: Notification.objects.filter(status=NotificationStatus.SENT).count() == 60
        )
        time.sleep(1.0)  # let the duplicate deliveries finish being refused
        sent = _sent_files(mail_dir)
        assert len(sent) == 60 and set(sent.values()) == {1}
    finally:
        second.stop()


def test_a_batch_of_notices_reaches_the_worker_once_each(mail_dir, celery_live):
    """The batch path of background jobs (one producer for the whole batch, after commit)
    against the real broker and worker."""
    from django.db import transaction

    from notifications.models import NoticeChannel
    from notifications.services import notification_enqueue_many
    from tests.factories import NOTICE_CONTEXT as CONTEXT

    notices = [
        {
            "channel": NoticeChannel.EMAIL,
            "template_key": "receipt",
            "idempotency_key": f"batch:{n}",
            "context": CONTEXT,
            "recipient": f"inwoner{n}@example.nl",
            "language": "nl",
            "reference": f"case:{n}",
        }
        for n in range(50)
    ]
    with transaction.atomic():
        notification_enqueue_many(notices)
        assert _sent_files(mail_dir) == Counter()  # nothing before commit
    assert _wait_for(
        lambda: Notification.objects.filter(status=NotificationStatus.SENT).count() == 50
    ), celery_live.log()[-3000:]
    sent = _sent_files(mail_dir)
    assert len(sent) == 50 and set(sent.values()) == {1}
