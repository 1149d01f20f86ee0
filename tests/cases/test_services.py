"""Case services beyond the bare transitions: guards (Awb 9:8, 9:10), the system sweep, forwarding,
assignment, who may extend, and the optimistic version check."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases import services
from cases.errors import ActionNotAllowed, CaseChangedMeanwhile, InvalidInput
from cases.models import Case, CaseEvent, CaseStatus, EventKind
from cases.tasks import sweep_deadlines
from notifications.models import NoticeChannel, Notification
from tests.cases.conftest import ACTOR_KINDS, HANDLERS
from tests.factories import (
    DIGID_BSN,
    TeamFactory,
    bring_to,
    make_staff,
    resolve_kwargs,
    submit_case,
)

S = CaseStatus


def snapshot(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.status,
        case.version,
        case.due_date,
        case.team_id,
        case.assignee_id,
        case.outcome,
        CaseEvent.objects.filter(case=case).count(),
        Notification.objects.filter(reference=f"case:{case.pk}").count(),
    )


def notices(case: Case, template_key: str):
    return Notification.objects.filter(reference=f"case:{case.pk}", template_key=template_key)


# --- Guards on resolving and rejecting ------------------------------------------------------------


@pytest.fixture
def complaint_in_progress(world):
    return bring_to(
        submit_case("complaint", team=world.team), S.IN_PROGRESS, actor=world.actors["caseworker"]
    )


@pytest.mark.parametrize(
    ("hearing", "message"),
    [
        ({}, "Awb 9:10"),  # nothing recorded about the hearing
        ({"hearing_held": False}, "Awb 9:10 lid 2"),  # skipped without a reason
        ({"hearing_held": False, "hearing_waived_reason": "  "}, "Awb 9:10 lid 2"),
    ],
)
def test_complaint_resolve_needs_the_hearing_recorded(
    world, complaint_in_progress, hearing, message
):
    before = snapshot(complaint_in_progress)
    with pytest.raises(InvalidInput) as exc:
        services.case_resolve(
            case=complaint_in_progress,
            actor=world.actors["caseworker"],
            outcome="unfounded",
            answer="Wij vinden uw klacht ongegrond.",
            **hearing,
        )
    assert message in str(exc.value)
    assert snapshot(complaint_in_progress) == before


@pytest.mark.parametrize(
    "hearing",
    [{"hearing_held": True}, {"hearing_held": False, "hearing_waived_reason": "Klager zag af."}],
)
def test_complaint_resolves_with_hearing_recorded(world, complaint_in_progress, hearing):
    case = services.case_resolve(
        case=complaint_in_progress,
        actor=world.actors["caseworker"],
        outcome="partly_founded",
        answer="Deels gegrond; u kunt naar de Nationale ombudsman.",
        **hearing,
    )
    case.refresh_from_db()
    assert case.status == S.RESOLVED
    assert (case.outcome, case.hearing_held) == ("partly_founded", hearing["hearing_held"])
    assert case.hearing_waived_reason == hearing.get("hearing_waived_reason", "")
    assert case.resolved_at is not None
    notice = notices(case, "resolution").get()
    assert (notice.channel, notice.recipient) == (NoticeChannel.EMAIL, case.citizen_email)


@pytest.mark.parametrize(
    ("code", "outcome"), [("complaint", "granted"), ("question", "well_founded")]
)
def test_resolve_refuses_an_outcome_of_another_type(world, code, outcome):
    case = bring_to(
        submit_case(code, team=world.team), S.IN_PROGRESS, actor=world.actors["caseworker"]
    )
    before = snapshot(case)
    kwargs = {**resolve_kwargs(case), "outcome": outcome}
    with pytest.raises(InvalidInput):
        services.case_resolve(case=case, actor=world.actors["caseworker"], **kwargs)
    assert snapshot(case) == before


def test_resolve_needs_a_written_answer(world, complaint_in_progress):
    before = snapshot(complaint_in_progress)
    kwargs = {**resolve_kwargs(complaint_in_progress), "answer": "   "}
    with pytest.raises(InvalidInput):
        services.case_resolve(
            case=complaint_in_progress, actor=world.actors["caseworker"], **kwargs
        )
    assert snapshot(complaint_in_progress) == before


def test_reject_needs_a_reason_and_tells_the_citizen(world):
    case = submit_case("complaint", team=world.team)
    before = snapshot(case)
    with pytest.raises(InvalidInput, match="Awb 9:8"):
        services.case_reject(case=case, actor=world.actors["caseworker"], reason=" ")
    assert snapshot(case) == before
    services.case_reject(case=case, actor=world.actors["caseworker"], reason="Ouder dan een jaar.")
    case.refresh_from_db()
    assert case.status == S.REJECTED and case.closed_at is not None
    assert notices(case, "declined").get().context["reason"] == "Ouder dan een jaar."


def test_request_information_with_a_bad_reply_term_changes_nothing(world):
    case = bring_to(
        submit_case("privacy_request", team=world.team, digid_bsn=DIGID_BSN),
        S.IN_PROGRESS,
        actor=world.actors["caseworker"],
    )
    before = snapshot(case)
    with pytest.raises(InvalidInput):
        services.case_request_information(
            case=case, actor=world.actors["caseworker"], question="Welke?", reply_days=120
        )
    # The transition ran in memory before the check; the transaction rolled it all back.
    assert snapshot(case) == before
    assert not case.suspensions.exists()


def transitions_swept() -> tuple[int, int]:
    """Run the sweep; return (reply terms expired, cases closed). The sweep reports more (reminders,
    escalations); these tests look at the system transitions."""
    counts = sweep_deadlines()
    return counts["reply_expired"], counts["closed"]


# --- The system transitions, through the deadline sweep -------------------------------------------


def test_sweep_expires_the_reply_term(world):
    waiting = bring_to(
        submit_case("complaint", team=world.team),
        S.AWAITING_CITIZEN,
        actor=world.actors["caseworker"],
    )
    today_due = bring_to(
        submit_case("complaint", team=world.team),
        S.AWAITING_CITIZEN,
        actor=world.actors["caseworker"],
    )
    yesterday = timezone.localdate() - timedelta(days=1)
    Case.objects.filter(pk=waiting.pk).update(reply_due_date=yesterday)
    Case.objects.filter(pk=today_due.pk).update(reply_due_date=timezone.localdate())

    assert transitions_swept() == (1, 0)

    waiting.refresh_from_db()
    assert (waiting.status, waiting.reply_due_date) == (S.IN_PROGRESS, None)
    event = waiting.events.filter(kind=EventKind.TRANSITION).last()
    assert (event.transition, event.actor_kind, event.actor_id) == (
        "expire_reply_term",
        "system",
        None,
    )
    # The reply term ends today: the citizen still has today.
    assert Case.objects.get(pk=today_due.pk).status == S.AWAITING_CITIZEN
    assert transitions_swept() == (0, 0)


def test_sweep_closes_after_the_reopen_window_of_each_type(world):
    worker = world.actors["caseworker"]
    complaint = bring_to(submit_case("complaint", team=world.team), S.RESOLVED, actor=worker)
    chain_error = bring_to(
        submit_case("chain_error", team=world.team, digid_bsn=DIGID_BSN), S.RESOLVED, actor=worker
    )
    recent = bring_to(submit_case("complaint", team=world.team), S.RESOLVED, actor=worker)
    # Complaints may be reopened for 14 days, chain errors for 30.
    twenty_days_ago = timezone.now() - timedelta(days=20)
    Case.objects.filter(pk__in=[complaint.pk, chain_error.pk]).update(resolved_at=twenty_days_ago)

    assert transitions_swept() == (0, 1)

    complaint.refresh_from_db()
    assert complaint.status == S.CLOSED and complaint.closed_at is not None
    event = complaint.events.filter(kind=EventKind.TRANSITION).last()
    assert (event.transition, event.from_status, event.actor_kind) == (
        "close",
        S.RESOLVED,
        "system",
    )
    assert Case.objects.get(pk=chain_error.pk).status == S.RESOLVED
    assert Case.objects.get(pk=recent.pk).status == S.RESOLVED
    assert transitions_swept() == (0, 0)


# --- Forwarding, assigning, extending: who may ----------------------------------------------------


@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_forward_matrix(world, kind):
    case = bring_to(
        submit_case("complaint", team=world.team), S.IN_PROGRESS, actor=world.actors["caseworker"]
    )
    partner_team = TeamFactory(organisation__kind="partner", organisation__public_name="de BSV")
    before = snapshot(case)
    actor = world.actors[kind]
    if kind not in HANDLERS:
        with pytest.raises(ActionNotAllowed):
            services.case_forward(case=case, actor=actor, team=partner_team, reason="Hun systeem.")
        assert snapshot(case) == before
        return
    services.case_forward(case=case, actor=actor, team=partner_team, reason="Hun systeem.")
    case.refresh_from_db()
    assert (case.status, case.team, case.organisation) == (
        S.IN_PROGRESS,
        partner_team,
        partner_team.organisation,
    )
    assert case.assignee is None and case.version == before[1] + 1
    event = case.events.get(kind=EventKind.FORWARDED)
    assert event.is_public and event.data["to_team"] == partner_team.code
    assert notices(case, "forwarded").get().context["organisation"] == "de BSV"
    assert notices(case, "case_assigned").get().recipient == partner_team.email


def test_forward_within_the_organisation_is_not_told_to_the_citizen(world):
    case = submit_case("complaint", team=world.team)
    sibling = TeamFactory(organisation=world.team.organisation)
    services.case_forward(
        case=case, actor=world.actors["caseworker"], team=sibling, reason="Hoort daar."
    )
    case.refresh_from_db()
    assert case.team == sibling
    assert not case.events.get(kind=EventKind.FORWARDED).is_public
    assert not notices(case, "forwarded").exists()


def test_forward_refused_to_the_same_team_and_for_a_closed_case(world):
    case = submit_case("complaint", team=world.team)
    with pytest.raises(InvalidInput):
        services.case_forward(
            case=case, actor=world.actors["caseworker"], team=world.team, reason="x"
        )
    closed = bring_to(
        submit_case("complaint", team=world.team), S.CLOSED, actor=world.actors["caseworker"]
    )
    before = snapshot(closed)
    with pytest.raises(ActionNotAllowed):
        services.case_forward(
            case=closed, actor=world.actors["coordinator"], team=world.other_team, reason="x"
        )
    assert snapshot(closed) == before


@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_assign_someone_else_only_by_the_coordinator(world, kind):
    case = submit_case("complaint", team=world.team)
    colleague, _ = make_staff("caseworker", team=world.team)
    before = snapshot(case)
    if kind != "coordinator":
        with pytest.raises(ActionNotAllowed):
            services.case_assign(case=case, actor=world.actors[kind], assignee=colleague)
        assert snapshot(case) == before
        return
    services.case_assign(case=case, actor=world.actors[kind], assignee=colleague)
    case.refresh_from_db()
    assert case.assignee == colleague
    assert case.events.get(kind=EventKind.ASSIGNED).data == {"assignee": colleague.pk}
    notice = Notification.objects.get(user=colleague, template_key="case_assigned")
    assert notice.channel == NoticeChannel.IN_APP


@pytest.mark.parametrize(
    "kind",
    [
        "front_desk",
        "caseworker",
        "caseworker_other_org",
        "coordinator",
        "council",
        "functional_admin",
    ],
)
def test_assign_to_oneself(world, kind):
    case = submit_case("complaint", team=world.team)
    actor = world.actors[kind]
    before = snapshot(case)
    if kind in HANDLERS:
        services.case_assign(case=case, actor=actor, assignee=actor.user)
        assert Case.objects.get(pk=case.pk).assignee == actor.user
    else:
        with pytest.raises(ActionNotAllowed):
            services.case_assign(case=case, actor=actor, assignee=actor.user)
        assert snapshot(case) == before


@pytest.mark.parametrize("kind", ACTOR_KINDS)
def test_extend_matrix(world, kind):
    case = submit_case("complaint", team=world.team)
    before = snapshot(case)
    actor = world.actors[kind]
    if kind in HANDLERS:
        services.case_extend(case=case, actor=actor, amount=2, reason="Advies nodig.")
        case.refresh_from_db()
        assert case.due_date > before[2] and case.extensions.count() == 1
    else:
        with pytest.raises(ActionNotAllowed):
            services.case_extend(case=case, actor=actor, amount=2, reason="Advies nodig.")
        assert snapshot(case) == before


# --- The optimistic version check (any database) --------------------------------------------------


@pytest.mark.parametrize(
    "action",
    [
        lambda c, a, v: services.case_take(case=c, actor=a, expected_version=v),
        lambda c, a, v: services.case_reject(case=c, actor=a, reason="x", expected_version=v),
        lambda c, a, v: services.case_extend(
            case=c, actor=a, amount=1, reason="x", expected_version=v
        ),
        lambda c, a, v: services.case_withdraw(case=c, actor=a, expected_version=v),
        lambda c, a, v: services.case_assign(case=c, actor=a, assignee=a.user, expected_version=v),
    ],
    ids=["take", "reject", "extend", "withdraw", "assign"],
)
def test_stale_version_is_refused(world, action):
    case = submit_case("complaint", team=world.team)
    coordinator = world.actors["coordinator"]
    rendered_version = case.version
    # Someone else acts first: the version moves on.
    services.case_add_note(case=case, actor=world.actors["caseworker"], body="Gebeld.")
    services.case_forward(case=case, actor=coordinator, team=world.other_team, reason="Elders.")
    before = snapshot(case)
    assert before[1] == rendered_version + 1  # the note does not bump the version; forward does
    with pytest.raises(CaseChangedMeanwhile):
        action(case, coordinator, rendered_version)
    assert snapshot(case) == before
    # With the current version the same action goes through.
    action(case, coordinator, before[1])
    assert Case.objects.get(pk=case.pk).version == before[1] + 1
