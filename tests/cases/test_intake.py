"""Intake: routing by rule, case numbers, the receipt (Awb 9:6), and the front desk answering a
question at once."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest

from cases.errors import ActionNotAllowed
from cases.models import Case, CaseStatus, ClosingDay, EventKind, Role, RoutingRule
from cases.services import case_find_by_token, case_register_answered, case_submit
from notifications.models import NoticeChannel, Notification, NotificationStatus
from tests.factories import TeamFactory, case_type, make_staff, submit_case

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=AMSTERDAM)


def rule(position: int, team, code: str | None = None, channel: str = "", **kwargs) -> RoutingRule:
    return RoutingRule.objects.create(
        position=position,
        case_type=case_type(code) if code else None,
        channel=channel,
        team=team,
        **kwargs,
    )


# --- Routing --------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_first_matching_rule_by_position_wins():
    by_type, catch_all = TeamFactory(), TeamFactory()
    rule(20, by_type, "complaint")  # created first, but later in the order
    rule(10, catch_all)
    case = submit_case("complaint")
    assert (case.team, case.organisation) == (catch_all, catch_all.organisation)
    event = case.events.get(kind=EventKind.SUBMITTED)
    assert event.data == {"channel": "web", "team": catch_all.code}


@pytest.mark.django_db
def test_channel_specific_rule_matches_only_its_channel():
    phone_team, complaints, fallback = TeamFactory(), TeamFactory(), TeamFactory(is_fallback=True)
    rule(5, phone_team, "complaint", channel="phone")
    rule(10, complaints, "complaint")
    assert submit_case("complaint", channel="phone").team == phone_team
    assert submit_case("complaint", channel="web").team == complaints
    assert submit_case("question", channel="phone").team == fallback


@pytest.mark.django_db
def test_inactive_rule_is_skipped_and_fallback_team_takes_the_rest():
    fallback, privacy = TeamFactory(is_fallback=True), TeamFactory()
    rule(1, TeamFactory(), "woo_request", is_active=False)
    rule(2, privacy, "privacy_request")
    assert submit_case("woo_request").team == fallback
    assert submit_case("privacy_request").team == privacy
    assert submit_case("question").organisation == fallback.organisation


# --- Numbers, terms and the receipt ---------------------------------------------------------------


@pytest.mark.django_db
def test_case_numbers_are_consecutive_per_year():
    numbers = [submit_case("question", received_at=at(date(2026, 3, d))).number for d in (2, 3, 4)]
    assert numbers == ["LDZ-2026-000001", "LDZ-2026-000002", "LDZ-2026-000003"]
    assert submit_case("question", received_at=at(date(2025, 12, 30))).number == "LDZ-2025-000001"
    assert submit_case("question", received_at=at(date(2026, 3, 5))).number == "LDZ-2026-000004"
    assert all(
        re.fullmatch(r"LDZ-\d{4}-\d{6}", n) for n in Case.objects.values_list("number", flat=True)
    )


@pytest.mark.django_db
def test_due_date_from_the_received_date():
    """Friday 11 December 2026 + 6 weeks = Friday 22 January 2027 (Awb 9:11)."""
    case = submit_case("complaint", received_at=at(date(2026, 12, 11)))
    assert case.due_date == case.original_due_date == date(2027, 1, 22)
    assert case.status == CaseStatus.RECEIVED and case.version == 1


@pytest.mark.django_db
def test_received_date_is_the_amsterdam_date():
    """23:30 UTC on Friday 11 December is 00:30 on Saturday 12 December in Amsterdam: 6 weeks end
    on Saturday 23 January 2027, so the term runs until Monday 25 January (Atw art. 1)."""
    case = submit_case("complaint", received_at=datetime(2026, 12, 11, 23, 30, tzinfo=UTC))
    assert case.due_date == date(2027, 1, 25)


@pytest.mark.django_db
def test_closing_day_moves_the_service_norm_but_not_the_statutory_term():
    """Received Monday 2 March 2026. The office is shut on Wednesday 4 March: a question's five
    working days then end Tuesday 10 March instead of Monday 9 March; a complaint's six weeks
    still end Monday 13 April 2026."""
    ClosingDay.objects.create(date=date(2026, 3, 4), reason="Verhuizing")
    assert submit_case("question", received_at=at(date(2026, 3, 2))).due_date == date(2026, 3, 10)
    assert submit_case("complaint", received_at=at(date(2026, 3, 2))).due_date == date(2026, 4, 13)


@pytest.mark.django_db
def test_receipt_by_email_when_an_address_is_given():
    case = submit_case("complaint", citizen_email="anna@voorbeeld.test")
    receipt = Notification.objects.get(reference=f"case:{case.pk}")
    assert (receipt.template_key, receipt.channel) == ("receipt", NoticeChannel.EMAIL)
    assert receipt.recipient == "anna@voorbeeld.test"
    assert receipt.status == NotificationStatus.PENDING
    assert receipt.idempotency_key == f"case:{case.pk}:receipt:received"
    assert receipt.context["case_number"] == case.number
    assert receipt.context["due_date"] == case.due_date.isoformat()
    # The notice carries no free text of the citizen.
    assert "description" not in receipt.context and "Omschrijving" not in str(receipt.context)


@pytest.mark.django_db
def test_receipt_by_letter_without_an_address():
    case = submit_case("question", citizen_email="", citizen_address="Dorpsstraat 1, Voorbeeld")
    receipt = Notification.objects.get(reference=f"case:{case.pk}")
    # The letter's recipient is the address block the front desk prints.
    assert (receipt.template_key, receipt.channel, receipt.recipient) == (
        "receipt",
        NoticeChannel.LETTER,
        "Anna de Vries\nDorpsstraat 1, Voorbeeld",
    )


@pytest.mark.django_db
def test_tracking_token_finds_the_case_and_is_not_stored():
    submission = case_submit(
        case_type=case_type("question"),
        channel="web",
        subject="Vraag",
        description="Hoe zit het?",
        citizen_name="Jan Jansen",
    )
    assert case_find_by_token(submission.tracking_token) == submission.case
    assert submission.tracking_token not in submission.case.tracking_token_hash
    assert case_find_by_token("x" * 32) is None


# --- The front desk answers a question at once ----------------------------------------------------


def register(actor, code: str):
    return case_register_answered(
        actor=actor,
        case_type=case_type(code),
        channel="phone",
        answer="De BSV stuurt die brief namens de gemeente.",
        subject="Brief van de BSV",
        description="Waarom krijg ik post van de BSV?",
        citizen_name="Fatma Yilmaz",
        citizen_phone="06-12345678",
    )


@pytest.mark.django_db
def test_front_desk_registers_an_answered_question():
    user, front_desk = make_staff(Role.FRONT_DESK)
    case = register(front_desk, "question").case
    case.refresh_from_db()
    assert (case.status, case.outcome, case.channel) == (CaseStatus.RESOLVED, "answered", "phone")
    assert case.assignee == user and case.created_by == user
    assert case.resolved_at is not None
    events = case.events.order_by("created_at", "id")
    assert [(e.kind, e.transition) for e in events] == [
        (EventKind.SUBMITTED, ""),
        (EventKind.TRANSITION, "take"),
        (EventKind.TRANSITION, "resolve"),
    ]
    assert {e.actor_id for e in events} == {user.pk}
    keys = Notification.objects.filter(reference=f"case:{case.pk}").values_list(
        "template_key", "channel"
    )
    # No e-mail address: the receipt and the answer go out as letters.
    assert sorted(keys) == [("receipt", NoticeChannel.LETTER), ("resolution", NoticeChannel.LETTER)]


@pytest.mark.django_db
def test_front_desk_may_not_register_an_answered_complaint():
    _, front_desk = make_staff(Role.FRONT_DESK)
    with pytest.raises(ActionNotAllowed):
        register(front_desk, "complaint")
    # One transaction: nothing of the attempt remains.
    assert not Case.objects.exists()
    assert not Notification.objects.exists()
