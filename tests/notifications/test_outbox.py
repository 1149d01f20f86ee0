"""The outbox: written once per key, sent after commit, claimed once, retried, failed visibly."""

import pytest
from django.core import mail

from notifications.models import NoticeChannel, Notification, NotificationStatus
from notifications.services import notification_enqueue, notification_enqueue_many
from notifications.tasks import MAX_ATTEMPTS, send_notification, send_notifications, sweep_outbox
from tests.factories import NOTICE_CONTEXT as CONTEXT

pytestmark = pytest.mark.django_db


def _enqueue(key="k1", template="receipt", recipient="anna@example.nl", language="nl"):
    return notification_enqueue(
        channel=NoticeChannel.EMAIL,
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


def _notice(key, channel=NoticeChannel.EMAIL, recipient="anna@example.nl"):
    return {
        "channel": channel,
        "template_key": "receipt",
        "idempotency_key": key,
        "context": CONTEXT,
        "recipient": recipient,
        "language": "nl",
        "reference": "case:1",
    }


def test_batch_writes_each_key_once_and_sends_after_commit(django_capture_on_commit_callbacks):
    """The batch path of a background job: the same rows and guarantees as one at a time."""
    with django_capture_on_commit_callbacks(execute=False):
        _enqueue(key="already")  # written earlier, e.g. by a previous run of the job
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notification_enqueue_many(
            [
                _notice("already"),
                _notice("b1"),
                _notice("b1"),  # the same key twice in one batch
                _notice("b2", recipient="bob@example.nl"),
                _notice("letter-no-address", channel=NoticeChannel.LETTER, recipient=""),
                _notice("letter", channel=NoticeChannel.LETTER, recipient="Anna\nDorpsstraat 1"),
            ]
        )
    assert mail.outbox == []  # nothing leaves before commit
    rows = {n.idempotency_key: n for n in Notification.objects.all()}
    assert sorted(rows) == ["already", "b1", "b2", "letter", "letter-no-address"]
    assert rows["letter-no-address"].status == NotificationStatus.NOT_SENT
    assert rows["letter-no-address"].status_reason == "no_address"
    assert rows["letter"].status == NotificationStatus.PENDING  # for the front desk to print
    assert len(callbacks) == 1  # one hand-over for the whole batch
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == ["anna@example.nl", "bob@example.nl"]
    assert {rows[k].pk for k in ("b1", "b2")} == set(
        Notification.objects.filter(status=NotificationStatus.SENT).values_list("pk", flat=True)
    )
    # Again: nothing new is written or sent.
    with django_capture_on_commit_callbacks(execute=True):
        notification_enqueue_many([_notice("b1"), _notice("b2")])
    assert Notification.objects.count() == 5 and len(mail.outbox) == 2


def test_batch_writes_in_app_notices_sent_and_hands_over_only_new_emails(
    monkeypatch, django_capture_on_commit_callbacks
):
    """One INSERT for the batch: an in-app notice is sent the moment it exists (as one at a
    time), and the one hand-over carries the e-mails written now, not one written before."""
    with django_capture_on_commit_callbacks(execute=False):
        before = _enqueue(key="before")
    handed_over = []  # the hand-over to the broker (what would leave the machine), recorded

    def hand_over(args, kwargs=None, **options):
        handed_over.append(args)

    monkeypatch.setattr(send_notifications, "apply_async", hand_over)
    with django_capture_on_commit_callbacks(execute=True):
        written = notification_enqueue_many(
            [
                _notice("before"),
                _notice("new"),
                _notice("in-app", channel=NoticeChannel.IN_APP, recipient=""),
            ]
        )
    rows = {n.idempotency_key: n for n in Notification.objects.all()}
    assert sorted(written) == sorted([rows["new"].pk, rows["in-app"].pk])
    assert rows["in-app"].status == NotificationStatus.SENT and rows["in-app"].sent_at
    assert rows["before"].pk == before.pk and rows["before"].status == NotificationStatus.PENDING
    assert handed_over == [([rows["new"].pk],)]


def test_batch_with_the_broker_down_leaves_the_rest_for_the_sweep(
    settings, django_capture_on_commit_callbacks, monkeypatch, tmp_path
):
    """A real broker that is not there (a Redis socket nobody listens on). The batch is one
    hand-over (one task for every e-mail of the batch), so it waits for one connection timeout,
    not one per notice; the rows stay pending and the sweep sends them once the broker is back."""
    import config.dispatch
    from config.celery import app
    from tests.conftest import _reset_broker_pools

    calls = {"one": [], "batch": []}
    names = {send_notification.name: "one", send_notifications.name: "batch"}
    real = config.dispatch.publish

    def counting(task, *args):  # a spy: the real hand-over (config.broker), counted
        calls[names[task.name]].append((args,))
        return real(task, *args)

    monkeypatch.setattr(config.dispatch, "publish", counting)
    before = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    app.conf.update(
        task_always_eager=False, broker_url=f"redis+socket://{tmp_path}/no-redis-here.sock"
    )
    _reset_broker_pools(app)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            notification_enqueue_many([_notice(f"k{n}") for n in range(20)])
    finally:
        app.conf.update(**before)
        _reset_broker_pools(app)
    assert len(calls["batch"]) == 1 and calls["one"] == []
    assert len(calls["batch"][0][0][0]) == 20  # the one hand-over carried every e-mail
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 20
    assert mail.outbox == []
    assert sweep_outbox() == 20
    assert len(mail.outbox) == 20
