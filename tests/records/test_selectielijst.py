"""The seeded retention rules carry the Selectielijst 2020 result numbers (issue 18); "to be
confirmed" only where the list leaves a choice."""

from __future__ import annotations

import pytest

from records.models import Nomination, RetentionRule

pytestmark = pytest.mark.django_db

EXPECTED = {
    ("question", ""): ("6.1.3", "P1Y", False),
    ("complaint", ""): ("13.1", "P5Y", False),
    ("chain_error", ""): ("6.1", "P5Y", True),
    ("chain_error", "corrected"): ("6.1.1", "P7Y", True),
    ("chain_error", "no_error"): ("6.2", "P1Y", False),
    ("privacy_request", ""): ("6.1", "P5Y", False),
    ("privacy_request", "refused"): ("6.2", "P1Y", False),
    ("woo_request", ""): ("6.1", "P5Y", False),
    ("woo_request", "granted"): ("6.1", "P5Y", False),
    ("woo_request", "refused"): ("6.2", "P1Y", False),
}


def test_rules_carry_the_selectielijst_2020_numbers():
    rules = {
        (r.case_type.code, r.outcome): (r.result_number, r.period, r.to_be_confirmed)
        for r in RetentionRule.objects.select_related("case_type")
    }
    assert rules == EXPECTED
    assert not RetentionRule.objects.exclude(nomination=Nomination.DESTROY).exists()
    for rule in RetentionRule.objects.all():
        assert "Selectielijst gemeenten en intergemeentelijke organen 2020" in rule.explanation
