"""Deadlines people can trust: explained, recomputed when the calendar changes, local dates,
every notice on the record."""

from __future__ import annotations

import io
import zipfile
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from cases import services
from cases.explain import explain_case_due_date
from cases.models import (
    CalendarChange,
    CalendarChangeStatus,
    Case,
    CaseEvent,
    CaseStatus,
    ClosingDay,
    DecreeDay,
    EventKind,
)
from cases.services.calendar import calendar_change_apply, calendar_day_add, calendar_day_remove
from cases.services.deadlines import term_for_received
from notifications.models import NoticeChannel, Notification, NotificationStatus
from tests.factories import DIGID_BSN, bulk_cases, submit_case

pytestmark = pytest.mark.django_db
AMS = ZoneInfo("Europe/Amsterdam")


# --- Every due date explains itself --------------------------------------------------------------


@pytest.mark.parametrize(
    "code, received, language, due, fragments",
    [
        # Weekend: 6 weeks from Fri 2026-12-11 is Fri 22 Jan; the month-clamp case lands on Sat.
        (
            "privacy_request",
            date(2026, 1, 31),
            "nl",
            date(2026, 3, 2),
            ["zaterdag 28 februari 2026", "maandag 2 maart 2026"],
        ),
        # Holiday: a complaint of 2026-03-02 ends on Easter Monday 13 April? (6 weeks = 13 April)
        ("complaint", date(2026, 3, 2), "nl", date(2026, 4, 13), ["Awb 9:11", "6 weken"]),
        # Decree day: 1 month from 2026-04-15 is Fri 15 May 2026, declared equal to a holiday.
        (
            "privacy_request",
            date(2026, 4, 15),
            "nl",
            date(2026, 5, 18),
            ["Besluit gelijkstelling dagen Atw 2026", "maandag 18 mei 2026"],
        ),
        # English.
        (
            "question",
            date(2026, 12, 23),
            "en",
            date(2026, 12, 31),
            ["Christmas Day", "Boxing Day", "Thursday 31 December 2026"],
        ),
    ],
)
def test_explanations(code, received, language, due, fragments):
    case = submit_case(
        code,
        received_at=datetime.combine(received, datetime.min.time(), AMS) + timedelta(hours=10),
        digid_bsn=DIGID_BSN,  # filed with DigiD: no wait for identification in these terms
    )
    explanation = explain_case_due_date(case, language=language)
    text = " ".join(explanation.lines)
    assert case.due_date == due
    for fragment in fragments:
        assert fragment in text
    assert explanation.lines[-1].endswith(explanation.due_date_text + ".")


def test_explanation_names_closing_day_extension_and_suspension():
    ClosingDay.objects.create(date=date(2026, 3, 5), reason="Personeelsdag")
    question = submit_case("question", received_at=datetime(2026, 3, 2, 10, tzinfo=AMS))
    lines = " ".join(explain_case_due_date(question).lines)
    assert "sluitingsdag: Personeelsdag" in lines
    assert question.due_date == date(2026, 3, 10)  # Tue..Mon with Thursday 5 closed

    from cases.models import Role
    from tests.factories import make_staff

    case = submit_case(
        "privacy_request", digid_bsn=DIGID_BSN
    )  # today: still inside the first month
    actor = make_staff(Role.COORDINATOR)[1]
    case = services.case_take(case=case, actor=actor)
    case = services.case_extend(case=case, actor=actor, amount=1, reason="Veel documenten")
    lines = " ".join(explain_case_due_date(case).lines)
    assert "Verlengd met 1 maand" in lines and "Veel documenten" in lines


def test_term_command_explains_and_ends_with_the_date():
    from django.core.management import call_command

    out = io.StringIO()
    call_command("term", "privacy_request", "2026-04-15", "--explain", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[-1] == "2026-05-18"
    assert any("Besluit gelijkstelling" in line for line in lines)


# --- Local dates -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "utc, received_local",
    [
        # 00:30 on Saturday in Amsterdam is still Friday in UTC.
        (datetime(2026, 11, 27, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 11, 28)),
        (datetime(2026, 11, 27, 22, 59, tzinfo=ZoneInfo("UTC")), date(2026, 11, 27)),
        # Spring forward (29 March 2026, 02:00 → 03:00): 22:30 UTC Saturday is Sunday 00:30.
        (datetime(2026, 3, 28, 23, 30, tzinfo=ZoneInfo("UTC")), date(2026, 3, 29)),
        (datetime(2026, 3, 29, 22, 30, tzinfo=ZoneInfo("UTC")), date(2026, 3, 30)),
        # Fall back (25 October 2026, 03:00 → 02:00): CEST until 01:00 UTC, then CET.
        (datetime(2026, 10, 24, 22, 30, tzinfo=ZoneInfo("UTC")), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 22, 59, tzinfo=ZoneInfo("UTC")), date(2026, 10, 25)),
        (datetime(2026, 10, 25, 23, 0, tzinfo=ZoneInfo("UTC")), date(2026, 10, 26)),
        # New Year: 23:30 UTC on 31 December is 00:30 on New Year's Day in Amsterdam.
        (datetime(2026, 12, 31, 23, 30, tzinfo=ZoneInfo("UTC")), date(2027, 1, 1)),
    ],
)
def test_receipt_date_is_the_amsterdam_calendar_date(utc, received_local):
    case = submit_case("complaint", received_at=utc)
    expected = term_for_received(case_type=case.case_type, received=received_local).due_date
    assert case.due_date == expected
    assert case.number.startswith(f"LDZ-{received_local.year}-")
    explanation = " ".join(explain_case_due_date(case).lines)
    from cases.deadlines import format_date_nl

    assert format_date_nl(received_local) in explanation


def test_new_years_eve_numbers_follow_the_local_year():
    late = submit_case(
        "question", received_at=datetime(2026, 12, 31, 22, 59, tzinfo=ZoneInfo("UTC"))
    )
    early = submit_case(
        "question", received_at=datetime(2026, 12, 31, 23, 1, tzinfo=ZoneInfo("UTC"))
    )
    assert late.number.startswith("LDZ-2026-") and early.number.startswith("LDZ-2027-")


# --- Calendar changes reach open cases -------------------------------------------------------


def _expected_changes(decree_day: date) -> dict[int, date]:
    """Recompute every open case independently with the new calendar."""
    changes = {}
    for case in Case.objects.filter(status__in=["in_progress", "received"]).select_related(
        "case_type"
    ):
        new = term_for_received(
            case_type=case.case_type, received=timezone.localdate(case.received_at)
        ).due_date
        if new != case.due_date:
            changes[case.pk] = (case.due_date, new)
    return changes


def test_adding_a_decree_day_recomputes_exactly_the_affected_cases(
    django_capture_on_commit_callbacks,
):
    bulk_cases(
        2400,
        codes=["complaint", "privacy_request", "question", "woo_request"],
        start=date(2027, 1, 4),
        spread_days=120,
    )
    bulk_cases(
        300, codes=["complaint"], start=date(2027, 1, 4), spread_days=120, status=CaseStatus.CLOSED
    )
    day = date(2027, 3, 12)  # a Friday
    DecreeDay.objects.create(date=day, decree="Besluit test")  # what the engine will see
    expected = _expected_changes(day)
    DecreeDay.objects.filter(date=day).delete()
    assert 50 < len(expected) < 2400

    with django_capture_on_commit_callbacks(execute=True):  # the job runs (eagerly) after commit
        change = calendar_day_add(kind="decree", day=day, description="Besluit test")
    change.refresh_from_db()
    assert change.status == CalendarChangeStatus.DONE
    assert change.changed_cases == len(expected)
    events = CaseEvent.objects.filter(kind=EventKind.DUE_DATE_CHANGED)
    assert {e.case_id for e in events} == set(expected)
    for event in events:
        old, new = expected[event.case_id]
        assert event.data["old"] == old.isoformat() and event.data["new"] == new.isoformat()
        assert "gelijkgestelde dag 12-03-2027 toegevoegd" in event.reason
    # Every moved date moved later here, so every citizen is told, once.
    notices = Notification.objects.filter(template_key="due_date_moved")
    assert notices.count() == len(expected)
    for pk, (_old, new) in expected.items():
        case = Case.objects.get(pk=pk)
        assert case.due_date == new and case.promised_due_date == new
    # Closed cases untouched; running the job again changes nothing.
    assert not CaseEvent.objects.filter(
        case__status=CaseStatus.CLOSED, kind=EventKind.DUE_DATE_CHANGED
    ).exists()
    again = calendar_change_apply(change=change)
    assert again.changed_cases == 0


def test_closing_day_touches_only_service_norm_cases(django_capture_on_commit_callbacks):
    bulk_cases(400, codes=["question", "complaint"], start=date(2027, 2, 1), spread_days=20)
    with django_capture_on_commit_callbacks(execute=True):
        calendar_day_add(kind="closing", day=date(2027, 2, 10), description="Verhuizing")
    moved = Case.objects.filter(events__kind=EventKind.DUE_DATE_CHANGED).distinct()
    assert moved.exists()
    assert set(moved.values_list("case_type__code", flat=True)) == {"question"}


def test_removing_a_day_never_moves_a_promised_date_earlier(django_capture_on_commit_callbacks):
    day = date(2027, 3, 12)
    DecreeDay.objects.create(date=day, decree="Besluit test")
    cases = bulk_cases(
        300, codes=["privacy_request", "question"], start=date(2027, 2, 1), spread_days=40
    )
    promised = {c.pk: c.promised_due_date for c in cases}
    with django_capture_on_commit_callbacks(execute=True):
        change = calendar_day_remove(kind="decree", day=day)
    change.refresh_from_db()
    assert change.changed_cases > 0
    for case in Case.objects.filter(pk__in=promised):
        assert case.promised_due_date == promised[case.pk]  # kept
        assert case.due_date <= promised[case.pk]  # the computed date may be earlier
    assert not Notification.objects.filter(template_key="due_date_moved").exists()
    moved = CaseEvent.objects.filter(kind=EventKind.DUE_DATE_CHANGED)
    assert moved.count() == change.changed_cases
    assert not moved.filter(is_public=True).exists()


def test_admin_change_goes_through_the_service(admin_client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/cases/decreeday/add/", {"date": "2027-05-14", "decree": "Besluit 2027b"}
        )
    assert response.status_code == 302
    assert DecreeDay.objects.filter(date=date(2027, 5, 14)).exists()
    change = CalendarChange.objects.get(date=date(2027, 5, 14))
    assert change.action == "added" and change.status == CalendarChangeStatus.DONE


# --- Every notice on the record --------------------------------------------------------------


def test_case_without_email_gets_letters_for_every_required_notice(admin_user, client):
    from cases.models import Role
    from cases.selectors.notices import case_notices, notice_state
    from tests.factories import TeamFactory, make_staff

    team = TeamFactory()
    user, actor = make_staff(Role.CASEWORKER, team)
    complaint = submit_case(
        "complaint",
        team=team,
        citizen_email="",
        citizen_address="Kerkstraat 1\n1234 AB Voorbeeldstad",
    )
    complaint = services.case_take(case=complaint, actor=actor)
    complaint = services.case_extend(case=complaint, actor=actor, amount=2, reason="Advies")
    services.case_resolve(
        case=complaint,
        actor=actor,
        outcome="unfounded",
        answer="Antwoord",
        hearing_held=False,
        hearing_waived_reason="Niet gewenst",
    )
    declined = submit_case(
        "complaint",
        team=team,
        citizen_email="",
        citizen_address="Kerkstraat 1\n1234 AB Voorbeeldstad",
    )
    services.case_reject(case=declined, actor=actor, reason="Ouder dan een jaar (Awb 9:8)")
    letters = Notification.objects.filter(channel=NoticeChannel.LETTER)
    assert set(
        letters.filter(reference=f"case:{complaint.pk}").values_list("template_key", flat=True)
    ) == {"receipt", "extension", "resolution"}
    assert set(
        letters.filter(reference=f"case:{declined.pk}").values_list("template_key", flat=True)
    ) == {"receipt", "declined"}
    assert all(letter.recipient.startswith("Anna de Vries\nKerkstraat 1") for letter in letters)

    # The front desk prints one and registers it posted.
    desk_user, _desk = make_staff(Role.FRONT_DESK, team)
    client.force_login(desk_user)
    page = client.get("/werkplek/balie/brieven/").content.decode()
    assert complaint.number in page
    receipt = letters.get(reference=f"case:{complaint.pk}", template_key="receipt")
    download = client.get(f"/werkplek/balie/brieven/{receipt.pk}/brief.docx")
    assert download.status_code == 200
    document = zipfile.ZipFile(io.BytesIO(download.content)).read("word/document.xml").decode()
    assert "Kerkstraat 1" in document and complaint.number in document
    client.post(f"/werkplek/balie/brieven/{receipt.pk}/verstuurd/")
    receipt.refresh_from_db()
    assert receipt.status == NotificationStatus.SENT and receipt.sent_at is not None
    states = {n.template_key: notice_state(notification=n) for n in case_notices(case=complaint)}
    assert states["receipt"] == "per post verstuurd"
    assert states["extension"] == "in de wachtrij"
    # The person complained about is told by e-mail (Awb 9:11 lid 2).
    accused = case_notices(case=complaint).get(template_key="extension_accused")
    assert accused.channel == NoticeChannel.EMAIL


def test_no_address_at_all_is_on_the_record():
    from cases.selectors.notices import case_notices, notice_state

    case = submit_case("question", citizen_email="", citizen_address="")
    notice = case_notices(case=case).get(template_key="receipt")
    assert notice.status == NotificationStatus.NOT_SENT
    assert notice_state(notification=notice) == "niet verstuurd: geen adres bekend"


def test_recompute_leaves_out_only_cases_with_a_running_suspension():
    """Issue 23: the scope is a NOT EXISTS on running suspensions. A case whose clock stands
    still waits for the restart; one whose suspension ended, or that never had one, is in."""
    from cases.models import CalendarChange, Suspension
    from cases.services.calendar import affected_cases

    day = date(2027, 3, 12)
    running, ended, plain = bulk_cases(
        3, codes=["complaint"], start=day - timedelta(days=5), spread_days=1
    )
    Suspension.objects.create(case=running, start=day - timedelta(days=3), reason="Wacht")
    Suspension.objects.create(
        case=ended, start=day - timedelta(days=4), end=day - timedelta(days=2), reason="Wacht"
    )
    Suspension.objects.create(
        case=running, start=day - timedelta(days=5), end=day - timedelta(days=4), reason="Eerder"
    )
    change = CalendarChange(kind="decree", action="added", date=day)
    assert set(affected_cases(change)) == {ended, plain}
