"""The small value types the report's figures are made of."""

from __future__ import annotations

from dataclasses import dataclass

from cases.models import Organisation
from council.period import ReportPeriod

# Organisation or system unknown: a case not yet routed, a report without a source system.
UNKNOWN = 0


@dataclass(frozen=True)
class Scope:
    period: ReportPeriod
    organisation: Organisation | None = None


@dataclass(frozen=True)
class Stats:
    """A distribution of working days: how many, the median and the 90th percentile."""

    count: int = 0
    median: int | None = None
    p90: int | None = None


@dataclass(frozen=True)
class Share:
    total: int = 0
    part: int = 0

    @property
    def percent(self) -> float | None:
        return 100.0 * self.part / self.total if self.total else None
