"""The home page in a real Chromium, checked by axe-core."""

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_is_accessible_in_dutch_and_english(page):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("h1").inner_text() == "Loket Digitale Zaken"
    assert page.locator("a.skip-link").get_attribute("href") == "#main"
    assert page.locator("main#main").count() == 1
    assert axe_violations(page) == []

    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert axe_violations(page) == []


def test_admin_login_page_is_served(page):
    response = page.goto("/admin/login/")
    assert response.status == 200
