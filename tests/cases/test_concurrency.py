"""Two staff members act on the same case at the same moment, each over their own database
connection (PostgreSQL: real row locks). Exactly one wins; the other gets a clear error; no update
is lost. SQLite serialises whole transactions, so there is nothing to race there."""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable

import pytest
from django.apps import apps
from django.db import connection, connections

from cases import services
from cases.actors import CITIZEN
from cases.errors import ActionNotAllowed
from cases.models import Case, CaseStatus, EventKind, Role
from tests.factories import TeamFactory, make_staff, submit_case

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="Row-lock races need PostgreSQL with two real connections; CI runs them there.",
    ),
    # Committed data, so the threads' own connections see it. No serialized_rollback: after an
    # earlier transactional test's flush, post_migrate recreated the content types under new
    # keys, and restoring the snapshot of the old ones collides with them; the reference data
    # is seeded per test instead (below and in tests/conftest.py).
    pytest.mark.django_db(transaction=True),
]

seed_migration = importlib.import_module("cases.migrations.0002_seed_case_types_and_decree_days")
identity_migration = importlib.import_module("cases.migrations.0018_x17a_identity")


@pytest.fixture(scope="module", autouse=True)
def restore_seeded_data(django_db_setup, django_db_blocker):
    """A transactional test ends by flushing every table, also the case types and decree days
    the data migrations put there. Put them back for the tests after this module and for the
    next run with --reuse-db (which does not migrate again)."""
    yield
    with django_db_blocker.unblock():
        seed_migration.seed(apps, None)
        identity_migration.seed(apps, None)


@pytest.fixture(autouse=True)
def seeded(transactional_db):
    # The serialized snapshot is empty when an earlier run left the reused database flushed.
    seed_migration.seed(apps, None)
    identity_migration.seed(apps, None)


def race(*actions: Callable[[], object]) -> list[object]:
    """Run each action in its own thread (own connection), released at the same moment.
    Returns what each returned or raised."""
    barrier = threading.Barrier(len(actions))
    results: list[object] = [None] * len(actions)

    def run(index: int, action: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[index] = action()
        except Exception as exc:  # the outcome under test
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, a)) for i, a in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not any(thread.is_alive() for thread in threads), "a thread hung on a lock"
    return results


@pytest.fixture
def staff():
    team = TeamFactory()
    return {
        "team": team,
        "other_team": TeamFactory(),
        "anna": make_staff(Role.CASEWORKER, team=team, username="anna")[1],
        "bert": make_staff(Role.CASEWORKER, team=team, username="bert")[1],
    }


def outcome_kinds(results: list[object]) -> list[str]:
    return sorted("ok" if isinstance(r, Case) else type(r).__name__ for r in results)


def test_two_take_the_same_case_with_the_same_version(staff):
    case = submit_case("complaint", team=staff["team"])
    version = case.version

    results = race(
        lambda: services.case_take(case=case, actor=staff["anna"], expected_version=version),
        lambda: services.case_take(case=case, actor=staff["bert"], expected_version=version),
    )

    assert outcome_kinds(results) == ["CaseChangedMeanwhile", "ok"]
    winner = next(r for r in results if isinstance(r, Case))
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.version == version + 1  # one successful action, one version
    assert case.assignee == winner.assignee
    assert case.events.filter(kind=EventKind.TRANSITION, transition="take").count() == 1


def test_two_take_without_a_version_the_state_refuses_the_second(staff):
    case = submit_case("complaint", team=staff["team"])

    results = race(
        lambda: services.case_take(case=case, actor=staff["anna"]),
        lambda: services.case_take(case=case, actor=staff["bert"]),
    )

    assert outcome_kinds(results) == ["ActionNotAllowed", "ok"]
    case.refresh_from_db()
    assert (case.status, case.version) == (CaseStatus.IN_PROGRESS, 2)
    assert case.events.filter(transition="take").count() == 1


def test_forward_and_extend_from_the_same_version(staff):
    case = services.case_take(
        case=submit_case("complaint", team=staff["team"]), actor=staff["anna"]
    )
    version, due = case.version, case.due_date
    events_before = case.events.count()

    results = race(
        lambda: services.case_forward(
            case=case,
            actor=staff["anna"],
            team=staff["other_team"],
            reason="Hoort bij de partner.",
            expected_version=version,
        ),
        lambda: services.case_extend(
            case=case,
            actor=staff["bert"],
            amount=2,
            reason="Advies nodig.",
            expected_version=version,
        ),
    )

    assert outcome_kinds(results) == ["CaseChangedMeanwhile", "ok"]
    case.refresh_from_db()
    assert case.version == version + 1
    assert case.events.count() == events_before + 1
    forwarded = isinstance(results[0], Case)
    assert (case.team == staff["other_team"]) is forwarded
    assert (case.due_date > due) is not forwarded
    assert case.extensions.count() == (0 if forwarded else 1)


def test_forward_and_extend_without_a_version_both_land(staff):
    """Without a version check both actions are serialised by the row lock: neither overwrites
    the other's change."""
    case = services.case_take(
        case=submit_case("complaint", team=staff["team"]), actor=staff["anna"]
    )
    version, due = case.version, case.due_date

    results = race(
        lambda: services.case_forward(
            case=case, actor=staff["anna"], team=staff["other_team"], reason="Partner."
        ),
        lambda: services.case_extend(case=case, actor=staff["bert"], amount=2, reason="Advies."),
    )

    # The extension may come second and find the case already at another organisation: then
    # Bert is no longer in scope. Either way nothing is lost.
    case.refresh_from_db()
    if all(isinstance(r, Case) for r in results):
        assert case.version == version + 2
        assert case.team == staff["other_team"]
        assert case.due_date > due and case.extensions.count() == 1
        assert case.events.filter(kind__in=[EventKind.FORWARDED, EventKind.EXTENDED]).count() == 2
    else:
        assert isinstance(results[0], Case) and isinstance(results[1], ActionNotAllowed)
        assert case.version == version + 1
        assert (case.team, case.due_date) == (staff["other_team"], due)


def test_citizen_withdraws_while_staff_resolves(staff):
    case = services.case_take(case=submit_case("question", team=staff["team"]), actor=staff["anna"])
    results = race(
        lambda: services.case_withdraw(case=case, actor=CITIZEN, reason="Al geregeld."),
        lambda: services.case_resolve(
            case=case, actor=staff["anna"], outcome="answered", answer="Zo zit het."
        ),
    )

    assert outcome_kinds(results) == ["ActionNotAllowed", "ok"]
    case.refresh_from_db()
    assert case.status in (CaseStatus.WITHDRAWN, CaseStatus.RESOLVED)
    assert case.version == 3  # take, then exactly one of the two
    assert case.events.filter(kind=EventKind.TRANSITION).count() == 2


def test_the_calendar_recompute_locks_its_batch_and_no_more():
    """Issue 23: one statement reads and locks a batch of the recompute (FOR UPDATE OF the case
    rows), so a caseworker acting on one of its cases waits for the batch to commit; the cases
    of the next batch and the case types its scope joins (a closing day) stay free."""
    from datetime import date, timedelta

    from django.db import transaction

    from cases.models import CalendarChange, CaseType
    from cases.services.calendar import affected_cases
    from cases.services.calendar_batch import lock_next_batch
    from tests.factories import bulk_cases

    day = date(2027, 3, 12)
    cases = bulk_cases(3, codes=["question"], start=day - timedelta(days=3), spread_days=1)
    change = CalendarChange(kind="closing", action="added", date=day)
    ids = [c.pk for c in cases]

    def free_rows() -> tuple[list[int], int]:
        with transaction.atomic():
            free = Case.objects.select_for_update(skip_locked=True).filter(pk__in=ids)
            types = CaseType.objects.select_for_update(skip_locked=True).filter(code="question")
            return list(free.values_list("pk", flat=True)), len(types)

    with transaction.atomic():
        batch = lock_next_batch(affected_cases(change), after=0, size=2)
        assert [row.id for row in batch] == ids[:2]
        [during] = race(free_rows)
    assert during == ([ids[2]], 1)
    [after] = race(free_rows)
    assert sorted(after[0]) == ids and after[1] == 1
