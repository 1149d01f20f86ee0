"""The administrator's side: a token is shown once and stored as a hash; revoking works from
the list. The reference page and the schema are served from our own files, without inline
script (a Content-Security-Policy with script-src 'self' must be enough)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.utils import timezone

from api.models import ApiToken, TokenScope
from api.services import token_hash
from cases.models import Organisation
from tests.api.conftest import api_client

pytestmark = pytest.mark.django_db


def test_admin_creates_a_token_shows_it_once_and_stores_only_its_hash(admin_client, register):
    bsw = Organisation.objects.get(code="bsw")
    response = admin_client.post(
        "/admin/api/apitoken/add/",
        {
            "organisation": bsw.pk,
            "name": "Zaaksysteem BSV",
            "scope": TokenScope.PARTNER_TASKS,
            "expires_at_0": (timezone.localdate() + timezone.timedelta(days=90)).isoformat(),
            "expires_at_1": "12:00:00",
        },
        follow=True,
    )
    assert response.status_code == 200
    raw = re.search(r"<code>(ldz_[\w-]+)</code>", response.content.decode()).group(1)
    token = ApiToken.objects.get()
    assert token.key_hash == token_hash(raw) and raw not in str(token.__dict__)
    assert token.service_user.has_usable_password() is False
    assert not token.service_user.is_active
    # Shown once: the token's page does not show it again.
    page = admin_client.get(f"/admin/api/apitoken/{token.pk}/change/").content.decode()
    assert raw not in page
    assert api_client(raw).get("/api/v1/tasks/").status_code == 200
    admin_client.post("/admin/api/apitoken/", {"action": "revoke", "_selected_action": [token.pk]})
    assert api_client(raw).get("/api/v1/tasks/").status_code == 401


def test_reference_page_and_schema_are_served_without_inline_script(client: Client):
    page = client.get("/api/v1/docs/")
    assert page.status_code == 200
    html = page.content.decode()
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S)
    assert scripts and all('src="/static/' in attrs and not body.strip() for attrs, body in scripts)
    assert "cdn" not in html.lower()
    for path in (
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js",
        "drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css",
        "api/swagger-init.js",
    ):
        assert finders.find(path), path
    schema = client.get("/api/v1/schema/?format=json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/api/v1/tasks/{id}/corrected/" in paths and "/api/v1/cases/" in paths
    assert schema.json()["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
