"""Writing notices. Callers are inside their own transaction; dispatch happens after commit."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.db import connections, router
from django.db.models.constants import OnConflict
from django.utils import timezone

from config.dispatch import delay_after_commit
from notifications.models import NoticeChannel, Notification, NotificationStatus
from notifications.rendering import without_secrets
from notifications.tasks import send_notification, send_notifications

logger = logging.getLogger(__name__)


def notification_enqueue(
    *,
    channel: str,
    template_key: str,
    idempotency_key: str,
    context: dict[str, Any],
    recipient: str = "",
    user=None,
    language: str = "nl",
    reference: str = "",
    withheld_reason: str = "",
) -> Notification:
    """Write one outbox row, at most once per idempotency key, and dispatch it after commit.

    Guarantees: calling twice with the same key writes one row (the second call returns the first
    row unchanged). Nothing leaves the machine before the caller's transaction commits, and a
    broker that is down loses nothing: the row stays pending for the sweep.

    With `withheld_reason` the row is written as not sent, with that reason and without its
    secrets: the caller decided it must not go out (a limit), and the record says so.
    """
    fields = _row_fields(
        channel=channel,
        template_key=template_key,
        context=context,
        recipient=recipient,
        user=user,
        language=language,
        reference=reference,
        withheld_reason=withheld_reason,
    )
    notification = _insert_once(Notification(idempotency_key=idempotency_key, **fields))
    if notification is None:  # written before (or meanwhile, by someone else): that row stands
        return Notification.objects.get(idempotency_key=idempotency_key)
    if notification.status == NotificationStatus.PENDING:
        if channel in (NoticeChannel.EMAIL,):
            delay_after_commit(send_notification, notification.pk)
        elif channel == NoticeChannel.IN_APP:
            # In-app notices need no delivery: they are "sent" the moment they exist.
            Notification.objects.filter(pk=notification.pk).update(
                status=NotificationStatus.SENT, sent_at=timezone.now()
            )
            notification.status = NotificationStatus.SENT
    return notification


def _insert_once(notification: Notification) -> Notification | None:
    """INSERT ... ON CONFLICT DO NOTHING RETURNING id: one statement, the row or None when its
    idempotency key exists. Unlike get_or_create it needs no savepoint: a conflict is not an
    error, so it cannot break the caller's transaction (bulk_create's ignore_conflicts would
    not say whether the row was written)."""
    opts = Notification._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    rows = Notification._base_manager._insert(
        [notification],
        fields=fields,
        returning_fields=opts.db_returning_fields,
        using=router.db_for_write(Notification),
        on_conflict=OnConflict.IGNORE,
    )
    if not rows or rows[0] is None:
        return None
    for field, value in zip(opts.db_returning_fields, rows[0], strict=True):
        setattr(notification, field.attname, value)
    notification._state.adding = False
    notification._state.db = router.db_for_write(Notification)
    return notification


def _row_fields(
    *,
    channel: str,
    template_key: str,
    context: dict[str, Any],
    recipient: str = "",
    user=None,
    language: str = "nl",
    reference: str = "",
    withheld_reason: str = "",
) -> dict[str, Any]:
    status = NotificationStatus.PENDING
    reason = ""
    # E-mail needs an address, a letter a postal address (kept in `recipient` until printed).
    if channel in (NoticeChannel.EMAIL, NoticeChannel.LETTER) and not recipient:
        status, reason = NotificationStatus.NOT_SENT, "no_address"
    elif withheld_reason:
        status, reason = NotificationStatus.NOT_SENT, withheld_reason
    if status == NotificationStatus.NOT_SENT:
        # A notice that will never be rendered needs none of its secrets (the tracking link).
        context = without_secrets(context)
    return {
        "channel": channel,
        "template_key": template_key,
        "context": context,
        "recipient": recipient,
        "user": user,
        "language": language,
        "reference": reference,
        "status": status,
        "status_reason": reason,
        "next_attempt_at": timezone.now() if status == NotificationStatus.PENDING else None,
    }


def notification_enqueue_many(notices: Iterable[dict[str, Any]]) -> list[int]:
    """`notification_enqueue` for a batch (a background job writing thousands of notices): the
    same rows and the same once-per-key guarantee, in one INSERT and one hand-over for the whole
    batch. Each notice is the keyword arguments of `notification_enqueue`; returns the ids of the
    rows written now (a key written before, or meanwhile by someone else, is skipped).

    In-app notices are written as sent (they need no delivery). The e-mails are handed over
    after commit as one task (`send_notifications`), not one publish per notice; a row handed
    over twice (that task and the sweep) is still sent once, because sending claims the row."""
    by_key: dict[str, Notification] = {}
    now = timezone.now()
    for notice in notices:
        key = notice["idempotency_key"]
        if key in by_key:
            continue
        fields = _row_fields(**{k: v for k, v in notice.items() if k != "idempotency_key"})
        if (
            fields["channel"] == NoticeChannel.IN_APP
            and fields["status"] == NotificationStatus.PENDING
        ):
            fields.update(status=NotificationStatus.SENT, sent_at=now)
        by_key[key] = Notification(idempotency_key=key, **fields)
    written = _insert_new(list(by_key.values()))
    emails = [
        pk
        for key, pk in written.items()
        if by_key[key].channel == NoticeChannel.EMAIL
        and by_key[key].status == NotificationStatus.PENDING
    ]
    if emails:
        delay_after_commit(send_notifications, emails)
    return list(written.values())


def _insert_new(rows: list[Notification]) -> dict[str, int]:
    """INSERT … ON CONFLICT DO NOTHING RETURNING id, idempotency_key: the rows whose key is new,
    in one statement per batch the database accepts; returns {key: id} of the rows written."""
    if not rows:
        return {}
    opts = Notification._meta
    fields = [f for f in opts.concrete_fields if not f.primary_key]
    returning = [opts.pk, opts.get_field("idempotency_key")]
    using = router.db_for_write(Notification)
    size = connections[using].ops.bulk_batch_size(fields, rows) or len(rows)
    written: dict[str, int] = {}
    for start in range(0, len(rows), size):
        returned = Notification._base_manager._insert(
            rows[start : start + size],
            fields=fields,
            returning_fields=returning,
            using=using,
            on_conflict=OnConflict.IGNORE,
        )
        written.update((key, pk) for pk, key in returned or [])
    return written


def notification_mark_read(*, notification: Notification, user) -> None:
    """Mark an in-app notice read by its own recipient."""
    Notification.objects.filter(pk=notification.pk, user=user, read_at__isnull=True).update(
        read_at=timezone.now()
    )


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread in-app notice of this user read; returns how many."""
    return Notification.objects.filter(
        user=user, channel=NoticeChannel.IN_APP, read_at__isnull=True
    ).update(read_at=timezone.now())


def letter_mark_posted(*, notification: Notification, user) -> Notification:
    """The front desk printed and posted a letter: that date goes on the record, and the
    postal address and any secret link are dropped from the row."""
    context = without_secrets(notification.context)
    updated = Notification.objects.filter(
        pk=notification.pk, channel=NoticeChannel.LETTER, status=NotificationStatus.PENDING
    ).update(
        status=NotificationStatus.SENT,
        status_reason="posted",
        sent_at=timezone.now(),
        context=context,
    )
    notification.refresh_from_db()
    if not updated:
        raise ValueError("not a pending letter")
    return notification


def notification_mark_bounced(*, notification: Notification, reason: str) -> bool:
    """The receiving mail server returned a sent e-mail notice as undeliverable (a DSN read by
    inbox/): the notice is failed, with the reason. Returns False when it was failed already,
    so a bounce delivered twice is handled once."""
    return bool(
        Notification.objects.filter(pk=notification.pk, channel=NoticeChannel.EMAIL)
        .exclude(status=NotificationStatus.FAILED, status_reason="bounced")
        .update(
            status=NotificationStatus.FAILED,
            status_reason="bounced",
            last_error=reason[:2000],
        )
    )
