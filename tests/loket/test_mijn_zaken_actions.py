"""Under Mijn zaken a citizen signed in with DigiD does on their own case what the secret link
allows: answer our question, withdraw, fetch the released AVG 15 overview. Someone else's case
is a 404 for each action and stays as it was; without a DigiD session each action asks for one
and changes nothing."""

from __future__ import annotations

import pytest

from cases import services
from cases.models import CaseEvent, CaseStatus, EventKind, Role
from records.models import AccessRequest, AccessRequestFetch
from tests.factories import (
    BSN_ANNA,
    BSN_BERT,
    TeamFactory,
    digid_sign_in,
    make_staff,
    submit_case,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def caseworker(db):
    return make_staff(Role.CASEWORKER, team=TeamFactory(is_fallback=True))[1]


@pytest.fixture
def asked(caseworker):
    """Anna's case (filed with DigiD) on which the caseworker asked her a question."""
    case = submit_case("question", digid_bsn=BSN_ANNA)
    services.case_request_information(
        case=services.case_take(case=case, actor=caseworker),
        actor=caseworker,
        question="Welk adres bedoelt u?",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CITIZEN
    return case


def _replies(case) -> int:
    return CaseEvent.objects.filter(case=case, kind=EventKind.REPLY).count()


def test_the_citizen_answers_from_mijn_zaken(client, asked):
    digid_sign_in(client, BSN_ANNA)
    page = client.get(f"/mijn-zaken/{asked.number}/").content.decode()
    assert f'action="/mijn-zaken/{asked.number}/antwoord/"' in page
    assert f'href="/mijn-zaken/{asked.number}/intrekken/"' in page
    assert "/volg/" not in page  # no secret link on this page

    response = client.post(f"/mijn-zaken/{asked.number}/antwoord/", {"text": "Dorpsstraat 1"})
    assert response.status_code == 302 and response.url == f"/mijn-zaken/{asked.number}/"
    assert _replies(asked) == 1
    asked.refresh_from_db()
    assert asked.status != CaseStatus.AWAITING_CITIZEN
    assert "Wij hebben uw antwoord ontvangen" in client.get(response.url).content.decode()


def test_an_empty_answer_shows_the_page_with_the_error_and_changes_nothing(client, asked):
    digid_sign_in(client, BSN_ANNA)
    response = client.post(f"/mijn-zaken/{asked.number}/antwoord/", {"text": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and 'href="#id_text"' in page
    assert f'action="/mijn-zaken/{asked.number}/antwoord/"' in page  # the form again, here
    assert _replies(asked) == 0


def test_the_citizen_withdraws_from_mijn_zaken_after_confirming(client, asked):
    digid_sign_in(client, BSN_ANNA)
    confirm = client.get(f"/mijn-zaken/{asked.number}/intrekken/")
    assert confirm.status_code == 200
    assert f'href="/mijn-zaken/{asked.number}/"' in confirm.content.decode()  # "Nee, terug"
    asked.refresh_from_db()
    assert asked.status == CaseStatus.AWAITING_CITIZEN  # asking changed nothing

    response = client.post(f"/mijn-zaken/{asked.number}/intrekken/", {"confirm": "yes"})
    assert response.status_code == 302 and response.url == f"/mijn-zaken/{asked.number}/"
    asked.refresh_from_db()
    assert asked.status == CaseStatus.WITHDRAWN


def test_someone_elses_case_is_a_404_for_every_action_and_stays_as_it_was(client, asked):
    digid_sign_in(client, BSN_BERT)
    base = f"/mijn-zaken/{asked.number}/"
    assert client.post(base + "antwoord/", {"text": "Hier"}).status_code == 404
    assert client.get(base + "intrekken/").status_code == 404
    assert client.post(base + "intrekken/", {"confirm": "yes"}).status_code == 404
    assert client.get(base + "inzage/").status_code == 404
    asked.refresh_from_db()
    assert asked.status == CaseStatus.AWAITING_CITIZEN and _replies(asked) == 0


def test_without_digid_each_action_asks_for_a_sign_in_and_changes_nothing(client, asked):
    base = f"/mijn-zaken/{asked.number}/"
    for response in (
        client.post(base + "antwoord/", {"text": "Hier"}),
        client.post(base + "intrekken/", {"confirm": "yes"}),
        client.get(base + "inzage/"),
    ):
        assert response.status_code == 302
        assert response.url.startswith("/digid-mock/inloggen/"), response.url
    asked.refresh_from_db()
    assert asked.status == CaseStatus.AWAITING_CITIZEN and _replies(asked) == 0


def test_the_released_overview_is_fetched_from_mijn_zaken_and_logged(client, db):
    case = submit_case("privacy_request", digid_bsn=BSN_ANNA)
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=TeamFactory())
    client.force_login(officer)
    created = client.post(
        "/werkplek/archief/inzageverzoeken/",
        {
            "naam": "Anna",
            "bsn": BSN_ANNA,
            "verificatie": "DigiD",
            "zaaknummer": case.number,
        },
    )
    assert created.status_code == 302
    request = AccessRequest.objects.get()
    client.logout()

    digid_sign_in(client, BSN_ANNA)
    assert client.get(f"/mijn-zaken/{case.number}/inzage/").status_code == 404  # not released
    client.logout()
    client.force_login(officer)
    client.post(f"/werkplek/archief/inzageverzoeken/{request.pk}/vrijgeven/")
    client.logout()

    digid_sign_in(client, BSN_ANNA)
    page = client.get(f"/mijn-zaken/{case.number}/").content.decode()
    assert f'href="/mijn-zaken/{case.number}/inzage/"' in page
    response = client.get(f"/mijn-zaken/{case.number}/inzage/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content)[:2] == b"PK"
    assert AccessRequestFetch.objects.filter(access_request=request).count() == 1
