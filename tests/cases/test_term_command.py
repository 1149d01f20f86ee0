"""Management commands of the case domain: the term calculator and the demo data."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cases.models import Case, CaseStatus, Team


def term(*args: str) -> list[str]:
    out = StringIO()
    call_command("term", *args, stdout=out)
    return out.getvalue().strip().splitlines()


# --- term -----------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_term_prints_the_due_date_last():
    """6 weeks from Friday 11 December 2026: Friday 22 January 2027 (no holiday on the way)."""
    lines = term("complaint", "2026-12-11")
    assert lines[-1] == "2027-01-22"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", lines[-1])


@pytest.mark.django_db
def test_term_explain_shows_the_derivation_and_still_ends_with_the_date():
    lines = term("complaint", "2026-12-11", "--explain")
    assert len(lines) > 1
    assert lines[-1] == "2027-01-22"
    text = "\n".join(lines[:-1])
    assert "vrijdag 11 december 2026" in text
    assert "Awb 9:11" in text
    english = term("complaint", "2026-12-11", "--explain", "--language", "en")
    assert english[-1] == "2027-01-22"
    assert "Friday 22 January 2027" in "\n".join(english)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("args", "expected"),
    [
        # AVG: 1 month from Thursday 10 September 2026 is Saturday 10 October: Monday 12 October.
        (("privacy_request", "2026-09-10"), "2026-10-12"),
        # Extended by 2 months from the raw end (10 October): Thursday 10 December 2026.
        (("privacy_request", "2026-09-10", "--extend", "2"), "2026-12-10"),
        # Complaint: 6 weeks + 4 weeks from Monday 16 February 2026 = King's Day 27 April:
        # Tuesday 28 April 2026.
        (("complaint", "2026-02-16", "--extend", "4"), "2026-04-28"),
        # 7 days suspended: 22 January + 7 = Friday 29 January 2027.
        (("complaint", "2026-12-11", "--suspend-days", "7"), "2027-01-29"),
    ],
)
def test_term_options(args, expected):
    assert term(*args)[-1] == expected


@pytest.mark.django_db
def test_unknown_type_is_a_command_error():
    with pytest.raises(CommandError, match="klacht-x"):
        term("klacht-x", "2026-12-11")


@pytest.mark.django_db
def test_bad_date_is_a_command_error():
    with pytest.raises(CommandError, match="JJJJ-MM-DD"):
        term("complaint", "11-12-2026")


# --- seed_demo ------------------------------------------------------------------------------------


def counts() -> tuple[int, int, int]:
    return Case.objects.count(), get_user_model().objects.count(), Team.objects.count()


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_covers_every_status():
    call_command("seed_demo", stdout=StringIO())
    first = counts()
    assert all(first)

    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == first
    assert "niets toegevoegd" in out.getvalue()

    statuses = set(Case.objects.values_list("status", flat=True))
    # awaiting_chain comes only from chain corrections under way, not from the demo plan.
    expected = set(CaseStatus.values) - {CaseStatus.AWAITING_CHAIN}
    assert expected <= statuses, f"missing: {expected - statuses}"
    # Every demo case's stored due date has its event trail.
    assert not Case.objects.filter(events__isnull=True).exists()
    # Issue 15: every demo chain error carries its chain report, with the wrong data elements.
    chain_errors = Case.objects.filter(case_type__code="chain_error")
    assert chain_errors.count() > 4
    assert not chain_errors.filter(chain_report__isnull=True).exists()
    assert not chain_errors.filter(chain_report__elements__isnull=True).exists()
