"""cases 0018 (issue 17) moved the plain `citizen_bsn` into the encrypted `bsn` with its keyed
digest: a valid BSN moves (normalised), anything else is dropped, nothing is marked verified, and
the reverse gives the number back."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from cases import services
from cases.identity import bsn_digest
from cases.models import Case
from tests.factories import case_type

BEFORE = [("cases", "0017_w20b_council_report_moved")]
AFTER = [("cases", "0018_x17a_identity")]


def _rows(columns: str, ids: list[int]) -> dict[int, tuple]:
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT id, {columns} FROM cases_case WHERE id IN ({', '.join(['%s'] * len(ids))})",
            ids,
        )
        return {row[0]: row[1:] for row in cursor.fetchall()}


def _migrate(target) -> None:
    executor = MigrationExecutor(connection)
    executor.migrate(target)


@pytest.mark.django_db(transaction=True)
def test_the_plain_bsn_moves_into_the_encrypted_column_and_back():
    ids = [
        services.case_submit(
            case_type=case_type("question"),
            channel="web",
            subject=f"Vraag {n}",
            description="Test",
            citizen_name=f"Inwoner {n}",
        ).case.pk
        for n in range(4)
    ]
    valid, typed, invalid, none = ids
    _migrate(BEFORE)
    try:
        with connection.cursor() as cursor:
            for pk, value in ((valid, "123456782"), (typed, "01000007"), (invalid, "12345")):
                cursor.execute("UPDATE cases_case SET citizen_bsn = %s WHERE id = %s", [value, pk])
            cursor.execute("UPDATE cases_case SET citizen_bsn = '' WHERE id = %s", [none])

        _migrate(AFTER)
        rows = _rows("bsn, bsn_digest, identity_method", ids)
        # The second was typed without its leading zero: it moves normalised.
        for pk, bsn in ((valid, "123456782"), (typed, "001000007")):
            encrypted, stored_digest, method = rows[pk]
            assert encrypted and bsn not in encrypted and bsn[-6:] not in encrypted
            assert stored_digest == bsn_digest(bsn)
            assert method == ""  # typed by anyone: not a verified identity
            assert Case.objects.get(pk=pk).bsn == bsn
        assert rows[invalid][:2] == (None, "") and rows[none][:2] == (None, "")
        columns = [
            c.name
            for c in connection.introspection.get_table_description(
                connection.cursor(), "cases_case"
            )
        ]
        assert "citizen_bsn" not in columns

        _migrate(BEFORE)
        back = _rows("citizen_bsn", ids)
        assert back[valid] == ("123456782",) and back[typed] == ("001000007",)
        assert back[invalid] == ("",) and back[none] == ("",)
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
