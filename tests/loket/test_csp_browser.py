"""Issue 16 point 5: the pages work under the Content-Security-Policy (no inline script, no
inline style). A real Chromium walks the citizen's and the staff's pages and reports every CSP
violation it logs; there must be none. (The other browser tests check the pages and axe-core
under the same policy.)"""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, build_world

pytestmark = pytest.mark.django_db(transaction=True)


def _watch_csp(page) -> list[str]:
    violations: list[str] = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return violations


def test_citizen_and_staff_pages_raise_no_csp_violation(page):
    world = build_world()
    violations = _watch_csp(page)
    response = page.goto("/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    page.goto("/indienen/vraag/")
    page.get_by_label("Waar gaat uw vraag over?").fill("Parkeervergunning")
    page.locator("#id_description").fill("Hoe verleng ik mijn vergunning?")
    page.locator("#id_citizen_name").fill("Anna de Vries")
    page.locator("#id_citizen_email").fill("anna@voorbeeld.test")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(re.compile(r"/ontvangen/"))
    page.locator(".tracking-link a").click()
    page.wait_for_url(re.compile(r"/volg/"))
    page.goto("/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill("coordinator")
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    for url in (
        "/werkplek/",
        f"/werkplek/zaken/{world.complaint.number}/",
        f"/werkplek/zaken/{world.chain.number}/",  # the chain picture (SVG)
        "/werkplek/raad/",  # charts as data: images
    ):
        response = page.goto(url)
        assert response.status == 200, url
        assert "no-store" in response.headers["cache-control"], url
    assert violations == []
