"""Issue 15 point 1: a chain error taken at the front desk is the same case as a web report: it
has its chain report (where seen, wrong elements, what is wrong and right, the source when
known), the coordinator names the source and makes the plan; chain-error cases registered
without a report before are repaired by migration 0010."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest
import yaml
from django.apps import apps

from cases import services
from cases.models import (
    Case,
    CaseEvent,
    ChainReport,
    CorrectionTask,
    DataElement,
    Organisation,
    Role,
    System,
    Team,
)
from cases.services.chain_import import chain_register_import
from tests.factories import case_type, make_staff

pytestmark = pytest.mark.django_db

REGISTER = Path(__file__).resolve().parents[2] / "cases" / "demo" / "ketenregister.yaml"


@pytest.fixture
def register():
    chain_register_import(data=yaml.safe_load(REGISTER.read_text()))
    return Team.objects.create(
        code="regie",
        name="Regie",
        organisation=Organisation.objects.get(code="informatiebeheer"),
        is_fallback=True,
    )


@pytest.fixture
def desk(client, register):
    user, _actor = make_staff(Role.FRONT_DESK, register, username="balie")
    client.force_login(user)
    return client


def chain_data(**overrides) -> dict:
    data = {
        "case_type": str(case_type("chain_error").pk),
        "channel": "phone",
        "subject": "Overleden volgens de uitkering",
        "citizen_name": "Noor Visser",
        "citizen_phone": "06 1234 5678",
        "noticed_system": "PW",
        "noticed_where": "Brief van de sociale dienst",
        "elements": [str(DataElement.objects.get(code="overlijden").pk)],
        "wrong_value": "overleden",
        "right_value": "in leven",
        "source_system": "",
    }
    data.update(overrides)
    return data


def test_front_desk_chain_error_gets_the_chain_report_of_a_web_report(desk, register):
    response = desk.post("/werkplek/balie/nieuw/", chain_data())
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert (case.case_type.code, case.channel) == ("chain_error", "phone")
    report = ChainReport.objects.get(case=case)
    assert report.noticed_system == System.objects.get(code="PW")
    assert report.noticed_where == "Brief van de sociale dienst"
    assert [e.code for e in report.elements.all()] == ["overlijden"]
    assert (report.wrong_value, report.right_value) == ("overleden", "in leven")
    assert report.source_system is None  # the caller did not know: triage names it

    # From here on it is the same case as a web report: triage, plan, tasks.
    coordinator = make_staff(Role.COORDINATOR, register)[1]
    case = services.case_take(case=case, actor=coordinator)
    services.chain_report_triage(
        case=case,
        actor=coordinator,
        source_system=System.objects.get(code="BRP"),
        elements=list(report.elements.all()),
    )
    _verify_at_the_counter(case, register)
    tasks = services.correction_plan_create(case=Case.objects.get(pk=case.pk), actor=coordinator)
    assert len(tasks) > 1
    assert CorrectionTask.objects.filter(case=case).count() == len(tasks)


def test_front_desk_chain_error_with_a_known_source(desk):
    response = desk.post("/werkplek/balie/nieuw/", chain_data(source_system="BRP"))
    assert response.status_code == 302
    assert ChainReport.objects.get().source_system.code == "BRP"


def test_front_desk_chain_error_needs_what_the_web_form_needs(desk):
    response = desk.post(
        "/werkplek/balie/nieuw/", chain_data(elements=[], wrong_value="", right_value="")
    )
    assert response.status_code == 400
    page = response.content.decode()
    for anchor in ("id_elements_0", "id_wrong_value", "id_right_value"):
        assert f'href="#{anchor}"' in page
    assert "Kies minstens één gegeven dat niet klopt." in page
    assert not Case.objects.exists()


def test_chain_fields_are_ignored_for_other_case_types(desk):
    response = desk.post(
        "/werkplek/balie/nieuw/",
        chain_data(case_type=str(case_type("complaint").pk), elements=[], wrong_value=""),
    )
    assert response.status_code == 302
    assert Case.objects.get().case_type.code == "complaint"
    assert not ChainReport.objects.exists()


def test_every_chain_error_case_gets_a_report_whatever_the_channel():
    """The rule has one home (case_submit): an e-mail or any other intake of a chain error
    cannot make a case without its report."""
    case = services.case_submit(
        case_type=case_type("chain_error"),
        channel="email",
        subject="Verkeerd adres",
        description="Mijn adres klopt niet op de aanslag.",
        citizen_name="Jan Jansen",
        citizen_email="jan@voorbeeld.test",
    ).case
    report = ChainReport.objects.get(case=case)
    assert report.source_system is None and not report.elements.exists()


def test_repair_migration_adds_the_missing_chain_reports(register):
    case = services.case_submit(
        case_type=case_type("chain_error"),
        channel="phone",
        subject="Verkeerd adres",
        description="Aan de balie gemeld.",
        citizen_name="Jan Jansen",
        citizen_phone="0612345678",
    ).case
    other = services.case_submit(
        case_type=case_type("complaint"),
        channel="web",
        subject="Klacht",
        description="Klacht.",
        citizen_name="Piet",
        citizen_email="piet@voorbeeld.test",
    ).case
    # As main registered it before issue 15: a chain-error case without its report.
    ChainReport.objects.filter(case=case).delete()
    migration = importlib.import_module("cases.migrations.0010_frontdesk_chain_repair")
    migration.repair(apps, None)
    migration.repair(apps, None)  # idempotent
    assert ChainReport.objects.filter(case=case).count() == 1
    assert not ChainReport.objects.filter(case=other).exists()
    event = CaseEvent.objects.get(case=case, data__repaired="0010_frontdesk_chain_repair")
    assert event.actor_kind == "system"

    # The coordinator can now triage it and make the plan.
    coordinator = make_staff(Role.COORDINATOR, register)[1]
    case = services.case_take(case=Case.objects.get(pk=case.pk), actor=coordinator)
    services.chain_report_triage(
        case=case,
        actor=coordinator,
        source_system=System.objects.get(code="BRP"),
        elements=list(DataElement.objects.filter(code="adres")),
    )
    _verify_at_the_counter(case, register)
    assert services.correction_plan_create(case=Case.objects.get(pk=case.pk), actor=coordinator)


def test_coordinator_case_page_offers_triage_for_a_front_desk_chain_error(client, desk, register):
    desk.post("/werkplek/balie/nieuw/", chain_data())
    case = Case.objects.get()
    coordinator = make_staff(Role.COORDINATOR, register)[0]
    client.force_login(coordinator)
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Ketenfout en correctieplan" in page
    assert "Bronsysteem en onjuiste gegevens vaststellen" in page


def _verify_at_the_counter(case, team) -> None:
    """The caller shows an identity document at the counter (AVG art. 12(6), issue 17)."""
    services.identity_verify(
        case=case,
        method="counter",
        bsn="111222333",
        document="passport",
        actor=make_staff(Role.FRONT_DESK, team)[1],
    )
