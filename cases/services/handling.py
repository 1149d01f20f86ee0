"""Handling a case: every staff (and citizen) action after intake, split by topic into
`transitions`, `terms`, `assignment` and `notes` (issue 20). The names stay importable from here."""

from cases.checks import check_case_extend
from cases.services.assignment import case_assign, case_forward
from cases.services.notes import case_add_contact, case_add_note
from cases.services.terms import case_extend, case_refer_to_committee
from cases.services.transitions import (
    case_close,
    case_expire_reply_term,
    case_receive_reply,
    case_reject,
    case_reopen,
    case_request_information,
    case_resolve,
    case_take,
    case_withdraw,
)

__all__ = [
    "case_add_contact",
    "case_add_note",
    "case_assign",
    "case_close",
    "case_expire_reply_term",
    "case_extend",
    "case_forward",
    "case_receive_reply",
    "case_refer_to_committee",
    "case_reject",
    "case_reopen",
    "case_request_information",
    "case_resolve",
    "case_take",
    "case_withdraw",
    "check_case_extend",
]
