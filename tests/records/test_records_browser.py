"""The records pages in a real Chromium, checked by axe-core: the penalty on the case page, the
archivist's list, the privacy officer's access log and requests, break the glass."""

from __future__ import annotations

import io
import secrets
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Membership, Role
from cases.services.intake import hash_token
from records.models import Nomination, NoticeOfDefault, RetentionRule
from records.services.retention import destruction_list_propose
from tests.conftest import axe_violations
from tests.factories import build_world, log_in, submit_case

pytestmark = pytest.mark.django_db(transaction=True)


def test_records_pages_are_accessible(page):
    world = build_world()
    admin = world.users["admin"]
    for role in (Role.ARCHIVIST, Role.PRIVACY_OFFICER):
        Membership.objects.create(user=admin, team=world.teams["regie"], role=role)
    case = submit_case(
        "privacy_request",
        team=world.teams["regie"],
        received_at=timezone.now() - timedelta(days=90),
        digid_bsn="111222333",  # filed with DigiD: its term ran from receipt (AVG art. 12(6))
    )
    NoticeOfDefault.objects.create(
        case=case,
        received_on=timezone.localdate() - timedelta(days=20),
        registered_by=world.users["coordinator"],
    )
    call_command("seed_volume", cases=40, days=730, batch=40, stdout=io.StringIO())
    RetentionRule.objects.filter(nomination=Nomination.DESTROY).update(period="P1M")
    dlist = destruction_list_propose(today=timezone.localdate())

    log_in(page, "coordinator")
    page.goto(f"/werkplek/zaken/{case.number}/")
    assert "161" in page.locator("#dwangsom + dl").inner_text()
    assert axe_violations(page) == []
    page.goto("/werkplek/escalaties/")
    assert case.number in page.locator("#dwangsommen + div").inner_text()
    assert axe_violations(page) == []

    page.context.clear_cookies()
    log_in(page, "caseworker_other")
    # Outside the routing: the case page explains and links to the form (issue 18).
    page.goto(f"/werkplek/zaken/{world.complaint.number}/")
    assert "valt buiten uw routering" in page.content()
    assert "Anna de Vries" not in page.content()
    assert axe_violations(page) == []
    page.get_by_role("link", name="Reden geven en inzien").click()
    page.wait_for_url(f"**/werkplek/archief/zaken/{world.complaint.number}/inzien/")
    assert axe_violations(page) == []
    page.get_by_label("Waarom moet u deze zaak inzien?", exact=False).fill("Inwoner aan de balie")
    page.get_by_role("button", name="Inzien en reden vastleggen").click()
    assert "Anna de Vries" in page.content()

    page.context.clear_cookies()
    log_in(page, "admin")
    page.goto("/werkplek/archief/inzagelog/")
    assert "Inwoner aan de balie" in page.content()
    assert axe_violations(page) == []
    page.goto("/werkplek/archief/inzageverzoeken/")
    page.get_by_label("Naam").fill("Noor Visser")
    page.get_by_label("E-mailadres").fill("noor@voorbeeld.test")
    page.get_by_label("Hoe is de identiteit vastgesteld?").fill("Paspoort gezien")
    page.get_by_label("Zaaknummer van het verzoek").fill(world.chain.number)
    page.get_by_role("button", name="Overzicht opstellen").click()
    assert "Overzicht downloaden" in page.content()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Gecontroleerd: vrijgeven").click()

    # The citizen downloads it from the tracking page of the request's case.
    token = secrets.token_urlsafe(24)
    Case.objects.filter(pk=world.chain.pk).update(tracking_token_hash=hash_token(token))
    page.context.clear_cookies()
    page.goto(f"/volg/{token}/")
    assert axe_violations(page) == []
    with page.expect_download() as download:
        page.get_by_role("link", name="Overzicht downloaden (Word)").click()
    assert download.value.suggested_filename == f"inzage-{world.chain.number}.docx"
    page.context.clear_cookies()
    log_in(page, "admin")
    page.goto(f"/werkplek/archief/vernietigingslijsten/{dlist.pk}/")
    assert axe_violations(page) == []
