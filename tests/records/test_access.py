"""AVG art. 15 export with art. 19 recipients, the privacy officer's access log, and break the
glass (issue 18)."""

from __future__ import annotations

import io
import zipfile

import pytest

from cases.models import CorrectionTask, PersonalDataAccess, Role
from records.models import AccessRequest, AccessRequestStatus, BreakGlassAccess
from tests.factories import CITIZEN_EMAIL, build_world, login, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml").decode()


def test_export_for_a_citizen_with_a_chain_error_lists_every_recipient(client, world):
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    tasks = list(
        CorrectionTask.objects.filter(case=world.chain).select_related("system", "organisation")
    )
    assert tasks  # the demo citizen's chain error went to several systems
    # A caseworker has looked at the chain case: the export says so by role, not by name.
    login(client, world, "caseworker")
    client.get(f"/werkplek/zaken/{world.chain.number}/")
    client.logout()

    client.force_login(officer)
    response = client.post(
        "/werkplek/archief/inzageverzoeken/",
        {
            "naam": "Noor Visser",
            "email": "noor@voorbeeld.test",
            "verificatie": "ID-kaart aan de balie gezien",
        },
    )
    assert response.status_code == 302
    request = AccessRequest.objects.get()
    assert world.chain.number in request.case_numbers
    assert world.complaint.number not in request.case_numbers  # Anna's, not Noor's
    response = client.get(f"/werkplek/archief/inzageverzoeken/{request.pk}/overzicht/")
    text = _docx_text(b"".join(response.streaming_content))
    for task in tasks:
        assert (task.system.public_name or task.system.name) in text
        assert task.organisation.display_name in text
    assert "AVG artikel 19" in text
    assert "behandelaar" in text and "caseworker" not in text  # role, not name
    assert world.chain_attachment.original_name in text

    # The export itself is logged, and the access log shows it.
    assert PersonalDataAccess.objects.filter(
        case=world.chain, view="avg15_export", user=officer
    ).exists()
    page = client.get("/werkplek/archief/inzagelog/", {"zaak": world.chain.number}).content.decode()
    assert "avg15_export" in page
    csv = client.get("/werkplek/archief/inzagelog/", {"zaak": world.chain.number, "formaat": "csv"})
    assert "avg15_export" in csv.content.decode()

    client.post(f"/werkplek/archief/inzageverzoeken/{request.pk}/vrijgeven/")
    request.refresh_from_db()
    assert request.status == AccessRequestStatus.REVIEWED and request.reviewed_by == officer


def test_export_needs_a_verification_and_the_privacy_officer(client, world):
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    client.force_login(officer)
    client.post("/werkplek/archief/inzageverzoeken/", {"naam": "X", "email": CITIZEN_EMAIL})
    assert not AccessRequest.objects.exists()
    login(client, world, "coordinator")
    assert client.get("/werkplek/archief/inzagelog/").status_code == 404
    assert client.get("/werkplek/archief/inzageverzoeken/").status_code == 404


def test_break_the_glass_asks_a_reason_and_the_log_keeps_it(client, world):
    login(client, world, "caseworker_other")
    url = f"/werkplek/archief/zaken/{world.complaint.number}/inzien/"
    # The case page explains and links to the form, and shows nothing of the case.
    response = client.get(f"/werkplek/zaken/{world.complaint.number}/")
    assert response.status_code == 403
    offer = response.content.decode()
    assert f'href="{url}"' in offer and "valt buiten uw routering" in offer
    assert "Anna de Vries" not in offer and "Niet teruggebeld" not in offer
    assert not PersonalDataAccess.objects.exists()
    page = client.get(url).content.decode()
    assert "Anna de Vries" not in page and 'name="reden"' in page
    page = client.post(url, {"reden": ""}).content.decode()
    assert "Anna de Vries" not in page and not BreakGlassAccess.objects.exists()
    page = client.post(url, {"reden": "Inwoner belt, behandelaar ziek"}).content.decode()
    assert "Anna de Vries" in page
    entry = BreakGlassAccess.objects.get()
    assert entry.reason == "Inwoner belt, behandelaar ziek"
    assert PersonalDataAccess.objects.filter(case=world.complaint, view="break_glass").exists()

    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    client.force_login(officer)
    page = client.get(
        "/werkplek/archief/inzagelog/", {"medewerker": "caseworker_other"}
    ).content.decode()
    assert "Inwoner belt, behandelaar ziek" in page and "break_glass" in page


def test_partners_and_other_roles_get_a_plain_404_and_no_offer(client, world):
    for user in ("partner", "partner_other", "front_desk", "council", "admin"):
        login(client, world, user)
        response = client.get(f"/werkplek/zaken/{world.complaint.number}/")
        assert response.status_code == 404, user
        assert "inzien/" not in response.content.decode()
        url = f"/werkplek/archief/zaken/{world.complaint.number}/inzien/"
        assert client.post(url, {"reden": "nieuwsgierig"}).status_code == 404, user
    assert not BreakGlassAccess.objects.exists()
