"""Durations in working days: a cumulative working-day index and nearest-rank percentiles
over grouped rows (see the docstring of `council.figures` for why it is done this way)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from datetime import date, timedelta

from cases.deadlines import Calendar, is_working_day
from council.values import UNKNOWN, Stats


class WorkingDays:
    """Cumulative working-day index: index[d] - index[a] is the number of working days in
    (a, d], the same count as `cases.deadlines.working_days_between(a, d, …)`. The municipality's
    closing days count as days off (service_norm=True): this measures how long the organisation
    worked on a case, not a statutory term."""

    def __init__(self, calendar: Calendar):
        self.calendar = calendar
        self.index: dict[date, int] = {}

    def cover(self, first: date, last: date) -> None:
        """Make the index span [first, last] (rebuilt whole: a few thousand days at most)."""
        if first in self.index and last in self.index:
            return
        if self.index:
            first, last = min(first, min(self.index)), max(last, max(self.index))
        index, running, day = {}, 0, first
        while day <= last:
            running += is_working_day(day, self.calendar, service_norm=True)
            index[day] = running
            day += timedelta(days=1)
        self.index = index

    def between(self, start: date, end: date) -> int:
        self.cover(min(start, end), max(start, end))
        return self.index[end] - self.index[start]


def percentile(counter: Counter, p: float) -> int | None:
    """Nearest-rank percentile of a weighted distribution {value: count}: the smallest value
    with at least ceil(p × n) observations at or below it."""
    n = sum(counter.values())
    if not n:
        return None
    rank, seen = max(1, math.ceil(p * n)), 0
    for value in sorted(counter):
        seen += counter[value]
        if seen >= rank:
            return value
    return None  # pragma: no cover - unreachable


def stats(counter: Counter) -> Stats:
    return Stats(sum(counter.values()), percentile(counter, 0.5), percentile(counter, 0.9))


def durations(
    rows, days: WorkingDays, key: str, start: str, end: str
) -> tuple[dict[int, Stats], Stats]:
    """Rows of (key, start day, end day, n) → working-day statistics per key and overall."""
    per_key: dict[int, Counter] = defaultdict(Counter)
    overall: Counter = Counter()
    rows = list(rows)  # grouped rows: bounded by days × days × keys, not by cases
    if rows:
        days.cover(min(r[start] for r in rows), max(r[end] for r in rows))
    for row in rows:
        # Never below zero: a case cannot be finished before it arrived (only backdated or
        # imported data could say so, and a negative duration would skew the median).
        working = max(0, days.between(row[start], row[end]))
        per_key[row[key] or UNKNOWN][working] += row["n"]
        overall[working] += row["n"]
    return {k: stats(c) for k, c in per_key.items()}, stats(overall)


# --- The queries -----------------------------------------------------------------------------
