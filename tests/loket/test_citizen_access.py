"""The access matrix for the citizen role (issue 17): a citizen signed in with DigiD sees their
own cases under Mijn zaken, filed online or registered at the counter with a verified BSN, and
nothing else: someone else's case, a case bound to nobody and a guessed case number are all the
same 404. A DigiD sign-in opens no staff page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.identity import bsn_digest
from cases.models import Case, Role
from cases.services.identity import identity_verify
from tests.factories import BSN_ANNA, BSN_BERT, digid_sign_in, make_staff, submit_case

pytestmark = pytest.mark.django_db

USERS = ["anonymous", "anna", "bert"]

# Expected status per URL, in the order of USERS. Anonymous visitors are sent to DigiD (302).
#                         anon anna bert
MATRIX = {
    "list":               (302, 200, 200),
    "anna_online":        (302, 200, 404),
    "anna_counter":       (302, 200, 404),
    "bert_online":        (302, 404, 200),
    "unbound":            (302, 404, 404),
    "guessed":            (302, 404, 404),
    # Staff pages stay behind the staff sign-in: a citizen is not a user.
    "backoffice_case":    (302, 302, 302),
    "frontdesk":          (302, 302, 302),
}  # fmt: skip


@pytest.fixture
def cases(db):
    desk = make_staff(Role.FRONT_DESK, username="balie")[1]
    anna_online = submit_case("privacy_request", digid_bsn=BSN_ANNA)
    anna_counter = submit_case("privacy_request", channel="counter")
    identity_verify(
        case=anna_counter, method="counter", bsn=BSN_ANNA, actor=desk, document="passport"
    )
    bert_online = submit_case("question", digid_bsn=BSN_BERT)
    unbound = submit_case("question")
    number = unbound.number
    guessed = number[:-1] + ("0" if number[-1] != "0" else "1")
    assert not Case.objects.filter(number=guessed).exists()
    return {
        "anna_online": anna_online.number,
        "anna_counter": anna_counter.number,
        "bert_online": bert_online.number,
        "unbound": number,
        "guessed": guessed,
    }


def _url(key: str, numbers: dict) -> str:
    if key == "list":
        return "/mijn-zaken/"
    if key == "backoffice_case":
        return f"/werkplek/zaken/{numbers['anna_online']}/"
    if key == "frontdesk":
        return "/werkplek/balie/"
    return f"/mijn-zaken/{numbers[key]}/"


@pytest.mark.parametrize("user", USERS)
def test_citizen_access_matrix(client, cases, user):
    if user != "anonymous":
        digid_sign_in(client, {"anna": BSN_ANNA, "bert": BSN_BERT}[user])
    got = {key: client.get(_url(key, cases)).status_code for key in MATRIX}
    expected = {key: row[USERS.index(user)] for key, row in MATRIX.items()}
    assert got == expected


def test_mijn_zaken_shows_the_counter_case_and_never_the_bsn(client, cases):
    digid_sign_in(client, BSN_ANNA)
    page = client.get("/mijn-zaken/").content.decode()
    assert cases["anna_online"] in page and cases["anna_counter"] in page
    assert cases["bert_online"] not in page and cases["unbound"] not in page
    detail = client.get(f"/mijn-zaken/{cases['anna_counter']}/").content.decode()
    assert "Uw identiteitsbewijs is aan de balie gecontroleerd." in detail
    for text in (page, detail):
        assert BSN_ANNA not in text and bsn_digest(BSN_ANNA) not in text


def test_mijn_zaken_reads_a_fixed_number_of_queries(client):
    """3 and 6 cases: two queries each time, the session and the cases with their types."""
    digid_sign_in(client, BSN_ANNA)
    counts = []
    for _ in range(2):
        for _ in range(3):
            submit_case("question", digid_bsn=BSN_ANNA)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/mijn-zaken/").status_code == 200
        counts.append(len(queries))
    assert counts == [2, 2]
