"""Staff sign-in in a real Chromium: enrolment with the key read off the page, the code step, a
recovery code, and the lockout page; each page checked by axe-core, without JavaScript of ours."""

from __future__ import annotations

import base64
import re

import pytest
from django_otp.oath import TOTP

from cases.models import Role
from tests.conftest import axe_violations
from tests.factories import make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "secret-pass-123"


def enter_password(page, username: str, password: str = PASSWORD) -> None:
    page.goto("/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(password)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def test_staff_enrol_an_app_and_sign_in_with_a_recovery_code(page, settings):
    settings.LOKET_TWO_FACTOR_REQUIRED = True
    user, _actor = make_staff(Role.CASEWORKER)

    enter_password(page, user.username)
    page.wait_for_url(re.compile(r"/werkplek/inloggen/app-koppelen/"))
    assert page.locator("h1").inner_text() == "Authenticator-app koppelen"
    assert axe_violations(page) == []
    # What a person with an app that cannot scan does: type the key over.
    secret = page.locator(".otp-secret").inner_text().replace(" ", "")
    code = f"{TOTP(base64.b32decode(secret)).token():06d}"
    page.get_by_label("Code uit de app", exact=True).fill(code)
    page.get_by_role("button", name="App koppelen").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Uw herstelcodes"
    codes = page.locator(".recovery-codes code").all_inner_texts()
    assert len(codes) == 10
    assert axe_violations(page) == []
    page.get_by_role("link", name="Ik heb de codes bewaard").click()
    page.wait_for_url("**/werkplek/")

    page.get_by_role("button", name="Uitloggen").click()
    page.wait_for_load_state()
    enter_password(page, user.username)
    page.wait_for_url(re.compile(r"/werkplek/inloggen/code/"))
    assert page.locator("h1").inner_text() == "Inlogcode"
    assert axe_violations(page) == []
    page.get_by_label("Code uit de app of herstelcode").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "klopt niet" in page.locator(".field-error").inner_text()
    assert axe_violations(page) == []
    page.get_by_label("Code uit de app of herstelcode").fill(codes[0])
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url("**/werkplek/")


def test_the_lockout_page_is_clear_and_accessible(page):
    user, _actor = make_staff(Role.CASEWORKER)
    for _ in range(5):
        enter_password(page, user.username, "verkeerd-wachtwoord")
    assert page.locator("h1").inner_text() == "Inloggen tijdelijk geblokkeerd"
    assert "30 minuten" in page.locator("main").inner_text()
    assert axe_violations(page) == []
