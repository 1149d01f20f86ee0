"""Registering a notice of default and reading the penalty owed (Awb 4:17)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.models import Case, Role
from cases.services.common import notify_citizen
from records.models import NoticeOfDefault
from records.penalty import EXCLUDED_CASE_TYPES, PENALTY_CASE_TYPES, Penalty, penalty


def check_notice_of_default_register(*, case: Case, actor: Actor) -> None:
    if not (actor.is_staff and actor.has_role(Role.CASEWORKER, Role.COORDINATOR)):
        raise PermissionDenied
    if case.case_type.code in EXCLUDED_CASE_TYPES:
        raise ValueError(
            _("Geen dwangsom bij niet tijdig beslissen: %(article)s.")
            % {"article": EXCLUDED_CASE_TYPES[case.case_type.code]}
        )
    if case.case_type.code not in PENALTY_CASE_TYPES:
        raise ValueError(_("Dit zaaktype eindigt niet in een besluit."))


@transaction.atomic
def notice_of_default_register(*, case: Case, received_on: date, actor: Actor) -> NoticeOfDefault:
    """Record the citizen's notice of default (one per case) with the day it was received."""
    check_notice_of_default_register(case=case, actor=actor)
    if received_on > timezone.localdate():
        raise ValueError(_("De datum van ontvangst ligt in de toekomst."))
    notice, _created = NoticeOfDefault.objects.get_or_create(
        case=case, defaults={"received_on": received_on, "registered_by": actor.user}
    )
    return notice


def decided_on(case: Case) -> date | None:
    """The day the decision was sent: the day the case was resolved."""
    return timezone.localdate(case.resolved_at) if case.resolved_at else None


def penalty_due(*, case: Case, today: date | None = None) -> Penalty | None:
    """The penalty owed today for this case, or None without a notice of default."""
    notice = NoticeOfDefault.objects.filter(case=case).first()
    if notice is None:
        return None
    return penalty(
        notice_received=notice.received_on,
        today=today or timezone.localdate(),
        decided_on=decided_on(case),
    )


@transaction.atomic
def penalty_decision_register(*, case: Case, actor: Actor) -> NoticeOfDefault:
    """Awb 4:18: the body decides on the penalty within two weeks after it became owed in full
    or the decision was given. Records the amount owed (fixed once the case is decided) and
    sends the citizen the decision on the penalty as a notice or letter."""
    if not (actor.is_staff and actor.has_role(Role.CASEWORKER, Role.COORDINATOR)):
        raise PermissionDenied
    notice = NoticeOfDefault.objects.select_for_update().get(case=case)
    owed = penalty_due(case=case)
    notice.penalty_paid = owed.amount
    notice.save(update_fields=["penalty_paid"])
    notify_citizen(
        case=case,
        template_key="penalty_decision",
        key=f"notice{notice.pk}",
        context={
            "penalty_amount": owed.amount,
            "penalty_days": owed.days,
            "penalty_first_day": owed.first_day.isoformat(),
            "notice_received_on": notice.received_on.isoformat(),
        },
    )
    return notice


def penalties_paid(*, start: date, end: date, organisation=None) -> tuple[int, int]:
    """(how many, total euro) of penalties decided for cases resolved in the period (of one
    organisation, when given): the figure the council report shows. One query."""
    from django.db.models import Count, Sum

    notices = NoticeOfDefault.objects.filter(
        penalty_paid__gt=0,
        case__resolved_at__date__gte=start,
        case__resolved_at__date__lte=end,
    )
    if organisation is not None:
        notices = notices.filter(case__organisation=organisation)
    totals = notices.aggregate(n=Count("pk"), total=Sum("penalty_paid"))
    return totals["n"], totals["total"] or 0
