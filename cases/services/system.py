"""The system's own transitions, run by the periodic sweep (cases.tasks.deadlines).

The due dates in the database are the schedule: the sweep finds what is due with indexed
queries and acts on ids."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cases.enums import CaseStatus, TaskStatus
from cases.errors import CaseActionError
from cases.models import Case, CaseType, CorrectionTask
from cases.services.chain import advance_plan
from cases.services.common import lock_case
from cases.services.transitions import case_close, case_expire_reply_term

logger = logging.getLogger(__name__)


def system_transitions(*, batch: int = 500) -> dict[str, int]:
    """The transitions the system makes when their time has come: reply terms that passed,
    resolved cases whose reopen window closed, and plans left waiting. Acts on ids, one case
    per transaction; a case changed meanwhile is skipped (the next sweep sees it again)."""
    today = timezone.localdate()
    counts = {"reply_expired": 0, "closed": 0, "plans_advanced": 0}
    expired = Case.objects.filter(
        status=CaseStatus.AWAITING_CITIZEN, reply_due_date__lt=today
    ).values_list("pk", flat=True)[:batch]
    for pk in expired:
        try:
            case_expire_reply_term(case=Case(pk=pk))
            counts["reply_expired"] += 1
        except CaseActionError:
            logger.info("Case %s changed before its reply term could expire", pk)
    now = timezone.now()
    for case_type in CaseType.objects.all():
        window_end = now - timedelta(days=case_type.reopen_window_days)
        due = Case.objects.filter(
            status=CaseStatus.RESOLVED, case_type=case_type, resolved_at__lt=window_end
        ).values_list("pk", flat=True)[:batch]
        for pk in due:
            try:
                case_close(case=Case(pk=pk))
                counts["closed"] += 1
            except CaseActionError:
                logger.info("Case %s changed before it could be closed", pk)
    # Safety net: services advance a plan in the same transaction as the change that settles
    # a task; this catches a plan left waiting (e.g. a task settled by an administrator).
    waiting = (
        Case.objects.filter(status=CaseStatus.AWAITING_CHAIN)
        .filter(pk__in=CorrectionTask.objects.filter(status=TaskStatus.PENDING).values("case_id"))
        .values_list("pk", flat=True)[:batch]
    )
    for pk in waiting:
        with transaction.atomic():
            counts["plans_advanced"] += advance_plan(lock_case(pk))
    return counts
