"""The words of the term engine (`cases.deadlines`), in Dutch and English: dates, terms, the
reasons a day does not count, and one builder per step of a due date's explanation.

Text only: it imports nothing of ours and no Django, so the term engine can import it (and
`cases.explain`, which reads the engine's steps, sits above both without a cycle). Dates are
formatted by hand: servers rarely have the nl_NL locale installed.

To explain a new kind of step, add its builder here and call it from the stage of
`cases.deadlines` that does the arithmetic (the stages are listed in `deadlines._STAGES`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Step:
    """One line of a due date's explanation, in both languages; `day` is the date it is about."""

    code: str
    text_nl: str
    text_en: str
    day: date | None = None


# (Dutch, English) reason why a day does not count; the Dutch one is what `SkippedDay` keeps.
Reason = tuple[str, str]

# --- Formatting -------------------------------------------------------------------------------

DAYS_NL = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
DAYS_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
_MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
# unit (the value of `deadlines.TermUnit`, a str enum) -> (Dutch singular, Dutch plural,
# English singular, English plural)
_UNIT_WORDS: dict[str, tuple[str, str, str, str]] = {
    "calendar_days": ("dag", "dagen", "day", "days"),
    "working_days": ("werkdag", "werkdagen", "working day", "working days"),
    "weeks": ("week", "weken", "week", "weeks"),
    "months": ("maand", "maanden", "month", "months"),
}


def format_date_nl(d: date) -> str:
    """'vrijdag 11 december 2026'."""
    return f"{DAYS_NL[d.weekday()]} {d.day} {_MONTHS_NL[d.month - 1]} {d.year}"


def format_date_en(d: date) -> str:
    """'Friday 11 December 2026'."""
    return f"{DAYS_EN[d.weekday()]} {d.day} {_MONTHS_EN[d.month - 1]} {d.year}"


def format_term_nl(term) -> str:
    """'6 weken', '1 maand', '5 werkdagen' (`term`: a `deadlines.Term`)."""
    singular, plural, _, _ = _UNIT_WORDS[term.unit]
    return f"{term.amount} {singular if term.amount == 1 else plural}"


def format_term_en(term) -> str:
    """'6 weeks', '1 month', '5 working days' (`term`: a `deadlines.Term`)."""
    _, _, singular, plural = _UNIT_WORDS[term.unit]
    return f"{term.amount} {singular if term.amount == 1 else plural}"


def _terms(term) -> tuple[str, str]:
    return format_term_nl(term), format_term_en(term)


# --- Why a day does not count -----------------------------------------------------------------

# Dutch name -> English name of the Atw holidays, for the English derivation text.
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


def holiday_reason(name: str) -> Reason:
    """An Atw holiday, by its Dutch name."""
    return name, _HOLIDAY_EN[name]


def decree_reason(decree: str) -> Reason:
    """A day declared equal to a holiday (Atw art. 3 lid 3), with the decree when known."""
    suffix = f" ({decree})" if decree else ""
    return f"gelijkgestelde dag{suffix}", f"day declared equal to a holiday{suffix}"


def weekend_reason(day: date) -> Reason:
    """A Saturday or a Sunday: the day's name."""
    return DAYS_NL[day.weekday()], DAYS_EN[day.weekday()]


def closing_reason(closing: str) -> Reason:
    """One of the municipality's own closing days, with its name when known."""
    if closing:
        return f"sluitingsdag: {closing}", f"closing day: {closing}"
    return "sluitingsdag", "closing day"


# --- The steps of the explanation -------------------------------------------------------------


def step(code: str, nl: str, en: str, day: date | None = None, **values: object) -> Step:
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


def skipped_list(passed: Sequence[tuple[date, Reason]]) -> tuple[str, str]:
    """The days passed over with their reasons, as one line per language."""
    nl = ", ".join(f"{format_date_nl(day)} ({reason[0]})" for day, reason in passed)
    en = ", ".join(f"{format_date_en(day)} ({reason[1]})" for day, reason in passed)
    return nl, en


def received_step(received_on: date) -> Step:
    """The day of receipt."""
    return step("received", "Ontvangen op {d}.", "Received on {d}.", received_on)


def first_day_step(first_day: date) -> Step:
    """The first day of the term: the day after receipt."""
    return step(
        "first_day",
        "Eerste dag van de termijn: {d} (de dag na ontvangst).",
        "First day of the term: {d} (the day after receipt).",
        first_day,
    )


def term_step(term, *, statutory: bool, legal_basis: str) -> Step:
    """Which term runs, statutory or a service norm, on what basis."""
    kind = (
        ("wettelijke termijn", "statutory term") if statutory else ("servicenorm", "service norm")
    )
    basis = (f", grondslag: {legal_basis}", f", legal basis: {legal_basis}") if legal_basis else ""
    return step(
        "term", "Termijn: {t} ({k}){b}.", "Term: {t} ({k}){b}.", t=_terms(term), k=kind, b=basis
    )


def not_counted_step(passed: Sequence[tuple[date, Reason]]) -> Step:
    """The days a working-day term passed over."""
    return step("working_days", "Niet meegeteld: {s}.", "Not counted: {s}.", s=skipped_list(passed))


def raw_end_step(raw_end: date) -> Step:
    """The end of the base term, before extensions, suspensions and the shift."""
    return step("raw_end", "Einde van de termijn: {d}.", "End of the term: {d}.", raw_end)


def extension_step(
    term, end: date, *, passed: Sequence[tuple[date, Reason]], reason: str, notified_on: date | None
) -> Step:
    """One extension: by how much, the days it passed over, why, when notice was given."""
    extra_nl = extra_en = ""
    if passed:
        nl, en = skipped_list(passed)
        extra_nl, extra_en = f"; niet meegeteld: {nl}", f"; not counted: {en}"
    if reason:
        extra_nl += f"; reden: {reason}"
        extra_en += f"; reason: {reason}"
    if notified_on:
        extra_nl += f"; kennisgeving op {format_date_nl(notified_on)}"
        extra_en += f"; notice given on {format_date_en(notified_on)}"
    return step(
        "extension",
        "Verlengd met {t}{x}; nieuw einde: {d}.",
        "Extended by {t}{x}; new end: {d}.",
        end,
        t=_terms(term),
        x=(extra_nl, extra_en),
    )


def suspension_step(start: date, until: date, days, reason: str, end: date) -> Step:
    """One (merged) suspension: from when until when, how many days, why, the new end."""
    why = (f", reden: {reason}", f", reason: {reason}") if reason else ""
    return step(
        "suspension",
        "Opgeschort van {a} tot {b}: {n}{w}; nieuw einde: {d}.",
        "Suspended from {a} until {b}: {n}{w}; new end: {d}.",
        end,
        a=start,
        b=until,
        n=_terms(days),
        w=why,
    )


def no_shift_step(day: date, reason: Reason) -> Step:
    """A long term that ends on a day that does not count, and stays there (Atw art. 4)."""
    return step(
        "no_shift",
        "{d} is geen werkdag ({r}), maar een termijn van meer dan 3 maanden, 12 weken "
        "of 90 dagen schuift niet op (Atw art. 4).",
        "{d} is not a working day ({r}), but a term of more than 3 months, 12 weeks "
        "or 90 days does not move (Atw art. 4).",
        day,
        r=reason,
    )


def skip_step(day: date, reason: Reason) -> Step:
    """The term ends on a day that does not count and runs on to the next."""
    return step(
        "skip",
        "{d} is geen werkdag ({r}): de termijn loopt door.",
        "{d} is not a working day ({r}): the term runs on.",
        day,
        r=reason,
    )


def result_step(due: date) -> Step:
    """The due date."""
    return step("result", "Uiterste datum: {d}.", "Due date: {d}.", due)
