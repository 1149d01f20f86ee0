"""The coordinator's view of a large correction plan (issue 15 point 3): the plan of the demo
case (a wrong address in the BRP, 20+ systems) fits in two screen heights at 1280x800, as
one compact table, with each task's details on its own page."""

from __future__ import annotations

import pytest

from cases import services
from cases.actors import CITIZEN
from cases.models import CorrectionTask, DataElement, System, TaskStatus
from tests.conftest import axe_violations
from tests.factories import build_world, log_in

pytestmark = pytest.mark.django_db(transaction=True)

SCREEN = {"width": 1280, "height": 800}


def demo_case():
    """As seed_demo's Emre Kaya: an old address in the BRP, seen on a parking letter; the source
    is corrected and verified, the next round is asked."""
    build_world(with_chain=False)
    from django.contrib.auth import get_user_model

    from cases.selectors.access import staff_actor

    coordinator = staff_actor(user=get_user_model().objects.get(username="coordinator"))
    case = services.chain_error_submit(
        source_system=System.objects.get(code="BRP"),
        elements=list(DataElement.objects.filter(code="adres")),
        wrong_value="Dorpsstraat 4",
        right_value="Stationsplein 9",
        noticed_where="Brief van de parkeerbeheerder",
        channel="web",
        subject="Oud adres op aanslag en parkeervergunning",
        description="Demomelding.",
        citizen_name="Emre Kaya",
        citizen_email="emre@voorbeeld.test",
        digid_bsn="111222333",  # filed with DigiD: the plan may be made (AVG art. 12(6))
        actor=CITIZEN,
    ).case
    services.case_take(case=case, actor=coordinator)
    services.correction_plan_create(case=case, actor=coordinator)
    source = case.correction_tasks.get(system__code="BRP")
    services.correction_task_mark_corrected(task=source, actor=coordinator)
    services.correction_task_verify(task=source, actor=coordinator)
    return case


def test_plan_of_the_demo_case_fits_in_two_screen_heights(page):
    case = demo_case()
    tasks = CorrectionTask.objects.filter(case=case)
    assert tasks.count() >= 20
    page.set_viewport_size(SCREEN)
    log_in(page, "coordinator")
    page.goto(f"/werkplek/zaken/{case.number}/")
    plan = page.locator("section[aria-labelledby=keten]")
    height = plan.bounding_box()["height"]
    print(f"plan section: {height:.0f} px for {tasks.count()} systems")
    assert height <= 2 * SCREEN["height"], height
    # One row per system, with its round, owner, state and due date.
    table = page.locator("#ketentabel")
    assert table.locator("tbody tr").count() == tasks.count()
    requested = tasks.filter(status=TaskStatus.REQUESTED).select_related("system").first()
    row = table.locator(
        "tbody tr", has=page.get_by_role("link", name=requested.system.code, exact=True)
    )
    assert "correctie gevraagd" in row.inner_text()
    assert axe_violations(page) == []
    # The picture and the flows stay one click away, and accessible.
    page.get_by_text("Ketenplaat en gegevensleveringen").click()
    assert page.locator("svg[role=img]").is_visible()
    assert "MAGAZIJN levert aan" in page.locator(".bo-flows").inner_text()
    assert axe_violations(page) == []

    # The one action that is due is in the row; the rest is on the task page.
    row.get_by_role("button", name="Gecorrigeerd melden").click()
    page.wait_for_load_state()
    assert CorrectionTask.objects.get(pk=requested.pk).status == TaskStatus.CORRECTED
    row = page.locator(
        "#ketentabel tbody tr", has=page.get_by_role("link", name=requested.system.code, exact=True)
    )
    row.get_by_role("link", name=requested.system.code, exact=True).click()
    page.wait_for_url(f"**/werkplek/correcties/{requested.pk}/")
    assert requested.system.name in page.locator("h1").inner_text()
    assert page.get_by_role("button", name="Correctie gecontroleerd").is_visible()
    assert page.locator("summary", has_text="Correctie afkeuren en terugsturen").is_visible()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Correctie gecontroleerd").click()
    page.wait_for_load_state()
    assert CorrectionTask.objects.get(pk=requested.pk).status == TaskStatus.VERIFIED
