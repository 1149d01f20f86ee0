"""Extending a term: every extension the law forbids is refused with a message naming the rule;
an allowed one moves the due date as the law counts it and tells whom the law says to tell."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from cases import services
from cases.errors import ExtensionRefused, InvalidInput
from cases.models import Case, CaseStatus, EventKind, Extension
from notifications.models import NoticeChannel, Notification
from tests.factories import ACCUSED_EMAIL, CITIZEN_EMAIL, DIGID_BSN, bring_to, submit_case


def at(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))


def days_ago(days: int) -> datetime:
    return timezone.now() - timedelta(days=days)


def extend(case: Case, actor, amount: int, **kwargs) -> Case:
    return services.case_extend(
        case=case, actor=actor, amount=amount, reason="Advies van de afdeling nodig.", **kwargs
    )


def state(case: Case) -> tuple:
    case = Case.objects.get(pk=case.pk)
    return (
        case.due_date,
        case.version,
        case.extensions.count(),
        case.events.count(),
        Notification.objects.filter(reference=f"case:{case.pk}").count(),
    )


def assert_refused(case: Case, actor, amount: int, rule: str, **kwargs) -> str:
    before = state(case)
    with pytest.raises(ExtensionRefused) as exc:
        extend(case, actor, amount, **kwargs)
    assert rule in str(exc.value)
    assert state(case) == before
    return str(exc.value)


# --- What the law forbids -----------------------------------------------------------------------


def test_complaint_second_extension_is_refused(world):
    worker = world.actors["caseworker"]
    case = extend(submit_case("complaint", team=world.team), worker, 4)
    message = assert_refused(case, worker, 1, "Awb 9:11")
    assert "1 keer verlengd" in message


def test_complaint_second_extension_with_written_consent_is_allowed(world):
    """Awb 9:11 lid 2: further postponement only with the complainant's written consent."""
    worker = world.actors["caseworker"]
    case = extend(submit_case("complaint", team=world.team), worker, 4)
    first_due = Case.objects.get(pk=case.pk).due_date
    case = extend(case, worker, 2, with_consent=True)
    case.refresh_from_db()
    assert case.extensions.count() == 2
    assert case.extensions.last().with_consent is True
    assert case.due_date >= first_due + timedelta(weeks=2)


def test_complaint_more_than_four_weeks_is_refused(world):
    message = assert_refused(
        submit_case("complaint", team=world.team), world.actors["caseworker"], 5, "Awb 9:11"
    )
    assert "het maximum is 4 weken" in message


def test_complaint_extension_after_the_term_ended_is_refused(world):
    case = submit_case("complaint", team=world.team, received_at=days_ago(7 * 7))
    assert case.due_date < timezone.localdate()
    message = assert_refused(case, world.actors["caseworker"], 2, "Awb 9:11")
    assert "vóór het einde van de termijn" in message


def test_complaint_extension_on_the_last_day_of_the_term_is_allowed(world, clock):
    case = submit_case("complaint", team=world.team, received_at=at(date(2026, 9, 1)))
    assert case.due_date == date(2026, 10, 13)
    clock.set(date(2026, 10, 13))
    extend(case, world.actors["caseworker"], 1)
    clock.advance(days=1)
    other = submit_case("complaint", team=world.team, received_at=at(date(2026, 9, 1)))
    assert_refused(other, world.actors["caseworker"], 1, "Awb 9:11")


@pytest.mark.parametrize("code", ["privacy_request", "chain_error"])
def test_avg_more_than_two_months_is_refused(world, code):
    message = assert_refused(
        submit_case(code, team=world.team, digid_bsn=DIGID_BSN),
        world.actors["caseworker"],
        3,
        "AVG art. 12",
    )
    assert "het maximum is 2 maanden" in message


@pytest.mark.parametrize("code", ["privacy_request", "chain_error"])
def test_avg_extension_after_the_first_month_is_refused(world, code):
    case = submit_case(code, team=world.team, digid_bsn=DIGID_BSN, received_at=days_ago(35))
    message = assert_refused(case, world.actors["caseworker"], 1, "AVG art. 12")
    assert "die termijn is verstreken" in message


@pytest.mark.parametrize("code", ["privacy_request", "chain_error"])
def test_avg_second_extension_is_refused(world, code):
    worker = world.actors["caseworker"]
    case = extend(submit_case(code, team=world.team, digid_bsn=DIGID_BSN), worker, 1)
    assert_refused(case, worker, 1, "AVG art. 12")
    # The written consent of Awb 9:11 lid 2 is no ground under the AVG.
    assert_refused(case, worker, 1, "AVG art. 12", with_consent=True)


def test_avg_notice_period_ends_on_the_next_working_day(world, clock):
    """The month for the notice of extension ends like the term itself (EU Regulation 1182/71
    art. 3(4)): received Thursday 10 September 2026, the month ends Saturday 10 October, so the
    notice may still be given on Monday 12 October, the due date — not on Tuesday."""
    case = submit_case(
        "privacy_request", team=world.team, digid_bsn=DIGID_BSN, received_at=at(date(2026, 9, 10))
    )
    assert case.due_date == date(2026, 10, 12)
    clock.set(date(2026, 10, 12))
    case = extend(case, world.actors["caseworker"], 2)
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 12, 10)
    clock.set(date(2026, 10, 13))
    other = submit_case(
        "privacy_request", team=world.team, digid_bsn=DIGID_BSN, received_at=at(date(2026, 9, 10))
    )
    assert_refused(other, world.actors["caseworker"], 1, "AVG art. 12")


def test_woo_more_than_two_weeks_is_refused(world):
    worker = world.actors["caseworker"]
    message = assert_refused(submit_case("woo_request", team=world.team), worker, 3, "Woo art. 4.4")
    assert "het maximum is 2 weken" in message


def test_woo_second_extension_and_extension_after_the_term_are_refused(world):
    worker = world.actors["caseworker"]
    case = extend(submit_case("woo_request", team=world.team), worker, 2)
    assert_refused(case, worker, 1, "Woo art. 4.4")
    late = submit_case("woo_request", team=world.team, received_at=days_ago(5 * 7))
    assert_refused(late, worker, 1, "Woo art. 4.4")


def test_question_more_than_five_working_days_is_refused(world):
    worker = world.actors["caseworker"]
    message = assert_refused(submit_case("question", team=world.team), worker, 6, "Servicenorm")
    assert "het maximum is 5 werkdagen" in message


def test_extension_refused_for_a_case_no_longer_open(world):
    worker = world.actors["caseworker"]
    case = bring_to(submit_case("complaint", team=world.team), CaseStatus.RESOLVED, actor=worker)
    assert_refused(case, worker, 1, "afgesloten zaak")


def test_extension_needs_a_positive_amount_and_a_reason(world):
    worker = world.actors["caseworker"]
    case = submit_case("complaint", team=world.team)
    assert_refused(case, worker, 0, "minstens 1")
    with pytest.raises(InvalidInput):
        services.case_extend(case=case, actor=worker, amount=1, reason="  ")
    assert state(case)[2] == 0


def test_check_case_extend_tells_why_without_changing_anything(world):
    worker = world.actors["caseworker"]
    case = submit_case("complaint", team=world.team)
    before = state(case)
    with pytest.raises(ExtensionRefused, match="Awb 9:11"):
        services.check_case_extend(case=case, actor=worker, amount=6)
    services.check_case_extend(case=case, actor=worker, amount=4)
    assert state(case) == before


# --- What an allowed extension does ---------------------------------------------------------------


def test_complaint_extension_moves_the_due_date_and_tells_both_parties(world, clock):
    """Received Monday 16 February 2026: 6 weeks end Monday 30 March; 4 more weeks end Monday
    27 April, King's Day (Atw art. 3), so the term runs until Tuesday 28 April 2026."""
    worker = world.actors["caseworker"]
    case = submit_case("complaint", team=world.team, received_at=at(date(2026, 2, 16)))
    assert case.due_date == case.original_due_date == date(2026, 3, 30)
    clock.set(date(2026, 3, 20))

    extend(case, worker, 4)

    case.refresh_from_db()
    assert case.due_date == date(2026, 4, 28)
    assert case.original_due_date == date(2026, 3, 30)
    assert case.version == 2
    extension = Extension.objects.get(case=case)
    assert (extension.amount, extension.unit) == (4, "weeks")
    assert (extension.previous_due_date, extension.new_due_date) == (
        date(2026, 3, 30),
        date(2026, 4, 28),
    )
    assert extension.notified_on == date(2026, 3, 20)
    assert extension.created_by == worker.user
    event = case.events.get(kind=EventKind.EXTENDED)
    assert event.due_date == date(2026, 4, 28) and event.is_public
    assert event.data["previous_due_date"] == "2026-03-30"

    to_citizen = Notification.objects.get(reference=f"case:{case.pk}", template_key="extension")
    assert (to_citizen.channel, to_citizen.recipient) == (NoticeChannel.EMAIL, CITIZEN_EMAIL)
    assert to_citizen.context["due_date"] == "2026-04-28"
    assert to_citizen.context["previous_due_date"] == "2026-03-30"
    assert to_citizen.context["reason"] == "Advies van de afdeling nodig."
    # Awb 9:11 lid 2: the person complained about is told in writing as well.
    to_accused = Notification.objects.get(
        reference=f"case:{case.pk}", template_key="extension_accused"
    )
    assert (to_accused.channel, to_accused.recipient) == (NoticeChannel.EMAIL, ACCUSED_EMAIL)
    assert to_accused.context["due_date"] == "2026-04-28"


def test_extension_notice_goes_by_letter_without_an_email_address(world):
    case = submit_case(
        "complaint", team=world.team, citizen_email="", citizen_address="Dorpsstraat 1"
    )
    extend(case, world.actors["caseworker"], 2)
    notice = Notification.objects.get(reference=f"case:{case.pk}", template_key="extension")
    assert notice.channel == NoticeChannel.LETTER


def test_avg_extension_counts_months_from_the_end_of_the_first(world, clock):
    """Received Tuesday 1 September 2026: due Thursday 1 October; 2 months more: Tuesday
    1 December 2026. No notice to anyone complained about outside complaints."""
    case = submit_case(
        "privacy_request", team=world.team, digid_bsn=DIGID_BSN, received_at=at(date(2026, 9, 1))
    )
    assert case.due_date == date(2026, 10, 1)
    clock.set(date(2026, 9, 20))
    extend(case, world.actors["caseworker"], 2)
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 12, 1)
    refs = Notification.objects.filter(reference=f"case:{case.pk}")
    assert set(refs.values_list("template_key", flat=True)) == {"receipt", "extension"}
