"""Issue 17, the guards (AVG art. 12(6)): no disclosure and no correction before the identity is
verified, at service level. The page level is in tests/loket/test_identity_pages.py."""

from __future__ import annotations

import pytest

from cases import services
from cases.actors import CITIZEN
from cases.checks import DISCLOSING_OUTCOMES, allowed_outcomes
from cases.errors import ActionNotAllowed
from cases.models import Case, CaseStatus, CaseType, DataElement, System
from tests.factories import build_world, submit_case

pytestmark = pytest.mark.django_db
BSN = "111222333"


@pytest.fixture
def world():
    return build_world(with_chain=False)


def _privacy_request(world, **extra) -> Case:
    case = submit_case("privacy_request", **extra)
    return services.case_take(case=case, actor=world.actor("caseworker"))


def _chain_error(world, **extra) -> Case:
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
        **extra,
    ).case
    return services.case_take(case=case, actor=world.actor("coordinator"))


def _counter_check(world, case: Case) -> Case:
    return services.identity_verify(
        case=case,
        method="counter",
        bsn=BSN,
        document="id_card",
        actor=world.actor("front_desk"),
    )


def test_disclosing_outcomes_are_the_granting_and_correcting_ones():
    privacy = CaseType.objects.get(code="privacy_request")
    chain = CaseType.objects.get(code="chain_error")
    assert set(privacy.allowed_outcomes) & DISCLOSING_OUTCOMES == {"granted", "partly_granted"}
    assert set(chain.allowed_outcomes) & DISCLOSING_OUTCOMES == {"corrected", "partly_granted"}


def test_a_request_filed_without_digid_cannot_be_resolved_with_disclosure_until_checked(world):
    caseworker = world.actor("caseworker")
    case = _privacy_request(world)
    assert allowed_outcomes(case=case) == ["refused"]
    for outcome in ("granted", "partly_granted"):
        with pytest.raises(ActionNotAllowed) as refused:
            services.case_resolve(case=case, actor=caseworker, outcome=outcome, answer="Bijlage.")
        assert "AVG art. 12 lid 6" in str(refused.value.message)
    assert Case.objects.get(pk=case.pk).status == CaseStatus.IN_PROGRESS

    _counter_check(world, case)
    case = services.case_resolve(case=case, actor=caseworker, outcome="granted", answer="Bijlage.")
    assert case.status == CaseStatus.RESOLVED and case.outcome == "granted"


def test_a_refusal_needs_no_verified_identity(world):
    case = _privacy_request(world)
    case = services.case_resolve(
        case=case,
        actor=world.actor("caseworker"),
        outcome="refused",
        answer="Wij konden niet vaststellen wie u bent.",
    )
    assert case.status == CaseStatus.RESOLVED


def test_a_request_filed_with_digid_may_be_resolved_with_disclosure(world):
    case = _privacy_request(world, digid_bsn=BSN)
    case = services.case_resolve(
        case=case, actor=world.actor("caseworker"), outcome="granted", answer="Bijlage."
    )
    assert case.outcome == "granted"


def test_no_correction_plan_for_an_unverified_chain_error(world):
    coordinator = world.actor("coordinator")
    case = _chain_error(world)
    with pytest.raises(ActionNotAllowed) as refused:
        services.correction_plan_create(case=case, actor=coordinator)
    assert "AVG art. 12 lid 6" in str(refused.value.message)
    with pytest.raises(ActionNotAllowed):
        services.correction_task_add(
            case=case, actor=coordinator, system=System.objects.get(code="HEFFING"), reason="x"
        )
    with pytest.raises(ActionNotAllowed):
        services.case_resolve(case=case, actor=coordinator, outcome="corrected", answer="Klaar.")
    assert not case.correction_tasks.exists()

    _counter_check(world, case)
    tasks = services.correction_plan_create(case=case, actor=coordinator)
    assert tasks and Case.objects.get(pk=case.pk).status == CaseStatus.AWAITING_CHAIN


def test_a_type_the_administrator_switches_off_needs_no_identity(world):
    CaseType.objects.filter(code="privacy_request").update(identity_required=False)
    case = _privacy_request(world)
    assert not case.awaiting_identity and not case.suspensions.exists()
    case = services.case_resolve(
        case=case, actor=world.actor("caseworker"), outcome="granted", answer="Bijlage."
    )
    assert case.outcome == "granted"
