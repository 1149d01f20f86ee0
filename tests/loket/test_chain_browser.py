"""The chain-error flow across organisations in a real browser: a partner corrects its own
task, the loket verifies it, the next system is asked, and the citizen's page shows it."""

from __future__ import annotations

import pytest

from cases import services
from cases.actors import CITIZEN
from cases.models import CorrectionTask, DataElement, System, TaskStatus
from tests.conftest import axe_violations
from tests.factories import build_world, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_partner_corrects_loket_verifies_next_requested_citizen_sees_it(page):
    world = build_world(with_chain=False)
    coordinator = world.actor("coordinator")
    # huishouden travels HEFFING → BSW-HEF (the partner) → KWIJTSCH (the municipality).
    submission = services.chain_error_submit(
        source_system=System.objects.get(code="HEFFING"),
        elements=list(DataElement.objects.filter(code="huishouden")),
        wrong_value="4 personen",
        right_value="2 personen",
        channel="web",
        subject="Verkeerd huishouden",
        description="Mijn kinderen wonen niet meer thuis.",
        citizen_name="Daan Smit",
        citizen_email="daan@voorbeeld.test",
        digid_bsn="111222333",  # filed with DigiD: the plan may be made (AVG art. 12(6))
        actor=CITIZEN,
    )
    case = submission.case
    services.case_take(case=case, actor=coordinator)
    services.correction_plan_create(case=case, actor=coordinator)
    source = case.correction_tasks.get(system__code="HEFFING")
    services.correction_task_mark_corrected(task=source, actor=coordinator)
    services.correction_task_verify(task=source, actor=coordinator)
    partner_task = case.correction_tasks.get(system__code="BSW-HEF")
    downstream = case.correction_tasks.get(system__code="KWIJTSCH")
    assert partner_task.status == TaskStatus.REQUESTED
    assert downstream.status == TaskStatus.PENDING

    # The partner sees only its own organisation's task, and marks it corrected.
    log_in(page, "partner")
    page.goto("/werkplek/correcties/")
    listing = page.locator("main").inner_text()
    assert "BSW-HEF" in listing and "KWIJTSCH" not in listing and "HEFFING —" not in listing
    assert page.goto(f"/werkplek/correcties/{downstream.pk}/").status == 404
    page.goto(f"/werkplek/correcties/{partner_task.pk}/")
    assert "mijn kinderen wonen niet meer thuis" not in page.content().lower()  # no free text
    page.get_by_role("button", name="Gecorrigeerd melden").click()
    page.wait_for_load_state()
    partner_task.refresh_from_db()
    assert partner_task.status == TaskStatus.CORRECTED

    # The loket verifies; the next system is asked at once.
    page.context.clear_cookies()
    log_in(page, "coordinator")
    page.goto(f"/werkplek/zaken/{case.number}/")
    task_block = page.locator(f"#taak-{partner_task.pk}")
    task_block.get_by_role("button", name="Correctie gecontroleerd").click()
    page.wait_for_load_state()
    assert CorrectionTask.objects.get(pk=partner_task.pk).status == TaskStatus.VERIFIED
    assert CorrectionTask.objects.get(pk=downstream.pk).status == TaskStatus.REQUESTED
    assert axe_violations(page) == []

    # The citizen's page shows where each correction stands.
    page.context.clear_cookies()
    page.goto(f"/volg/{submission.tracking_token}/")
    text = page.locator("main").inner_text()
    assert "Verbeterd" in text
    # KWIJTSCH is still asked; the citizen reads a count, not the name (issue 15 point 3).
    assert "Wij vragen nog bij 1 organisatie na of uw gegevens daar ook staan." in text
    assert "Kwijtschelding" not in text
    assert axe_violations(page) == []
