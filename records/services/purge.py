"""Personal data outside the cases that the destruction job also removes when its time is up
(docs/records.md, "Beyond the cases"): the AVG 15 access requests, and the raw inbound mail
that never became part of a case. Run monthly with the destruction proposal; idempotent."""

from __future__ import annotations

from datetime import date, datetime, time

from django.db import transaction
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Coalesce, Concat
from django.utils import timezone

from inbox.models import InboundMessage, InboundStatus
from records.models import AccessRequest, PendingFileRemoval, RetentionRule
from records.retention import shift
from records.services.destruction import remove_pending_files

# An access request follows the retention of the privacy request it belongs to.
ACCESS_REQUEST_CASE_TYPE = "privacy_request"
# Mail that never became part of a case (spam, bounces, auto-replies, discarded by the front
# desk): kept half a year so a citizen's "I mailed you" can still be checked, then blanked.
UNLINKED_MAIL_PERIOD = "P6M"
UNLINKED_DONE = [InboundStatus.DONE, InboundStatus.IGNORED, InboundStatus.DISCARDED]
BATCH = 500


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def access_request_period() -> str | None:
    rule = (
        RetentionRule.objects.filter(case_type__code=ACCESS_REQUEST_CASE_TYPE, outcome="")
        .exclude(period="")
        .first()
    )
    return rule.period if rule else None


def access_requests_purge(*, today: date) -> int:
    """Delete the access requests (and their documents) whose privacy-request retention has run
    out, counted from the review (or, never released, the verification). Files go through
    PendingFileRemoval, so a crash leaves no file without its removal on record."""
    period = access_request_period()
    if period is None:
        return 0
    cutoff = _start_of(shift(today, period, sign=-1))
    expired = AccessRequest.objects.annotate(basis=Coalesce("reviewed_at", "verified_at")).filter(
        basis__lt=cutoff
    )
    removed = 0
    while ids := list(expired.values_list("pk", flat=True)[:BATCH]):
        with transaction.atomic():
            batch = AccessRequest.objects.filter(pk__in=ids)
            PendingFileRemoval.objects.bulk_create(
                PendingFileRemoval(path=path)
                for path in batch.exclude(document="").values_list("document", flat=True)
            )
            removed += batch.delete()[1].get("records.AccessRequest", 0)
        remove_pending_files()
    return removed


def unlinked_mail_purge(*, today: date) -> int:
    """Blank the raw message and every text of handled inbound mail that is not part of a case,
    once UNLINKED_MAIL_PERIOD has passed. The row stays (what staff did with it, and who
    opened the original, is the inbox's access log); mail still waiting at the front desk is
    never touched."""
    cutoff = _start_of(shift(today, UNLINKED_MAIL_PERIOD, sign=-1))
    due = InboundMessage.objects.filter(
        case__isnull=True, status__in=UNLINKED_DONE, received_at__lt=cutoff
    ).exclude(message_id__startswith="vernietigd-")
    blanked = 0
    while ids := list(due.values_list("pk", flat=True)[:BATCH]):
        blanked += InboundMessage.objects.filter(pk__in=ids).update(
            message_id=Concat(Value("vernietigd-"), Cast("pk", CharField())),
            raw=b"",
            text="",
            sender="",
            subject="",
            envelope_sender="",
            envelope_recipients="",
            attachment_note="",
            last_error="",
        )
    return blanked


def records_purge(*, today: date | None = None) -> dict[str, int]:
    today = today or timezone.localdate()
    return {
        "access_requests": access_requests_purge(today=today),
        "unlinked_mail": unlinked_mail_purge(today=today),
    }


__all__ = ["access_requests_purge", "records_purge", "unlinked_mail_purge"]
