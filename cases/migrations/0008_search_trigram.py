"""Trigram indexes for the backoffice's text search, on PostgreSQL only.

The work lists search the subject with `icontains` (`UPPER(subject) LIKE UPPER('%word%')`) and
case numbers by their last digits (`number LIKE '%001234'`). Without an index both scan every
case; a GIN index with `gin_trgm_ops` on exactly those expressions lets PostgreSQL answer them
from the index. pg_trgm is a trusted extension (PostgreSQL 13+), so the database owner may
create it. SQLite, the zero-setup default, has no such index and keeps scanning, which is fine
at its size.
"""

from django.db import migrations

INDEXES = (
    (
        "case_subject_trgm_idx",
        'CREATE INDEX IF NOT EXISTS case_subject_trgm_idx ON cases_case '
        'USING gin ((UPPER("subject"::text)) gin_trgm_ops)',
    ),
    (
        "case_number_trgm_idx",
        'CREATE INDEX IF NOT EXISTS case_number_trgm_idx ON cases_case '
        'USING gin (("number"::text) gin_trgm_ops)',
    ),
)


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL that does nothing on other databases."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_merge")]

    operations = [
        PostgreSQLOnly(
            sql=["CREATE EXTENSION IF NOT EXISTS pg_trgm", *(sql for _name, sql in INDEXES)],
            reverse_sql=[f"DROP INDEX IF EXISTS {name}" for name, _sql in INDEXES],
        ),
    ]
