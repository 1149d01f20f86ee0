"""The outbox: written once per key, sent after commit, claimed once, retried, failed visibly."""

import pytest
from django.core import mail

from notifications.models import Channel, Notification, NotificationStatus
from notifications.services import notification_enqueue
from notifications.tasks import MAX_ATTEMPTS, send_notification, sweep_outbox

pytestmark = pytest.mark.django_db

CONTEXT = {
    "case_number": "LDZ-2026-000001",
    "case_type": "Klacht",
    "case_type_code": "complaint",
    "citizen_name": "Anna de Vries",
    "due_date": "2027-01-22",
    "law_reference": "Awb 9:11",
}


def _enqueue(key="k1", template="receipt", recipient="anna@example.nl", language="nl"):
    return notification_enqueue(
        channel=Channel.EMAIL,
        template_key=template,
        idempotency_key=key,
        context=CONTEXT,
        recipient=recipient,
        language=language,
        reference="case:1",
    )


def test_same_key_writes_one_row(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        first = _enqueue()
        second = _enqueue()
    assert first.pk == second.pk
    assert Notification.objects.count() == 1


def test_sent_after_commit_with_rendered_dutch_text(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification = _enqueue()
    assert mail.outbox == []  # nothing leaves before commit
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Ontvangstbevestiging LDZ-2026-000001"
    assert "vrijdag 22 januari 2027" in message.body
    assert "9:6" in message.body
    assert message.alternatives and "<html" in message.alternatives[0][0]


def test_english_template(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _enqueue(language="en")
    assert "Friday 22 January 2027" in mail.outbox[0].body


def test_a_claimed_row_is_not_sent_twice(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        notification = _enqueue()
    assert send_notification(notification.pk) == "sent"
    assert send_notification(notification.pk) == "not-claimed"
    assert len(mail.outbox) == 1


def test_missing_template_is_recorded_not_retried(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue(template="no_such_template")
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.NOT_SENT
    assert notification.status_reason == "template_missing"


def test_no_address_is_recorded(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        notification = _enqueue(recipient="")
    assert notification.status == NotificationStatus.NOT_SENT
    assert notification.status_reason == "no_address"
    assert mail.outbox == []


def test_smtp_failure_retries_with_backoff_then_fails(settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = 9  # nothing listens: connection refused
    settings.EMAIL_TIMEOUT = 2
    with django_capture_on_commit_callbacks(execute=False):
        notification = _enqueue()
    delays = []
    for _attempt in range(MAX_ATTEMPTS):
        Notification.objects.filter(pk=notification.pk).update(next_attempt_at=None)
        send_notification(notification.pk)
        notification.refresh_from_db()
        if notification.next_attempt_at:
            delays.append((notification.next_attempt_at - notification.claimed_at).total_seconds())
    assert notification.status == NotificationStatus.FAILED
    assert notification.attempts == MAX_ATTEMPTS
    assert "ConnectionRefusedError" in notification.last_error
    assert delays == sorted(delays) and delays[0] < delays[-1]  # backoff grows


def test_sweep_redispatches_pending_rows(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False):
        for i in range(3):
            _enqueue(key=f"k{i}")
    assert mail.outbox == []
    assert sweep_outbox() == 3  # eager: sends at once in tests
    assert len(mail.outbox) == 3
    assert sweep_outbox() == 0


def test_smtp_down_does_not_block_intake(settings, django_capture_on_commit_callbacks):
    from cases import services
    from cases.models import Case
    from tests.factories import case_type

    settings.EMAIL_BACKEND = "tests.mail_backends.FailingBackend"
    with django_capture_on_commit_callbacks(execute=True):
        submission = services.case_submit(
            case_type=case_type("question"),
            channel="web",
            subject="Vraag",
            description="Test",
            citizen_name="Jan",
            citizen_email="jan@example.nl",
        )
    assert Case.objects.filter(pk=submission.case.pk).exists()
    notice = Notification.objects.get(template_key="receipt")
    assert notice.status == NotificationStatus.PENDING  # will be retried by the sweep
    assert notice.attempts == 1 and "SMTP server unreachable" in notice.last_error
    assert notice.next_attempt_at is not None


def test_permanent_failure_is_logged_for_sentry_and_can_be_resent(
    settings, django_capture_on_commit_callbacks, caplog, admin_client
):
    settings.EMAIL_BACKEND = "tests.mail_backends.FailingBackend"
    with django_capture_on_commit_callbacks(execute=False):
        notification = _enqueue()
    Notification.objects.filter(pk=notification.pk).update(attempts=MAX_ATTEMPTS - 1)
    with caplog.at_level("ERROR"):
        assert send_notification(notification.pk) == "failed"
    assert any("failed permanently" in r.getMessage() for r in caplog.records)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/notifications/notification/",
            {"action": "resend", "_selected_action": [notification.pk]},
            follow=True,
        )
    assert response.status_code == 200
    notification.refresh_from_db()
    assert notification.status == NotificationStatus.SENT
    assert len(mail.outbox) == 1
