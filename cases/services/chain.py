"""Chain errors: the report's fields, the correction plan and every correction task action,
split by topic into `chain_report`, `chain_plan` and `chain_tasks` (issue 20). The names stay
importable from here."""

from cases.services.chain_plan import advance_plan, correction_plan_create, correction_task_add
from cases.services.chain_report import chain_error_submit, chain_report_triage
from cases.services.chain_tasks import (
    correction_task_decide_dispute,
    correction_task_dispute,
    correction_task_hold_consequences,
    correction_task_mark_corrected,
    correction_task_not_affected,
    correction_task_reject,
    correction_task_verify,
)

__all__ = [
    "advance_plan",
    "chain_error_submit",
    "chain_report_triage",
    "correction_plan_create",
    "correction_task_add",
    "correction_task_decide_dispute",
    "correction_task_dispute",
    "correction_task_hold_consequences",
    "correction_task_mark_corrected",
    "correction_task_not_affected",
    "correction_task_reject",
    "correction_task_verify",
]
