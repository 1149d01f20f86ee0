"""The front desk in a real Chromium: an employee logs in, registers a phone complaint, and finds
it again by the caller's phone number typed differently; axe-core checks the pages."""

from __future__ import annotations

import re

import pytest

from cases.models import Case, CaseStatus, ContactMoment, Role
from tests.conftest import axe_violations
from tests.factories import make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


@pytest.fixture
def balie():
    user, _actor = make_staff(Role.FRONT_DESK, username="balie")
    return user


def log_in(page, username: str) -> None:
    page.goto("/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "/werkplek/inloggen/" not in page.url


def test_front_desk_logs_a_phone_complaint_and_finds_it_by_phone_number(page, balie):
    found: dict[str, list] = {}
    log_in(page, "balie")

    page.goto("/werkplek/balie/nieuw/")
    found["register"] = axe_violations(page)
    # Phone is preselected: a call is registered without touching the channel.
    assert page.get_by_role("radio", name="telefoon").is_checked()
    page.get_by_label("Soort zaak").select_option(label="Klacht")
    page.get_by_role("textbox", name=re.compile("^Onderwerp")).fill("Naheffing parkeren")
    page.get_by_role("textbox", name=re.compile("^Wat vraagt of meldt")).fill(
        "Belt over een naheffing terwijl zij een vergunning heeft."
    )
    page.get_by_role("textbox", name=re.compile("^Naam inwoner")).fill("Fatima el Amrani")
    page.get_by_role("textbox", name=re.compile("^Telefoonnummer")).fill("06 1234 5678")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_url(re.compile(r"/werkplek/balie/zaak/LDZ-\d{4}-\d{6}/$"))
    case = Case.objects.get()
    assert case.number in page.url
    assert f"Zaak {case.number} is geregistreerd." in page.locator(".messages").inner_text()
    assert (case.case_type.code, case.channel, case.status) == (
        "complaint",
        "phone",
        CaseStatus.RECEIVED,
    )
    assert case.citizen_phone == "0612345678"
    assert case.created_by == balie
    found["case"] = axe_violations(page)

    # The caller rings back; the employee types the number the way the caller says it.
    page.goto("/werkplek/balie/")
    found["search"] = axe_violations(page)
    page.get_by_role("textbox", name=re.compile("^Zoek op zaaknummer")).fill("0612345678")
    page.get_by_role("button", name="Zoeken").click()
    page.wait_for_load_state()
    assert page.url.endswith("/werkplek/balie/")  # POSTed: the number is not in the URL
    assert "0612345678" not in page.url
    results = page.get_by_role("table")
    assert results.get_by_role("link", name=case.number).count() == 1
    assert "Fatima el Amrani" in results.inner_text()
    found["results"] = axe_violations(page)

    # And adds what was said to the case.
    results.get_by_role("link", name=case.number).click()
    page.get_by_role("textbox", name=re.compile("^Samenvatting")).fill("Belde terug over de stand.")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state()
    assert "Het contactmoment is vastgelegd." in page.locator(".messages").inner_text()
    contact = ContactMoment.objects.get(case=case)
    assert (contact.channel, contact.created_by) == ("phone", balie)

    assert {name: v for name, v in found.items() if v} == {}


def test_front_desk_form_errors_are_accessible_and_keep_the_input(page, balie):
    log_in(page, "balie")
    page.goto("/werkplek/balie/nieuw/")
    page.get_by_label("Soort zaak").select_option(label="Klacht")
    page.get_by_role("textbox", name=re.compile("^Naam inwoner")).fill("Fatima el Amrani")
    page.locator("#id_answered_at_once").check()
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Alleen een vraag kan direct worden afgehandeld." in summary.inner_text()
    summary.get_by_role("link", name=re.compile("^Direct beantwoord")).click()
    assert page.evaluate("document.activeElement.id") == "id_answered_at_once"
    assert page.locator("#id_citizen_name").input_value() == "Fatima el Amrani"
    assert axe_violations(page) == []
    assert Case.objects.count() == 0
