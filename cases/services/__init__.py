"""Every write to the domain goes through these functions (CONVENTIONS.md)."""

from cases.services.handling import (
    case_add_contact,
    case_add_note,
    case_assign,
    case_close,
    case_expire_reply_term,
    case_extend,
    case_forward,
    case_receive_reply,
    case_reject,
    case_reopen,
    case_request_information,
    case_resolve,
    case_take,
    case_withdraw,
    check_case_extend,
)
from cases.services.intake import (
    Submission,
    case_find_by_token,
    case_register_answered,
    case_submit,
)

__all__ = [
    "Submission",
    "case_add_contact",
    "case_add_note",
    "case_assign",
    "case_close",
    "case_expire_reply_term",
    "case_extend",
    "case_find_by_token",
    "case_forward",
    "case_receive_reply",
    "case_register_answered",
    "case_reject",
    "case_reopen",
    "case_request_information",
    "case_resolve",
    "case_submit",
    "case_take",
    "case_withdraw",
    "check_case_extend",
]
