"""Every notice of a case on the record: what was sent, when, by which channel, or why not."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from cases.models import Case
from notifications.models import Notification

REASON_TEXT = {
    "no_address": _("niet verstuurd: geen adres bekend"),
    "template_missing": _("niet verstuurd: sjabloon ontbreekt"),
    "opted_out": _("niet verstuurd: inwoner wil geen berichten"),
    "posted": _("per post verstuurd"),
}


def case_notices(case: Case) -> QuerySet[Notification]:
    """One query; the deadline markers are bookkeeping, not notices."""
    return (
        Notification.objects.filter(reference=f"case:{case.pk}")
        .exclude(template_key="deadline_marker")
        .order_by("created_at", "pk")
    )


def notice_state(notification: Notification) -> str:
    """The state in words for the timeline: queued, sent (when), failed, not sent (why)."""
    if notification.status_reason in REASON_TEXT:
        return str(REASON_TEXT[notification.status_reason])
    return str(notification.get_status_display())
