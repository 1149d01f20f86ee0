"""Query counts are pinned for every list and the case page, and are the same at 10 rows as at
500 (CONVENTIONS.md: a fixed number of queries per page, whatever the row count)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CorrectionTask,
    EventKind,
    Note,
    System,
    TaskStatus,
)
from notifications.models import NoticeChannel, Notification
from tests.factories import add_cases, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo_world(db):
    return build_world()


def add_history(case: Case, count: int, *, user, start: int = 0) -> None:
    """`count` events, internal notes, notices and attachments on one case."""
    notes = Note.objects.bulk_create(
        Note(case=case, author=user, body=f"Notitie {i}") for i in range(count)
    )
    CaseEvent.objects.bulk_create(
        CaseEvent(
            case=case,
            kind=EventKind.NOTE,
            actor=user,
            actor_kind="staff",
            data={"note": note.pk},
        )
        for note in notes
    )
    Notification.objects.bulk_create(
        Notification(
            channel=NoticeChannel.EMAIL,
            template_key="message",
            idempotency_key=f"test:{case.pk}:{start + i}",
            reference=f"case:{case.pk}",
            recipient="inwoner@voorbeeld.test",
        )
        for i in range(count)
    )
    Attachment.objects.bulk_create(
        Attachment(
            case=case,
            file=f"attachments/test-{case.pk}-{i}",
            original_name=f"bijlage-{i}.pdf",
            content_type="application/pdf",
            size=1000,
        )
        for i in range(count)
    )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


LIST_URLS = {
    "home": "/werkplek/",
    **{
        f"worklist-{slug}": f"/werkplek/zaken/?lijst={slug}"
        for slug in (
            "mijn",
            "team",
            "onverdeeld",
            "binnenkort",
            "te-laat",
            "wacht-op-inwoner",
            "wacht-op-keten",
            "alle",
        )
    },
    "worklist-filtered": "/werkplek/zaken/?lijst=alle&q=Onderwerp&soort=complaint"
    "&status=in_progress&kanaal=web&sorteer=-ontvangen",
    "worklist-page-2": "/werkplek/zaken/?lijst=alle&pagina=2",
    # A later page by keyset (issue 23): the cursor is the last row's (due date, id).
    "worklist-page-20": "/werkplek/zaken/?lijst=alle&na=2000-01-01_1&pagina=20",
    "worklist-page-back": "/werkplek/zaken/?lijst=alle&voor=2100-01-01_1&pagina=19",
    **{
        f"tasks-{slug}": f"/werkplek/correcties/?lijst={slug}"
        for slug in ("te-corrigeren", "te-controleren", "betwist", "te-laat")
    },
    "escalations": "/werkplek/escalaties/",
}

# Every page: session, user, the user's memberships (the actor) and the unread-notice count in
# the header. Lists add the calendar (1: the configuration stamp, the days are in memory since
# issue 23; 2 before), case types, organisations (filter choices), the page of rows by keyset,
# and one query for the capped counts of all lists and of the list shown (issue 23: no paginator
# COUNT(*)).
# On PostgreSQL the capped counts are read through indexes only, and so is a text search's page:
# each adds one statement, SET LOCAL enable_seqscan = off (cases.selectors.keyset.through_indexes).
INDEX_PLAN = 1 if connection.vendor == "postgresql" else 0
_LISTS = {key: 9 + INDEX_PLAN for key in LIST_URLS if key.startswith("worklist")}
_LISTS["worklist-filtered"] = 9 + 2 * INDEX_PLAN
_TASKS = {key: 8 for key in LIST_URLS if key.startswith("tasks")}
PINNED = {
    "caseworker": {"home": 8 + INDEX_PLAN, **_LISTS, **_TASKS, "tasks-te-corrigeren": 7},
    "coordinator": {
        "home": 8 + INDEX_PLAN,
        **_LISTS,
        "worklist-team": 9 + INDEX_PLAN,
        **_TASKS,
        # 12 + 1: the running penalties (Awb 4:17, records app), one query at any size.
        "escalations": 13,
    },
    # The partner's organisation handles no case: every case list is empty (no row query).
    "partner": {
        "home": 8 + INDEX_PLAN,
        **{key: 9 + INDEX_PLAN for key in _LISTS},
        "worklist-filtered": 9 + 2 * INDEX_PLAN,
        **_TASKS,
        "tasks-te-controleren": 7,
    },
}
CASE_PAGE = 14  # 15 before issue 23 (the calendar in memory)
# One query fewer than before issue 20: the page asks each action's own check (permission
# first), so the conditions of system-only transitions (chain settled?) are no longer evaluated.
# Issue 23: the calendar is in memory (the page read its 2 tables twice; now the stamp, once).
CHAIN_PAGE = {"caseworker": 19, "coordinator": 21, "partner": 12}


@pytest.mark.parametrize("user", ["caseworker", "coordinator", "partner"])
def test_lists_cost_the_same_at_10_and_500_rows(client, bo_world, user):
    login(client, bo_world, user)
    add_cases(bo_world, 10, start=1)
    few = {
        key: count_queries(client, url)
        for key, url in LIST_URLS.items()
        if user == "coordinator" or key != "escalations"
    }
    add_cases(bo_world, 490, start=11)
    many = {key: count_queries(client, url) for key, url in LIST_URLS.items() if key in few}
    assert few == many == PINNED[user]


def test_case_page_costs_the_same_at_10_and_500_rows(client, bo_world):
    login(client, bo_world, "caseworker")
    url = f"/werkplek/zaken/{bo_world.complaint.number}/"
    add_history(bo_world.complaint, 10, user=bo_world.users["caseworker"])
    few = count_queries(client, url)
    add_history(bo_world.complaint, 490, user=bo_world.users["caseworker"], start=10)
    many = count_queries(client, url)
    page = client.get(url).content.decode()
    assert page.count("Notitie ") >= 500 and page.count("bijlage-") >= 500
    assert few == many == CASE_PAGE


@pytest.mark.parametrize("user", ["caseworker", "coordinator", "partner"])
def test_chain_case_page_costs_the_same_with_2_and_24_systems(client, bo_world, user):
    login(client, bo_world, user)
    url = f"/werkplek/zaken/{bo_world.chain.number}/"
    few = count_queries(client, url)
    in_plan = set(bo_world.chain.correction_tasks.values_list("system_id", flat=True))
    CorrectionTask.objects.bulk_create(
        CorrectionTask(
            case=bo_world.chain,
            system=system,
            organisation_id=system.organisation_id,
            status=TaskStatus.REQUESTED,
            level=1 + n % 4,
            due_date=timezone.localdate(),
        )
        for n, system in enumerate(System.objects.exclude(pk__in=in_plan))
    )
    add_history(bo_world.chain, 50, user=bo_world.users["caseworker"])
    many = count_queries(client, url)
    assert few == many == CHAIN_PAGE[user]


TASK_PAGE = {"caseworker": 7, "coordinator": 7, "partner": 7}  # 8 before issue 23


@pytest.mark.parametrize("user", ["caseworker", "coordinator", "partner"])
def test_task_page_costs_the_same_with_1_and_20_upstream_systems(client, bo_world, user):
    """The task page (issue 15: the details left the case page) has its own fixed count."""
    login(client, bo_world, user)
    task = bo_world.partner_task
    url = f"/werkplek/correcties/{task.pk}/"
    few = count_queries(client, url)
    extra = CorrectionTask.objects.bulk_create(
        CorrectionTask(
            case=bo_world.chain,
            system=system,
            organisation_id=system.organisation_id,
            status=TaskStatus.VERIFIED,
            level=0,
        )
        for system in System.objects.exclude(
            pk__in=bo_world.chain.correction_tasks.values("system_id")
        )[:19]
    )
    task.upstream.add(*extra)
    many = count_queries(client, url)
    page = client.get(url).content.decode()
    assert all(f"{t.system.code}: " in page for t in extra)
    assert few == many == TASK_PAGE[user]
