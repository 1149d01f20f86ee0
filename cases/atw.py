"""The holidays of the Algemene termijnenwet (Atw art. 3 lid 1 and 2), computed per year.
Pure Python, standard library only: the term engine (`cases.deadlines`) imports it. Days
declared equal to a holiday by royal decree (lid 3) are data: `deadlines.Calendar.decree_days`."""

from __future__ import annotations

import functools
from collections.abc import Mapping
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)


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


def holiday_name(day: date) -> str | None:
    """The Dutch name of the Atw holiday on `day`, or None."""
    return _atw_holidays(day.year).get(day)
