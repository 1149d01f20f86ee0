"""The backoffice in a real Chromium, as caseworkers and coordinators use it: without any
JavaScript of ours, checked by axe-core."""

from __future__ import annotations

import pytest

from cases.models import CaseStatus, Extension, Team
from tests.conftest import axe_violations
from tests.factories import build_world, log_in

pytestmark = pytest.mark.django_db(transaction=True)


def open_action(page, label: str):
    """Open the <details> of an action and return it."""
    details = page.locator("details.bo-action", has=page.locator(f"summary:text-is('{label}')"))
    details.locator("summary").click()
    return details


def submit(details) -> None:
    details.locator("button[type=submit]").click()


def message(page) -> str:
    return page.locator(".messages").inner_text()


def test_caseworker_handles_a_complaint_from_the_work_list(page):
    world = build_world(with_chain=False)
    case = world.complaint
    log_in(page, "caseworker")

    page.get_by_role("link", name="Onverdeeld").click()
    assert page.locator("h1").inner_text().startswith("Onverdeeld")
    assert axe_violations(page) == []
    page.get_by_role("link", name=case.number).click()
    assert axe_violations(page) == []

    page.get_by_role("button", name="In behandeling nemen").click()
    assert "U heeft de zaak in behandeling genomen." in message(page)
    assert "in behandeling" in page.locator(".bo-status-line").inner_text()

    details = open_action(page, "Informatie vragen aan de inwoner")
    assert axe_violations(page) == []  # with a form open
    details.get_by_label("Welke informatie heeft u nodig?").fill("Wilt u de brief meesturen?")
    submit(details)
    assert "De vraag is aan de inwoner verstuurd" in message(page)
    assert "wacht op informatie van de inwoner" in page.locator(".bo-status-line").inner_text()

    details = open_action(page, "Termijn verlengen")
    details.get_by_label("Verlengen met (weken)").fill("3")
    details.get_by_label("Reden van de verlenging").fill(
        "Wij wachten op het advies van Burgerzaken."
    )
    submit(details)
    assert "De termijn is verlengd tot" in message(page)
    assert (
        "Wij wachten op het advies van Burgerzaken."
        in page.locator("section[aria-labelledby=termijn]").inner_text()
    )

    details = open_action(page, "Reactie van de inwoner vastleggen")
    details.get_by_label("Wat heeft de inwoner geantwoord?").fill("Brief is per post verstuurd.")
    submit(details)

    details = open_action(page, "Afhandelen")
    details.get_by_label("gegrond", exact=True).check()
    details.get_by_label("Antwoord aan de inwoner").fill("Uw klacht is gegrond. Excuses.")
    details.get_by_label("Nee, van horen is afgezien").check()
    submit(details)
    # Awb 9:10 lid 2: without a reason the form comes back with the error, input kept.
    assert "Awb 9:10 lid 2" in page.locator(".error-summary").inner_text()
    details = page.locator("details.bo-action[open]")
    assert details.get_by_label("Antwoord aan de inwoner").input_value() == (
        "Uw klacht is gegrond. Excuses."
    )
    details.get_by_label("Waarom is van horen afgezien?").fill("Klager wilde niet gehoord worden.")
    submit(details)
    assert "De zaak is afgehandeld" in message(page)

    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.outcome == "well_founded"
    assert case.hearing_held is False
    assert case.hearing_waived_reason == "Klager wilde niet gehoord worden."
    assert Extension.objects.get(case=case).reason == "Wij wachten op het advies van Burgerzaken."
    timeline = page.locator("section[aria-labelledby=tijdlijn]").inner_text()
    for line in ("Afgehandeld", "Termijn verlengd", "Informatie gevraagd aan de inwoner"):
        assert line in timeline


def test_coordinator_reassigns_a_case(page):
    world = build_world(with_chain=False)
    case = world.complaint
    log_in(page, "coordinator")
    page.goto(f"/werkplek/zaken/{case.number}/")

    details = open_action(page, "Doorsturen naar een ander team")
    details.get_by_label("Naar team").select_option(label="Privacy en Woo (Informatiebeheer)")
    details.get_by_label("Reden van het doorsturen").fill("Dit gaat over inzage in gegevens.")
    submit(details)
    assert "De zaak is doorgestuurd naar Privacy en Woo." in message(page)

    details = open_action(page, "Toewijzen aan een behandelaar")
    details.get_by_label("Behandelaar").select_option(label="Colleague Test")
    submit(details)
    assert "De zaak is toegewezen aan Colleague Test." in message(page)

    case.refresh_from_db()
    assert case.team == Team.objects.get(code="privacy")
    assert case.assignee == world.users["colleague"]
    assert (
        "Dit gaat over inzage in gegevens."
        in page.locator("section[aria-labelledby=tijdlijn]").inner_text()
    )


def test_second_browser_acting_at_once_is_told_the_case_changed(page, chromium, live_server):
    world = build_world(with_chain=False)
    case = world.complaint
    log_in(page, "caseworker")
    page.goto(f"/werkplek/zaken/{case.number}/")

    other_context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    other = other_context.new_page()
    try:
        log_in(other, "colleague")
        other.goto(f"/werkplek/zaken/{case.number}/")
        # Both have the page open. The first takes the case…
        page.get_by_role("button", name="In behandeling nemen").click()
        assert "U heeft de zaak in behandeling genomen." in message(page)
        # …the second, still looking at the old page, declines it.
        details = open_action(other, "Niet in behandeling nemen")
        details.get_by_label("Reden").fill("Buiten de termijn van een jaar.")
        submit(details)
        assert "Deze zaak is intussen gewijzigd" in message(other)
        assert "in behandeling" in other.locator(".bo-status-line").inner_text()
        assert axe_violations(other) == []
    finally:
        other_context.close()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.assignee == world.users["caseworker"]


def test_chain_case_page_and_task_list_are_accessible(page):
    world = build_world()
    log_in(page, "coordinator")
    page.goto(f"/werkplek/zaken/{world.chain.number}/")
    assert page.locator("svg[role=img]").count() == 1
    assert axe_violations(page) == []
    page.goto("/werkplek/escalaties/")
    assert axe_violations(page) == []
    page.goto("/werkplek/")
    assert axe_violations(page) == []

    page.context.clear_cookies()
    log_in(page, "partner")
    page.goto("/werkplek/correcties/")
    assert axe_violations(page) == []
    page.get_by_role("link", name=world.chain.number).click()
    assert "Wat u nodig heeft voor de correctie" in page.content()
    page.get_by_role("button", name="Gecorrigeerd melden").click()
    assert "staat als gecorrigeerd gemeld" in message(page)
    assert axe_violations(page) == []


def test_pages_fit_a_phone_screen(page):
    world = build_world()
    page.set_viewport_size({"width": 375, "height": 740})
    log_in(page, "coordinator")
    for url in ("/werkplek/zaken/?lijst=alle", f"/werkplek/zaken/{world.chain.number}/"):
        page.goto(url)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 1, url
    assert axe_violations(page) == []
