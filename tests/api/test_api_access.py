"""The API's access matrix: a token sees exactly what its organisation's caseworkers see in the
backoffice. Another organisation's tasks, cases and attachments are 404; a revoked or expired
token is 401; a case-scope endpoint refuses a partner token with 403 (and the other way)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from api.models import ApiToken, TokenScope
from api.services import api_token_revoke
from cases.models import Attachment, Case, Organisation
from cases.services.attachments import attachments_add
from tests.api.conftest import (
    api_client,
    chain_case,
    make_token,
    settle_upstream_of_bsw,
    task_of,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def two_orgs(people, settings, tmp_path):
    """Organisation A (the tax cooperation, bsw) and B (the housing corporation, woco; and the
    municipality's own Informatiebeheer for cases), each with a requested task and evidence."""
    settings.MEDIA_ROOT = tmp_path
    case, _ = chain_case(people)
    settle_upstream_of_bsw(case, people)
    attachment = attachments_add(
        case=Case.objects.get(pk=case.pk),
        files=[SimpleUploadedFile("a.pdf", PDF)],
        actor=people["loket"],
    )[0]
    return case, attachment


def test_a_token_of_organisation_a_gets_404_for_everything_of_organisation_b(people, two_orgs):
    case, attachment = two_orgs
    b_task = task_of(case, "MAGAZIJN")  # informatiebeheer's task, settled (visible to them)
    a_task = task_of(case, "BSW-HEF")
    partner_a = api_client(make_token("bsw").raw)
    # A sees its own task.
    assert partner_a.get(f"/api/v1/tasks/{a_task.pk}/").status_code == 200
    for url in (
        f"/api/v1/tasks/{b_task.pk}/",
        f"/api/v1/tasks/{b_task.pk}/evidence/",
    ):
        method = partner_a.post if url.endswith("evidence/") else partner_a.get
        assert method(url).status_code == 404, url
    for path in ("corrected", "not-affected", "disputed"):
        response = partner_a.post(
            f"/api/v1/tasks/{b_task.pk}/{path}/",
            {"reason": "x"},
            content_type="application/json",
            HTTP_IF_MATCH=f'"{b_task.version}"',
        )
        assert response.status_code == 404, path
    assert b_task.pk not in [t["id"] for t in partner_a.get("/api/v1/tasks/").json()["results"]]

    # Cases and attachments: a case-scope token of a department that neither handles the case
    # nor has a task in it sees nothing of it; Informatiebeheer's (the handler's) token does.
    involved = set(case.correction_tasks.values_list("organisation__code", flat=True))
    outsider = (
        Organisation.objects.filter(kind="department")
        .exclude(code__in=involved | {"informatiebeheer"})
        .order_by("code")
        .first()
    )
    other_cases = api_client(make_token(outsider.code, TokenScope.MUNICIPALITY_CASES).raw)
    for url in (
        f"/api/v1/cases/{case.number}/",
        f"/api/v1/cases/{case.number}/history/",
        f"/api/v1/cases/{case.number}/attachments/",
        f"/api/v1/cases/{case.number}/attachments/{attachment.pk}/",
    ):
        assert other_cases.get(url).status_code == 404, url
    assert other_cases.get("/api/v1/cases/").json()["results"] == []
    own = api_client(make_token("informatiebeheer", TokenScope.MUNICIPALITY_CASES).raw)
    assert own.get(f"/api/v1/cases/{case.number}/").status_code == 200
    listed = own.get(f"/api/v1/cases/{case.number}/attachments/").json()
    assert [a["id"] for a in listed] == [attachment.pk]
    content = own.get(f"/api/v1/cases/{case.number}/attachments/{attachment.pk}/")
    assert content.status_code == 200 and b"".join(content.streaming_content) == PDF
    # An attachment id of another case through this case's URL: 404.
    other_case, _ = chain_case(people, name="Piet")
    assert (
        own.get(f"/api/v1/cases/{other_case.number}/attachments/{attachment.pk}/").status_code
        == 404
    )
    assert Attachment.objects.count() == 1


def test_case_data_has_no_free_text_or_contact_details(people, two_orgs):
    case, _ = two_orgs
    own = api_client(make_token("informatiebeheer", TokenScope.MUNICIPALITY_CASES).raw)
    text = own.get(f"/api/v1/cases/{case.number}/").content.decode()
    text += own.get(f"/api/v1/cases/{case.number}/history/").content.decode()
    text += own.get("/api/v1/cases/").content.decode()
    for private in ("Noor", "noor@example.nl", "overleden", "uitkering", "Ten onrechte"):
        assert private not in text
    history = own.get(f"/api/v1/cases/{case.number}/history/").json()
    assert [h["to_status"] for h in history] == ["in_progress", "awaiting_chain"]


def test_revoked_expired_and_unknown_tokens_get_401(people, two_orgs):
    case, _ = two_orgs
    revoked = make_token("bsw", name="oud")
    api_token_revoke(token=revoked.token)
    expired = make_token("bsw", name="verlopen")
    ApiToken.objects.filter(pk=expired.token.pk).update(expires_at=timezone.now() - timedelta(1))
    for raw in (revoked.raw, expired.raw, "ldz_not-a-token", ""):
        response = api_client(raw).get("/api/v1/tasks/")
        assert response.status_code == 401, raw
        assert response["Content-Type"] == "application/problem+json"
        assert response["WWW-Authenticate"].startswith("Bearer")
    assert api_client("x").get("/api/v1/cases/").status_code == 401


def test_scopes_partner_token_gets_403_on_cases_and_cases_token_on_tasks(people, two_orgs):
    case, _ = two_orgs
    partner = api_client(make_token("informatiebeheer").raw)
    for url in ("/api/v1/cases/", f"/api/v1/cases/{case.number}/"):
        response = partner.get(url)
        assert response.status_code == 403, url
        assert response["Content-Type"] == "application/problem+json"
    cases_token = api_client(make_token("bsw", TokenScope.MUNICIPALITY_CASES).raw)
    assert cases_token.get("/api/v1/tasks/").status_code == 403
