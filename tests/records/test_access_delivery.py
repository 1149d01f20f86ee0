"""The citizen receives the AVG 15 overview through the tracking page of the request's case,
after the privacy officer released it; a notice says it is ready (issue 18)."""

from __future__ import annotations

import secrets

import pytest

from cases.models import Case, Role
from cases.services.intake import hash_token
from notifications.models import Notification
from records.models import AccessRequest, AccessRequestFetch, AccessRequestStatus
from tests.factories import build_world, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(db):
    return build_world()


def _token(case: Case) -> str:
    token = secrets.token_urlsafe(24)
    Case.objects.filter(pk=case.pk).update(tracking_token_hash=hash_token(token))
    return token


def _request_on(client, world, case: Case) -> AccessRequest:
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    client.force_login(officer)
    response = client.post(
        "/werkplek/archief/inzageverzoeken/",
        {
            "naam": "Noor Visser",
            "email": "noor@voorbeeld.test",
            "verificatie": "ID-kaart aan de balie gezien",
            "zaaknummer": case.number,
        },
    )
    assert response.status_code == 302
    return AccessRequest.objects.get()


def test_released_overview_is_downloaded_from_the_tracking_page_and_logged(client, world):
    token = _token(world.chain)
    other_token = _token(world.complaint)
    request = _request_on(client, world, world.chain)
    assert request.case == world.chain
    ready = Notification.objects.filter(template_key="avg15_ready")

    # Not yet reviewed: nothing on the tracking page, no download, no notice.
    client.logout()
    assert "inzage/" not in client.get(f"/volg/{token}/").content.decode()
    assert client.get(f"/volg/{token}/inzage/").status_code == 404
    assert not ready.exists()

    officer = request.verified_by
    client.force_login(officer)
    client.post(f"/werkplek/archief/inzageverzoeken/{request.pk}/vrijgeven/")
    client.post(f"/werkplek/archief/inzageverzoeken/{request.pk}/vrijgeven/")  # twice: one notice
    notice = ready.get()
    assert notice.reference == f"case:{world.chain.pk}"
    assert notice.recipient == world.chain.citizen_email

    client.logout()
    page = client.get(f"/volg/{token}/").content.decode()
    assert f'href="/volg/{token}/inzage/"' in page
    response = client.get(f"/volg/{token}/inzage/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert b"".join(response.streaming_content)[:2] == b"PK"  # a .docx
    request.refresh_from_db()
    assert request.status == AccessRequestStatus.DELIVERED
    assert request.delivered_at is not None
    assert AccessRequestFetch.objects.filter(access_request=request).count() == 1

    # Another case's link, a guessed link, or the staff URL do not give it out.
    assert "inzage/" not in client.get(f"/volg/{other_token}/").content.decode()
    assert client.get(f"/volg/{other_token}/inzage/").status_code == 404
    assert client.get(f"/volg/{'x' * 32}/inzage/").status_code == 404
    staff_url = f"/werkplek/archief/inzageverzoeken/{request.pk}/overzicht/"
    assert client.get(staff_url).status_code in (302, 403, 404)
    assert AccessRequestFetch.objects.count() == 1


def test_an_unknown_case_number_is_refused(client, world):
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    client.force_login(officer)
    client.post(
        "/werkplek/archief/inzageverzoeken/",
        {
            "naam": "Noor Visser",
            "email": "noor@voorbeeld.test",
            "verificatie": "ID-kaart",
            "zaaknummer": "LDZ-0000-999999",
        },
    )
    assert not AccessRequest.objects.exists()
