"""A whole correction through HTTP only: the loket takes the citizen's chain-error report and
makes the plan in the backoffice; each owning organisation's own system finds the task it was
asked to correct through the API, reads it, reports it corrected with the version it read (the
tax cooperation also sends evidence); the loket verifies each in the backoffice; the citizen's
tracking page shows every step.

Set-up only: the register, the staff accounts, the tokens, and the citizen's report (filed with
DigiD on the public form, which is not what this test is about)."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from cases import services
from cases.actors import CITIZEN
from cases.models import DataElement, System
from tests.api.conftest import api_client, make_token

pytestmark = pytest.mark.django_db

OWNERS = {  # system -> the organisation whose own system works its task
    "BRP": "burgerzaken",
    "MAGAZIJN": "informatiebeheer",
    "HEFFING": "belastingen",
    "BSW-HEF": "bsw",
}


def _state_on_tracking_page(html: str, system_name: str) -> str:
    match = re.search(
        re.escape(system_name) + r': <span class="status task-(\w+)">([^<]+)</span>', html
    )
    assert match, f"{system_name} not on the tracking page"
    return match.group(1)


def _open_check_without_name(html: str, system_name: str) -> None:
    """An open check is one counted sentence: the citizen sees no system by name before its
    owner confirmed the person is in it (issue 15 point 3)."""
    assert system_name not in html
    assert "na of uw gegevens daar ook staan" in html


def _form_version(page: str, prefix: str) -> str:
    match = re.search(rf'name="{re.escape(prefix)}-version" value="(\d+)"', page)
    assert match, f"no form {prefix} on the page"
    return match.group(1)


def _case_action(loket: Client, number: str, slug: str) -> None:
    page = loket.get(f"/werkplek/zaken/{number}/").content.decode()
    response = loket.post(
        f"/werkplek/zaken/{number}/acties/{slug}/", {f"{slug}-version": _form_version(page, slug)}
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _verify(loket: Client, number: str, task_id: int) -> None:
    page = loket.get(f"/werkplek/zaken/{number}/").content.decode()
    prefix = f"taak{task_id}-akkoord"
    response = loket.post(
        f"/werkplek/zaken/{number}/correcties/{task_id}/akkoord/",
        {f"{prefix}-version": _form_version(page, prefix)},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def _owner_reports_corrected(system: Client, case_number: str, *, evidence: bool = False) -> int:
    """What a partner's own system does: poll, read, (send evidence,) report corrected."""
    listed = system.get("/api/v1/tasks/", {"status": "requested"}).json()["results"]
    assert [t["case_number"] for t in listed] == [case_number]
    task_id = listed[0]["id"]
    detail = system.get(f"/api/v1/tasks/{task_id}/")
    assert detail.status_code == 200
    fields = {f["name"]: f["value"] for f in detail.json()["personal_data"]}
    assert fields["citizen_name"] == "Noor Visser" and fields["right_value"] == "in leven"
    if evidence:
        upload = SimpleUploadedFile("correctie.pdf", b"%PDF-1.7\n1 0 obj\n")
        assert (
            system.post(f"/api/v1/tasks/{task_id}/evidence/", {"file": upload}).status_code == 201
        )
    corrected = system.post(f"/api/v1/tasks/{task_id}/corrected/", HTTP_IF_MATCH=detail["ETag"])
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["status"] == "corrected"
    return task_id


def test_a_correction_through_http_only_and_the_citizen_sees_it(people, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    submission = services.chain_error_submit(
        source_system=System.objects.get(code="BRP"),
        elements=list(DataElement.objects.filter(code="overlijden")),
        wrong_value="overleden",
        right_value="in leven",
        noticed_where="Uitkering gestopt",
        channel="web",
        subject="Ten onrechte overleden",
        description="Mijn uitkering is gestopt.",
        citizen_name="Noor Visser",
        citizen_email="noor@example.nl",
        digid_bsn="111222333",
        actor=CITIZEN,
    )
    number = submission.case.number
    systems = {code: api_client(make_token(org).raw) for code, org in OWNERS.items()}
    citizen = Client()
    tracking = f"/volg/{submission.tracking_token}/"
    loket = Client()
    loket.force_login(people["loket"].user)

    # The loket takes the report and makes the correction plan (backoffice forms).
    _case_action(loket, number, "in-behandeling")
    _case_action(loket, number, "correctieplan")
    page = citizen.get(tracking).content.decode()
    _open_check_without_name(page, "Heffing en invordering BSV")

    # Upstream first: each owner's system corrects, the loket verifies, the next is asked.
    for code in ("BRP", "MAGAZIJN", "HEFFING"):
        task_id = _owner_reports_corrected(systems[code], number)
        _verify(loket, number, task_id)

    # The tax cooperation's turn, now that everything upstream is settled.
    page = citizen.get(tracking).content.decode()
    _open_check_without_name(page, "Heffing en invordering BSV")
    task_id = _owner_reports_corrected(systems["BSW-HEF"], number, evidence=True)
    page = citizen.get(tracking).content.decode()
    assert _state_on_tracking_page(page, "Heffing en invordering BSV") == "corrected"
    _verify(loket, number, task_id)

    # The partner sees it verified; the citizen's page says it is corrected.
    assert systems["BSW-HEF"].get(f"/api/v1/tasks/{task_id}/").json()["status"] == "verified"
    page = citizen.get(tracking).content.decode()
    assert _state_on_tracking_page(page, "Heffing en invordering BSV") == "verified"
    assert _state_on_tracking_page(page, "Basisregistratie Personen") == "verified"
