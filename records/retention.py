"""Retention arithmetic: pure functions, no database."""

from __future__ import annotations

import calendar
import re
from datetime import date

_DURATION = re.compile(r"P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?")


def parse_period(text: str) -> tuple[int, int, int]:
    """An ISO 8601 date duration ('P5Y', 'P1Y6M', 'P30D') as (years, months, days)."""
    match = _DURATION.fullmatch(text or "")
    if not match or not any(match.groups()):
        raise ValueError(f"not an ISO 8601 date duration: {text!r}")
    return tuple(int(g or 0) for g in match.groups())  # type: ignore[return-value]


def shift(day: date, period: str, *, sign: int = 1) -> date:
    """`day` plus (or minus) the period; 29 February becomes 28 February in a common year."""
    years, months, days = parse_period(period)
    total = day.year * 12 + (day.month - 1) + sign * (years * 12 + months)
    year, month = divmod(total, 12)
    month += 1
    result = date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
    return date.fromordinal(result.toordinal() + sign * days)


def retention_ends(basis_day: date, period: str) -> date:
    """The first day the case may be destroyed: the basis day plus the retention period."""
    return shift(basis_day, period)
