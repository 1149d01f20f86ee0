"""Proposing destruction lists, holds, and the archivist's review (Archiefwet 1995 art. 3;
Archiefbesluit 1995 art. 6-8: destruction needs a list, approved by the responsible body)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from cases.actors import Actor
from cases.models import Case, CaseStatus, Role
from records.models import (
    DestructionItem,
    DestructionList,
    ItemDecision,
    LegalHold,
    ListStatus,
    Nomination,
    RetentionBasis,
    RetentionRule,
)
from records.retention import retention_ends, shift

# Only finished cases are ever destroyed; an open case has no end to count from.
FINAL_STATUSES = (CaseStatus.RESOLVED, CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


def check_archivist(*, actor: Actor) -> None:
    if not (actor.is_staff and actor.has_role(Role.ARCHIVIST)):
        raise PermissionDenied("alleen de archivaris")


def _basis_field(rule: RetentionRule) -> str:
    return "resolved_at" if rule.basis == RetentionBasis.DECIDED else "closed_at"


def _excluded_case_ids() -> QuerySet:
    """Cases never to propose again: destroyed, kept permanently, postponed, on another open
    list, or under a legal hold that is not lifted."""
    today = timezone.localdate()
    items = DestructionItem.objects.filter(
        Q(destroyed_at__isnull=False)
        | Q(decision=ItemDecision.KEEP)
        | Q(decision=ItemDecision.POSTPONED, postponed_until__gt=today)
        | Q(destruction_list__status__in=[ListStatus.PROPOSED, ListStatus.APPROVED])
    ).values("case_id")
    return items


def candidates(*, today: date) -> list[tuple[int, str, RetentionRule, date]]:
    """(case id, number, rule, retention end) of every finished case whose term has run out."""
    rules = list(RetentionRule.objects.filter(nomination=Nomination.DESTROY).exclude(period=""))
    by_type: dict[int, list[RetentionRule]] = {}
    for rule in rules:
        by_type.setdefault(rule.case_type_id, []).append(rule)
    held = LegalHold.objects.filter(lifted_at__isnull=True).values("case_id")
    excluded = _excluded_case_ids()
    keep_outcomes = RetentionRule.objects.filter(nomination=Nomination.KEEP)
    found = []
    for rule in rules:
        field = _basis_field(rule)
        # The cut-off: a case whose basis day is on or before today minus the period is due.
        cutoff = shift(today, rule.period, sign=-1)
        qs = Case.objects.filter(case_type_id=rule.case_type_id, status__in=FINAL_STATUSES)
        if rule.outcome:
            qs = qs.filter(outcome=rule.outcome)
        else:
            # The type's fallback rule covers outcomes without a rule of their own.
            own = [r.outcome for r in by_type[rule.case_type_id] if r.outcome]
            own += [r.outcome for r in keep_outcomes if r.case_type_id == rule.case_type_id]
            qs = qs.exclude(outcome__in=own)
        basis = (
            Coalesce(field, "resolved_at") if field == "closed_at" else Coalesce(field, "closed_at")
        )
        qs = (
            qs.annotate(basis_day=TruncDate(basis))
            .filter(basis_day__lte=cutoff)
            .exclude(pk__in=held)
            .exclude(pk__in=excluded)
        )
        for pk, number, day in qs.values_list("pk", "number", "basis_day").iterator(2000):
            found.append((pk, number, rule, retention_ends(day, rule.period)))
    return found


@transaction.atomic
def destruction_list_propose(*, today: date | None = None) -> DestructionList | None:
    """Write this month's proposal (the monthly job). Returns None when nothing is due."""
    today = today or timezone.localdate()
    found = candidates(today=today)
    if not found:
        return None
    dlist = DestructionList.objects.create(
        name=f"Vernietigingslijst {today:%Y-%m}", proposed_on=today
    )
    DestructionItem.objects.bulk_create(
        [
            DestructionItem(
                destruction_list=dlist,
                case_id=pk,
                case_number=number,
                rule=rule,
                retention_ends=ends,
            )
            for pk, number, rule, ends in found
        ],
        batch_size=2000,
    )
    return dlist


@transaction.atomic
def destruction_item_review(
    *,
    item: DestructionItem,
    decision: str,
    actor: Actor,
    reason: str = "",
    postponed_until: date | None = None,
) -> DestructionItem:
    """The archivist's judgement on one case: approve, postpone (with a reason and a date) or
    keep permanently (with a reason)."""
    check_archivist(actor=actor)
    item = (
        DestructionItem.objects.select_for_update()
        .select_related("destruction_list")
        .get(pk=item.pk)
    )
    if item.destruction_list.status != ListStatus.PROPOSED:
        raise ValueError("de lijst is al goedgekeurd")
    if decision not in (ItemDecision.APPROVED, ItemDecision.POSTPONED, ItemDecision.KEEP):
        raise ValueError(f"onbekend oordeel: {decision}")
    if decision != ItemDecision.APPROVED and not reason.strip():
        raise ValueError("een reden is verplicht")
    if decision == ItemDecision.POSTPONED and not postponed_until:
        raise ValueError("uitstellen vraagt een datum")
    item.decision = decision
    item.reason = reason.strip()
    item.postponed_until = postponed_until if decision == ItemDecision.POSTPONED else None
    item.reviewed_by = actor.user
    item.reviewed_at = timezone.now()
    item.save()
    return item


@transaction.atomic
def destruction_list_approve(*, destruction_list: DestructionList, actor: Actor) -> DestructionList:
    """Approve the list once every item is judged. A case put under a legal hold after the
    proposal is taken off (postponed) here, so a hold always wins."""
    check_archivist(actor=actor)
    dlist = DestructionList.objects.select_for_update().get(pk=destruction_list.pk)
    if dlist.status != ListStatus.PROPOSED:
        raise ValueError("de lijst is niet (meer) voorgesteld")
    if dlist.items.filter(decision=ItemDecision.PENDING).exists():
        raise ValueError("niet elke zaak is beoordeeld")
    held = LegalHold.objects.filter(lifted_at__isnull=True).values("case_id")
    dlist.items.filter(decision=ItemDecision.APPROVED, case_id__in=held).update(
        decision=ItemDecision.POSTPONED, reason="juridische blokkade", postponed_until=None
    )
    dlist.status = ListStatus.APPROVED
    dlist.approved_by = actor.user
    dlist.approved_at = timezone.now()
    dlist.save()
    return dlist


def legal_hold_place(*, case: Case, reason: str, note: str = "", actor: Actor) -> LegalHold:
    """Keep a case off every destruction list (objection, appeal, ombudsman complaint)."""
    if not actor.is_staff:
        raise PermissionDenied
    return LegalHold.objects.create(
        case=case, reason=reason, note=note, placed_by=actor.user, placed_at=timezone.now()
    )


def legal_hold_lift(*, hold: LegalHold, actor: Actor) -> LegalHold:
    if not actor.is_staff:
        raise PermissionDenied
    LegalHold.objects.filter(pk=hold.pk, lifted_at__isnull=True).update(
        lifted_at=timezone.now(), lifted_by=actor.user
    )
    hold.refresh_from_db()
    return hold
