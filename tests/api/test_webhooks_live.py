"""A real Celery worker on a real Redis delivers a `task.requested` webhook to a local receiver
that verifies the signature (with the code of docs/webhooks.md). The receiver is down at first:
the delivery is retried with backoff and arrives exactly once when the receiver is back."""

from __future__ import annotations

import time

import pytest

from notifications.models import NotificationStatus, WebhookDelivery
from notifications.tasks_webhooks import sweep_webhooks
from tests.api.conftest import chain_case, endpoint_for
from tests.api.receiver import Receiver

pytestmark = pytest.mark.django_db(transaction=True)


def _wait_for(predicate, timeout=40.0, interval=0.25, tick=None):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if tick:
            tick()
        if predicate():
            return True
        time.sleep(interval)
    return predicate()


@pytest.fixture
def fast_backoff(monkeypatch, settings):
    # The worker subprocess reads it from the environment; this process from settings.
    monkeypatch.setenv("WEBHOOK_BACKOFF_BASE_SECONDS", "1")
    settings.WEBHOOK_BACKOFF_BASE_SECONDS = 1


def test_worker_delivers_signed_webhook_after_receiver_comes_back(
    fast_backoff, people, celery_live
):
    probe = Receiver(secret="").start()
    port = probe.port
    probe.stop()  # the partner's receiver is down
    endpoint = endpoint_for("burgerzaken", url=f"http://127.0.0.1:{port}/hook")

    case, _ = chain_case(people)  # BRP (burgerzaken) is requested: task.requested

    delivery = WebhookDelivery.objects.get(endpoint=endpoint, event="task.requested")

    def attempted():
        delivery.refresh_from_db()
        return delivery.attempts >= 1

    assert _wait_for(attempted), celery_live.log()
    assert delivery.status == NotificationStatus.PENDING
    assert "Connection" in delivery.last_error or "refused" in delivery.last_error.lower()

    receiver = Receiver(secret=endpoint.secret, port=port).start()
    try:

        def sent():
            delivery.refresh_from_db()
            return delivery.status == NotificationStatus.SENT

        # The beat's sweep, run by hand: it hands the due retry to the worker.
        assert _wait_for(sent, tick=lambda: sweep_webhooks.delay(), interval=0.5), celery_live.log()
        # More sweeps change nothing: delivered once.
        for _ in range(3):
            sweep_webhooks.delay()
        time.sleep(1.5)
    finally:
        receiver.stop()
    assert receiver.rejected == 0
    assert [d["id"] for d in receiver.accepted] == [str(delivery.delivery_id)]
    body = receiver.accepted[0]["body"]
    assert body["event"] == "task.requested"
    assert body["data"]["task"]["case_number"] == case.number
    assert delivery.attempts >= 2 and delivery.response_status == 204
