"""On PostgreSQL the receipt limit per address (three an hour) is answered from the partial index
of receipts by address (issue 23): before, it read every case received in the last hour, so
each submission cost more the more submissions came in, most of all during a flood. The check is
that the planner can use the index for exactly the SQL the intake sends."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.selectors.notices import receipts_queued_since

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="The plan is PostgreSQL's (CI runs these tests there).",
    ),
]


def test_the_receipt_limit_reads_the_partial_index_of_receipts_by_address():
    with CaptureQueriesContext(connection) as queries:
        count = receipts_queued_since(
            email="Iemand@Example.nl", since=timezone.now() - timedelta(hours=1)
        )
    assert count == 0
    (query,) = queries.captured_queries
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {query['sql']}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "notif_receipt_recipient_idx" in plan, plan
