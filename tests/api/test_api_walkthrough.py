"""A partner's own system walks a whole correction through HTTP only: it finds the task it was
asked to correct, reads it, sends evidence, reports corrected with the version it read; the
loket verifies in the backoffice; the citizen's tracking page shows the result.

The world (the register, the citizen's report, the loket's plan, the upstream systems settled)
is set up through the services; everything after that is an HTTP call."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from tests.api.conftest import api_client, chain_case, make_token, settle_upstream_of_bsw

pytestmark = pytest.mark.django_db


def _task_state_on_tracking_page(html: str, system_name: str) -> str:
    match = re.search(
        re.escape(system_name) + r': <span class="status task-(\w+)">([^<]+)</span>', html
    )
    assert match, f"{system_name} not on the tracking page"
    return match.group(1)


def test_partner_corrects_through_the_api_and_the_citizen_sees_it(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    case, tracking_token = chain_case(people)
    settle_upstream_of_bsw(case, people)
    partner = api_client(make_token("bsw", name="Zaaksysteem BSV").raw)
    citizen = Client()
    tracking_url = f"/volg/{tracking_token}/"
    assert (
        _task_state_on_tracking_page(
            citizen.get(tracking_url).content.decode(), "Heffing en invordering BSV"
        )
        == "requested"
    )

    # 1. The partner's system polls for requested tasks.
    listed = partner.get("/api/v1/tasks/", {"status": "requested"}).json()["results"]
    assert [t["case_number"] for t in listed] == [case.number]
    task_id = listed[0]["id"]

    # 2. It reads the task: who, which element, what is right.
    detail = partner.get(f"/api/v1/tasks/{task_id}/")
    assert detail.status_code == 200
    fields = {f["name"]: f["value"] for f in detail.json()["personal_data"]}
    assert fields["citizen_name"] == "Noor Visser" and fields["right_value"] == "in leven"
    version = detail["ETag"]

    # 3. Evidence of the correction, then "corrected" with the version it read.
    evidence = SimpleUploadedFile("correctie.pdf", b"%PDF-1.7\n1 0 obj\n")
    assert partner.post(f"/api/v1/tasks/{task_id}/evidence/", {"file": evidence}).status_code == 201
    corrected = partner.post(f"/api/v1/tasks/{task_id}/corrected/", HTTP_IF_MATCH=version)
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status"] == "corrected"
    page = citizen.get(tracking_url).content.decode()
    assert _task_state_on_tracking_page(page, "Heffing en invordering BSV") == "corrected"

    # 4. The loket checks it in the backoffice (a plain form post, as on the case page).
    loket = Client()
    loket.force_login(people["loket"].user)
    new_version = corrected["ETag"].strip('"')
    verified = loket.post(
        f"/werkplek/zaken/{case.number}/correcties/{task_id}/akkoord/",
        {f"taak{task_id}-akkoord-version": new_version},
    )
    assert verified.status_code == 302, verified.content

    # 5. The partner sees it verified; the citizen's page says it is corrected.
    assert partner.get(f"/api/v1/tasks/{task_id}/").json()["status"] == "verified"
    page = citizen.get(tracking_url).content.decode()
    assert _task_state_on_tracking_page(page, "Heffing en invordering BSV") == "verified"
