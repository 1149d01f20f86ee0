"""The deterministic year of cases for the council report tests (`tests.factories.seed_year`:
2025, every case type, driven through the services under a frozen clock) reaches every state the
report counts."""

from __future__ import annotations

import pytest
from django.utils import timezone

from cases.models import CaseStatus, TaskStatus
from tests.factories import Seeded, seed_year


@pytest.fixture
def seeded(db) -> Seeded:
    return seed_year()


def test_seed_reaches_every_state_the_report_counts(seeded):
    c = seeded.cases
    assert c["c1"].extensions.count() == 1
    assert c["p1"].suspensions.filter(end__isnull=False).count() == 1
    assert c["c3"].status == CaseStatus.REJECTED
    assert c["w1"].status == CaseStatus.WITHDRAWN
    assert c["c4"].status == CaseStatus.IN_PROGRESS
    assert c["e1"].status == CaseStatus.RESOLVED
    assert c["e2"].status == CaseStatus.AWAITING_CHAIN
    assert not c["e1"].correction_tasks.exclude(status=TaskStatus.VERIFIED).exists()
    assert c["e1"].correction_tasks.count() > 3
    # The timestamps are the frozen clock's, not today's.
    assert timezone.localtime(c["q1"].resolved_at).date().isoformat() == "2025-03-05"
