# long: term engine and its explanation steps (text to explain.py: issue 20 step 4, not done)
"""Dutch legal term arithmetic (DESIGN.md §3). Pure Python: no Django, no database.

A term starts the day after receipt and is counted in calendar days, weeks, months or working
days. A statutory term that ends on a Saturday, Sunday or public holiday moves to the next day
that is none of these (Algemene termijnenwet, Atw art. 1), except for long terms (Atw art. 4).
The municipality's own closing days move only its service norms, never a statutory term.
For AVG art. 12(3) terms EU Regulation 1182/71 gives the same next-working-day result.
"""

from __future__ import annotations

import calendar as _calendar
import enum
import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

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
class Step:
    code: str
    text_nl: str
    text_en: str
    day: date | None = None


@dataclass(frozen=True)
class TermResult:
    due_date: date
    raw_end: date
    first_day: date
    skipped: tuple[SkippedDay, ...]
    steps: tuple[Step, ...]
    shifted: bool


# --- Formatting (no locale: servers rarely have nl_NL installed) -------------------------------

_DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
_DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# unit -> (Dutch singular, Dutch plural, English singular, English plural)
_UNIT_WORDS: dict[TermUnit, tuple[str, str, str, str]] = {
    TermUnit.CALENDAR_DAYS: ("dag", "dagen", "day", "days"),
    TermUnit.WORKING_DAYS: ("werkdag", "werkdagen", "working day", "working days"),
    TermUnit.WEEKS: ("week", "weken", "week", "weeks"),
    TermUnit.MONTHS: ("maand", "maanden", "month", "months"),
}


def format_date_nl(d: date) -> str:
    """'vrijdag 11 december 2026'."""
    return f"{_DAYS_NL[d.weekday()]} {d.day} {_MONTHS_NL[d.month - 1]} {d.year}"


def format_date_en(d: date) -> str:
    """'Friday 11 December 2026'."""
    return f"{_DAYS_EN[d.weekday()]} {d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def format_term_nl(term: Term) -> str:
    """'6 weken', '1 maand', '5 werkdagen'."""
    singular, plural, _, _ = _UNIT_WORDS[term.unit]
    return f"{term.amount} {singular if term.amount == 1 else plural}"


def format_term_en(term: Term) -> str:
    """'6 weeks', '1 month', '5 working days'."""
    _, _, singular, plural = _UNIT_WORDS[term.unit]
    return f"{term.amount} {singular if term.amount == 1 else plural}"


# --- Holidays (Atw art. 3) --------------------------------------------------------------------

# Dutch name -> English name, for the English derivation text.
_HOLIDAY_EN = {
    "Nieuwjaarsdag": "New Year's Day",
    "Goede Vrijdag": "Good Friday",
    "Tweede Paasdag": "Easter Monday",
    "Koningsdag": "King's Day",
    "Koninginnedag": "Queen's Day",
    "Bevrijdingsdag": "Liberation Day",
    "Hemelvaartsdag": "Ascension Day",
    "Tweede Pinksterdag": "Whit Monday",
    "Eerste Kerstdag": "Christmas Day",
    "Tweede Kerstdag": "Boxing Day",
}


def easter_sunday(year: int) -> date:
    """Western (Gregorian) Easter Sunday: the anonymous Gregorian algorithm (Meeus/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    weekday_fix = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * weekday_fix) // 451
    month, day0 = divmod(h + weekday_fix - 7 * m + 114, 31)
    return date(year, month, day0 + 1)


def _kings_day(year: int) -> tuple[date, str]:
    # Atw art. 3 lid 1: "de dag waarop de verjaardag van de Koning wordt gevierd". Since 2014
    # 27 April, on Saturday 26 April when the 27th is a Sunday; before that Queen's Day,
    # 30 April (29 April when the 30th was a Sunday).
    day, name = (
        (date(year, 4, 27), "Koningsdag") if year >= 2014 else (date(year, 4, 30), "Koninginnedag")
    )
    if day.weekday() == 6:
        day -= ONE_DAY
    return day, name


@functools.lru_cache(maxsize=64)
def _atw_holidays(year: int) -> Mapping[date, str]:
    easter = easter_sunday(year)
    kings_day, kings_name = _kings_day(year)
    # Easter Sunday and Whit Sunday are always Sundays and need no entry.
    days = {
        date(year, 1, 1): "Nieuwjaarsdag",
        easter - timedelta(days=2): "Goede Vrijdag",  # art. 3 lid 2: equal to a holiday
        easter + timedelta(days=1): "Tweede Paasdag",
        kings_day: kings_name,
        # Atw art. 3: 5 May every year (the `holidays` package marks it only in lustrum years).
        date(year, 5, 5): "Bevrijdingsdag",
        easter + timedelta(days=39): "Hemelvaartsdag",
        easter + timedelta(days=50): "Tweede Pinksterdag",
        date(year, 12, 25): "Eerste Kerstdag",
        date(year, 12, 26): "Tweede Kerstdag",
    }
    return dict(sorted(days.items()))


def atw_holidays(year: int) -> dict[date, str]:
    """The holidays of Atw art. 3 lid 1 and 2 in `year`, with Dutch names (decree days of
    lid 3 come from `Calendar.decree_days`)."""
    return dict(_atw_holidays(year))  # a copy: callers must not mutate the cache


# --- Working days -----------------------------------------------------------------------------


def _reason(day: date, cal: Calendar, service_norm: bool) -> tuple[str, str] | None:
    """(Dutch, English) reason why `day` is not a working day, or None."""
    holiday = _atw_holidays(day.year).get(day)
    if holiday:
        return holiday, _HOLIDAY_EN[holiday]
    if day in cal.decree_days:
        # Atw art. 3 lid 3: a decree day counts as a holiday, for statutory terms and service
        # norms alike.
        decree = cal.decree_days[day]
        suffix_nl = f" ({decree})" if decree else ""
        return f"gelijkgestelde dag{suffix_nl}", f"day declared equal to a holiday{suffix_nl}"
    if day.weekday() >= 5:
        return _DAYS_NL[day.weekday()], _DAYS_EN[day.weekday()]
    if service_norm and day in cal.closing_days:
        # Not for statutory terms: for the law a closing day that is no Atw holiday is an
        # ordinary working day.
        closing = cal.closing_days[day]
        if closing:
            return f"sluitingsdag: {closing}", f"closing day: {closing}"
        return "sluitingsdag", "closing day"
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


def _step(code: str, nl: str, en: str, day: date | None = None, **values: object) -> Step:
    """A derivation line. `{d}` is `day`; date values are formatted per language, (nl, en)
    pairs are picked per language, anything else is inserted as is (never re-parsed)."""

    def pick(value: object, lang: int) -> object:
        if isinstance(value, date):
            return (format_date_nl, format_date_en)[lang](value)
        return value[lang] if isinstance(value, tuple) else value

    if day is not None:
        values.setdefault("d", day)
    texts = [
        t.format(**{k: pick(v, lang) for k, v in values.items()}) for lang, t in enumerate((nl, en))
    ]
    return Step(code, texts[0], texts[1], day)


def _skipped_list(passed: Sequence[tuple[date, tuple[str, str]]]) -> tuple[str, str]:
    nl = ", ".join(f"{format_date_nl(day)} ({reason[0]})" for day, reason in passed)
    en = ", ".join(f"{format_date_en(day)} ({reason[1]})" for day, reason in passed)
    return nl, en


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
    service_norm = not statutory
    skipped: list[SkippedDay] = []
    first_day = received_on + ONE_DAY
    steps = _opening_steps(received_on, first_day, term, statutory, legal_basis)
    raw_end = _base_end(received_on, term, calendar, service_norm, steps, skipped)
    end = _extended_end(raw_end, extensions, calendar, service_norm, steps, skipped)
    end = _suspended_end(end, suspensions, steps)
    due, shifted = _next_working_day(end, term, calendar, statutory, steps, skipped)
    steps.append(_step("result", "Uiterste datum: {d}.", "Due date: {d}.", due))

    unique = {s.day: s for s in skipped}  # counting ranges never overlap; this is a safeguard
    return TermResult(
        due_date=due,
        raw_end=raw_end,
        first_day=first_day,
        skipped=tuple(unique[d] for d in sorted(unique)),
        steps=tuple(steps),
        shifted=shifted,
    )


def _opening_steps(received_on, first_day, term, statutory, legal_basis) -> list:
    """Received, the first day, and which term runs on what basis."""
    kind = (
        ("wettelijke termijn", "statutory term") if statutory else ("servicenorm", "service norm")
    )
    basis = (f", grondslag: {legal_basis}", f", legal basis: {legal_basis}") if legal_basis else ""
    return [
        _step("received", "Ontvangen op {d}.", "Received on {d}.", received_on),
        _step(
            "first_day",
            "Eerste dag van de termijn: {d} (de dag na ontvangst).",
            "First day of the term: {d} (the day after receipt).",
            first_day,
        ),
        _step(
            "term",
            "Termijn: {t} ({k}){b}.",
            "Term: {t} ({k}){b}.",
            t=(format_term_nl(term), format_term_en(term)),
            k=kind,
            b=basis,
        ),
    ]


def _base_end(received_on, term, calendar, service_norm, steps, skipped) -> date:
    """The raw end of the base term (working days counted past the days that do not count)."""
    if term.unit is TermUnit.WORKING_DAYS:
        raw_end, passed = _count_working_days(received_on, term.amount, calendar, service_norm)
        skipped += [SkippedDay(day, reason[0]) for day, reason in passed]
        if passed:
            steps.append(
                _step(
                    "working_days",
                    "Niet meegeteld: {s}.",
                    "Not counted: {s}.",
                    s=_skipped_list(passed),
                )
            )
    else:
        raw_end = add_term(received_on, term, calendar, service_norm=service_norm)
    steps.append(_step("raw_end", "Einde van de termijn: {d}.", "End of the term: {d}.", raw_end))
    return raw_end


def _extended_end(end, extensions, calendar, service_norm, steps, skipped) -> date:
    """Each extension runs from the end reached so far (Awb 9:11 lid 2: 6 + 4 weeks; AVG
    art. 12(3): 1 + 2 months, month arithmetic from the end of the first month)."""
    for ext in extensions:
        extra_nl = extra_en = ""
        if ext.term.unit is TermUnit.WORKING_DAYS:
            end, passed = _count_working_days(end, ext.term.amount, calendar, service_norm)
            skipped += [SkippedDay(day, reason[0]) for day, reason in passed]
            if passed:
                nl, en = _skipped_list(passed)
                extra_nl, extra_en = f"; niet meegeteld: {nl}", f"; not counted: {en}"
        else:
            end = add_term(end, ext.term, calendar, service_norm=service_norm)
        if ext.reason:
            extra_nl += f"; reden: {ext.reason}"
            extra_en += f"; reason: {ext.reason}"
        if ext.notified_on:
            extra_nl += f"; kennisgeving op {format_date_nl(ext.notified_on)}"
            extra_en += f"; notice given on {format_date_en(ext.notified_on)}"
        steps.append(
            _step(
                "extension",
                "Verlengd met {t}{x}; nieuw einde: {d}.",
                "Extended by {t}{x}; new end: {d}.",
                end,
                t=(format_term_nl(ext.term), format_term_en(ext.term)),
                x=(extra_nl, extra_en),
            )
        )
    return end


def _suspended_end(end, suspensions, steps) -> date:
    """A suspension moves the end by the calendar days it lasted."""
    for period in _merge(suspensions):
        end += timedelta(days=period.days)
        days = Term(period.days, TermUnit.CALENDAR_DAYS)
        why = (f", reden: {period.reason}", f", reason: {period.reason}") if period.reason else ""
        steps.append(
            _step(
                "suspension",
                "Opgeschort van {a} tot {b}: {n}{w}; nieuw einde: {d}.",
                "Suspended from {a} until {b}: {n}{w}; new end: {d}.",
                end,
                a=period.start,
                b=period.end,
                n=(format_term_nl(days), format_term_en(days)),
                w=why,
            )
        )
    return end


def _next_working_day(end, term, calendar, statutory, steps, skipped) -> tuple[date, bool]:
    """Atw art. 1 lid 1: a statutory term ending on a Saturday, Sunday or holiday runs until the
    next day that is none of these. Service norms move past closing days as well."""
    service_norm = not statutory
    due = end
    reason = _reason(due, calendar, service_norm)
    if reason is not None and statutory and _is_long_term(term):
        steps.append(
            _step(
                "no_shift",
                "{d} is geen werkdag ({r}), maar een termijn van meer dan 3 maanden, 12 weken "
                "of 90 dagen schuift niet op (Atw art. 4).",
                "{d} is not a working day ({r}), but a term of more than 3 months, 12 weeks "
                "or 90 days does not move (Atw art. 4).",
                due,
                r=reason,
            )
        )
        reason = None
    shifted = reason is not None
    while reason is not None:
        skipped.append(SkippedDay(due, reason[0]))
        steps.append(
            _step(
                "skip",
                "{d} is geen werkdag ({r}): de termijn loopt door.",
                "{d} is not a working day ({r}): the term runs on.",
                due,
                r=reason,
            )
        )
        due += ONE_DAY
        reason = _reason(due, calendar, service_norm)
    return due, shifted
