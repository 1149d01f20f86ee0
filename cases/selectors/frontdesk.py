"""Reads for the front desk (KCC) pages (loket/views/frontdesk.py)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from cases.actors import Actor
from cases.identity import bsn_digest, looks_like_bsn
from cases.models import Case, ContactMoment
from cases.selectors.access import cases_visible_to
from notifications.models import NoticeChannel, Notification, NotificationStatus

SEARCH_LIMIT = 50


def frontdesk_search(*, actor: Actor, query: str, limit: int = SEARCH_LIMIT) -> QuerySet[Case]:
    """Number, name, e-mail or phone; phone numbers match on their last nine digits, so
    06-12345678 finds +31 6 1234 5678. Nine digits that pass the elfproef are a BSN: searched
    by its keyed digest only, exactly (issue 17; the column itself is encrypted)."""
    query = query.strip()
    cases = cases_visible_to(actor=actor).select_related("case_type")
    if looks_like_bsn(query):
        return cases.filter(bsn_digest=bsn_digest(query)).order_by("-received_at")[:limit]
    digits = "".join(ch for ch in query if ch.isdigit())
    condition = Q(number__iexact=query) | Q(citizen_name__icontains=query)
    if "@" in query:
        condition |= Q(citizen_email__iexact=query)
    if len(digits) >= 8 and len(digits) >= len(query.replace(" ", "")) - 4:
        condition |= Q(citizen_phone__endswith=digits[-9:])
    if query.upper().startswith("LDZ-") or digits and len(digits) <= 6:
        condition |= Q(number__iendswith=query)
    return cases.filter(condition).order_by("-received_at")[:limit]


def frontdesk_case(*, actor: Actor, number: str) -> Case | None:
    """The case with this number if the front desk may see it."""
    return (
        cases_visible_to(actor=actor)
        .select_related("case_type", "organisation", "team")
        .filter(number=number)
        .first()
    )


def case_contacts(*, case: Case) -> QuerySet[ContactMoment]:
    """The contact moments of a case, newest first."""
    return case.contact_moments.select_related("created_by").order_by("-created_at")


def pending_letters() -> QuerySet[Notification]:
    """Notices for citizens without an e-mail address, still to print and post."""
    return Notification.objects.filter(
        channel=NoticeChannel.LETTER, status=NotificationStatus.PENDING
    )


def case_numbers(*, case_ids) -> dict[int, str]:
    """The case numbers of these case ids (one query)."""
    return dict(Case.objects.filter(pk__in=case_ids).values_list("pk", "number"))
