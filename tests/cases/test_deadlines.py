"""Term arithmetic: a table of dated examples, each checked by hand against a calendar.

Pure functions, no database: these tests need neither Django nor pytest-django.
"""

import ast
import calendar as stdlib_calendar
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.deadlines import (
    Calendar,
    ExtensionSpec,
    Period,
    SkippedDay,
    Term,
    TermUnit,
    add_months,
    add_term,
    atw_holidays,
    compute_due_date,
    easter_sunday,
    format_date_en,
    format_date_nl,
    format_term_en,
    format_term_nl,
    is_working_day,
    non_working_reason,
    working_days_between,
)

D = date
DAYS = TermUnit.CALENDAR_DAYS
WORKING = TermUnit.WORKING_DAYS
WEEKS = TermUnit.WEEKS
MONTHS = TermUnit.MONTHS

DECREE = "Besluit gelijkstelling dagen Algemene termijnenwet 2026 en 2027"
# The decree days of DESIGN.md §3 that matter for these examples.
DECREES = Calendar(
    decree_days={D(2026, 1, 2): DECREE, D(2026, 5, 15): DECREE, D(2027, 5, 7): DECREE}
)
# A municipal closing day on an ordinary Friday.
CLOSED = Calendar(closing_days={D(2026, 11, 27): "personeelsdag"})
CHRISTMAS_CLOSED = Calendar(
    closing_days={D(2026, 12, 24): "kerstavond", D(2026, 12, 31): "oudejaarsdag"}
)
NONE = Calendar()


# (id, received_on, amount, unit, statutory, calendar, raw_end, due_date, skipped reasons)
CASES = [
    # --- month arithmetic clamps to the end of a shorter month
    ("31jan-1m-sat", D(2026, 1, 31), 1, MONTHS, True, NONE, D(2026, 2, 28), D(2026, 3, 2),
     ["zaterdag", "zondag"]),
    ("31jan-1m-leap-tue", D(2028, 1, 31), 1, MONTHS, True, NONE, D(2028, 2, 29), D(2028, 2, 29),
     []),
    ("15mar-6w", D(2026, 3, 15), 6, WEEKS, True, NONE, D(2026, 4, 26), D(2026, 4, 28),
     ["zondag", "Koningsdag"]),
    # --- weekends
    ("ends-saturday", D(2026, 9, 5), 6, WEEKS, True, NONE, D(2026, 10, 17), D(2026, 10, 19),
     ["zaterdag", "zondag"]),
    ("ends-sunday", D(2026, 6, 7), 14, DAYS, True, NONE, D(2026, 6, 21), D(2026, 6, 22),
     ["zondag"]),
    ("weekend-then-kings-day", D(2026, 3, 14), 6, WEEKS, True, NONE, D(2026, 4, 25),
     D(2026, 4, 28), ["zaterdag", "zondag", "Koningsdag"]),
    # --- Christmas: 25 Dec 2026 is a Friday, 26 Dec a Saturday (named as the holiday)
    ("christmas-2026", D(2026, 11, 13), 6, WEEKS, True, NONE, D(2026, 12, 25), D(2026, 12, 28),
     ["Eerste Kerstdag", "Tweede Kerstdag", "zondag"]),
    # 25 and 26 Dec 2028 are Monday and Tuesday
    ("christmas-2028", D(2028, 11, 25), 30, DAYS, True, NONE, D(2028, 12, 25), D(2028, 12, 27),
     ["Eerste Kerstdag", "Tweede Kerstdag"]),
    ("boxing-day-2028", D(2028, 11, 26), 30, DAYS, True, NONE, D(2028, 12, 26), D(2028, 12, 27),
     ["Tweede Kerstdag"]),
    # --- Easter 2027 (Easter Sunday 28 March)
    ("good-friday-2027", D(2027, 2, 26), 4, WEEKS, True, NONE, D(2027, 3, 26), D(2027, 3, 30),
     ["Goede Vrijdag", "zaterdag", "zondag", "Tweede Paasdag"]),
    ("easter-monday-2027", D(2027, 3, 22), 7, DAYS, True, NONE, D(2027, 3, 29), D(2027, 3, 30),
     ["Tweede Paasdag"]),
    # --- 5 May every year, also outside lustrum years
    ("5may-2026-tue", D(2026, 4, 21), 14, DAYS, True, NONE, D(2026, 5, 5), D(2026, 5, 6),
     ["Bevrijdingsdag"]),
    # 5 May 2027 is a Wednesday, 6 May Ascension Day, 7 May a decree day
    ("5may-2027-no-decrees", D(2027, 4, 7), 4, WEEKS, True, NONE, D(2027, 5, 5), D(2027, 5, 7),
     ["Bevrijdingsdag", "Hemelvaartsdag"]),
    ("5may-2027-decrees", D(2027, 4, 7), 4, WEEKS, True, DECREES, D(2027, 5, 5), D(2027, 5, 10),
     ["Bevrijdingsdag", "Hemelvaartsdag", f"gelijkgestelde dag ({DECREE})", "zaterdag",
      "zondag"]),
    # --- decree day Friday 15 May 2026 (the day after Ascension)
    ("decree-day", D(2026, 4, 17), 4, WEEKS, True, DECREES, D(2026, 5, 15), D(2026, 5, 18),
     [f"gelijkgestelde dag ({DECREE})", "zaterdag", "zondag"]),
    ("decree-day-not-loaded", D(2026, 4, 17), 4, WEEKS, True, NONE, D(2026, 5, 15),
     D(2026, 5, 15), []),
    ("decree-day-service-norm", D(2026, 4, 17), 4, WEEKS, False, DECREES, D(2026, 5, 15),
     D(2026, 5, 18), [f"gelijkgestelde dag ({DECREE})", "zaterdag", "zondag"]),
    # --- municipal closing day, Friday 27 November 2026
    ("closing-day-statutory", D(2026, 11, 13), 2, WEEKS, True, CLOSED, D(2026, 11, 27),
     D(2026, 11, 27), []),
    ("closing-day-service-weeks", D(2026, 11, 13), 2, WEEKS, False, CLOSED, D(2026, 11, 27),
     D(2026, 11, 30), ["sluitingsdag: personeelsdag", "zaterdag", "zondag"]),
    ("question-5wd", D(2026, 11, 23), 5, WORKING, False, NONE, D(2026, 11, 30), D(2026, 11, 30),
     ["zaterdag", "zondag"]),
    ("question-5wd-closing", D(2026, 11, 23), 5, WORKING, False, CLOSED, D(2026, 12, 1),
     D(2026, 12, 1), ["sluitingsdag: personeelsdag", "zaterdag", "zondag"]),
    ("statutory-5wd-closing", D(2026, 11, 23), 5, WORKING, True, CLOSED, D(2026, 11, 30),
     D(2026, 11, 30), ["zaterdag", "zondag"]),
    # --- working days across Christmas and New Year
    ("question-christmas", D(2026, 12, 23), 5, WORKING, False, NONE, D(2026, 12, 31),
     D(2026, 12, 31), ["Eerste Kerstdag", "Tweede Kerstdag", "zondag"]),
    ("question-christmas-closed", D(2026, 12, 23), 5, WORKING, False, CHRISTMAS_CLOSED,
     D(2027, 1, 5), D(2027, 1, 5),
     ["sluitingsdag: kerstavond", "Eerste Kerstdag", "Tweede Kerstdag", "zondag",
      "sluitingsdag: oudejaarsdag", "Nieuwjaarsdag", "zaterdag", "zondag"]),
    ("question-new-year-decree", D(2025, 12, 23), 5, WORKING, False, DECREES, D(2026, 1, 5),
     D(2026, 1, 5),
     ["Eerste Kerstdag", "Tweede Kerstdag", "zaterdag", "zondag", "Nieuwjaarsdag",
      f"gelijkgestelde dag ({DECREE})", "zaterdag", "zondag"]),
    # --- Atw art. 4: no shift for terms longer than 3 months / 12 weeks / 90 days
    ("6m-sunday-no-shift", D(2026, 3, 20), 6, MONTHS, True, NONE, D(2026, 9, 20), D(2026, 9, 20),
     []),
    ("6m-sunday-service-norm", D(2026, 3, 20), 6, MONTHS, False, NONE, D(2026, 9, 20),
     D(2026, 9, 21), ["zondag"]),
    ("3m-sunday-shift", D(2026, 3, 7), 3, MONTHS, True, NONE, D(2026, 6, 7), D(2026, 6, 8),
     ["zondag"]),
    ("13w-sunday-no-shift", D(2026, 3, 8), 13, WEEKS, True, NONE, D(2026, 6, 7), D(2026, 6, 7),
     []),
    ("12w-sunday-shift", D(2026, 3, 15), 12, WEEKS, True, NONE, D(2026, 6, 7), D(2026, 6, 8),
     ["zondag"]),
    ("91d-sunday-no-shift", D(2026, 3, 8), 91, DAYS, True, NONE, D(2026, 6, 7), D(2026, 6, 7),
     []),
    ("90d-sunday-shift", D(2026, 3, 9), 90, DAYS, True, NONE, D(2026, 6, 7), D(2026, 6, 8),
     ["zondag"]),
]  # fmt: skip


@pytest.mark.parametrize(
    ("received", "amount", "unit", "statutory", "cal", "raw_end", "due", "reasons"),
    [pytest.param(*row[1:], id=row[0]) for row in CASES],
)
def test_compute_due_date(received, amount, unit, statutory, cal, raw_end, due, reasons):
    result = compute_due_date(
        received_on=received, term=Term(amount, unit), calendar=cal, statutory=statutory
    )
    assert result.first_day == received + timedelta(days=1)
    assert result.raw_end == raw_end
    assert result.due_date == due
    assert [s.reason for s in result.skipped] == reasons
    assert [s.day for s in result.skipped] == sorted(s.day for s in result.skipped)
    assert result.shifted == (due != raw_end and unit is not WORKING)
    assert is_working_day(due, cal, service_norm=not statutory) or due == raw_end
    assert result.steps[-1].code == "result"
    assert result.steps[-1].day == due
    assert format_date_nl(due) in result.steps[-1].text_nl
    assert format_date_en(due) in result.steps[-1].text_en


def test_weekdays_of_the_examples():
    # The calendar facts the table relies on.
    assert D(2026, 2, 28).weekday() == 5  # Saturday
    assert D(2028, 2, 29).weekday() == 1  # Tuesday
    assert D(2026, 5, 5).weekday() == 1  # Tuesday
    assert D(2027, 5, 5).weekday() == 2  # Wednesday
    assert D(2026, 5, 15).weekday() == 4  # Friday
    assert D(2026, 11, 23).weekday() == 0  # Monday
    assert D(2026, 9, 20).weekday() == 6  # Sunday
    assert D(2026, 6, 7).weekday() == 6  # Sunday


# --- steps -----------------------------------------------------------------------------------


def codes(result):
    return [step.code for step in result.steps]


def test_steps_month_clamp_with_weekend_shift():
    result = compute_due_date(
        received_on=D(2026, 1, 31),
        term=Term(1, MONTHS),
        calendar=NONE,
        statutory=True,
        legal_basis="AVG art. 12 lid 3",
    )
    assert codes(result) == ["received", "first_day", "term", "raw_end", "skip", "skip", "result"]
    assert result.steps[0].text_nl == "Ontvangen op zaterdag 31 januari 2026."
    assert result.steps[1].day == D(2026, 2, 1)
    assert "1 maand" in result.steps[2].text_nl
    assert "AVG art. 12 lid 3" in result.steps[2].text_nl
    assert "1 month" in result.steps[2].text_en
    assert result.steps[3].text_nl == "Einde van de termijn: zaterdag 28 februari 2026."
    assert "zaterdag" in result.steps[4].text_nl
    assert "Sunday" in result.steps[5].text_en
    assert result.steps[-1].text_nl == "Uiterste datum: maandag 2 maart 2026."
    assert result.steps[-1].text_en == "Due date: Monday 2 March 2026."
    assert result.skipped == (
        SkippedDay(D(2026, 2, 28), "zaterdag"),
        SkippedDay(D(2026, 3, 1), "zondag"),
    )


def test_steps_working_days_are_summarised():
    result = compute_due_date(
        received_on=D(2026, 12, 23), term=Term(5, WORKING), calendar=NONE, statutory=False
    )
    assert codes(result) == ["received", "first_day", "term", "working_days", "raw_end", "result"]
    assert "5 werkdagen" in result.steps[2].text_nl
    assert "servicenorm" in result.steps[2].text_nl
    summary = result.steps[3].text_nl
    assert "vrijdag 25 december 2026 (Eerste Kerstdag)" in summary
    assert "zondag 27 december 2026 (zondag)" in summary
    assert "Friday 25 December 2026 (Christmas Day)" in result.steps[3].text_en
    assert not result.shifted


def test_steps_decree_day_is_named():
    result = compute_due_date(
        received_on=D(2026, 4, 17), term=Term(4, WEEKS), calendar=DECREES, statutory=True
    )
    assert codes(result) == [
        "received", "first_day", "term", "raw_end", "skip", "skip", "skip", "result",
    ]  # fmt: skip
    assert DECREE in result.steps[4].text_nl
    assert "day declared equal to a holiday" in result.steps[4].text_en
    assert "gelijkgestelde dag" in result.skipped[0].reason
    assert result.steps[4].day == D(2026, 5, 15)
    assert "maandag 18 mei 2026" in result.steps[-1].text_nl


def test_steps_closing_day_for_service_norm():
    result = compute_due_date(
        received_on=D(2026, 11, 23), term=Term(5, WORKING), calendar=CLOSED, statutory=False
    )
    assert "sluitingsdag" in result.skipped[0].reason
    assert "sluitingsdag: personeelsdag" in result.steps[3].text_nl
    assert "closing day: personeelsdag" in result.steps[3].text_en


def test_complaint_with_extension():
    # Awb 9:11: 6 weeks, extended once by at most 4 weeks.
    result = compute_due_date(
        received_on=D(2026, 3, 2),
        term=Term(6, WEEKS),
        calendar=NONE,
        statutory=True,
        legal_basis="Awb 9:11",
        extensions=[ExtensionSpec(Term(4, WEEKS), reason="hoorzitting", notified_on=D(2026, 4, 1))],
    )
    assert result.raw_end == D(2026, 4, 13)
    assert result.due_date == D(2026, 5, 11)
    assert codes(result) == ["received", "first_day", "term", "raw_end", "extension", "result"]
    ext = result.steps[4]
    assert ext.day == D(2026, 5, 11)
    assert "4 weken" in ext.text_nl
    assert "hoorzitting" in ext.text_nl
    assert "kennisgeving op woensdag 1 april 2026" in ext.text_nl
    assert "Extended by 4 weeks" in ext.text_en
    assert "Awb 9:11" in result.steps[2].text_nl


@pytest.mark.parametrize(
    ("received", "raw_end", "due"),
    [
        # 31 Jan + 1 month = Sat 28 Feb (not shifted: the term runs on), + 2 months = Tue 28 Apr
        (D(2026, 1, 31), D(2026, 2, 28), D(2026, 4, 28)),
        (D(2026, 3, 15), D(2026, 4, 15), D(2026, 6, 15)),
        # 30 Sep 2026 + 1 month = Fri 30 Oct, + 2 months = Wed 30 Dec
        (D(2026, 9, 30), D(2026, 10, 30), D(2026, 12, 30)),
    ],
)
def test_avg_request_with_extension(received, raw_end, due):
    # AVG art. 12(3): 1 month, extendable by 2 months; month arithmetic on the running end.
    result = compute_due_date(
        received_on=received,
        term=Term(1, MONTHS),
        calendar=NONE,
        statutory=True,
        extensions=[ExtensionSpec(Term(2, MONTHS), reason="complex verzoek")],
    )
    assert (result.raw_end, result.due_date) == (raw_end, due)
    assert not result.shifted


def test_two_extensions_in_order_and_working_day_extension():
    result = compute_due_date(
        received_on=D(2026, 12, 14),
        term=Term(5, WORKING),
        calendar=NONE,
        statutory=False,
        extensions=[ExtensionSpec(Term(1, WEEKS)), ExtensionSpec(Term(3, WORKING))],
    )
    # Mon 14 Dec + 5 working days = Mon 21 Dec; + 1 week = Mon 28 Dec;
    # + 3 working days = Tue 29, Wed 30, Thu 31 Dec.
    assert result.raw_end == D(2026, 12, 21)
    assert result.due_date == D(2026, 12, 31)
    assert codes(result).count("extension") == 2


def test_working_day_extension_counts_past_holidays():
    result = compute_due_date(
        received_on=D(2026, 12, 16),
        term=Term(5, WORKING),
        calendar=NONE,
        statutory=False,
        extensions=[ExtensionSpec(Term(2, WORKING))],
    )
    # Wed 16 Dec + 5 = Wed 23 Dec; + 2 working days: Thu 24, (25, 26, 27), Mon 28 Dec.
    assert result.raw_end == D(2026, 12, 23)
    assert result.due_date == D(2026, 12, 28)
    assert [s.day for s in result.skipped] == [
        D(2026, 12, 19), D(2026, 12, 20), D(2026, 12, 25), D(2026, 12, 26), D(2026, 12, 27),
    ]  # fmt: skip
    assert "Eerste Kerstdag" in result.steps[-2].text_nl


def test_suspension_moves_the_end_then_shifts():
    # 2 Mar + 1 month = Thu 2 Apr; suspended 10 days => Sun 12 Apr => Mon 13 Apr.
    result = compute_due_date(
        received_on=D(2026, 3, 2),
        term=Term(1, MONTHS),
        calendar=NONE,
        statutory=True,
        suspensions=[Period(D(2026, 3, 10), D(2026, 3, 20), reason="wacht op burger")],
    )
    assert result.raw_end == D(2026, 4, 2)
    assert result.due_date == D(2026, 4, 13)
    assert result.shifted
    assert codes(result) == [
        "received", "first_day", "term", "raw_end", "suspension", "skip", "result",
    ]  # fmt: skip
    suspension = result.steps[4]
    assert "10 dagen" in suspension.text_nl
    assert "wacht op burger" in suspension.text_nl
    assert "dinsdag 10 maart 2026" in suspension.text_nl
    assert suspension.day == D(2026, 4, 12)


def test_overlapping_suspensions_are_counted_once():
    # 10..20 Mar and 15..25 Mar together cover 10..25 Mar: 15 days, not 20.
    result = compute_due_date(
        received_on=D(2026, 3, 2),
        term=Term(1, MONTHS),
        calendar=NONE,
        statutory=True,
        suspensions=[
            Period(D(2026, 3, 15), D(2026, 3, 25), "b"),
            Period(D(2026, 3, 10), D(2026, 3, 20), "a"),
        ],
    )
    assert result.due_date == D(2026, 4, 17)  # Friday
    assert codes(result).count("suspension") == 1
    assert "15 dagen" in result.steps[4].text_nl


def test_separate_suspensions_add_up_after_extensions():
    result = compute_due_date(
        received_on=D(2026, 3, 2),
        term=Term(6, WEEKS),
        calendar=NONE,
        statutory=True,
        extensions=[ExtensionSpec(Term(4, WEEKS))],
        suspensions=[Period(D(2026, 3, 10), D(2026, 3, 12)), Period(D(2026, 4, 1), D(2026, 4, 2))],
    )
    # Mon 11 May + 3 days = Thu 14 May 2026 = Ascension Day, Fri 15 May no decree loaded.
    assert result.due_date == D(2026, 5, 15)
    assert codes(result)[4:] == ["extension", "suspension", "suspension", "skip", "result"]
    assert "2 dagen" in result.steps[5].text_nl
    assert "1 dag;" in result.steps[6].text_nl
    assert "1 day;" in result.steps[6].text_en


def test_long_term_no_shift_step():
    result = compute_due_date(
        received_on=D(2026, 3, 20), term=Term(6, MONTHS), calendar=NONE, statutory=True
    )
    assert codes(result) == ["received", "first_day", "term", "raw_end", "no_shift", "result"]
    assert "Atw art. 4" in result.steps[4].text_nl
    assert not result.shifted
    assert result.skipped == ()


def test_statutory_term_on_closing_day_has_no_skip_step():
    result = compute_due_date(
        received_on=D(2026, 11, 13), term=Term(2, WEEKS), calendar=CLOSED, statutory=True
    )
    assert codes(result) == ["received", "first_day", "term", "raw_end", "result"]
    assert not result.shifted


def test_zero_day_term_on_a_sunday_shifts():
    result = compute_due_date(
        received_on=D(2026, 6, 7), term=Term(0, DAYS), calendar=NONE, statutory=True
    )
    assert result.due_date == D(2026, 6, 8)


# --- holidays ---------------------------------------------------------------------------------


def test_atw_holidays_2026():
    assert atw_holidays(2026) == {
        D(2026, 1, 1): "Nieuwjaarsdag",
        D(2026, 4, 3): "Goede Vrijdag",
        D(2026, 4, 6): "Tweede Paasdag",
        D(2026, 4, 27): "Koningsdag",
        D(2026, 5, 5): "Bevrijdingsdag",
        D(2026, 5, 14): "Hemelvaartsdag",
        D(2026, 5, 25): "Tweede Pinksterdag",
        D(2026, 12, 25): "Eerste Kerstdag",
        D(2026, 12, 26): "Tweede Kerstdag",
    }


def test_atw_holidays_2027():
    assert atw_holidays(2027) == {
        D(2027, 1, 1): "Nieuwjaarsdag",
        D(2027, 3, 26): "Goede Vrijdag",
        D(2027, 3, 29): "Tweede Paasdag",
        D(2027, 4, 27): "Koningsdag",
        D(2027, 5, 5): "Bevrijdingsdag",
        D(2027, 5, 6): "Hemelvaartsdag",
        D(2027, 5, 17): "Tweede Pinksterdag",
        D(2027, 12, 25): "Eerste Kerstdag",
        D(2027, 12, 26): "Tweede Kerstdag",
    }


def test_kings_day_moves_to_saturday_when_27_april_is_a_sunday():
    assert D(2025, 4, 27).weekday() == 6
    holidays_2025 = atw_holidays(2025)
    assert holidays_2025[D(2025, 4, 26)] == "Koningsdag"
    assert D(2025, 4, 27) not in holidays_2025


def test_atw_holidays_returns_a_copy():
    atw_holidays(2026).clear()
    assert len(atw_holidays(2026)) == 9


@pytest.mark.parametrize("year", range(2014, 2061))
def test_atw_holidays_agree_with_the_holidays_package(year):
    holidays = pytest.importorskip("holidays")
    # Compare weekdays only: the package also lists Easter Sunday and Whit Sunday, and the
    # 5 May only every fifth year, where the Atw has it every year.
    theirs = {d for d in holidays.NL(years=year) if d.weekday() != 6} - {D(year, 5, 5)}
    ours = {d for d in atw_holidays(year) if d.weekday() != 6} - {D(year, 5, 5)}
    assert theirs == ours


@given(st.integers(min_value=1583, max_value=4099))
def test_easter_matches_dateutil(year):
    easter = pytest.importorskip("dateutil.easter")
    assert easter_sunday(year) == easter.easter(year)


@pytest.mark.parametrize(
    ("day", "cal", "service_norm", "reason"),
    [
        (D(2026, 5, 5), NONE, True, "Bevrijdingsdag"),
        (D(2027, 5, 5), NONE, False, "Bevrijdingsdag"),
        (D(2026, 5, 15), DECREES, False, f"gelijkgestelde dag ({DECREE})"),
        (D(2026, 5, 15), Calendar(decree_days={D(2026, 5, 15): ""}), False, "gelijkgestelde dag"),
        (D(2026, 11, 27), CLOSED, True, "sluitingsdag: personeelsdag"),
        (D(2026, 11, 27), CLOSED, False, None),
        (D(2026, 11, 27), Calendar(closing_days={D(2026, 11, 27): ""}), True, "sluitingsdag"),
        (D(2026, 11, 28), CLOSED, False, "zaterdag"),
        (D(2026, 11, 29), NONE, False, "zondag"),
        (D(2026, 11, 30), NONE, False, None),
        # a holiday on a weekend is named after the holiday
        (D(2026, 12, 26), NONE, False, "Tweede Kerstdag"),
    ],
)
def test_non_working_reason(day, cal, service_norm, reason):
    assert non_working_reason(day, cal, service_norm=service_norm) == reason
    assert is_working_day(day, cal, service_norm=service_norm) == (reason is None)


# --- add_months / add_term ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
        (D(2028, 1, 31), 1, D(2028, 2, 29)),
        (D(2026, 3, 31), 1, D(2026, 4, 30)),
        (D(2026, 1, 31), 2, D(2026, 3, 31)),
        (D(2026, 12, 15), 1, D(2027, 1, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2026, 3, 31), -1, D(2026, 2, 28)),
        (D(2026, 5, 10), 0, D(2026, 5, 10)),
        (D(2026, 1, 15), 24, D(2028, 1, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


@given(
    st.dates(min_value=D(1900, 1, 1), max_value=D(2200, 12, 31)),
    st.integers(min_value=-120, max_value=120),
)
def test_add_months_properties(day, months):
    result = add_months(day, months)
    assert result.day <= day.day
    assert (result.month - 1) == (day.month - 1 + months) % 12
    assert result.year * 12 + result.month == day.year * 12 + day.month + months
    target_length = stdlib_calendar.monthrange(result.year, result.month)[1]
    if day.day <= target_length:
        assert result.day == day.day  # no clamping when the day exists
    else:
        assert result.day == target_length  # clamped to the end of the shorter month


@pytest.mark.parametrize(
    ("start", "term", "expected"),
    [
        (D(2026, 3, 15), Term(6, WEEKS), D(2026, 4, 26)),
        (D(2026, 3, 15), Term(10, DAYS), D(2026, 3, 25)),
        (D(2026, 1, 31), Term(1, MONTHS), D(2026, 2, 28)),
        (D(2026, 11, 23), Term(5, WORKING), D(2026, 11, 30)),
        (D(2026, 11, 27), Term(1, WORKING), D(2026, 11, 30)),
        (D(2026, 11, 23), Term(0, WORKING), D(2026, 11, 23)),
    ],
)
def test_add_term(start, term, expected):
    assert add_term(start, term, NONE, service_norm=False) == expected


# --- working_days_between ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "cal", "service_norm", "expected"),
    [
        (D(2026, 11, 23), D(2026, 11, 30), NONE, False, 5),
        (D(2026, 11, 30), D(2026, 11, 23), NONE, False, -5),
        (D(2026, 11, 23), D(2026, 11, 23), NONE, False, 0),
        (D(2026, 11, 27), D(2026, 11, 29), NONE, False, 0),  # Friday to Sunday
        (D(2026, 11, 27), D(2026, 11, 30), NONE, False, 1),  # Friday to Monday
        (D(2026, 11, 23), D(2026, 11, 30), CLOSED, True, 4),  # closing day, service norm
        (D(2026, 11, 23), D(2026, 11, 30), CLOSED, False, 5),  # closing day, statutory
        (D(2026, 12, 23), D(2026, 12, 31), NONE, True, 5),
        (D(2025, 12, 31), D(2026, 1, 5), DECREES, False, 1),  # 1 Jan holiday, 2 Jan decree
        (D(2026, 1, 1), D(2026, 12, 31), NONE, False, 253),
    ],
)
def test_working_days_between(start, end, cal, service_norm, expected):
    assert working_days_between(start, end, cal, service_norm=service_norm) == expected


@given(
    st.dates(min_value=D(2020, 1, 1), max_value=D(2030, 12, 31)),
    st.integers(min_value=0, max_value=40),
    st.booleans(),
)
def test_working_days_between_inverts_add_term(start, amount, service_norm):
    cal = Calendar(decree_days=DECREES.decree_days, closing_days=CHRISTMAS_CLOSED.closing_days)
    end = add_term(start, Term(amount, WORKING), cal, service_norm=service_norm)
    assert working_days_between(start, end, cal, service_norm=service_norm) == amount
    assert working_days_between(end, start, cal, service_norm=service_norm) == -amount
    if amount:
        assert is_working_day(end, cal, service_norm=service_norm)


# --- formatting and types ----------------------------------------------------------------------


def test_format_dates():
    assert format_date_nl(D(2026, 12, 11)) == "vrijdag 11 december 2026"
    assert format_date_en(D(2026, 12, 11)) == "Friday 11 December 2026"
    assert format_date_nl(D(2027, 3, 1)) == "maandag 1 maart 2027"
    assert format_date_en(D(2026, 5, 17)) == "Sunday 17 May 2026"


@pytest.mark.parametrize(
    ("term", "nl", "en"),
    [
        (Term(6, WEEKS), "6 weken", "6 weeks"),
        (Term(1, WEEKS), "1 week", "1 week"),
        (Term(1, MONTHS), "1 maand", "1 month"),
        (Term(2, MONTHS), "2 maanden", "2 months"),
        (Term(5, WORKING), "5 werkdagen", "5 working days"),
        (Term(1, WORKING), "1 werkdag", "1 working day"),
        (Term(90, DAYS), "90 dagen", "90 days"),
        (Term(1, DAYS), "1 dag", "1 day"),
    ],
)
def test_format_terms(term, nl, en):
    assert format_term_nl(term) == nl
    assert format_term_en(term) == en


def test_value_types():
    assert TermUnit("working_days") is WORKING
    assert str(TermUnit.MONTHS) == "months"
    assert Period(D(2026, 3, 10), D(2026, 3, 20)).days == 10
    with pytest.raises(ValueError):
        Period(D(2026, 3, 20), D(2026, 3, 10))
    with pytest.raises(ValueError):
        Term(-1, DAYS)


def test_module_does_not_import_django():
    import cases.deadlines

    tree = ast.parse(Path(cases.deadlines.__file__).read_text())
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name and name.split(".")[0] == "django" for name in imported)


@pytest.mark.parametrize("module", ["cases.term_text", "cases.atw"])
def test_the_words_and_the_holidays_of_the_term_engine_import_nothing_of_ours(module):
    """`cases.term_text` (the words) and `cases.atw` (the holidays) sit below `cases.deadlines`
    (issue 20): the standard library only, so the engine imports them without a cycle."""
    import importlib

    tree = ast.parse(Path(importlib.import_module(module).__file__).read_text())
    imported = {
        alias.name.split(".")[0]
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    } | {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= {"__future__", "collections", "dataclasses", "datetime", "functools"}


def test_every_step_of_an_explanation_in_the_order_the_law_applies_them():
    """The stages of `compute_due_date` write one step each, in order: received, first day,
    term, the days not counted, the raw end, an extension, a suspension, the days skipped, the
    result (the codes `cases.explain` and the term command show)."""
    result = compute_due_date(
        received_on=D(2026, 12, 17),
        term=Term(5, WORKING),
        calendar=Calendar(),
        statutory=False,
        suspensions=[Period(D(2027, 1, 4), D(2027, 1, 6), "wacht op de inwoner")],
        extensions=[ExtensionSpec(Term(1, WEEKS), "drukte", D(2026, 12, 20))],
    )
    assert [s.code for s in result.steps] == [
        "received",
        "first_day",
        "term",
        "working_days",
        "raw_end",
        "extension",
        "suspension",
        "skip",
        "skip",
        "result",
    ]
    extension = result.steps[5]
    assert extension.text_nl == (
        "Verlengd met 1 week; reden: drukte; kennisgeving op zondag 20 december 2026; "
        "nieuw einde: donderdag 31 december 2026."
    )
    assert result.steps[-3].text_en == (
        "Saturday 2 January 2027 is not a working day (Saturday): the term runs on."
    )
    assert result.due_date == D(2027, 1, 4)
