"""Awb 4:17: the penalty (dwangsom) for not deciding in time. Pure functions, no database.

- lid 1: owed for each day the body is in default, after a written notice of default
  (ingebrekestelling), at most 42 days;
- lid 2: EUR 23 a day for the first 14 days, EUR 35 for the next 14, EUR 45 for the rest;
- lid 3: the first day it is owed is the day on which two weeks have passed after the day the
  notice was received.
Days are calendar days: the Algemene termijnenwet does not apply (it extends only a term that
ends on a weekend day or holiday, and this is a count of days, not a term that ends), so a
holiday in between changes nothing.

Excluded: Woo requests. Woo art. 8.2: "Paragraaf 4.1.3.2 van de Algemene wet bestuursrecht is
niet van toepassing" on a decision on a request for public information (docs/records.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

MAX_DAYS = 42
# (days in the tier, euro a day): Awb 4:17 lid 2.
TIERS = ((14, 23), (14, 35), (14, 45))
MAX_AMOUNT = sum(days * rate for days, rate in TIERS)  # EUR 1,442

# Case types whose outcome is a decision (besluit) on which 4:17 applies, and the excluded ones
# with the article that excludes them.
PENALTY_CASE_TYPES = frozenset({"privacy_request"})
EXCLUDED_CASE_TYPES = {"woo_request": "Woo art. 8.2"}


@dataclass(frozen=True)
class Penalty:
    first_day: date
    days: int
    amount: int  # whole euros
    capped: bool


def first_penalty_day(notice_received: date) -> date:
    """Awb 4:17 lid 3: the day on which two weeks have passed after the day of receipt."""
    return notice_received + timedelta(days=14)


def amount_for_days(days: int) -> int:
    days = max(0, min(days, MAX_DAYS))
    total, left = 0, days
    for tier_days, rate in TIERS:
        take = min(left, tier_days)
        total += take * rate
        left -= take
    return total


def penalty(*, notice_received: date, today: date, decided_on: date | None = None) -> Penalty:
    """The penalty owed on `today` (or, once decided, in total). A decision sent on day X ends
    the default: X itself is not a day in default."""
    first = first_penalty_day(notice_received)
    last = min(today, decided_on - timedelta(days=1)) if decided_on else today
    days = max(0, (last - first).days + 1)
    return Penalty(
        first_day=first,
        days=min(days, MAX_DAYS),
        amount=amount_for_days(days),
        capped=days >= MAX_DAYS,
    )
