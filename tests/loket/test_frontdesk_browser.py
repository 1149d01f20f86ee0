"""The front desk in a real Chromium: an employee logs in, registers a phone complaint, and finds
it again by the caller's phone number typed differently; axe-core checks the pages."""

from __future__ import annotations

import re

import pytest

from cases.models import Case, CaseStatus, ContactMoment, Role
from tests.conftest import axe_violations
from tests.factories import log_in, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


@pytest.fixture
def balie():
    user, _actor = make_staff(Role.FRONT_DESK, username="balie")
    return user


def test_front_desk_logs_a_phone_complaint_and_finds_it_by_phone_number(page, balie):
    found: dict[str, list] = {}
    log_in(page, "balie", landing=None)

    page.goto("/werkplek/balie/nieuw/")
    found["register"] = axe_violations(page)
    # Phone is preselected: a call is registered without touching the channel.
    assert page.get_by_role("radio", name="telefoon").is_checked()
    page.get_by_role("radio", name="Klacht").check()
    page.get_by_role("textbox", name=re.compile("^Onderwerp")).fill("Naheffing parkeren")
    page.get_by_role("textbox", name=re.compile("^Wat vraagt of meldt")).fill(
        "Belt over een naheffing terwijl zij een vergunning heeft."
    )
    page.get_by_role("textbox", name=re.compile("^Naam inwoner")).fill("Fatima el Amrani")
    page.get_by_role("textbox", name=re.compile("^Telefoonnummer")).fill("06 1234 5678")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_url(re.compile(r"/werkplek/balie/zaak/LDZ-\d{4}-\d{6}/geregistreerd/$"))
    case = Case.objects.get()
    assert case.number in page.url
    assert f"Zaak {case.number} is geregistreerd" in page.locator("h1").inner_text()
    assert (case.case_type.code, case.channel, case.status) == (
        "complaint",
        "phone",
        CaseStatus.RECEIVED,
    )
    assert case.citizen_phone == "0612345678"
    assert case.created_by == balie
    found["registered"] = axe_violations(page)

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
    found["case"] = axe_violations(page)
    page.get_by_role("textbox", name=re.compile("^Samenvatting")).fill("Belde terug over de stand.")
    page.get_by_role("button", name="Vastleggen").click()
    page.wait_for_load_state()
    assert "Het contactmoment is vastgelegd." in page.locator(".messages").inner_text()
    contact = ContactMoment.objects.get(case=case)
    assert (contact.channel, contact.created_by) == ("phone", balie)

    assert {name: v for name, v in found.items() if v} == {}


def test_front_desk_form_errors_are_accessible_and_keep_the_input(page, balie):
    log_in(page, "balie", landing=None)
    page.goto("/werkplek/balie/nieuw/")
    # Ticked for a question, then the employee changes the type to a complaint.
    page.get_by_role("radio", name="Vraag").check()
    page.locator("#id_answered_at_once").check()
    page.get_by_role("radio", name="Klacht").check()
    page.get_by_role("textbox", name=re.compile("^Naam inwoner")).fill("Fatima el Amrani")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    assert "Alleen een vraag kan direct worden afgehandeld." in summary.inner_text()
    summary.get_by_role("link", name=re.compile("^Direct beantwoord")).click()
    assert page.evaluate("document.activeElement.id") == "id_answered_at_once"
    assert page.locator("#id_citizen_name").input_value() == "Fatima el Amrani"
    assert axe_violations(page) == []
    assert Case.objects.count() == 0


# --- Issue 15 point 4: the counter's keystrokes ----------------------------------------------


class Keyboard:
    """The keyboard only, counted: typing a field's text is one interaction, every other key
    (Tab, arrows, Enter) is one."""

    def __init__(self, page):
        self.page = page
        self.log: list[str] = []

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        self.log.append(f"type {text!r}")

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)
        self.log.append(key)

    def focused(self) -> str:
        return self.page.evaluate("document.activeElement.id || document.activeElement.name")


def test_phone_complaint_and_finding_it_again_by_keyboard_in_few_interactions(page, balie):
    """Sign in, register a phone complaint for a caller who gives a name and a phone number,
    then find it by that number: keyboard only, every interaction counted."""
    keys = Keyboard(page)
    found: dict[str, list] = {}
    page.goto("/werkplek/inloggen/")
    found["login"] = axe_violations(page)
    assert keys.focused() == "id_username"  # the cursor is in the first field
    keys.type("balie")
    keys.press("Tab")
    keys.type(PASSWORD)
    keys.press("Enter")

    # Front-desk staff land on the front desk, in the register form, on the case type.
    page.wait_for_url(re.compile(r"/werkplek/balie/nieuw/$"))
    found["register"] = axe_violations(page)
    assert keys.focused() == "id_case_type_0"
    assert (
        page.get_by_role("navigation", name="Hoofdmenu")
        .get_by_role("link", name="Balie")
        .is_visible()
    )
    keys.press("ArrowDown")  # the radio group: Vraag -> Klacht
    assert page.get_by_role("radio", name="Klacht").is_checked()
    keys.press("Tab")
    assert keys.focused() == "id_subject"
    keys.type("Naheffing terwijl zij een vergunning heeft")
    keys.press("Tab")
    keys.type("Fatima el Amrani")
    keys.press("Tab")
    keys.type("06 1234 5678")
    keys.press("Enter")

    page.wait_for_url(re.compile(r"/werkplek/balie/zaak/LDZ-\d{4}-\d{6}/geregistreerd/$"))
    case = Case.objects.get()
    assert (case.case_type.code, case.channel, case.citizen_name, case.citizen_phone) == (
        "complaint",
        "phone",
        "Fatima el Amrani",
        "0612345678",
    )
    # No e-mail and no postal address: the page says so and to read the number out.
    assert f"Lees het zaaknummer {case.number} voor" in page.locator("main").inner_text()
    found["registered"] = axe_violations(page)

    # The search box is on the confirmation, with the cursor in it.
    assert keys.focused() == "id_query"
    keys.type("06-12345678")
    keys.press("Enter")
    page.wait_for_url(re.compile(r"/werkplek/balie/$"))
    results = page.get_by_role("table")
    assert results.get_by_role("link", name=case.number).count() == 1
    found["results"] = axe_violations(page)

    tabs = keys.log.count("Tab")
    others = len(keys.log) - tabs
    # Issue 15: 14 interactions and 45 Tab presses before. Now 10 interactions and 4 Tabs; the
    # issue's goal (12 interactions, keyboard only) counts the Tabs apart, as here.
    assert others <= 12, keys.log
    assert tabs <= 4, keys.log
    assert len(keys.log) <= 14, keys.log
    assert {name: v for name, v in found.items() if v} == {}


def test_refused_submit_focuses_the_summary_and_its_links_show_label_and_message(page, balie):
    log_in(page, "balie", landing=None)
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto("/werkplek/balie/nieuw/")
    page.get_by_role("radio", name="Klacht").check()
    page.get_by_role("textbox", name=re.compile("^Onderwerp")).fill("Naheffing")
    page.get_by_role("textbox", name=re.compile("^Naam inwoner")).fill("Fatima el Amrani")
    page.get_by_role("textbox", name=re.compile("^E-mailadres")).fill("fatima@voorbeeld,nl")
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_selector(".error-summary")
    # The focus is on the error summary, so a screen reader reads it and Tab goes to its links.
    assert page.evaluate("document.activeElement.id") == "error-summary"
    summary = page.locator(".error-summary")
    assert "Er staat een komma in plaats van een punt." in summary.inner_text()

    summary.get_by_role("link", name=re.compile("^E-mailadres")).click()
    assert page.evaluate("document.activeElement.id") == "id_citizen_email"
    # The field's label and its message are on screen, not above the top of the window.
    for locator in (
        page.locator("label[for=id_citizen_email]"),
        page.locator("#id_citizen_email_error"),
        page.locator("#id_citizen_email"),
    ):
        box = locator.bounding_box()
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 720, box
    assert axe_violations(page) == []
    assert Case.objects.count() == 0


def test_front_desk_registers_a_chain_error_on_one_page(page, balie):
    from pathlib import Path

    import yaml

    from cases.models import ChainReport
    from cases.services.chain_import import chain_register_import

    chain_register_import(
        data=yaml.safe_load(
            (Path(__file__).resolve().parents[2] / "cases/demo/ketenregister.yaml").read_text()
        )
    )
    log_in(page, "balie", landing=None)
    page.goto("/werkplek/balie/nieuw/")
    chain_fields = page.get_by_role("group", name="Alleen bij een melding ketenfout")
    answer_fields = page.get_by_role("group", name="Alleen bij een vraag")
    # Only the fields of the chosen type are shown (all of them without JavaScript). Issue 22:
    # the counter's default type (the question) is checked when the page opens.
    assert answer_fields.is_visible() and chain_fields.is_hidden()
    page.get_by_role("radio", name="Vraag").check()
    assert answer_fields.is_visible() and chain_fields.is_hidden()
    page.get_by_role("radio", name="Melding ketenfout").check()
    assert chain_fields.is_visible() and answer_fields.is_hidden()
    page.get_by_role("textbox", name=re.compile("^Onderwerp")).fill(
        "Overleden volgens de uitkering"
    )
    page.get_by_role("textbox", name=re.compile("^Naam inwoner")).fill("Noor Visser")
    page.get_by_role("textbox", name=re.compile("^Telefoonnummer")).fill("0612345678")
    page.get_by_label("Waar zag de inwoner de fout?").select_option(value="PW")
    page.get_by_role("checkbox", name="Overlijden").check()
    page.get_by_role("textbox", name=re.compile("^Wat staat er nu")).fill("overleden")
    page.get_by_role("textbox", name=re.compile("^Wat is juist")).fill("in leven")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Registreren").click()
    page.wait_for_url(re.compile(r"/geregistreerd/$"))
    report = ChainReport.objects.get()
    assert report.case.case_type.code == "chain_error"
    assert report.noticed_system.code == "PW"
    assert [e.code for e in report.elements.all()] == ["overlijden"]
    assert (report.wrong_value, report.right_value) == ("overleden", "in leven")
