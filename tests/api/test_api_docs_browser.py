"""The API reference page in a real Chromium: Swagger UI starts from our own static files with
no network beyond this server, under a Content-Security-Policy that allows no inline script."""

import pytest

from tests.conftest import axe_violations

pytestmark = pytest.mark.django_db(transaction=True)

CSP = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'"


def test_reference_page_runs_offline_under_a_strict_csp(page, live_server):
    outside, violations = [], []

    def route(route):
        if not route.request.url.startswith(live_server.url):
            outside.append(route.request.url)
            route.abort()
            return
        if route.request.url.endswith("/api/v1/docs/"):
            response = route.fetch()
            route.fulfill(
                response=response, headers={**response.headers, "content-security-policy": CSP}
            )
            return
        route.continue_()

    page.route("**/*", route)
    page.on(
        "console",
        lambda message: (
            violations.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.goto("/api/v1/docs/")
    page.locator(".opblock").first.wait_for()
    assert page.locator(".opblock").count() == 11
    assert page.get_by_text("/api/v1/tasks/{id}/corrected/").count() >= 1
    assert outside == []
    assert violations == []
    assert page.locator("html").get_attribute("lang") == "nl"
    assert [v for v in axe_violations(page, impacts=("critical",)) if v["id"] != "region"] == []
