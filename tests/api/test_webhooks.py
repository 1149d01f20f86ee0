"""Webhook events: written as outbox rows in the transaction of the change, signed with
HMAC-SHA256 over timestamp and body, retried with backoff, resent from the admin. The receiver
verifies with the example code of docs/webhooks.md."""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from cases import services
from notifications.models import NotificationStatus, WebhookDelivery
from notifications.models.webhooks import validate_webhook_url
from notifications.signing import webhook_body, webhook_signature
from notifications.tasks_webhooks import deliver_webhook, sweep_webhooks
from tests.api.conftest import chain_case, endpoint_for, settle, task_of
from tests.api.receiver import Receiver, documented_verifier

pytestmark = pytest.mark.django_db


def test_events_are_outbox_rows_of_the_change(people):
    bsw = endpoint_for("bsw")
    regie = endpoint_for("informatiebeheer", events=["case.withdrawn"])
    case, _ = chain_case(people)
    for code in ("BRP", "MAGAZIJN", "HEFFING"):
        settle(task_of(case, code), people)
    task = task_of(case, "BSW-HEF")
    requested = WebhookDelivery.objects.get(endpoint=bsw)
    assert requested.event == "task.requested"
    assert requested.status == NotificationStatus.PENDING
    assert requested.payload["data"]["task"] == {
        "id": task.pk,
        "case_number": case.number,
        "system": "BSW-HEF",
        "status": "requested",
        "version": task.version,
        "due_date": task.due_date.isoformat(),
    }
    # The loket sends a correction back, then verifies it.
    services.correction_task_mark_corrected(task=task, actor=people["coordinator"])
    services.correction_task_reject(task=task, actor=people["loket"], reason="Nog fout")
    task.refresh_from_db()
    services.correction_task_mark_corrected(task=task, actor=people["coordinator"])
    services.correction_task_verify(task=task, actor=people["loket"])
    events = list(
        WebhookDelivery.objects.filter(endpoint=bsw).order_by("id").values_list("event", flat=True)
    )
    assert events == ["task.requested", "task.returned", "task.verified"]
    # Nothing for informatiebeheer yet: it asked for case.withdrawn only.
    assert not WebhookDelivery.objects.filter(endpoint=regie).exists()
    # Unique delivery ids.
    assert WebhookDelivery.objects.values("delivery_id").distinct().count() == 3


def test_withdrawal_tells_the_owners_with_requested_tasks_and_the_case_organisation(people):
    bsw, regie = endpoint_for("bsw"), endpoint_for("informatiebeheer")
    burgerzaken = endpoint_for("burgerzaken")
    case, _ = chain_case(people)
    services.case_withdraw(case=case, actor=people["loket"], reason="Ingetrokken")
    withdrawn = WebhookDelivery.objects.filter(event="case.withdrawn")
    # BRP (burgerzaken) was requested; BSW-HEF was still pending: bsw was never asked.
    assert set(withdrawn.values_list("endpoint", flat=True)) == {regie.pk, burgerzaken.pk}
    assert not WebhookDelivery.objects.filter(endpoint=bsw).exists()
    assert withdrawn.first().payload["data"] == {
        "case": {"number": case.number, "status": "withdrawn"}
    }


def test_a_rolled_back_change_writes_no_event(people):
    endpoint_for("burgerzaken")
    case, _ = chain_case(people)
    WebhookDelivery.objects.all().delete()
    task = task_of(case, "BRP")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.correction_task_mark_corrected(task=task, actor=people["coordinator"])
        services.correction_task_verify(task=task, actor=people["coordinator"])
        raise RuntimeError("rollback")
    assert not WebhookDelivery.objects.exists()


def test_only_https_addresses_outside_tests(settings):
    settings.WEBHOOK_ALLOW_HTTP_LOOPBACK = False
    with pytest.raises(ValidationError):
        validate_webhook_url("http://127.0.0.1:8000/hook")
    validate_webhook_url("https://partner.example/hook")
    settings.WEBHOOK_ALLOW_HTTP_LOOPBACK = True
    validate_webhook_url("http://127.0.0.1:8000/hook")
    with pytest.raises(ValidationError):
        validate_webhook_url("http://partner.example/hook")


def test_documented_verifier_checks_signature_and_replay_window():
    verify = documented_verifier()
    body = b'{"event":"task.requested"}'
    now = int(time.time())
    headers = {
        "Loket-Webhook-Timestamp": str(now),
        "Loket-Webhook-Signature": webhook_signature(secret="s3cret", timestamp=now, body=body),
    }
    assert verify("s3cret", headers, body)
    assert not verify("other", headers, body)
    assert not verify("s3cret", headers, body + b" ")
    assert not verify("s3cret", headers, body, now=now + 301)  # outside the 5 minutes
    assert verify("s3cret", headers, body, now=now + 299)


def test_delivery_is_signed_retried_while_down_and_delivered_once(people, settings):
    settings.WEBHOOK_BACKOFF_BASE_SECONDS = 0
    receiver = Receiver(secret="x")
    receiver.start()
    port = receiver.port
    receiver.stop()  # down
    endpoint = endpoint_for("burgerzaken", url=f"http://127.0.0.1:{port}/hook")
    receiver.secret = endpoint.secret
    chain_case(people)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint, event="task.requested")
    assert deliver_webhook(delivery.pk) == "retry"
    delivery.refresh_from_db()
    assert delivery.status == NotificationStatus.PENDING and delivery.attempts == 1
    assert "Error" in delivery.last_error
    receiver = Receiver(secret=endpoint.secret, port=port).start()
    try:
        assert sweep_webhooks() == 1  # eager in tests: delivers now
        assert sweep_webhooks() == 0
    finally:
        receiver.stop()
    delivery.refresh_from_db()
    assert delivery.status == NotificationStatus.SENT and delivery.attempts == 2
    assert delivery.response_status == 204
    assert [d["id"] for d in receiver.accepted] == [str(delivery.delivery_id)]
    assert receiver.accepted[0]["body"]["event"] == "task.requested"
    assert receiver.rejected == 0


def test_a_wrong_secret_is_refused_by_the_receiver_and_retried(people, settings):
    receiver = Receiver(secret="not-the-secret").start()
    try:
        endpoint = endpoint_for("burgerzaken", url=receiver.url)
        chain_case(people)
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert deliver_webhook(delivery.pk) == "retry"
    finally:
        receiver.stop()
    delivery.refresh_from_db()
    assert delivery.response_status == 401 and receiver.rejected == 1


def test_admin_resend_keeps_the_delivery_id(people, admin_client, settings):
    receiver = Receiver(secret="").start()
    try:
        endpoint = endpoint_for("burgerzaken", url=receiver.url)
        receiver.secret = endpoint.secret
        chain_case(people)
        delivery = WebhookDelivery.objects.get(endpoint=endpoint)
        assert deliver_webhook(delivery.pk) == "sent"
        page = admin_client.get(
            f"/admin/notifications/webhookdelivery/?endpoint__id__exact={endpoint.pk}"
        )
        assert page.status_code == 200 and str(delivery.delivery_id) in page.content.decode()
        with_commit = admin_client.post(
            "/admin/notifications/webhookdelivery/",
            {"action": "resend", "_selected_action": [delivery.pk]},
        )
        assert with_commit.status_code == 302
        delivery.refresh_from_db()
        assert delivery.status == NotificationStatus.PENDING
        assert deliver_webhook(delivery.pk) == "sent"
    finally:
        receiver.stop()
    assert [d["id"] for d in receiver.accepted] == [str(delivery.delivery_id)] * 2


def test_body_and_signature_are_what_is_posted(people):
    endpoint = endpoint_for("burgerzaken")
    chain_case(people)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    body = webhook_body(delivery)
    assert str(delivery.delivery_id) in body.decode()
    assert webhook_signature(secret="a", timestamp=1, body=body).startswith("v1=")


def test_production_accepts_https_webhooks_only():
    from tests.config.test_settings import PRODUCTION_ENV, _manage

    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print('loopback', settings.WEBHOOK_ALLOW_HTTP_LOOPBACK)",
        env=PRODUCTION_ENV,
    )
    assert "loopback False" in result.stdout, result.stderr
