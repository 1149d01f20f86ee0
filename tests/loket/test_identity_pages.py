"""Issue 17 on the pages: the case page offers no disclosure and no correction plan before the
identity is verified; the front desk records a counter check and finds a case by BSN; the BSN
is masked except for the handlers of such a case; the citizen sees "wacht op identificatie"."""

from __future__ import annotations

import pytest

from cases import services
from cases.actors import CITIZEN
from cases.identity import bsn_digest
from cases.models import Case, CaseStatus, CaseType, DataElement, PersonalDataAccess, System
from tests.factories import build_world, login

pytestmark = pytest.mark.django_db
BSN = "111222333"
MASKED = "*****2333"


@pytest.fixture
def world():
    return build_world(with_chain=False)


def _privacy_request(world):
    submission = services.case_submit(
        case_type=CaseType.objects.get(code="privacy_request"),
        channel="web",
        subject="Inzage in mijn dossier",
        description="Welke gegevens heeft u over mij?",
        citizen_name="Jan Jansen",
        citizen_email="jan@voorbeeld.test",
    )
    case = services.case_take(case=submission.case, actor=world.actor("caseworker"))
    return case, submission.tracking_token


def _chain_error(world):
    case = services.chain_error_submit(
        source_system=System.objects.get(code="HEFFING"),
        elements=list(DataElement.objects.filter(code="overlijden")),
        wrong_value="overleden",
        right_value="in leven",
        channel="web",
        subject="Ik sta als overleden geregistreerd",
        description="Een brief aan mijn erven.",
        citizen_name="Noor Visser",
        citizen_email="noor@voorbeeld.test",
        actor=CITIZEN,
    ).case
    return services.case_take(case=case, actor=world.actor("coordinator"))


def act(client, case, action, **fields):
    case.refresh_from_db()
    data = {f"{action}-version": case.version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/werkplek/zaken/{case.number}/acties/{action}/", data)


def counter_check(client, world, case, **fields):
    login(client, world, "front_desk")
    data = {"document": "passport", "bsn": "1112.22.333", **fields}
    return client.post(f"/werkplek/balie/zaak/{case.number}/identiteit/", data)


def test_no_correction_plan_on_the_page_for_an_unverified_chain_error(client, world):
    case = _chain_error(world)
    login(client, world, "coordinator")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "/acties/correctieplan/" not in page
    assert ">wacht op identificatie<" in page  # the status line
    response = act(client, case, "correctieplan")
    assert "AVG art. 12 lid 6" in response.content.decode()
    assert not case.correction_tasks.exists()

    assert counter_check(client, world, case).status_code == 302
    login(client, world, "coordinator")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "/acties/correctieplan/" in page and ">wacht op identificatie<" not in page
    assert act(client, case, "correctieplan").status_code == 302
    assert case.correction_tasks.exists()


def test_a_request_without_digid_is_not_disclosed_until_the_front_desk_checks_identity(
    client, world
):
    case, _token = _privacy_request(world)
    login(client, world, "caseworker")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert 'value="refused"' in page and 'value="granted"' not in page
    assert "AVG art. 12 lid 6" in page  # the resolve form says why
    response = act(client, case, "afhandelen", outcome="granted", answer="Zie bijlage.")
    assert response.status_code == 400
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS

    # The front desk sees the wait, records the check, and the form disappears.
    login(client, world, "front_desk")
    desk = client.get(f"/werkplek/balie/zaak/{case.number}/").content.decode()
    assert "wacht op identificatie" in desk and "Identiteit vaststellen aan de balie" in desk
    assert counter_check(client, world, case).status_code == 302
    desk = client.get(f"/werkplek/balie/zaak/{case.number}/").content.decode()
    assert "Identiteit vaststellen aan de balie" not in desk
    assert MASKED in desk and BSN not in desk

    login(client, world, "caseworker")
    response = act(client, case, "afhandelen", outcome="granted", answer="Zie bijlage.")
    assert response.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.RESOLVED, "granted")
    assert case.identity_checked_by == world.users["front_desk"]


def test_the_counter_check_refuses_a_bsn_that_fails_the_elfproef(client, world):
    case, _token = _privacy_request(world)
    response = counter_check(client, world, case, bsn="111222334")
    assert response.status_code == 400
    assert "elfproef" in response.content.decode()
    assert not Case.objects.get(pk=case.pk).identity_verified


def test_only_the_front_desk_records_a_counter_check(client, world):
    case, _token = _privacy_request(world)
    login(client, world, "caseworker")
    response = client.post(
        f"/werkplek/balie/zaak/{case.number}/identiteit/", {"document": "passport", "bsn": BSN}
    )
    assert response.status_code == 404
    assert not Case.objects.get(pk=case.pk).identity_verified


def test_the_front_desk_finds_a_case_by_bsn_with_a_post_and_the_search_is_logged(client, world):
    case, _token = _privacy_request(world)
    services.case_submit(  # someone else's case, and a complaint without a BSN
        case_type=case.case_type,
        channel="web",
        subject="Inzage",
        description="Mijn gegevens",
        citizen_name="Piet Pietersen",
        digid_bsn="123456782",
    )
    counter_check(client, world, case)
    response = client.post("/werkplek/balie/", {"query": "111 222 333"})
    page = response.content.decode()
    assert case.number in page and "Piet Pietersen" not in page
    assert BSN not in page
    logged = PersonalDataAccess.objects.filter(view="frontdesk_bsn_search")
    assert [(row.case, row.fields) for row in logged] == [(case, ["bsn"])]
    # Not through the URL: a GET shows the empty search form.
    assert case.number not in client.get("/werkplek/balie/", {"query": BSN}).content.decode()


def test_the_bsn_is_whole_for_the_handler_of_a_privacy_request_and_masked_otherwise(client, world):
    case, _token = _privacy_request(world)
    services.identity_verify(case=case, method="digid", bsn=BSN)
    complaint = world.complaint
    Case.objects.filter(pk=complaint.pk).update(bsn=BSN, bsn_digest=bsn_digest(BSN))
    login(client, world, "caseworker")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert BSN in page
    page = client.get(f"/werkplek/zaken/{complaint.number}/").content.decode()
    assert MASKED in page and BSN not in page


def test_the_tracking_page_says_wacht_op_identificatie_and_how_to_verify(client, world):
    case, token = _privacy_request(world)
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Wacht op identificatie" in page
    assert "DigiD" in page and "balie" in page
    assert "wacht op identificatie (AVG art. 12 lid 6)" in page  # the term explanation
    services.identity_verify(case=case, method="digid", bsn=BSN)
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Wacht op identificatie" not in page and BSN not in page and "2333" not in page


def test_the_administrator_sets_the_identity_requirement_per_case_type(client, world):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("beheerder", "b@example.nl", "x")
    client.force_login(admin)
    privacy = CaseType.objects.get(code="privacy_request")
    page = client.get(f"/admin/cases/casetype/{privacy.pk}/change/").content.decode()
    assert 'name="identity_required"' in page
    assert "identiteit (avg art. 12 lid 6)" in page.lower()
    assert "identiteit vaststellen vóór besluit" in page.lower()
    checkbox = page.split('name="identity_required"', 1)[1].split(">", 1)[0]
    assert "checked" in checkbox  # seeded on for privacy requests
