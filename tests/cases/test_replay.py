"""The events tell the full story: replaying a case's event log gives its current status and due
date. And the clock stands still while waiting for the citizen only where the type allows it."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import pytest
from django.utils import timezone

from cases import services
from cases.calendar import load_calendar
from cases.deadlines import ExtensionSpec, Period, Term, TermUnit, compute_due_date
from cases.models import Case, CaseEvent, CaseStatus, CaseType, EventKind
from cases.services.deadlines import case_term
from cases.tasks import sweep_deadlines
from tests.factories import DIGID_BSN, resolve_kwargs, submit_case

S = CaseStatus
# The transitions that end a wait for the citizen, and so a suspension of the clock.
ENDS_WAIT = ("receive_reply", "expire_reply_term", "withdraw")


@dataclass(frozen=True)
class Replayed:
    status: str
    due_date: date  # recomputed from the facts the events carry
    recorded_due_date: date  # the due date the last event wrote down
    transitions: tuple[str, ...]


def replay(events: Iterable[CaseEvent], *, case_type: CaseType, received_on: date) -> Replayed:
    """Rebuild status and due date from the log alone (plus the date of receipt and the type).

    Every transition must start where the previous one ended. Extensions come from the extended
    events; suspensions from a request for information that stopped the clock, up to the reply
    (or the end of the reply term when it expired, or the withdrawal)."""
    status: str | None = None
    recorded: date | None = None
    transitions: list[str] = []
    extensions: list[ExtensionSpec] = []
    suspensions: list[Period] = []
    waiting: tuple[date, date] | None = None  # (clock stopped on, reply due)
    term = Term(case_type.term_amount, TermUnit(case_type.term_unit))
    for event in events:
        day = timezone.localdate(event.created_at)
        if event.kind == EventKind.SUBMITTED:
            assert status is None, "a case is submitted once"
            status = event.to_status
        elif event.kind == EventKind.TRANSITION:
            assert event.from_status == status, (
                f"{event.transition} starts from {event.from_status}, but the case was {status}"
            )
            status = event.to_status
            transitions.append(event.transition)
            if event.transition == "request_information" and event.data["suspended"]:
                waiting = (day, date.fromisoformat(event.data["reply_due_date"]))
            elif waiting and event.transition in ENDS_WAIT:
                start, reply_due = waiting
                end = reply_due if event.transition == "expire_reply_term" else day
                suspensions.append(Period(start, max(start, end)))
                waiting = None
        elif event.kind == EventKind.EXTENDED:
            unit = TermUnit(event.data["unit"])
            extensions.append(ExtensionSpec(term=Term(event.data["amount"], unit)))
        elif event.kind == EventKind.DUE_DATE_CHANGED and "committee_term_weeks" in event.data:
            term = Term(event.data["committee_term_weeks"], TermUnit.WEEKS)  # Awb 9:14
        if event.due_date is not None:
            recorded = event.due_date
    due = compute_due_date(
        received_on=received_on,
        term=term,
        calendar=load_calendar(),
        statutory=case_type.is_statutory,
        suspensions=suspensions,
        extensions=extensions,
    ).due_date
    return Replayed(status, due, recorded, tuple(transitions))


def replay_case(case: Case) -> Replayed:
    case = Case.objects.select_related("case_type").get(pk=case.pk)
    return replay(
        case.events.order_by("created_at", "id"),
        case_type=case.case_type,
        received_on=timezone.localdate(case.received_at),
    )


def assert_story_matches(case: Case, transitions: tuple[str, ...]) -> Replayed:
    case = Case.objects.get(pk=case.pk)
    replayed = replay_case(case)
    assert replayed.transitions == transitions
    assert replayed.status == case.status
    assert replayed.due_date == case.due_date
    assert replayed.recorded_due_date == case.due_date
    # And the stored due date is the term engine's result over the case's records.
    assert case_term(case).due_date == case.due_date
    return replayed


# --- Scripted life-cycles -------------------------------------------------------------------------


def test_privacy_request_full_cycle(world, clock):
    """Received Tue 1 Sep 2026, due Thu 1 Oct. Waiting for the citizen 3-10 Sep stops the clock
    7 days; extended by 2 months: 1 Oct + 2 months = 1 Dec, + 7 days = Tue 8 Dec 2026."""
    worker, citizen = world.actors["caseworker"], world.actors["citizen"]
    clock.set(date(2026, 9, 1))
    case = submit_case("privacy_request", team=world.team, digid_bsn=DIGID_BSN)
    assert case.due_date == date(2026, 10, 1)
    services.case_take(case=case, actor=worker)
    clock.set(date(2026, 9, 3))
    services.case_request_information(case=case, actor=worker, question="Welk dossier?")
    assert_story_matches(case, ("take", "request_information"))
    clock.set(date(2026, 9, 10))
    services.case_receive_reply(case=case, actor=citizen, text="Mijn Wmo-dossier.")
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 10, 8)
    clock.set(date(2026, 9, 15))
    services.case_extend(case=case, actor=worker, amount=2, reason="Veel stukken.")
    clock.set(date(2026, 9, 20))
    services.case_resolve(case=case, actor=worker, **resolve_kwargs(case))
    clock.set(date(2026, 9, 22))
    services.case_reopen(case=case, actor=worker, reason="Eén stuk ontbrak.")
    clock.set(date(2026, 9, 25))
    services.case_resolve(case=case, actor=worker, **resolve_kwargs(case))

    replayed = assert_story_matches(
        case,
        ("take", "request_information", "receive_reply", "resolve", "reopen", "resolve"),
    )
    assert (replayed.status, replayed.due_date) == (S.RESOLVED, date(2026, 12, 8))


def test_complaint_with_an_advisory_committee_and_an_extension(world, clock):
    """Received Tue 1 Sep 2026; to the committee on 8 Sep (ten weeks: 10 Nov), extended by four
    weeks on 1 Oct: Tue 8 Dec 2026."""
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = submit_case("complaint", team=world.team)
    services.case_take(case=case, actor=worker)
    clock.set(date(2026, 9, 8))
    services.case_refer_to_committee(case=case, actor=worker, reason="Klachtadviescommissie")
    clock.set(date(2026, 10, 1))
    services.case_extend(case=case, actor=worker, amount=4, reason="Commissie vraagt uitstel.")
    replayed = assert_story_matches(case, ("take",))
    assert replayed.due_date == date(2026, 12, 8)


def test_complaint_rejected_at_once(world):
    case = submit_case("complaint", team=world.team)
    services.case_reject(case=case, actor=world.actors["caseworker"], reason="Ouder dan een jaar.")
    replayed = assert_story_matches(case, ("reject",))
    assert replayed.status == S.REJECTED


def test_question_taken_then_withdrawn(world):
    case = submit_case("question", team=world.team)
    services.case_take(case=case, actor=world.actors["front_desk"])
    services.case_withdraw(case=case, actor=world.actors["citizen"], reason="Al gevonden.")
    assert assert_story_matches(case, ("take", "withdraw")).status == S.WITHDRAWN


def test_complaint_with_reply_extension_and_forwarding(world, clock):
    """A complaint's clock does not stop while waiting (Awb 9:11 knows no suspension): received
    Tue 1 Sep 2026, 6 weeks = Tue 13 Oct, + 4 weeks = Tue 10 Nov 2026."""
    worker, coordinator = world.actors["caseworker"], world.actors["coordinator"]
    clock.set(date(2026, 9, 1))
    case = submit_case("complaint", team=world.team)
    services.case_take(case=case, actor=worker)
    services.case_forward(case=case, actor=coordinator, team=world.other_team, reason="Partner.")
    clock.set(date(2026, 9, 3))
    services.case_request_information(case=case, actor=coordinator, question="Wanneer?")
    clock.set(date(2026, 9, 17))
    services.case_receive_reply(case=case, actor=world.actors["front_desk"], text="In mei.")
    services.case_extend(case=case, actor=coordinator, amount=4, reason="Hoorzitting.")
    services.case_resolve(case=case, actor=coordinator, **resolve_kwargs(case))
    replayed = assert_story_matches(
        case, ("take", "request_information", "receive_reply", "resolve")
    )
    assert replayed.due_date == date(2026, 11, 10)


def test_woo_request_reply_term_expires_and_case_closes(world, clock):
    """Received Tue 1 Sep 2026, due Tue 29 Sep. Information asked on 2 Sep with 7 days to reply;
    the term expires on 9 Sep: the clock stood still 7 days, so due Tue 6 Oct 2026."""
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = submit_case("woo_request", team=world.team)
    services.case_take(case=case, actor=worker)
    clock.set(date(2026, 9, 2))
    services.case_request_information(
        case=case, actor=worker, question="Welke jaren?", reply_days=7
    )
    clock.set(date(2026, 9, 12))
    assert sweep_deadlines()["reply_expired"] == 1
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 10, 6)
    clock.set(date(2026, 9, 14))
    services.case_resolve(case=case, actor=worker, **resolve_kwargs(case))
    clock.set(date(2026, 9, 29))
    assert sweep_deadlines()["closed"] == 1
    replayed = assert_story_matches(
        case, ("take", "request_information", "expire_reply_term", "resolve", "close")
    )
    assert (replayed.status, replayed.due_date) == (S.CLOSED, date(2026, 10, 6))


def test_chain_error_withdrawn_while_waiting(world, clock):
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = submit_case("chain_error", team=world.team, digid_bsn=DIGID_BSN)
    services.case_take(case=case, actor=worker)
    clock.set(date(2026, 9, 3))
    services.case_request_information(case=case, actor=worker, question="Welk adres?")
    clock.set(date(2026, 9, 8))
    services.case_withdraw(case=case, actor=world.actors["citizen"], reason="Al hersteld.")
    replayed = assert_story_matches(case, ("take", "request_information", "withdraw"))
    assert replayed.status == S.WITHDRAWN


# --- Suspension: only where the type allows it ----------------------------------------------------


@pytest.mark.parametrize(
    ("code", "original", "after_reply", "suspended"),
    [
        # AVG: 1 Sep + 1 month = Thu 1 Oct; 7 days waiting: Thu 8 Oct 2026.
        ("privacy_request", date(2026, 10, 1), date(2026, 10, 8), True),
        # Awb 9:11: 1 Sep + 6 weeks = Tue 13 Oct 2026; waiting does not stop the clock.
        ("complaint", date(2026, 10, 13), date(2026, 10, 13), False),
    ],
)
def test_waiting_for_the_citizen_moves_the_due_date_only_where_allowed(
    world, clock, code, original, after_reply, suspended
):
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = services.case_take(
        case=submit_case(code, team=world.team, digid_bsn=DIGID_BSN), actor=worker
    )
    assert case.due_date == original
    clock.set(date(2026, 9, 3))
    case = services.case_request_information(case=case, actor=worker, question="Welke brief?")
    assert case.due_date == original  # the stored date moves when the clock runs again
    clock.advance(days=7)
    case = services.case_receive_reply(case=case, actor=world.actors["citizen"], text="Deze.")

    case.refresh_from_db()
    assert case.due_date == after_reply
    assert (case.status, case.reply_due_date) == (S.IN_PROGRESS, None)
    spans = [(s.start, s.end) for s in case.suspensions.all()]
    assert spans == ([(date(2026, 9, 3), date(2026, 9, 10))] if suspended else [])
    reply = case.events.get(kind=EventKind.REPLY)
    assert reply.is_public and reply.actor_kind == "citizen" and reply.due_date == after_reply
