"""A municipality for the backoffice tests: the example chain register, one team per
organisation, one user per kind of staff, a complaint with an attachment and a chain error whose
correction plan has reached a partner. The builder lives in tests/factories.py (issue 20); this
module keeps the fixture and checks the world itself."""

from __future__ import annotations

import pytest

from cases.selectors.access import cases_visible_to, tasks_visible_to
from cases.selectors.backoffice import (
    _task_base,
    backoffice_cases,
    handled_cases,
    handling_actor,
    may_use_backoffice,
)
from tests.factories import (  # noqa: F401 (other modules imported them from here before issue 20)
    PASSWORD,
    STAFF,
    BackofficeWorld,
    build_teams,
    build_world,
    login,
    pdf,
)


@pytest.fixture
def bo_world(db) -> BackofficeWorld:
    return build_world()


# --- Sanity of the world itself -------------------------------------------------------------


def test_the_plan_reached_the_partner(bo_world):
    assert bo_world.source_task.status == "verified"
    assert bo_world.partner_task.status == "requested"
    assert bo_world.chain.status == "awaiting_chain"
    assert not bo_world.chain.correction_tasks.filter(organisation__code="ggd").exists()


def test_handled_cases_are_a_subset_of_the_visible_cases(bo_world):
    """`handled_cases` is written without the visibility selector for speed; it must never
    return a case the selector would hide."""
    for name, *_ in STAFF:
        actor = bo_world.actor(name)
        handled = set(handled_cases(actor=actor).values_list("pk", flat=True))
        visible = set(backoffice_cases(actor=actor).values_list("pk", flat=True))
        assert handled <= visible, name
        assert visible <= set(cases_visible_to(actor=actor).values_list("pk", flat=True)), name


def test_task_lists_start_from_exactly_the_visible_tasks(bo_world):
    """The task lists' base is written without the selector's subquery; it must be the same
    set for everyone who may use the backoffice."""
    from cases.models import CorrectionTask, TaskStatus

    # A pending task of the partner (not yet routed) must stay invisible to the partner.
    CorrectionTask.objects.filter(pk=bo_world.partner_task.pk).update(status=TaskStatus.PENDING)
    for name, *_ in STAFF:
        actor = bo_world.actor(name)
        mine = set(_task_base(actor).values_list("pk", flat=True))
        if may_use_backoffice(actor=actor):
            expected = set(
                tasks_visible_to(actor=handling_actor(actor=actor)).values_list("pk", flat=True)
            )
        else:
            expected = set()
        assert mine == expected, name
