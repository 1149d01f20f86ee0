"""DigiD sign-in for citizens through the library's mock identity provider (issue 17): the
citizen is not a Django user, the BSN is not in the session in clear, the sign-in ends after 15
idle minutes, binding a case from its tracking link, and filing while signed in."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.sessions.models import Session

from cases.models import Case
from loket import citizen_session
from loket.citizen_session import CITIZEN_KEY
from tests.factories import (
    BSN_ANNA,
    BSN_BERT,
    digid_mock_complete,
    digid_sign_in,
    post_form,
    submit_case,
    valid_data,
)

pytestmark = pytest.mark.django_db


def _tracking_token(client, slug: str = "privacy") -> tuple[Case, str]:
    """File through the public form and read the secret link from the receipt."""
    response = post_form(client, slug, valid_data(slug))
    assert response.status_code == 302
    receipt = client.get("/ontvangen/")
    case = receipt.context["case"]
    return case, receipt.context["token"]


def test_mock_sign_in_keeps_the_citizen_in_the_session_not_as_a_user(client):
    users = get_user_model().objects.count()
    response = digid_sign_in(client, BSN_ANNA)
    assert response.status_code == 302 and response.url == "/mijn-zaken/"
    assert get_user_model().objects.count() == users
    assert client.session[CITIZEN_KEY]["digest"]
    page = client.get("/mijn-zaken/")
    assert page.status_code == 200
    assert "Uitloggen bij DigiD" in page.content.decode()
    # The session row holds the BSN sealed, never in clear.
    stored = Session.objects.get(session_key=client.session.session_key)
    assert BSN_ANNA not in repr(stored.get_decoded()) and BSN_ANNA not in stored.session_data


def test_sign_in_starts_a_fresh_session_key(client):
    client.get("/")
    client.session.save()
    before = client.session.session_key
    digid_sign_in(client)
    assert client.session.session_key != before


def test_the_bsn_never_travels_in_a_url(client):
    start = client.get("/digid/inloggen/?next=/mijn-zaken/")
    bsn_page = start.url.replace("/digid-mock/inloggen/", "/digid-mock/inloggen_bsn/", 1)
    typed = client.post(bsn_page, {"auth_bsn": BSN_ANNA})
    assert typed.status_code == 302 and "/digid/acs/" in typed.url
    assert BSN_ANNA not in typed.url
    assert client.get(typed.url).url == "/mijn-zaken/"
    # A BSN in the query signs nobody in, also with the mock.
    client.post("/digid/uitloggen/")
    response = client.get(f"/digid/acs/?bsn={BSN_ANNA}")
    assert response.status_code == 302 and response.url == "/"
    assert CITIZEN_KEY not in client.session


def test_the_mock_refuses_a_bsn_that_fails_the_elfproef(client):
    start = client.get("/digid/inloggen/")
    bsn_page = start.url.replace("/digid-mock/inloggen/", "/digid-mock/inloggen_bsn/", 1)
    assert client.post(bsn_page, {"auth_bsn": "123456789"}).status_code == 200
    assert CITIZEN_KEY not in client.session


def test_real_digid_mode_takes_no_bsn_from_the_mock(client, settings):
    start = client.get("/digid/inloggen/")
    bsn_page = start.url.replace("/digid-mock/inloggen/", "/digid-mock/inloggen_bsn/", 1)
    typed = client.post(bsn_page, {"auth_bsn": BSN_ANNA})
    settings.DIGID_MODE = "saml"
    response = client.get(typed.url)
    assert response.status_code == 302 and response.url == "/"
    assert CITIZEN_KEY not in client.session


def test_sign_out_ends_the_citizen_sign_in_and_leaves_staff_alone(client, front_desk):
    client.force_login(front_desk)
    digid_sign_in(client)
    response = client.post("/digid/uitloggen/")
    assert response.status_code == 302
    assert CITIZEN_KEY not in client.session
    assert client.get("/mijn-zaken/").url.startswith("/digid-mock/")
    assert client.get("/werkplek/balie/").status_code == 200


def test_the_digid_session_ends_after_15_idle_minutes(client, monkeypatch):
    clock = {"now": 1_800_000_000}
    monkeypatch.setattr(citizen_session, "now", lambda: clock["now"])
    digid_sign_in(client)
    clock["now"] += 14 * 60
    assert client.get("/mijn-zaken/").status_code == 200  # activity: the clock starts again
    clock["now"] += 14 * 60 + 59
    assert client.get("/mijn-zaken/").status_code == 200
    clock["now"] += 15 * 60
    response = client.get("/mijn-zaken/")
    assert response.status_code == 302 and response.url.startswith("/digid-mock/")
    assert CITIZEN_KEY not in client.session


def test_binding_from_the_tracking_link_verifies_the_case(client):
    case, token = _tracking_token(client)
    assert case.case_type.identity_required and not case.identity_verified
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Inloggen met DigiD om uw identiteit te bevestigen" in page
    response = digid_mock_complete(client, client.post(f"/volg/{token}/digid/"), BSN_ANNA)
    assert response.status_code == 302 and response.url == f"/mijn-zaken/{case.number}/"
    case.refresh_from_db()
    assert case.identity_verified and case.identity_method == "digid"
    shown = client.get(response.url).content.decode()
    assert "Uw identiteit is bevestigd." in shown
    assert BSN_ANNA not in shown
    tracking = client.get(f"/volg/{token}/").content.decode()
    assert "Uw identiteit is bevestigd." in tracking
    assert "Inloggen met DigiD om uw identiteit te bevestigen" not in tracking


def test_binding_needs_the_tracking_link(client):
    case, _token = _tracking_token(client)
    digid_sign_in(client)
    assert client.post(f"/volg/{'x' * 32}/digid/").status_code == 404
    case.refresh_from_db()
    assert not case.identity_verified


def test_a_signed_in_citizen_binds_at_once_from_the_receipt(client):
    digid_sign_in(client, BSN_BERT)
    # Filing while signed in binds at submission.
    case, _token = _tracking_token(client)
    case.refresh_from_db()
    assert case.identity_verified and case.identity_method == "digid"
    # A case filed without DigiD, bound by a signed-in citizen from its link: no detour.
    client.post("/digid/uitloggen/")
    other, token = _tracking_token(client)
    digid_sign_in(client, BSN_BERT)
    response = client.post(f"/volg/{token}/digid/")
    assert response.status_code == 302 and response.url == f"/mijn-zaken/{other.number}/"
    other.refresh_from_db()
    assert other.identity_verified


def test_receipt_offers_digid_only_where_identity_is_required(client):
    post_form(client, "privacy", valid_data("privacy"))
    assert "Inloggen met DigiD om uw identiteit" in client.get("/ontvangen/").content.decode()
    post_form(client, "vraag", valid_data("vraag"))
    assert "Inloggen met DigiD om uw identiteit" not in client.get("/ontvangen/").content.decode()


def test_mijn_zaken_lists_only_the_citizens_own_cases(client):
    digid_sign_in(client, BSN_ANNA)
    mine, _ = _tracking_token(client)
    client.post("/digid/uitloggen/")
    digid_sign_in(client, BSN_BERT)
    theirs, _ = _tracking_token(client)
    unbound = submit_case("question")
    page = client.get("/mijn-zaken/").content.decode()
    assert theirs.number in page
    assert mine.number not in page and unbound.number not in page


@pytest.mark.parametrize("target", ["//evil.example/x", "https://evil.example/", "javascript:x"])
def test_sign_in_returns_only_to_this_site(client, target):
    response = digid_mock_complete(client, client.get("/digid/inloggen/", {"next": target}))
    assert response.url == "/mijn-zaken/"
