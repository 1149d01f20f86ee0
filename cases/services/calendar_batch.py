"""One batch of the calendar recompute, in a fixed number of statements whatever its size
(issue 23: 100,000 spanning cases in under 30 seconds):

1. the next batch of affected cases, locked (`SELECT … FOR UPDATE OF` the case rows), with only
   the columns the term and the notice need and whether each case has a suspension or extension;
2. only when the batch holds such a case (or one put to an advisory committee): those cases with
   their suspensions and extensions, whose whole term is recomputed (three queries);
3. one `UPDATE … FROM (VALUES …)` for every date that moved, the version up;
4. one INSERT of the events;
5. one `INSERT … ON CONFLICT DO NOTHING` of the notices, and after commit one task that sends
   them all (notifications.tasks.send_notifications).

Every other case depends only on its type and receipt day: its due date is computed once per
(type, day) in a run, and no model instance is built for a case whose date does not move.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.db import connection
from django.db.models import DEFERRED, Exists, OuterRef, QuerySet
from django.utils import timezone

from cases.actors import SYSTEM
from cases.deadlines import Calendar
from cases.models import Case, CaseEvent, CaseType, EventKind, Extension, Suspension
from cases.services.common import citizen_notice
from cases.services.deadlines import case_term, term_for_received
from notifications.services import notification_enqueue_many

# What the term and the notice read of a case: no description or other free text, and not the
# encrypted BSN (decrypting it for every row would cost more than the term itself).
COLUMNS = (
    "id",
    "case_type_id",
    "received_at",
    "due_date",
    "promised_due_date",
    "status",
    "advisory_committee",
    "number",
    "citizen_name",
    "citizen_email",
    "citizen_address",
    "preferred_language",
    "reply_token",
)


@dataclass
class RecomputeRun:
    """What stays the same for every batch of one run: the new calendar, the case types, the
    cause written on each event, and the plain due date per (type, receipt day)."""

    change_pk: int
    calendar: Calendar
    cause: str
    today: date
    types: dict[int, CaseType] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.types:
            self.types = {t.pk: t for t in CaseType.objects.all()}
        self.plain_due = lru_cache(maxsize=8192)(self._plain_due)

    def _plain_due(self, case_type_id: int, received: date) -> date:
        return term_for_received(
            case_type=self.types[case_type_id], received=received, calendar=self.calendar
        ).due_date


@dataclass(frozen=True)
class Move:
    """A case whose due date moves: the row as read (locked) and its new dates."""

    row: Any  # a named row of COLUMNS
    new_due: date
    new_promised: date

    @property
    def old_promised(self) -> date:
        return self.row.promised_due_date or self.row.due_date


def lock_next_batch(scope: QuerySet, *, after: int, size: int) -> list:
    """Step 1, one statement: the next `size` cases of `scope` after primary key `after`, locked
    for this transaction. PostgreSQL re-checks the conditions of a row it had to wait for, so a
    case closed meanwhile by a caseworker drops out instead of being recomputed."""
    return list(
        scope.filter(pk__gt=after)
        .annotate(
            has_suspension=Exists(Suspension.objects.filter(case_id=OuterRef("pk"))),
            has_extension=Exists(Extension.objects.filter(case_id=OuterRef("pk"))),
        )
        .order_by("pk")
        .select_for_update(of=("self",))
        .values_list(*COLUMNS, "has_suspension", "has_extension", named=True)[:size]
    )


def _full_terms(rows: list, run: RecomputeRun) -> dict[int, date]:
    """Step 2: the due date of the cases a suspension, an extension or an advisory committee
    changes, from their whole record (case_term); three queries, none when there are none."""
    ids = [r.id for r in rows if r.has_suspension or r.has_extension or r.advisory_committee]
    if not ids:
        return {}
    cases = (
        Case.objects.filter(pk__in=ids)
        .select_related("case_type")
        .prefetch_related("suspensions", "extensions")
    )
    return {
        case.pk: case_term(case, calendar=run.calendar, today=run.today).due_date for case in cases
    }


def moves_of(rows: list, run: RecomputeRun) -> list[Move]:
    """The cases whose date moves, with the new due date and the new promised date (a promised
    date never moves earlier)."""
    full = _full_terms(rows, run)
    moves = []
    for row in rows:
        new_due = full.get(row.id)
        if new_due is None:
            new_due = run.plain_due(row.case_type_id, timezone.localdate(row.received_at))
        if new_due != row.due_date:
            old_promised = row.promised_due_date or row.due_date
            moves.append(Move(row=row, new_due=new_due, new_promised=max(old_promised, new_due)))
    return moves


def write_dates(moves: list[Move]) -> None:
    """Step 3, one statement for the batch. The version goes up: a form opened before the change
    is stale now. (The ORM has no UPDATE … FROM (VALUES …); `bulk_update` would build a CASE
    per column with a branch per row.)"""
    if not moves:
        return
    quote, adapt = connection.ops.quote_name, connection.ops.adapt_datefield_value
    table, pk = quote(Case._meta.db_table), quote(Case._meta.pk.column)
    due, promised, version = quote("due_date"), quote("promised_due_date"), quote("version")
    values = ", ".join(["(%s, %s, %s)"] * len(moves))
    params: list[Any] = []
    for move in moves:
        params += [move.row.id, adapt(move.new_due), adapt(move.new_promised)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {due} = v.column2, {promised} = v.column3, "
            f"{version} = {version} + 1 "
            f"FROM (VALUES {values}) AS v WHERE {table}.{pk} = v.column1",
            params,
        )


def write_events(moves: list[Move], run: RecomputeRun) -> None:
    """Step 4: an event per moved date (old, new, cause); public when the citizen is told."""
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case_id=move.row.id,
            kind=EventKind.DUE_DATE_CHANGED,
            actor_kind=SYSTEM.kind,
            from_status=move.row.status,
            to_status=move.row.status,
            due_date=move.new_due,
            reason=run.cause,
            is_public=move.new_due > move.old_promised,
            data={
                "old": move.row.due_date.isoformat(),
                "new": move.new_due.isoformat(),
                "promised": move.new_promised.isoformat(),
                "calendar_change": run.change_pk,
            },
        )
        for move in moves
    )


def _notice_case(move: Move, run: RecomputeRun) -> Case:
    """The case as the notice reads it (the locked columns, the new dates), built only for a
    case that gets a notice."""
    read = move.row._asdict()
    # `from_db` takes the values in the model's field order; the others stay deferred.
    case = Case.from_db(
        connection.alias,
        COLUMNS,
        [read.get(f.attname, DEFERRED) for f in Case._meta.concrete_fields],
    )
    case.case_type = run.types[case.case_type_id]
    case.due_date, case.promised_due_date = move.new_due, move.new_promised
    return case


def notices_of(moves: Iterable[Move], run: RecomputeRun) -> list[dict[str, Any]]:
    """The citizen is told when the date they were given moves later; the key (the new date)
    makes a rerun write no second notice."""
    return [
        citizen_notice(
            case=_notice_case(move, run),
            template_key="due_date_moved",
            key=move.new_due.isoformat(),
            # Issue 22: a service norm's notice must not speak of statutory terms.
            context={
                "previous_due_date": move.old_promised,
                "cause": run.cause,
                "term_basis": run.types[move.row.case_type_id].term_basis,
            },
        )
        for move in moves
        if move.new_due > move.old_promised
    ]


def apply_to_batch(scope: QuerySet, *, after: int, size: int, run: RecomputeRun) -> tuple:
    """Recompute one batch inside the caller's transaction; returns (ids seen, dates moved)."""
    rows = lock_next_batch(scope, after=after, size=size)
    moves = moves_of(rows, run)
    write_dates(moves)
    write_events(moves, run)
    notification_enqueue_many(notices_of(moves, run))  # step 5
    return [r.id for r in rows], len(moves)
