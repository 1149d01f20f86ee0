"""The council's dashboard in a real Chromium: a council member logs in, picks a period, reads
the figures with the tables beside the charts, and asks for the Word report; axe-core checks the
page against WCAG 2.1 AA."""

from __future__ import annotations

import pytest

from cases.models import Role
from council.models import CouncilReport
from tests.conftest import axe_violations
from tests.factories import make_staff, seed_year

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-123"  # tests.factories.UserFactory


def log_in(page, username: str) -> None:
    page.goto("/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "/werkplek/inloggen/" not in page.url


def test_council_member_reads_the_dashboard_and_asks_for_a_report(page):
    seed_year()
    make_staff(Role.COUNCIL, username="raadslid")
    log_in(page, "raadslid")

    page.get_by_role("link", name="Raadsinformatie", exact=True).click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() == "Cijfers voor de raad"
    assert axe_violations(page) == []

    # Another period through the form (the quick links cover this year and last year only).
    page.get_by_text("Andere periode of één organisatie").click()
    page.get_by_label("Van", exact=True).fill("2025-01-01")
    page.get_by_label("Tot en met", exact=True).fill("2025-12-31")
    page.get_by_role("button", name="Cijfers tonen").click()
    page.wait_for_load_state()
    assert "Periode: 2025" in page.locator(".council-lead").inner_text()

    charts = page.get_by_role("img")
    assert charts.count() == 3
    for index in range(3):
        alt = charts.nth(index).get_attribute("alt")
        assert alt and len(alt) > 60
    intake = page.get_by_role("table", name="Ontvangen zaken per zaaktype en kanaal")
    assert intake.locator("tfoot tr").inner_text().split() == [
        "Totaal",
        "5",
        "2",
        "1",
        "1",
        "2",
        "11",
    ]
    # Every table is reachable by keyboard when it scrolls sideways.
    region = page.get_by_role("region", name="Ontvangen zaken per maand en zaaktype")
    region.focus()
    assert region.evaluate("el => el === document.activeElement")
    assert axe_violations(page) == []

    page.get_by_role("button", name="Word-rapportage maken over 2025").click()
    page.wait_for_load_state()
    assert page.get_by_role("status").inner_text().startswith("De rapportage over 2025")
    assert CouncilReport.objects.count() == 1
    assert axe_violations(page) == []
