"""Issue 17's "Done when" in a real Chromium: a citizen signs in through the mock DigiD, files a
privacy request, finds it under Mijn zaken, and a caseworker can resolve it with disclosure;
the same request filed without DigiD is bound from its tracking link. axe-core on every new
public page."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache

from cases.models import Case, CaseStatus, Role
from tests.conftest import axe_violations
from tests.factories import BSN_ANNA, TeamFactory, log_in, make_staff

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def caseworker():
    """Every new case is routed to the fallback team; this caseworker is in it."""
    team = TeamFactory(is_fallback=True)
    return make_staff(Role.CASEWORKER, team=team, username="behandelaar")[1]


@pytest.fixture
def staff_page(chromium, live_server):
    """A second browser, for the municipality's side."""
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    staff = context.new_page()
    staff.set_default_timeout(15_000)
    yield staff
    context.close()


def mock_digid(page, bsn: str = BSN_ANNA) -> None:
    """On the mock DigiD's start page: choose the BSN login, type it, sign in."""
    page.wait_for_url(re.compile(r"/digid-mock/inloggen/"))
    page.locator("#authentication_type_account_basis").click()
    page.locator("input[name=auth_bsn]").fill(bsn)
    page.get_by_role("button", name="Inloggen").click()


def file_privacy_request(page) -> Case:
    page.get_by_role("radio", name=re.compile(r"inzage")).check()
    page.get_by_role("textbox", name=re.compile("^Toelichting")).fill("Wat heeft Belastingen?")
    page.get_by_role("textbox", name=re.compile("^Uw naam")).fill("Anna de Vries")
    page.get_by_role("textbox", name=re.compile("^Uw e-mailadres")).fill("anna@voorbeeld.test")
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(re.compile(r"/ontvangen/"))
    return Case.objects.get(number=page.locator(".case-number").inner_text())


def resolve_with_disclosure(staff, case: Case) -> None:
    staff.goto(f"/werkplek/zaken/{case.number}/")
    if staff.get_by_role("button", name="In behandeling nemen").count():
        staff.get_by_role("button", name="In behandeling nemen").click()
    details = staff.locator("details.bo-action", has=staff.locator("summary:text-is('Afhandelen')"))
    details.locator("summary").click()
    details.get_by_label("toegewezen", exact=True).check()
    details.get_by_label("Antwoord aan de inwoner").fill("Hierbij het overzicht van uw gegevens.")
    details.locator("button[type=submit]").click()
    assert "De zaak is afgehandeld" in staff.locator(".messages").inner_text()


def test_signed_in_citizen_files_a_privacy_request_and_a_caseworker_resolves_it(
    page, staff_page, caseworker
):
    page.goto("/indienen/privacy/")
    assert axe_violations(page) == []  # with the DigiD hint
    page.get_by_role("link", name="Eerst inloggen met DigiD").click()
    mock_digid(page)
    page.wait_for_url(re.compile(r"/indienen/privacy/$"))
    assert "U bent ingelogd met DigiD" in page.locator("main").inner_text()
    case = file_privacy_request(page)
    assert "Uw identiteit is bevestigd." in page.locator("main").inner_text()
    assert axe_violations(page) == []  # the receipt

    page.get_by_role("link", name="Mijn zaken").click()
    page.wait_for_url(re.compile(r"/mijn-zaken/$"))
    assert axe_violations(page) == []
    page.get_by_role("link", name=case.number).click()
    assert case.number in page.get_by_role("heading", level=1).inner_text()
    assert BSN_ANNA not in page.content()
    assert axe_violations(page) == []

    log_in(staff_page, "behandelaar")
    resolve_with_disclosure(staff_page, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED and case.outcome == "granted"

    page.reload()
    assert "Hierbij het overzicht van uw gegevens." in page.locator("main").inner_text()
    page.get_by_role("button", name="Uitloggen bij DigiD").click()
    page.goto("/mijn-zaken/")
    page.wait_for_url(re.compile(r"/digid-mock/"))


def test_a_request_filed_without_digid_is_bound_from_its_tracking_link(page, caseworker):
    page.goto("/indienen/privacy/")
    case = file_privacy_request(page)
    receipt = page.locator("main").inner_text()
    assert "Inloggen met DigiD om uw identiteit te bevestigen" in receipt
    assert axe_violations(page) == []
    page.locator(".tracking-link a").click()
    assert axe_violations(page) == []  # the tracking page with the DigiD button
    page.get_by_role("button", name="Inloggen met DigiD om uw identiteit te bevestigen").click()
    mock_digid(page)
    page.wait_for_url(re.compile(rf"/mijn-zaken/{case.number}/$"))
    assert "Uw identiteit is bevestigd met DigiD." in page.locator(".messages").inner_text()
    assert "Uw identiteit is bevestigd." in page.locator("main").inner_text()
    case.refresh_from_db()
    assert case.identity_verified and case.identity_method == "digid"


def test_without_digid_no_disclosure_until_the_counter_checked_the_identity(
    page, staff_page, chromium, live_server, caseworker
):
    page.goto("/indienen/privacy/")
    case = file_privacy_request(page)
    assert "Laat ons weten wie u bent" in page.locator("main").inner_text()

    log_in(staff_page, "behandelaar")
    staff_page.goto(f"/werkplek/zaken/{case.number}/")
    staff_page.get_by_role("button", name="In behandeling nemen").click()
    details = staff_page.locator(
        "details.bo-action", has=staff_page.locator("summary:text-is('Afhandelen')")
    )
    details.locator("summary").click()
    # AVG art. 12(6): the disclosing outcomes are not offered, and the page says why.
    assert details.get_by_label("toegewezen", exact=True).count() == 0
    assert "AVG art. 12 lid 6" in details.inner_text()

    make_staff(Role.FRONT_DESK, username="balie")
    desk_context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    desk = desk_context.new_page()
    log_in(desk, "balie", landing=None)
    desk.goto(f"/werkplek/balie/zaak/{case.number}/")
    desk.get_by_label("paspoort").check()
    desk.get_by_label("BSN van het identiteitsbewijs").fill(BSN_ANNA)
    desk.get_by_role("button", name="Identiteit vastleggen").click()
    assert "De identiteit is vastgesteld" in desk.locator(".messages").inner_text()
    assert BSN_ANNA not in desk.content()
    desk_context.close()

    resolve_with_disclosure(staff_page, case)
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED and case.outcome == "granted"
    assert case.identity_method == "counter" and case.identity_document == "passport"
