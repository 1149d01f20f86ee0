"""The front desk's "register and answer at once": above intake and handling, which it
combines (so neither of those imports the other)."""

from __future__ import annotations

from django.db import transaction

from cases.actors import Actor
from cases.models import CaseType
from cases.services.intake import Submission, case_submit
from cases.services.transitions import case_resolve, case_take


def case_register_answered(
    *, actor: Actor, case_type: CaseType, channel: str, answer: str, **fields
) -> Submission:
    """Front desk: a question answered at once — registered, taken and resolved in one step, so
    it counts in the figures and the citizen gets the answer in writing too."""
    with transaction.atomic():
        submission = case_submit(case_type=case_type, channel=channel, actor=actor, **fields)
        case = case_take(case=submission.case, actor=actor)
        case = case_resolve(case=case, actor=actor, outcome="answered", answer=answer)
    return Submission(case=case, tracking_token=submission.tracking_token)
