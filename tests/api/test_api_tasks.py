"""The task endpoints a partner's system uses: list with filters and cursor, detail with the
partner role's data and the access log, the three answers with If-Match, evidence checked as on
the web, problem details in Dutch and English, throttling per token."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cases import services
from cases.models import Attachment, PersonalDataAccess, TaskStatus
from tests.api.conftest import (
    api_client,
    chain_case,
    make_token,
    settle_upstream_of_bsw,
    task_of,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n% evidence\n"


@pytest.fixture
def bsw_task(people):
    case, _token = chain_case(people)
    settle_upstream_of_bsw(case, people)
    task = task_of(case, "BSW-HEF")
    assert task.status == TaskStatus.REQUESTED
    return task


def test_list_shows_only_the_organisations_requested_tasks_without_personal_data(people, bsw_task):
    other_case, _ = chain_case(people, name="Piet Jansen")  # BSW-HEF still pending there
    client = api_client(make_token("bsw").raw)
    response = client.get("/api/v1/tasks/")
    assert response.status_code == 200
    body = response.json()
    assert [t["id"] for t in body["results"]] == [bsw_task.pk]
    assert body["results"][0]["case_number"] == bsw_task.case.number
    assert "Noor" not in response.content.decode()
    assert task_of(other_case, "BSW-HEF").status == TaskStatus.PENDING
    assert PersonalDataAccess.objects.count() == 0


def test_list_filters_on_state_and_updated_since_and_pages_by_cursor(people):
    cases = [chain_case(people, name=f"Inwoner {i}")[0] for i in range(3)]
    for case in cases:
        settle_upstream_of_bsw(case, people)
    client = api_client(make_token("bsw").raw)
    first = client.get("/api/v1/tasks/", {"page_size": 2}).json()
    assert len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = [t["id"] for t in first["results"] + second["results"]]
    assert sorted(ids) == sorted(task_of(c, "BSW-HEF").pk for c in cases)
    assert client.get("/api/v1/tasks/", {"status": "verified"}).json()["results"] == []
    last = first["results"][1]["updated_at"]
    later = client.get("/api/v1/tasks/", {"updated_since": last}).json()["results"]
    assert [t["id"] for t in later] == [second["results"][0]["id"]]
    bad = client.get("/api/v1/tasks/", {"status": "nonsense"})
    assert bad.status_code == 400
    assert bad["Content-Type"] == "application/problem+json"
    assert "status" in bad.json()["errors"]


def test_detail_shows_the_partner_roles_data_and_logs_the_token_name(bsw_task):
    new = make_token("bsw", name="Zaaksysteem BSV")
    response = api_client(new.raw).get(f"/api/v1/tasks/{bsw_task.pk}/")
    assert response.status_code == 200
    assert response["ETag"] == f'"{bsw_task.version}"'
    shown = {f["name"]: f["value"] for f in response.json()["personal_data"]}
    # Name, the wrong element and the right value; no contact details, no description.
    assert shown == {
        "citizen_name": "Noor Visser",
        "wrong_elements": "Overlijden",
        "right_value": "in leven",
    }
    log = PersonalDataAccess.objects.get()
    assert log.case_id == bsw_task.case_id and log.view == "api_task"
    assert "Zaaksysteem BSV" in log.user.username
    assert sorted(log.fields) == ["citizen_name", "right_value", "wrong_elements"]


def test_corrected_needs_if_match_and_answers_412_when_changed(bsw_task):
    client = api_client(make_token("bsw").raw)
    url = f"/api/v1/tasks/{bsw_task.pk}/corrected/"
    missing = client.post(url)
    assert missing.status_code == 428
    stale = client.post(url, HTTP_IF_MATCH=f'"{bsw_task.version - 1}"')
    assert stale.status_code == 412
    assert stale.json()["title"] == "Intussen gewijzigd"
    bsw_task.refresh_from_db()
    assert bsw_task.status == TaskStatus.REQUESTED
    ok = client.post(url, HTTP_IF_MATCH=f'"{bsw_task.version}"')
    assert ok.status_code == 200, ok.content
    bsw_task.refresh_from_db()
    assert bsw_task.status == TaskStatus.CORRECTED
    assert ok["ETag"] == f'"{bsw_task.version}"'
    # Once more with the old version: the state moved on.
    again = client.post(url, HTTP_IF_MATCH=f'"{bsw_task.version - 1}"')
    assert again.status_code == 412


@pytest.mark.parametrize(
    ("path", "status"),
    [("not-affected", TaskStatus.NOT_AFFECTED), ("disputed", TaskStatus.DISPUTED)],
)
def test_not_affected_and_disputed_need_a_reason(bsw_task, path, status):
    client = api_client(make_token("bsw").raw)
    url = f"/api/v1/tasks/{bsw_task.pk}/{path}/"
    version = f'"{bsw_task.version}"'
    empty = client.post(
        url, {"reason": "  "}, content_type="application/json", HTTP_IF_MATCH=version
    )
    assert empty.status_code == 400
    ok = client.post(
        url,
        {"reason": "Persoon staat niet bij ons."},
        content_type="application/json",
        HTTP_IF_MATCH=version,
    )
    assert ok.status_code == 200, ok.content
    bsw_task.refresh_from_db()
    assert bsw_task.status == status and bsw_task.reason == "Persoon staat niet bij ons."


def test_an_answer_the_state_does_not_allow_is_409(bsw_task):
    client = api_client(make_token("bsw").raw)
    url = f"/api/v1/tasks/{bsw_task.pk}/corrected/"
    client.post(url, HTTP_IF_MATCH=f'"{bsw_task.version}"')
    bsw_task.refresh_from_db()
    second = client.post(url, HTTP_IF_MATCH=f'"{bsw_task.version}"')
    assert second.status_code == 409
    assert second["Content-Type"] == "application/problem+json"


def test_evidence_is_checked_by_content_as_on_the_web(bsw_task, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client = api_client(make_token("bsw").raw)
    url = f"/api/v1/tasks/{bsw_task.pk}/evidence/"
    fake = SimpleUploadedFile("bewijs.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    refused = client.post(url, {"file": fake})
    assert refused.status_code == 400
    assert "PDF, PNG of JPEG" in refused.json()["errors"]["file"][0]
    assert Attachment.objects.count() == 0
    good = SimpleUploadedFile("bewijs.pdf", PDF, content_type="application/octet-stream")
    stored = client.post(url, {"file": good})
    assert stored.status_code == 201, stored.content
    attachment = Attachment.objects.get()
    assert attachment.case_id == bsw_task.case_id and attachment.content_type == "application/pdf"
    assert not attachment.from_citizen


def test_problems_in_dutch_and_english(bsw_task):
    raw = make_token("bsw").raw
    nl = api_client(raw, "nl").get("/api/v1/tasks/999999/")
    en = api_client(raw, "en").get("/api/v1/tasks/999999/")
    assert nl.status_code == en.status_code == 404
    assert nl["Content-Type"] == en["Content-Type"] == "application/problem+json"
    assert nl.json()["title"] == "Niet gevonden"
    assert en.json()["title"] == "Not found"
    assert en.json()["status"] == 404 and en.json()["instance"] == "/api/v1/tasks/999999/"


def test_throttling_per_token_answers_429_with_retry_after(bsw_task, settings):
    settings.API_THROTTLE_RATE = "3/min"
    first, second = make_token("bsw").raw, make_token("bsw", name="ander").raw
    codes = [api_client(first).get("/api/v1/tasks/").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = api_client(first).get("/api/v1/tasks/")
    assert int(limited["Retry-After"]) > 0
    assert limited["Content-Type"] == "application/problem+json"
    # Another token of the same organisation has its own budget.
    assert api_client(second).get("/api/v1/tasks/").status_code == 200


def test_task_list_costs_the_same_queries_whatever_the_number_of_tasks(people):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    raw = make_token("bsw").raw
    counts = []
    for _ in range(2):
        case, _token = chain_case(people)
        settle_upstream_of_bsw(case, people)
        client = api_client(raw)
        client.get("/api/v1/tasks/")  # the token's last-used stamp is written once
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/tasks/").status_code == 200
        counts.append(len(queries))
    # Authentication (token + organisation + user in one), one page of tasks with case and
    # system joined; no query per row.
    assert counts[0] == counts[1] == 2


def test_updated_since_sees_a_task_that_changed_after_the_last_sync(people, bsw_task):
    client = api_client(make_token("bsw").raw)
    synced = client.get("/api/v1/tasks/").json()["results"]
    last_seen = synced[-1]["updated_at"]
    assert client.get("/api/v1/tasks/", {"updated_since": last_seen}).json()["results"] == []
    # The loket changes the task in the backoffice (here: the coordinator, as owner stand-in).
    services.correction_task_mark_corrected(task=bsw_task, actor=people["coordinator"])
    changed = client.get("/api/v1/tasks/", {"updated_since": last_seen}).json()["results"]
    assert [(t["id"], t["status"]) for t in changed] == [(bsw_task.pk, "corrected")]
