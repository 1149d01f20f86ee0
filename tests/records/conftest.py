"""The retention rules come from a data migration; a transactional test elsewhere (browser,
live worker) flushes them from a reused test database, so put them back when missing."""

from __future__ import annotations

import importlib

import pytest


@pytest.fixture(autouse=True)
def _retention_rules(request):
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            return
    request.getfixturevalue("db")
    from cases.models import CaseType
    from records.models import RetentionRule

    seed = importlib.import_module("records.migrations.0002_seed_rules")
    seed.seed_rules(CaseType, RetentionRule)
    corrected = importlib.import_module("records.migrations.0005_w18b_selectielijst_2020")
    corrected.apply_rules(CaseType, RetentionRule)
