"""Delivery of outbox rows. Tasks take ids and are idempotent: a row is claimed by a conditional
update (pending -> sending), so two workers never send the same notice."""

from __future__ import annotations

import logging
from collections import Counter
from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import Q
from django.utils import timezone

from config.sentry import scrub_text
from notifications.message_ids import notice_message_id
from notifications.models import NoticeChannel, Notification, NotificationStatus, WorkerProbe
from notifications.rendering import RenderedNotice, TemplateMissing, render_notice, without_secrets

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
BACKOFF_BASE_SECONDS = 60
BACKOFF_CAP_SECONDS = 3600


def _backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_CAP_SECONDS, BACKOFF_BASE_SECONDS * 2 ** (attempts - 1)))


@shared_task(name="notifications.tasks.send_notification", acks_late=True)
def send_notification(notification_id: int) -> str:
    """Claim the row, render it, send it, and record what happened; returns the outcome."""
    if not _claim(notification_id):
        return "not-claimed"
    notification = Notification.objects.get(pk=notification_id)
    rendered = _render(notification)
    if isinstance(rendered, str):
        return rendered
    try:
        _message(notification, rendered).send()
    except Exception as exc:
        return _send_failed(notification, exc)
    _sent(notification)
    return "sent"


@shared_task(name="notifications.tasks.send_notifications", acks_late=True)
def send_notifications(notification_ids: list[int]) -> dict[str, int]:
    """A background job's batch of notices (issue 23: one publish for the batch instead of one per
    notice, which was half of a calendar recompute). Each row is claimed and sent exactly as by
    `send_notification`, so a row also handed over on its own (the sweep) still goes out once;
    a row this task did not reach (its worker died) stays pending or sending for the sweep.
    Returns how many rows had each outcome."""
    return dict(Counter(send_notification(pk) for pk in notification_ids))


def _claim(notification_id: int) -> bool:
    """Pending and due -> sending, by a conditional update: one worker wins the row."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        pk=notification_id,
        status=NotificationStatus.PENDING,
    ).update(status=NotificationStatus.SENDING, claimed_at=now)
    return claimed == 1


def _render(notification: Notification) -> RenderedNotice | str:
    """The rendered notice, or the outcome (a str) when it cannot be rendered; the row is then
    closed without its secrets."""
    try:
        return render_notice(
            template_key=notification.template_key,
            language=notification.language,
            context=notification.context,
        )
    except TemplateMissing:
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.NOT_SENT,
            status_reason="template_missing",
            context=without_secrets(notification.context),
        )
        logger.error("Notice template missing: %s", notification.template_key)
        return "template-missing"
    except Exception as exc:
        # Issue 22: a text that cannot be rendered (a syntax error, a filter that raises) is
        # not retried by the sweep: it would fail the same way. The row leaves `sending` now.
        Notification.objects.filter(pk=notification.pk).update(
            status=NotificationStatus.FAILED,
            status_reason="template_error",
            attempts=notification.attempts + 1,
            last_error=scrub_text(f"{type(exc).__name__}: {exc}")[:2000],
            context=without_secrets(notification.context),
        )
        logger.exception("Notice %s could not be rendered", notification.pk)
        return "template-error"


def _message(notification: Notification, rendered: RenderedNotice) -> EmailMultiAlternatives:
    """The e-mail, with our own Message-ID so a reply (In-Reply-To) or a bounce finds this
    notice (inbox/)."""
    headers = {
        "X-Loket-Notice": notification.idempotency_key[:200],
        "Message-ID": notice_message_id(notification.pk),
    }
    message = EmailMultiAlternatives(
        subject=rendered.subject,
        body=rendered.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[notification.recipient],
        reply_to=[notification.context["reply_to"]]
        if notification.context.get("reply_to")
        else None,
        headers=headers,
    )
    if rendered.html:
        message.attach_alternative(rendered.html, "text/html")
    return message


def _send_failed(notification: Notification, exc: Exception) -> str:
    """Back to pending with a backoff, or failed for good after MAX_ATTEMPTS."""
    attempts = notification.attempts + 1
    failed = attempts >= MAX_ATTEMPTS
    changes = {}
    if failed:
        # Given up: the row is never rendered again (a resend from the admin needs a new
        # link), so the secret goes now, as after a successful send.
        changes["context"] = without_secrets(notification.context)
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING,
        attempts=attempts,
        # An SMTP error quotes the address it refused: redacted like a log line.
        last_error=scrub_text(f"{type(exc).__name__}: {exc}")[:2000],
        next_attempt_at=None if failed else timezone.now() + _backoff(attempts),
        **changes,
    )
    if failed:
        logger.exception("Notice %s failed permanently", notification.pk)
    return "failed" if failed else "retry"


def _sent(notification: Notification) -> None:
    """Sent: the secrets (a citizen's tracking link) were needed only to render it once."""
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.SENT,
        sent_at=timezone.now(),
        attempts=notification.attempts + 1,
        last_error="",
        context=without_secrets(notification.context),
    )


@shared_task(name="notifications.tasks.sweep_outbox", acks_late=True)
def sweep_outbox(limit: int = 5000) -> int:
    """Re-dispatch rows left pending (broker was down) or stuck in sending (worker died)."""
    now = timezone.now()
    # A row in `sending` this long belongs to a worker that died mid-send. Re-sending it is the
    # one case where a notice can go out twice (it may have left before the crash).
    stuck_after = timedelta(seconds=settings.NOTIFICATION_STUCK_SECONDS)
    Notification.objects.filter(
        status=NotificationStatus.SENDING, claimed_at__lt=now - stuck_after
    ).update(status=NotificationStatus.PENDING, next_attempt_at=now)
    due = list(
        Notification.objects.filter(
            status=NotificationStatus.PENDING,
            channel=NoticeChannel.EMAIL,
            # A fresh row is being dispatched after its commit right now; leave it a moment.
            next_attempt_at__lte=now - timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE_SECONDS),
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        send_notification.delay(pk)
    return len(due)


@shared_task(name="notifications.tasks.complete_probe", acks_late=True, bind=True)
def complete_probe(self, probe_id: int) -> None:
    """Marks a WorkerProbe done: proves a web request's task ran in a worker process."""
    import os

    worker = f"{self.request.hostname or 'eager'} pid {os.getpid()}"
    WorkerProbe.objects.filter(pk=probe_id, completed_at__isnull=True).update(
        completed_at=timezone.now(), worker_hostname=worker[:200]
    )


# Webhook deliveries live in their own module; imported here so the worker registers them.
from notifications import tasks_webhooks  # noqa: E402,F401
