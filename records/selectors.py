"""Reads for the records pages."""

from __future__ import annotations

from datetime import date

from cases.actors import Actor
from cases.models import Role
from records.models import NoticeOfDefault
from records.penalty import Penalty, penalty
from records.services.penalty import decided_on

# Who may open a case outside their routing after giving a reason ("break the glass").
BREAK_GLASS_ROLES = (Role.CASEWORKER, Role.COORDINATOR, Role.PRIVACY_OFFICER)


def may_break_glass(actor: Actor) -> bool:
    """Caseworkers, coordinators and the privacy officer of the municipality's own departments.
    Never a partner organisation's staff (their access stays their own tasks), nor the front
    desk, the council, the functional admin or the archivist (none of them handles cases)."""
    return (
        actor.is_staff
        and actor.has_role(*BREAK_GLASS_ROLES)
        and bool(actor.organisation_ids - actor.partner_organisation_ids)
    )


def penalties_running(*, today: date) -> list[tuple[NoticeOfDefault, Penalty]]:
    """Notices of default whose penalty is owed today and still growing (no decision yet), most
    owed first. One query."""
    rows = []
    notices = NoticeOfDefault.objects.filter(case__resolved_at__isnull=True).select_related(
        "case__case_type"
    )
    for notice in notices:
        owed = penalty(
            notice_received=notice.received_on, today=today, decided_on=decided_on(notice.case)
        )
        if owed.days:
            rows.append((notice, owed))
    rows.sort(key=lambda r: (-r[1].amount, r[0].case.number))
    return rows


def access_log(
    *,
    person: str = "",
    case_number: str = "",
    staff: str = "",
    start: date | None = None,
    end: date | None = None,
):
    """The access log for the privacy officer, filtered; newest first. Break-the-glass reasons
    are joined per row by (user, case, minute) in the view's second query."""
    from django.db.models import Q

    from cases.identity import bsn_digest, looks_like_bsn
    from cases.models import PersonalDataAccess

    qs = PersonalDataAccess.objects.select_related("user").order_by("-accessed_at", "-id")
    if person:
        match = Q(case__citizen_name__icontains=person) | Q(case__citizen_email__iexact=person)
        if looks_like_bsn(person):
            # Encrypted column: found by the keyed digest only (cases.identity).
            match |= Q(case__bsn_digest=bsn_digest(person))
        qs = qs.filter(match)
    if case_number:
        qs = qs.filter(case_number__iexact=case_number.strip())
    if staff:
        qs = qs.filter(Q(user__username__icontains=staff) | Q(user__last_name__icontains=staff))
    if start:
        qs = qs.filter(accessed_at__date__gte=start)
    if end:
        qs = qs.filter(accessed_at__date__lte=end)
    return qs
