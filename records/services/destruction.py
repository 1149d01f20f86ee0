"""Destroying the cases of an approved list (Archiefwet 1995 art. 3; Archiefbesluit 1995 art. 8).

What goes: every personal detail and every piece of free text of the case and of the rows that
hang off it (events, extensions, suspensions, notes, contact moments, attachments and their
files, notices and letters in the outbox, correction tasks, the chain report, raw mail). What
stays: an anonymised case row (type, channel, organisation, team, dates, status, outcome, due
dates) and the bare event/extension/suspension/task rows, because the council figures of past
years are computed from exactly those columns and must not change.

Crash safety: cases are destroyed in batches, one transaction per batch. Inside it the rows are
blanked or deleted, the item is marked destroyed and the attachment paths are written to
`PendingFileRemoval`. Files are unlinked only after the commit, then their pending rows go.
A crash anywhere leaves either a batch untouched (its items not marked: the rerun picks them up)
or committed with pending files (the rerun unlinks them first). No case is ever half destroyed.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable

from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import CharField, Count, Q, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    ChainReport,
    ContactMoment,
    CorrectionTask,
    Extension,
    Note,
    Suspension,
)
from inbox.models import InboundMessage
from notifications.models import Notification
from records.models import (
    DestructionItem,
    DestructionList,
    ItemDecision,
    ListStatus,
    PendingFileRemoval,
)

log = logging.getLogger(__name__)

BATCH = 500

# The columns of a case that hold a person or free text. Everything else is a code, a date or
# a foreign key the council figures group by.
CASE_BLANK = {
    "subject": "",
    "description": "",
    "citizen_name": "",
    "citizen_email": "",
    "citizen_phone": "",
    "citizen_address": "",
    "bsn": "",
    "bsn_digest": "",
    "complained_about": "",
    "complained_about_email": "",
    "answer": "",
    "hearing_waived_reason": "",
    "tracking_token_hash": "",
    "reply_token": "",
}


def remove_pending_files() -> int:
    """Unlink the files of committed batches (also what a rerun does first)."""
    removed = 0
    for pending in PendingFileRemoval.objects.order_by("pk").iterator(1000):
        if pending.path:
            # Already gone: a rerun after a crash in this loop.
            with contextlib.suppress(FileNotFoundError):
                default_storage.delete(pending.path)
        pending.delete()
        removed += 1
    return removed


def _destroy_batch(case_ids: list[int], item_ids: list[int]) -> None:
    """Blank and delete the personal rows of these cases and mark their items destroyed, in the
    caller's transaction."""
    numbers = list(Case.objects.filter(pk__in=case_ids).values_list("number", flat=True))
    paths = list(
        Attachment.objects.filter(case_id__in=case_ids)
        .exclude(file="")
        .values_list("file", flat=True)
    )
    PendingFileRemoval.objects.bulk_create([PendingFileRemoval(path=p) for p in paths])
    Attachment.objects.filter(case_id__in=case_ids).delete()
    Note.objects.filter(case_id__in=case_ids).delete()
    ContactMoment.objects.filter(case_id__in=case_ids).delete()
    Notification.objects.filter(reference__in=[f"case:{pk}" for pk in case_ids]).delete()
    InboundMessage.objects.filter(case_id__in=case_ids).update(
        # A Message-ID often carries the sender's own domain; it stays unique per row.
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
    CaseEvent.objects.filter(case_id__in=case_ids).exclude(reason="").update(reason="")
    Extension.objects.filter(case_id__in=case_ids).update(reason="")
    Suspension.objects.filter(case_id__in=case_ids).update(reason="")
    ChainReport.objects.filter(case_id__in=case_ids).update(
        wrong_value="", right_value="", noticed_where=""
    )
    CorrectionTask.objects.filter(case_id__in=case_ids).exclude(reason="").update(reason="")
    # Case.updated_at is auto_now but .update() does not touch it: the figures never read it,
    # and leaving it keeps "last change" from revealing the destruction date per case.
    Case.objects.filter(pk__in=case_ids).update(**CASE_BLANK)
    DestructionItem.objects.filter(pk__in=item_ids).update(destroyed_at=timezone.now())
    log.info("destroyed %d cases (%s .. %s)", len(case_ids), min(numbers), max(numbers))


def destruction_list_destroy(
    *,
    destruction_list: DestructionList,
    batch: int = BATCH,
    progress: Callable[[int, int], None] | None = None,
) -> DestructionList:
    """Destroy every approved, not yet destroyed case of the list; safe to rerun after a crash.
    Writes the certificate when the last batch is done."""
    from records.certificate import write_certificate

    dlist = DestructionList.objects.get(pk=destruction_list.pk)
    if dlist.status not in (ListStatus.APPROVED, ListStatus.DESTROYED):
        raise ValueError("alleen een goedgekeurde lijst wordt vernietigd")
    remove_pending_files()
    todo = dlist.items.filter(decision=ItemDecision.APPROVED, destroyed_at__isnull=True)
    total = todo.count()
    done = 0
    while True:
        rows = list(todo.order_by("pk").values_list("pk", "case_id")[:batch])
        if not rows:
            break
        with transaction.atomic():
            _destroy_batch([c for _, c in rows], [i for i, _ in rows])
        remove_pending_files()
        done += len(rows)
        if progress:
            progress(done, total)
    if dlist.status != ListStatus.DESTROYED:
        counts = dlist.items.aggregate(
            destroyed=Count("pk", filter=Q(destroyed_at__isnull=False)),
            postponed=Count("pk", filter=Q(decision=ItemDecision.POSTPONED)),
            kept=Count("pk", filter=Q(decision=ItemDecision.KEEP)),
        )
        by_type = dict(
            dlist.items.filter(destroyed_at__isnull=False)
            .values_list("rule__case_type__name")
            .annotate(n=Count("pk"))
            .values_list("rule__case_type__name", "n")
        )
        counts["by_type"] = by_type
        with transaction.atomic():
            dlist = DestructionList.objects.select_for_update().get(pk=dlist.pk)
            dlist.counts = counts
            dlist.status = ListStatus.DESTROYED
            dlist.destroyed_at = timezone.now()
            write_certificate(dlist)
            dlist.save()
    return dlist
