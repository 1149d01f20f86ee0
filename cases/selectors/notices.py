"""Every notice of a case on the record: what was sent, when, by which channel, or why not."""

from __future__ import annotations

from datetime import datetime

from django.db import connections, router
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from notifications.models import NoticeChannel, Notification, NotificationStatus


def staff_notices(*, user) -> QuerySet[Notification]:
    """The in-app notices of one staff member (newest first on the page)."""
    return Notification.objects.filter(user=user, channel=NoticeChannel.IN_APP)


REASON_TEXT = {
    "no_address": _("niet verstuurd: geen adres bekend"),
    "template_missing": _("niet verstuurd: sjabloon ontbreekt"),
    "opted_out": _("niet verstuurd: inwoner wil geen berichten"),
    "posted": _("per post verstuurd"),
    "recipient_limit": _(
        "niet verstuurd: dit e-mailadres kreeg het afgelopen uur al 3 ontvangstbevestigingen"
    ),
}


def case_notices(*, case: Case) -> QuerySet[Notification]:
    """One query; the deadline markers are bookkeeping, not notices."""
    return (
        Notification.objects.filter(reference=f"case:{case.pk}")
        .exclude(template_key="deadline_marker")
        .order_by("created_at", "pk")
    )


def notice_state(*, notification: Notification) -> str:
    """The state in words for the timeline: queued, sent (when), failed, not sent (why)."""
    if notification.status_reason in REASON_TEXT:
        return str(REASON_TEXT[notification.status_reason])
    return str(notification.get_status_display())


def receipts_queued_since(*, email: str, since: datetime) -> int:
    """How many receipts were queued for this e-mail address since `since` (withheld ones do not
    count). One query on the partial index of receipts by address (`notif_receipt_recipient_idx`):
    its cost is this address's receipts, not every case that came in during the window, which is
    exactly what grows when someone floods the form.

    Written as SQL: it runs on every public submission, where the ORM compiling it cost more
    than the database answering it (issue 23). Its conditions are the index's, word for word
    (`UPPER("recipient")`, the receipt and e-mail literals), so PostgreSQL matches them."""
    table = Notification._meta.db_table
    sql = (
        f'SELECT COUNT(*) FROM "{table}" WHERE "template_key" = \'receipt\' '
        f'AND "channel" = \'email\' AND UPPER("recipient") = UPPER(%s) '
        f'AND "created_at" >= %s AND "status" <> %s'
    )
    alias = router.db_for_read(Notification)
    connection = connections[alias]
    params = [email, connection.ops.adapt_datetimefield_value(since), NotificationStatus.NOT_SENT]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()[0]
