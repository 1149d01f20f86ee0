"""The period a council report covers: a month, a quarter, a year or any two dates."""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.utils import timezone
from django.utils.translation import gettext as _

from cases.deadlines import format_date_nl

MONTHS_NL = (
    "januari", "februari", "maart", "april", "mei", "juni",
    "juli", "augustus", "september", "oktober", "november", "december",
)  # fmt: skip
MONTHS_SHORT_NL = (
    "jan", "feb", "mrt", "apr", "mei", "jun", "jul", "aug", "sep", "okt", "nov", "dec",
)  # fmt: skip


@dataclass(frozen=True)
class ReportPeriod:
    """From `start` up to and including `end`, in local (Europe/Amsterdam) dates."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError(f"period ends before it starts: {self.start} .. {self.end}")

    @classmethod
    def year(cls, year: int) -> ReportPeriod:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> ReportPeriod:
        if not 1 <= quarter <= 4:
            raise ValueError(f"no such quarter: {quarter}")
        first = 3 * quarter - 2
        return cls(date(year, first, 1), cls.month(year, first + 2).end)

    @classmethod
    def month(cls, year: int, month: int) -> ReportPeriod:
        return cls(date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1]))

    @classmethod
    def parse(cls, text: str) -> ReportPeriod:
        """'2026', '2026-K2' (or '2026-Q2') and '2026-03'."""
        text = text.strip().upper()
        if re.fullmatch(r"\d{4}", text):
            return cls.year(int(text))
        if match := re.fullmatch(r"(\d{4})-[KQ]([1-4])", text):
            return cls.quarter(int(match[1]), int(match[2]))
        if match := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            return cls.month(int(match[1]), int(match[2]))
        raise ValueError(f"not a period: {text!r}")

    @property
    def label(self) -> str:
        """'2026', '2e kwartaal 2026', 'maart 2026' or '1 januari 2026 t/m 15 maart 2026'."""
        start, end = self.start, self.end
        if start == date(start.year, 1, 1) and end == date(start.year, 12, 31):
            return str(start.year)
        if start.day == 1 and end == ReportPeriod.month(start.year, start.month).end:
            return f"{MONTHS_NL[start.month - 1]} {start.year}"
        for quarter in range(1, 5):
            if self == ReportPeriod.quarter(start.year, quarter):
                return _("%(q)se kwartaal %(y)s") % {"q": quarter, "y": start.year}
        return _("%(start)s t/m %(end)s") % {
            "start": format_date_nl(start).split(" ", 1)[1],
            "end": format_date_nl(end).split(" ", 1)[1],
        }

    def bounds(self) -> tuple[datetime, datetime]:
        """[start, end) as aware datetimes at local midnight: a range on the indexed timestamp
        column, instead of a date function that would defeat the index."""
        tz = timezone.get_current_timezone()
        return (
            datetime.combine(self.start, time.min, tzinfo=tz),
            datetime.combine(self.end + timedelta(days=1), time.min, tzinfo=tz),
        )

    def months(self) -> list[tuple[int, int]]:
        """Every (year, month) the period touches, in order."""
        result, year, month = [], self.start.year, self.start.month
        while (year, month) <= (self.end.year, self.end.month):
            result.append((year, month))
            year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        return result


def month_label(year: int, month: int, *, short: bool = False) -> str:
    names = MONTHS_SHORT_NL if short else MONTHS_NL
    return f"{names[month - 1]} {year}"


# The name before issue 20 (the term engine has its own `Period`): kept for code not yet renamed.
Period = ReportPeriod
