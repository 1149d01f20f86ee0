"""On PostgreSQL the work lists' text search is answered from the trigram indexes of migration
0008, so a search stays fast over years of cases. The check is that the planner *can* use the
index for exactly the SQL Django generates (sequential and plain index scans switched off for
the statement): if the lookup or the index expression drifts apart, the plan falls back to a
scan and this fails."""

from __future__ import annotations

import pytest
from django.db import connection, transaction

from cases.selectors.backoffice import handled_cases, search_condition
from tests.factories import build_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Trigram indexes exist on PostgreSQL only (CI runs these tests there).",
    ),
]


def _plan(queryset) -> str:
    sql, params = queryset.query.sql_with_params()
    with transaction.atomic(), connection.cursor() as cursor:
        # GIN indexes are read by bitmap scans only: forbid the other two ways to read a table.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}", params)
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(
    ("text", "index"),
    [
        ("aanslag", "case_subject_trgm_idx"),  # a word: the subject
        ("001234", "case_number_trgm_idx"),  # digits: the end of a case number
        ("2026-0012", "case_number_trgm_idx"),  # a piece of a number: number or subject
    ],
)
def test_search_uses_the_trigram_index(text, index):
    world = build_world()
    actor = world.actor("coordinator")  # every case: no other index to prefer
    queryset = (
        handled_cases(actor=actor).filter(search_condition(actor=actor, text=text)).values("pk")
    )
    assert index in _plan(queryset)


def test_the_search_page_sorts_the_trigram_matches_and_scans_no_table():
    """The work list's text search (issue 23): its page sorts what the trigram index matched
    (`sort_matches`) and runs without sequential scans (`through_indexes`), whatever the planner
    thinks a tenth of the table costs to scan."""
    from cases.selectors.keyset import _ordered, through_indexes

    world = build_world()
    actor = world.actor("coordinator")
    rows = handled_cases(actor=actor).filter(search_condition(actor=actor, text="aanslag"))
    page = _ordered(rows, ("due_date", "pk"), sort_matches=True)[:51]
    sql, params = page.query.sql_with_params()
    with through_indexes(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}", params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "case_subject_trgm_idx" in plan
    assert "Seq Scan on cases_case" not in plan
    assert "case_due_id_idx" not in plan  # no walk of the due-date index past non-matches


@pytest.mark.django_db(transaction=True)
def test_the_planner_setting_ends_with_the_search():
    from cases.selectors.keyset import through_indexes

    def seqscan() -> str:
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            return cursor.fetchone()[0]

    with through_indexes():
        assert seqscan() == "off"
    assert seqscan() == "on"


def test_every_list_count_is_read_through_an_index():
    """The capped counts (issue 23) run right after SET LOCAL enable_seqscan = off, and every
    list's count then has an index to read: were one missing, PostgreSQL would still scan the
    table (at a penalty) and the plan would say so."""
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from cases.calendar import load_calendar
    from cases.models import CaseType
    from cases.selectors.backoffice import worklist_counts
    from cases.selectors.keyset import through_indexes
    from loket.views.backoffice.worklists import list_context

    world = build_world()
    actor = world.actor("coordinator")
    ctx = list_context(list(CaseType.objects.all()), load_calendar(), timezone.localdate())
    with CaptureQueriesContext(connection) as queries:
        counts = worklist_counts(actor=actor, ctx=ctx)
    assert sum(counts.values()) > 0
    setting, count = (q["sql"] for q in queries.captured_queries)
    assert setting == "SET LOCAL enable_seqscan = off"
    with through_indexes(), connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {count}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Seq Scan on cases_case" not in plan, plan
