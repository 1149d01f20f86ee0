"""The case state machine of DESIGN.md §4: every transition, allowed and refused, for every kind of
actor, performed through the services; and every transition refused from every other state."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_fsm import has_transition_perm

from cases import services
from cases.actors import Actor
from cases.errors import ActionNotAllowed
from cases.models import Case, CaseEvent, CaseStatus, EventKind
from cases.services.common import lock_case, perform, save_case
from cases.workflow import OPEN_STATUSES
from notifications.models import Notification
from tests.cases.conftest import ACTOR_KINDS, HANDLERS
from tests.factories import bring_to, resolve_kwargs, submit_case


def _system_transition(name: str, service: Callable[..., Case]):
    """A system transition: its service takes no actor and always acts as the system. For any
    other actor, run the transition through `perform`, the gate every service passes."""

    def call(case: Case, actor: Actor) -> Case:
        if actor.is_system:
            return service(case=case)
        with transaction.atomic():
            locked = lock_case(case)
            perform(locked, name, actor)
            save_case(locked)
        return locked

    return call


def _past_reopen_window(case: Case) -> None:
    window = timedelta(days=case.case_type.reopen_window_days + 1)
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - window)


@dataclass(frozen=True)
class Spec:
    source: str
    target: str
    call: Callable[[Case, Actor], Case]
    allowed: frozenset[str]
    # Question types only: the front desk may take and resolve a question it answers at once.
    allowed_for_question: frozenset[str] | None = None
    set_up: Callable[[Case], None] | None = None

    def allowed_for(self, code: str) -> frozenset[str]:
        if code == "question" and self.allowed_for_question is not None:
            return self.allowed_for_question
        return self.allowed


S = CaseStatus
TRANSITIONS: dict[str, Spec] = {
    "take": Spec(
        S.RECEIVED,
        S.IN_PROGRESS,
        lambda c, a: services.case_take(case=c, actor=a),
        HANDLERS,
        HANDLERS | {"front_desk"},
    ),
    "reject": Spec(
        S.RECEIVED,
        S.REJECTED,
        lambda c, a: services.case_reject(case=c, actor=a, reason="Ouder dan een jaar."),
        HANDLERS,
    ),
    "request_information": Spec(
        S.IN_PROGRESS,
        S.AWAITING_CITIZEN,
        lambda c, a: services.case_request_information(case=c, actor=a, question="Welke brief?"),
        HANDLERS,
    ),
    "receive_reply": Spec(
        S.AWAITING_CITIZEN,
        S.IN_PROGRESS,
        lambda c, a: services.case_receive_reply(case=c, actor=a, text="De brief van 3 maart."),
        HANDLERS | {"front_desk", "citizen"},
    ),
    "expire_reply_term": Spec(
        S.AWAITING_CITIZEN,
        S.IN_PROGRESS,
        _system_transition("expire_reply_term", services.case_expire_reply_term),
        frozenset({"system"}),
    ),
    "resolve": Spec(
        S.IN_PROGRESS,
        S.RESOLVED,
        lambda c, a: services.case_resolve(case=c, actor=a, **resolve_kwargs(c)),
        HANDLERS,
        HANDLERS | {"front_desk"},
    ),
    "reopen": Spec(
        S.RESOLVED,
        S.IN_PROGRESS,
        lambda c, a: services.case_reopen(case=c, actor=a, reason="Klager reageert."),
        HANDLERS,
    ),
    "close": Spec(
        S.RESOLVED,
        S.CLOSED,
        _system_transition("close", services.case_close),
        frozenset({"system"}),
        set_up=_past_reopen_window,
    ),
    "withdraw": Spec(
        S.RECEIVED,
        S.WITHDRAWN,
        lambda c, a: services.case_withdraw(case=c, actor=a, reason="Niet meer nodig."),
        HANDLERS | {"front_desk", "citizen"},
    ),
}


def snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.version,
        case.due_date,
        case.assignee_id,
        CaseEvent.objects.filter(case=case).count(),
        Notification.objects.filter(reference=f"case:{case.pk}").count(),
    )


@pytest.mark.parametrize("code", ["complaint", "question"])
@pytest.mark.parametrize("kind", ACTOR_KINDS)
@pytest.mark.parametrize("name", list(TRANSITIONS))
def test_transition_matrix(world, name, kind, code):
    spec = TRANSITIONS[name]
    case = submit_case(code, team=world.team)
    case = bring_to(case, spec.source, actor=world.actors["caseworker"])
    if spec.set_up:
        spec.set_up(case)
    actor = world.actors[kind]
    before = snapshot(case)
    transitions_before = case.events.filter(kind=EventKind.TRANSITION).count()

    if kind in spec.allowed_for(code):
        spec.call(case, actor)
        case = Case.objects.get(pk=case.pk)
        assert case.status == spec.target
        assert case.version == before[1] + 1  # one save, one version
        events = case.events.filter(kind=EventKind.TRANSITION)
        assert events.count() == transitions_before + 1
        event = events.last()
        assert (event.transition, event.from_status, event.to_status) == (
            name,
            spec.source,
            spec.target,
        )
        assert event.actor_kind == actor.kind
        assert event.actor_id == (actor.user.pk if actor.is_staff else None)
        assert event.due_date == case.due_date
    else:
        with pytest.raises(ActionNotAllowed):
            spec.call(case, actor)
        assert snapshot(case) == before


# Each transition from every state it does not start from, by an actor who may perform it.
WRONG_STATE = [
    (name, status)
    for name, spec in TRANSITIONS.items()
    for status in CaseStatus.values
    if status not in ({s.value for s in OPEN_STATUSES} if name == "withdraw" else {spec.source})
]


@pytest.mark.parametrize(("name", "status"), WRONG_STATE)
def test_transition_refused_from_other_states(world, name, status):
    spec = TRANSITIONS[name]
    case = bring_to(submit_case(team=world.team), status, actor=world.actors["caseworker"])
    if spec.set_up and status == CaseStatus.RESOLVED:
        spec.set_up(case)
    actor = world.actors["system" if "system" in spec.allowed else "coordinator"]
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        spec.call(case, actor)
    assert snapshot(case) == before


@pytest.mark.parametrize("status", [s.value for s in OPEN_STATUSES])
def test_citizen_withdraws_from_every_open_state(world, status):
    case = submit_case("privacy_request", team=world.team)
    case = bring_to(case, status, actor=world.actors["caseworker"])
    case = services.case_withdraw(case=case, actor=world.actors["citizen"], reason="Opgelost.")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN
    assert case.closed_at is not None
    assert case.events.filter(transition="withdraw", from_status=status).count() == 1
    assert Notification.objects.filter(
        reference=f"case:{case.pk}", template_key="withdrawn"
    ).exists()
    # A privacy request's clock stood still while waiting; withdrawing ends that suspension.
    assert not case.suspensions.filter(end__isnull=True).exists()


@pytest.mark.parametrize(
    ("name", "source"),
    [("await_chain", CaseStatus.IN_PROGRESS), ("chain_done", CaseStatus.AWAITING_CHAIN)],
)
@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_chain_transitions_are_system_only(world, name, source, kind):
    """No service performs these yet (the chain-error issue adds them); the permission is
    already system-only, so no form can move a case in or out of awaiting_chain."""
    case = bring_to(
        submit_case("chain_error", team=world.team), source, actor=world.actors["caseworker"]
    )
    locked = Case.objects.get(pk=case.pk)
    assert has_transition_perm(getattr(locked, name), world.actors[kind]) == (kind == "system")
    if kind != "system":
        with pytest.raises(ActionNotAllowed):
            perform(locked, name, world.actors[kind])
        assert Case.objects.get(pk=case.pk).status == source


def test_status_cannot_be_set_directly(world):
    case = Case.objects.get(pk=submit_case(team=world.team).pk)
    with pytest.raises(AttributeError):
        case.status = CaseStatus.CLOSED
    assert Case.objects.get(pk=case.pk).status == CaseStatus.RECEIVED


def test_reopen_refused_after_the_window(world):
    case = bring_to(submit_case(team=world.team), S.RESOLVED, actor=world.actors["caseworker"])
    _past_reopen_window(case)
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        services.case_reopen(case=case, actor=world.actors["coordinator"], reason="Te laat.")
    assert snapshot(case) == before


def test_reopen_within_window_clears_the_outcome(world):
    case = bring_to(submit_case(team=world.team), S.RESOLVED, actor=world.actors["caseworker"])
    case = services.case_reopen(case=case, actor=world.actors["caseworker"], reason="Nieuw feit.")
    case.refresh_from_db()
    assert (case.status, case.outcome, case.resolved_at) == (S.IN_PROGRESS, "", None)
    assert case.events.filter(transition="reopen", reason="Nieuw feit.").exists()


def test_close_refused_within_the_window(world):
    case = bring_to(submit_case(team=world.team), S.RESOLVED, actor=world.actors["caseworker"])
    before = snapshot(case)
    with pytest.raises(ActionNotAllowed):
        services.case_close(case=case)
    assert snapshot(case) == before
