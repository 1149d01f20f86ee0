"""The correction plan over the example register: tasks in topological order, every task
transition by role, AVG art. 19 notices, the resolve guard, withdrawal."""

import pytest
from django.template.defaultfilters import date as date_filter
from django.utils import translation

from cases import services
from cases.actors import CITIZEN, SYSTEM
from cases.errors import ActionNotAllowed, CaseChangedMeanwhile, InvalidInput
from cases.models import (
    CaseStatus,
    CorrectionTask,
    DataElement,
    Role,
    System,
    TaskStatus,
)
from notifications.models import Notification
from notifications.rendering import render_notice
from tests.factories import make_staff, register_teams

pytestmark = pytest.mark.django_db


@pytest.fixture
def register():
    return register_teams(email_domain="team.test")


@pytest.fixture
def people(register):
    return {
        "loket": make_staff(Role.CASEWORKER, register["regie"])[1],
        "coordinator": make_staff(Role.COORDINATOR, register["regie"])[1],
        "burgerzaken": make_staff(Role.CASEWORKER, register["burgerzaken"])[1],
        "belastingen": make_staff(Role.CASEWORKER, register["belastingen"])[1],
        "bsw": make_staff(Role.CASEWORKER, register["bsw"])[1],
        "ggd": make_staff(Role.CASEWORKER, register["ggd"])[1],
        "front_desk": make_staff(Role.FRONT_DESK, register["burgerzaken"])[1],
        "council": make_staff(Role.COUNCIL, register["regie"])[1],
    }


def _report(source="BRP", elements=("overlijden",)):
    return services.chain_error_submit(
        source_system=System.objects.get(code=source) if source else None,
        elements=list(DataElement.objects.filter(code__in=elements)),
        wrong_value="overleden",
        right_value="in leven",
        noticed_where="Uitkering gestopt",
        channel="web",
        subject="Ten onrechte overleden",
        description="Mijn uitkering is gestopt.",
        citizen_name="Noor Visser",
        citizen_email="noor@example.nl",
        digid_bsn="111222333",  # filed with DigiD: a plan may be made (AVG 12(6))
        actor=CITIZEN,
    ).case


def _planned(people, **kwargs):
    case = _report(**kwargs)
    services.case_take(case=case, actor=people["loket"])
    services.correction_plan_create(case=case, actor=people["loket"])
    case.refresh_from_db()
    return case


def _task(case, code) -> CorrectionTask:
    return CorrectionTask.objects.get(case=case, system__code=code)


def _settle(task, people):
    task.refresh_from_db()
    services.correction_task_mark_corrected(task=task, actor=people["coordinator"])
    services.correction_task_verify(task=task, actor=people["coordinator"])


def test_plan_creates_one_task_per_affected_system_in_rounds(people):
    case = _planned(people)
    assert case.status == CaseStatus.AWAITING_CHAIN
    tasks = {t.system.code: t for t in case.correction_tasks.select_related("system")}
    # BRP → MAGAZIJN → HEFFING, WMO, PW → BSW-HEF … (overlijden travels only where carried)
    assert {"BRP", "MAGAZIJN", "HEFFING", "WMO", "PW", "BSW-HEF"} <= set(tasks)
    assert "WOZ" not in tasks  # MAGAZIJN → WOZ carries naam and adres, not overlijden
    assert tasks["BRP"].level == 0 and tasks["MAGAZIJN"].level == 1
    assert tasks["BSW-HEF"].path == ["BRP", "MAGAZIJN", "HEFFING", "BSW-HEF"]
    assert tasks["BSW-HEF"].organisation.code == "bsw"
    assert [t.system.code for t in tasks["MAGAZIJN"].upstream.all()] == ["BRP"]
    # Only the source is requested at first; everything downstream waits.
    statuses = {code: t.status for code, t in tasks.items()}
    assert statuses.pop("BRP") == TaskStatus.REQUESTED
    assert set(statuses.values()) == {TaskStatus.PENDING}
    # AVG art. 19 notice to the owner of each requested task.
    notices = Notification.objects.filter(template_key="correction_requested")
    assert list(notices.values_list("recipient", flat=True)) == ["burgerzaken@team.test"]


def test_downstream_is_requested_only_when_every_upstream_is_settled(people):
    # huishouden reaches KWIJTSCH twice: via PW and via HEFFING → BSW-HEF.
    case = _planned(people, elements=("overlijden", "huishouden"))
    _settle(_task(case, "BRP"), people)
    assert _task(case, "MAGAZIJN").status == TaskStatus.REQUESTED
    assert _task(case, "HEFFING").status == TaskStatus.PENDING
    _settle(_task(case, "MAGAZIJN"), people)
    for code in ("HEFFING", "WMO", "PW"):
        assert _task(case, code).status == TaskStatus.REQUESTED
    kwijtsch = _task(case, "KWIJTSCH")  # fed by PW and by BSW-HEF
    assert {t.system.code for t in kwijtsch.upstream.all()} == {"PW", "BSW-HEF"}
    _settle(_task(case, "PW"), people)
    assert _task(case, "KWIJTSCH").status == TaskStatus.PENDING  # BSW-HEF not settled yet
    _settle(_task(case, "HEFFING"), people)
    _settle(_task(case, "BSW-HEF"), people)
    assert _task(case, "KWIJTSCH").status == TaskStatus.REQUESTED


def test_case_returns_to_in_progress_when_all_settled_and_only_then_resolves(people):
    case = _planned(people)
    with pytest.raises(ActionNotAllowed):
        services.case_resolve(case=case, actor=people["loket"], outcome="corrected", answer="x")
    while True:
        open_tasks = list(case.correction_tasks.filter(status=TaskStatus.REQUESTED))
        if not open_tasks:
            break
        for task in open_tasks:
            _settle(task, people)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert not case.correction_tasks.exclude(status=TaskStatus.VERIFIED).exists()
    services.case_resolve(case=case, actor=people["loket"], outcome="corrected", answer="Klaar.")
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED


def test_owner_transitions_by_role(people):
    case = _planned(people)
    brp = _task(case, "BRP")
    for name in ("bsw", "belastingen", "front_desk", "council"):
        with pytest.raises(ActionNotAllowed):
            services.correction_task_mark_corrected(task=brp, actor=people[name])
    with pytest.raises(ActionNotAllowed):
        services.correction_task_mark_corrected(task=brp, actor=CITIZEN)
    services.correction_task_mark_corrected(task=brp, actor=people["burgerzaken"])
    brp.refresh_from_db()
    assert brp.status == TaskStatus.CORRECTED
    # Verification is the loket's, not the owner's.
    with pytest.raises(ActionNotAllowed):
        services.correction_task_verify(task=brp, actor=people["burgerzaken"])
    services.correction_task_reject(task=brp, actor=people["loket"], reason="Nog oud in BRP")
    brp.refresh_from_db()
    assert brp.status == TaskStatus.REQUESTED
    # The owner is asked again, with the loket's reason and the same due date as the first time.
    first, again = Notification.objects.filter(template_key="correction_requested").order_by("pk")
    assert again.context["reason"] == "Nog oud in BRP" and "reason" not in first.context
    assert again.context["task_due_date"] == first.context["task_due_date"] is not None
    text = render_notice(template_key="correction_requested", language="nl", context=again.context)
    assert "Nog oud in BRP" in text.text
    with translation.override("nl"):
        assert date_filter(brp.due_date, "j F Y") in text.text
    services.correction_task_mark_corrected(task=brp, actor=people["burgerzaken"])
    services.correction_task_verify(task=brp, actor=people["loket"])
    brp.refresh_from_db()
    assert brp.status == TaskStatus.VERIFIED


def test_dispute_is_decided_by_the_coordinator(people):
    case = _planned(people)
    brp = _task(case, "BRP")
    with pytest.raises(InvalidInput):
        services.correction_task_dispute(task=brp, actor=people["burgerzaken"], reason=" ")
    services.correction_task_dispute(
        task=brp, actor=people["burgerzaken"], reason="Overlijden is juist geregistreerd"
    )
    brp.refresh_from_db()
    assert brp.status == TaskStatus.DISPUTED
    for name in ("loket", "burgerzaken"):
        with pytest.raises(ActionNotAllowed):
            services.correction_task_decide_dispute(
                task=brp, actor=people[name], uphold=True, reason="x"
            )
    services.correction_task_decide_dispute(
        task=brp, actor=people["coordinator"], uphold=True, reason="Akte van de inwoner gezien"
    )
    brp.refresh_from_db()
    assert brp.status == TaskStatus.REQUESTED
    services.correction_task_dispute(task=brp, actor=people["burgerzaken"], reason="Toch juist")
    services.correction_task_decide_dispute(
        task=brp, actor=people["coordinator"], uphold=False, reason="Eigenaar heeft gelijk"
    )
    brp.refresh_from_db()
    assert brp.status == TaskStatus.NOT_AFFECTED
    # Settled: the next round is requested.
    assert _task(case, "MAGAZIJN").status == TaskStatus.REQUESTED


def test_not_affected_needs_a_reason_and_settles(people):
    case = _planned(people)
    brp = _task(case, "BRP")
    with pytest.raises(InvalidInput):
        services.correction_task_not_affected(task=brp, actor=people["burgerzaken"], reason="")
    services.correction_task_not_affected(
        task=brp, actor=people["loket"], reason="Komt niet voor in BRP"
    )
    brp.refresh_from_db()
    assert brp.status == TaskStatus.NOT_AFFECTED and brp.reason == "Komt niet voor in BRP"


def test_system_only_transitions_cannot_be_triggered_by_a_user(people):
    case = _planned(people)
    magazijn = _task(case, "MAGAZIJN")
    from django_fsm import has_transition_perm

    magazijn.case = case
    for actor in (*people.values(), CITIZEN):
        assert not has_transition_perm(magazijn.request, actor)
        assert not has_transition_perm(magazijn.cancel, actor)
    assert has_transition_perm(magazijn.cancel, SYSTEM)


def test_caseworker_adds_a_missed_system(people):
    case = _planned(people)
    task = services.correction_task_add(
        case=case,
        actor=people["loket"],
        system=System.objects.get(code="WOCO-HUUR"),
        reason="Inwoner kreeg brief van de woningcorporatie",
    )
    # MAGAZIJN delivers to WOCO-HUUR, so the added task waits for it.
    assert task.added_manually and task.status == TaskStatus.PENDING
    assert [t.system.code for t in task.upstream.all()] == ["MAGAZIJN"]
    lone = services.correction_task_add(
        case=case,
        actor=people["loket"],
        system=System.objects.get(code="WS-HEF"),
        reason="Aanslag waterschap genoemd",
    )
    assert lone.status == TaskStatus.REQUESTED  # no task of the plan feeds it
    with pytest.raises(InvalidInput):
        services.correction_task_add(
            case=case,
            actor=people["loket"],
            system=System.objects.get(code="WOCO-HUUR"),
            reason="x",
        )
    with pytest.raises(ActionNotAllowed):
        services.correction_task_add(
            case=case, actor=people["bsw"], system=System.objects.get(code="GGD-JGZ"), reason="x"
        )


def test_hold_consequences_writes_a_notice(people):
    case = _planned(people)
    brp = _task(case, "BRP")
    services.correction_task_hold_consequences(task=brp, actor=people["loket"], hold=True)
    brp.refresh_from_db()
    assert brp.hold_consequences
    assert Notification.objects.filter(template_key="consequences_on_hold").count() == 1


def test_withdrawing_the_case_cancels_open_tasks(people):
    case = _planned(people)
    services.case_withdraw(case=case, actor=CITIZEN)
    assert set(case.correction_tasks.values_list("status", flat=True)) == {TaskStatus.CANCELLED}


def test_unknown_source_needs_triage_before_the_plan(people):
    case = _report(source=None)
    services.case_take(case=case, actor=people["loket"])
    with pytest.raises(InvalidInput):
        services.correction_plan_create(case=case, actor=people["loket"])
    services.chain_report_triage(
        case=case,
        actor=people["loket"],
        source_system=System.objects.get(code="BRP"),
        elements=list(DataElement.objects.filter(code="adres")),
    )
    tasks = services.correction_plan_create(case=case, actor=people["loket"])
    assert "PARKVERG" in {t.system.code for t in tasks}


def test_chain_operations_refuse_a_form_from_an_older_version(people):
    """Two caseworkers with the same case open: the second one's triage, plan, added system or
    hold is refused as "changed meanwhile" and changes nothing."""
    loket = people["loket"]
    case = _report(source=None)
    services.case_take(case=case, actor=loket)
    case.refresh_from_db()
    seen = case.version
    brp = System.objects.get(code="BRP")
    services.chain_report_triage(
        case=case,
        actor=loket,
        source_system=brp,
        elements=list(DataElement.objects.filter(code="adres")),
        expected_version=seen,
    )
    case.refresh_from_db()
    assert case.version == seen + 1  # the triage makes other open forms stale
    with pytest.raises(CaseChangedMeanwhile):
        services.chain_report_triage(
            case=case,
            actor=loket,
            source_system=brp,
            elements=list(DataElement.objects.filter(code="overlijden")),
            expected_version=seen,
        )
    assert list(case.chain_report.elements.values_list("code", flat=True)) == ["adres"]
    with pytest.raises(CaseChangedMeanwhile):
        services.correction_plan_create(case=case, actor=loket, expected_version=seen)
    assert not case.correction_tasks.exists()
    services.correction_plan_create(case=case, actor=loket, expected_version=case.version)
    case.refresh_from_db()
    missed = System.objects.exclude(correction_tasks__case=case).order_by("code").first()
    with pytest.raises(CaseChangedMeanwhile):
        services.correction_task_add(
            case=case,
            actor=loket,
            system=missed,
            reason="Inwoner noemde dit systeem",
            expected_version=case.version - 1,
        )
    assert not case.correction_tasks.filter(system=missed).exists()
    services.correction_task_add(
        case=case,
        actor=loket,
        system=missed,
        reason="Inwoner noemde dit systeem",
        expected_version=case.version,
    )
    assert case.correction_tasks.filter(system=missed).exists()
    task = _task(case, "BRP")
    services.correction_task_hold_consequences(
        task=task, actor=loket, hold=True, expected_version=task.version
    )
    with pytest.raises(CaseChangedMeanwhile):
        services.correction_task_hold_consequences(
            task=task, actor=loket, hold=False, expected_version=task.version
        )
    task.refresh_from_db()
    assert task.hold_consequences
