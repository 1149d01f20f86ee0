"""Dutch legal term arithmetic (DESIGN.md §3). Pure Python: no Django, no database.

A term starts the day after receipt and is counted in calendar days, weeks, months or working
days. A statutory term that ends on a Saturday, Sunday or public holiday moves to the next day
that is none of these (Algemene termijnenwet, Atw art. 1), except for long terms (Atw art. 4).
The municipality's own closing days move only its service norms, never a statutory term.
The holidays themselves are computed in `cases.atw`, the words in `cases.term_text`.
For AVG art. 12(3) terms EU Regulation 1182/71 gives the same next-working-day result.
"""

from __future__ import annotations

import calendar as _calendar
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from cases import term_text as text
from cases.atw import atw_holidays as atw_holidays
from cases.atw import easter_sunday as easter_sunday
from cases.atw import holiday_name

# The words live in `cases.term_text` (below this module); these names stay importable from here.
from cases.term_text import Step as Step
from cases.term_text import format_date_en as format_date_en
from cases.term_text import format_date_nl as format_date_nl
from cases.term_text import format_term_en as format_term_en
from cases.term_text import format_term_nl as format_term_nl

ONE_DAY = timedelta(days=1)


class TermUnit(enum.StrEnum):
    CALENDAR_DAYS = "calendar_days"
    WORKING_DAYS = "working_days"
    WEEKS = "weeks"
    MONTHS = "months"


@dataclass(frozen=True)
class Term:
    amount: int
    unit: TermUnit

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise ValueError(f"a term cannot be negative: {self.amount}")


@dataclass(frozen=True)
class Calendar:
    """Days the caller loads from the database; the value is the reason shown to users."""

    # Atw art. 3 lid 3: days declared equal to a holiday by royal decree; value = the decree.
    decree_days: Mapping[date, str] = field(default_factory=dict)
    # The municipality's own closing days; they count only for service norms.
    closing_days: Mapping[date, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Period:
    """A suspension from `start` (inclusive) to `end` (exclusive)."""

    start: date
    end: date
    reason: str = ""

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"suspension ends before it starts: {self.start} .. {self.end}")

    @property
    def days(self) -> int:
        return (self.end - self.start).days


@dataclass(frozen=True)
class ExtensionSpec:
    term: Term
    reason: str = ""
    notified_on: date | None = None


@dataclass(frozen=True)
class SkippedDay:
    day: date
    reason: str


@dataclass(frozen=True)
class TermResult:
    due_date: date
    raw_end: date
    first_day: date
    skipped: tuple[SkippedDay, ...]
    steps: tuple[Step, ...]
    shifted: bool


# --- Working days -----------------------------------------------------------------------------


def _reason(day: date, cal: Calendar, service_norm: bool) -> tuple[str, str] | None:
    """(Dutch, English) reason why `day` is not a working day, or None."""
    holiday = holiday_name(day)
    if holiday:
        return text.holiday_reason(holiday)
    if day in cal.decree_days:
        # Atw art. 3 lid 3: a decree day counts as a holiday, for statutory terms and service
        # norms alike.
        return text.decree_reason(cal.decree_days[day])
    if day.weekday() >= 5:
        return text.weekend_reason(day)
    if service_norm and day in cal.closing_days:
        # Not for statutory terms: for the law a closing day that is no Atw holiday is an
        # ordinary working day.
        return text.closing_reason(cal.closing_days[day])
    return None


def non_working_reason(day: date, calendar: Calendar, *, service_norm: bool) -> str | None:
    """Short Dutch reason why `day` is no working day ('zaterdag', 'Goede Vrijdag', ...)."""
    reason = _reason(day, calendar, service_norm)
    return reason[0] if reason else None


def is_working_day(day: date, calendar: Calendar, *, service_norm: bool) -> bool:
    return _reason(day, calendar, service_norm) is None


def _count_working_days(
    start: date, count: int, cal: Calendar, service_norm: bool
) -> tuple[date, list[tuple[date, tuple[str, str]]]]:
    """The `count`-th working day after `start`, and the days passed over with their
    (Dutch, English) reasons."""
    day, passed = start, []
    while count > 0:
        day += ONE_DAY
        reason = _reason(day, cal, service_norm)
        if reason is None:
            count -= 1
        else:
            passed.append((day, reason))
    return day, passed


def working_days_between(start: date, end: date, calendar: Calendar, *, service_norm: bool) -> int:
    """Number of working days d with start < d <= end; negated when end < start."""
    if end < start:
        return -working_days_between(end, start, calendar, service_norm=service_norm)
    return sum(
        is_working_day(start + timedelta(days=n), calendar, service_norm=service_norm)
        for n in range(1, (end - start).days + 1)
    )


# --- Term arithmetic --------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` plus `months`, clamped to the end of a shorter month (31 Jan + 1 = 28/29 Feb)."""
    year, month0 = divmod(day.year * 12 + day.month - 1 + months, 12)
    last = _calendar.monthrange(year, month0 + 1)[1]
    return date(year, month0 + 1, min(day.day, last))


def add_term(start: date, term: Term, calendar: Calendar, *, service_norm: bool) -> date:
    """Raw end of `term` counted from `start` (the day of receipt), without the Atw shift."""
    if term.unit is TermUnit.WORKING_DAYS:
        return _count_working_days(start, term.amount, calendar, service_norm)[0]
    if term.unit is TermUnit.MONTHS:
        return add_months(start, term.amount)
    days = term.amount * 7 if term.unit is TermUnit.WEEKS else term.amount
    return start + timedelta(days=days)


def _is_long_term(term: Term) -> bool:
    # Atw art. 4 lid 1: articles 1 and 2 do not apply to terms longer than 3 months, 12 weeks or
    # 90 days (DESIGN.md §3). Working-day terms end on a working day by construction.
    limits = {TermUnit.MONTHS: 3, TermUnit.WEEKS: 12, TermUnit.CALENDAR_DAYS: 90}
    limit = limits.get(term.unit)
    return limit is not None and term.amount > limit


def _merge(periods: Sequence[Period]) -> list[Period]:
    """Merge overlapping or touching suspensions so that no day is counted twice."""
    merged: list[Period] = []
    for period in sorted(periods, key=lambda p: (p.start, p.end)):
        if merged and period.start <= merged[-1].end:
            last = merged[-1]
            reasons = [r for r in (last.reason, period.reason) if r]
            merged[-1] = Period(
                last.start, max(last.end, period.end), "; ".join(dict.fromkeys(reasons))
            )
        else:
            merged.append(period)
    return merged


# --- The due date, stage by stage -------------------------------------------------------------


@dataclass
class _Derivation:
    """One computation under way: its inputs, the end reached so far, the days passed over and
    the explanation written so far. Each stage of `_STAGES` moves it on."""

    received_on: date
    term: Term
    calendar: Calendar
    statutory: bool
    legal_basis: str
    suspensions: Sequence[Period]
    extensions: Sequence[ExtensionSpec]
    end: date
    raw_end: date | None = None
    shifted: bool = False
    steps: list[Step] = field(default_factory=list)
    skipped: list[SkippedDay] = field(default_factory=list)

    @property
    def service_norm(self) -> bool:
        return not self.statutory

    @property
    def first_day(self) -> date:
        return self.received_on + ONE_DAY

    def pass_over(self, passed: Sequence[tuple[date, text.Reason]]) -> None:
        """Keep the days a count passed over, with their Dutch reasons."""
        self.skipped += [SkippedDay(day, reason[0]) for day, reason in passed]


def _open(d: _Derivation) -> None:
    """Received, the first day, and which term runs on what basis."""
    d.steps += [
        text.received_step(d.received_on),
        text.first_day_step(d.first_day),
        text.term_step(d.term, statutory=d.statutory, legal_basis=d.legal_basis),
    ]


def _base_end(d: _Derivation) -> None:
    """The raw end of the base term (working days counted past the days that do not count)."""
    if d.term.unit is TermUnit.WORKING_DAYS:
        raw_end, passed = _count_working_days(
            d.received_on, d.term.amount, d.calendar, d.service_norm
        )
        d.pass_over(passed)
        if passed:
            d.steps.append(text.not_counted_step(passed))
    else:
        raw_end = add_term(d.received_on, d.term, d.calendar, service_norm=d.service_norm)
    d.steps.append(text.raw_end_step(raw_end))
    d.raw_end = d.end = raw_end


def _extended_end(d: _Derivation) -> None:
    """Each extension runs from the end reached so far (Awb 9:11 lid 2: 6 + 4 weeks; AVG
    art. 12(3): 1 + 2 months, month arithmetic from the end of the first month)."""
    for ext in d.extensions:
        passed: list[tuple[date, text.Reason]] = []
        if ext.term.unit is TermUnit.WORKING_DAYS:
            d.end, passed = _count_working_days(d.end, ext.term.amount, d.calendar, d.service_norm)
            d.pass_over(passed)
        else:
            d.end = add_term(d.end, ext.term, d.calendar, service_norm=d.service_norm)
        d.steps.append(
            text.extension_step(
                ext.term, d.end, passed=passed, reason=ext.reason, notified_on=ext.notified_on
            )
        )


def _suspended_end(d: _Derivation) -> None:
    """A suspension moves the end by the calendar days it lasted."""
    for period in _merge(d.suspensions):
        d.end += timedelta(days=period.days)
        days = Term(period.days, TermUnit.CALENDAR_DAYS)
        d.steps.append(text.suspension_step(period.start, period.end, days, period.reason, d.end))


def _next_working_day(d: _Derivation) -> None:
    """Atw art. 1 lid 1: a statutory term ending on a Saturday, Sunday or holiday runs until the
    next day that is none of these. Service norms move past closing days as well."""
    reason = _reason(d.end, d.calendar, d.service_norm)
    if reason is not None and d.statutory and _is_long_term(d.term):
        d.steps.append(text.no_shift_step(d.end, reason))
        reason = None
    d.shifted = reason is not None
    while reason is not None:
        d.skipped.append(SkippedDay(d.end, reason[0]))
        d.steps.append(text.skip_step(d.end, reason))
        d.end += ONE_DAY
        reason = _reason(d.end, d.calendar, d.service_norm)


def _result(d: _Derivation) -> None:
    """The due date, as the last line."""
    d.steps.append(text.result_step(d.end))


# The stages in the order the law applies them: the base term, then each extension from the
# running end, then the (merged) suspensions, then the shift to the next working day. A new kind
# of step goes in as a stage here, with its words in `cases.term_text`.
_STAGES = (_open, _base_end, _extended_end, _suspended_end, _next_working_day, _result)


def compute_due_date(
    *,
    received_on: date,
    term: Term,
    calendar: Calendar,
    statutory: bool,
    legal_basis: str = "",
    suspensions: Sequence[Period] = (),
    extensions: Sequence[ExtensionSpec] = (),
) -> TermResult:
    """The last day on which the municipality can act in time, with its derivation.

    Order: raw end of the base term, then each extension from the running end, then the
    (merged) suspensions, then the shift to the next working day.
    """
    d = _Derivation(
        received_on=received_on,
        term=term,
        calendar=calendar,
        statutory=statutory,
        legal_basis=legal_basis,
        suspensions=suspensions,
        extensions=extensions,
        end=received_on,
    )
    for stage in _STAGES:
        stage(d)
    unique = {s.day: s for s in d.skipped}  # counting ranges never overlap; this is a safeguard
    return TermResult(
        due_date=d.end,
        raw_end=d.raw_end,
        first_day=d.first_day,
        skipped=tuple(unique[day] for day in sorted(unique)),
        steps=tuple(d.steps),
        shifted=d.shifted,
    )
