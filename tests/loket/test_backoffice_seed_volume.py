"""`seed_volume` fills the database fast with cases that look like the services made them:
unique numbers from the sequence, every state, due dates from the term engine, their events."""

from __future__ import annotations

import io
import re
from collections import Counter
from datetime import UTC, datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import (
    Case,
    CaseEvent,
    CaseNumberSequence,
    CaseStatus,
    ChainReport,
    CorrectionTask,
    EventKind,
)
from cases.services.deadlines import case_term
from tests.factories import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo_world(db):
    return build_world()


def test_seed_volume_makes_consistent_cases_in_every_state(bo_world, monkeypatch):
    # The seeder's random draws are fixed (--seed), but which cases are still open depends on
    # the moment it runs: at some moments none of the few open chain errors awaited the chain
    # and this test failed by the clock. It seeds as of one fixed moment instead.
    seeded_at = datetime(2026, 12, 4, 10, 0, tzinfo=UTC)
    monkeypatch.setattr(timezone, "now", lambda: seeded_at)
    before = Case.objects.count()
    out = io.StringIO()
    call_command("seed_volume", cases=600, days=120, batch=250, stdout=out)
    assert "600/600 zaken" in out.getvalue() and "250/600 zaken" in out.getvalue()

    seeded = list(
        Case.objects.exclude(pk__in=[bo_world.complaint.pk, bo_world.chain.pk])
        .select_related("case_type")
        .prefetch_related("suspensions", "extensions")
    )
    assert len(seeded) == 600 and Case.objects.count() == before + 600
    numbers = [c.number for c in seeded]
    assert all(re.fullmatch(r"LDZ-\d{4}-\d{6}", n) for n in numbers)
    assert len(set(numbers)) == 600
    # The sequence hands out the next number after the seeded ones.
    for year, last in CaseNumberSequence.objects.values_list("year", "last_number"):
        used = [int(n[-6:]) for n in Case.objects.filter(number__startswith=f"LDZ-{year}-")
                .values_list("number", flat=True)]  # fmt: skip
        assert max(used) == last

    states = Counter(c.status for c in seeded)
    assert set(states) == set(CaseStatus.values), states

    # Due dates are the term engine's result over the case's records.
    for case in seeded:
        assert case_term(case).due_date == case.due_date, case.number
    assert any(c.extensions.all() for c in seeded)
    assert any(c.suspensions.all() for c in seeded)

    # Events: submitted first, in time order, never in the future; transitions end in the state.
    now = timezone.now()
    events = {}
    for event in CaseEvent.objects.filter(case__in=seeded).order_by("created_at", "pk"):
        events.setdefault(event.case_id, []).append(event)
    for case in seeded:
        history = events[case.pk]
        assert history[0].kind == EventKind.SUBMITTED
        assert all(e.created_at <= now for e in history)
        assert history[0].created_at == case.received_at
        transitions = [e for e in history if e.kind == EventKind.TRANSITION]
        expected = transitions[-1].to_status if transitions else CaseStatus.RECEIVED
        assert expected == case.status, case.number

    chain_cases = [c for c in seeded if c.case_type.code == "chain_error"]
    assert ChainReport.objects.filter(case__in=chain_cases).count() == len(chain_cases)
    waiting = [c for c in chain_cases if c.status == CaseStatus.AWAITING_CHAIN]
    assert CorrectionTask.objects.filter(case__in=waiting).count() == len(waiting)
