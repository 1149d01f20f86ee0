"""One rule, one home (issue 20): for every case action and every kind of staff, over the
backoffice world in each state a case passes through, the case page offers exactly the actions
the services accept. The page is read as a user sees it (the forms' URLs in the HTML); each
service is called with valid input inside a savepoint that is rolled back."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction

from cases import services
from cases.actors import CITIZEN
from cases.checks import allowed_outcomes, assignable_people
from cases.demo.organisations import USERS
from cases.errors import CaseActionError
from cases.models import Case, CaseStatus, CaseType, DataElement, Role, System, Team
from cases.selectors.access import staff_actor
from cases.services.privacy import chain_report_share_description
from loket.views.backoffice.case_actions import CASE_ACTIONS
from loket.views.backoffice.task_actions import TASK_ACTIONS, task_offers
from tests.factories import STAFF, build_world

pytestmark = pytest.mark.django_db

ACTION_URL = re.compile(r"/werkplek/zaken/[^/]+/acties/([a-z-]+)/")


class _Accepted(Exception):
    """Raised inside the savepoint after the service succeeded, to roll its writes back."""


def accepted(call) -> bool:
    try:
        with transaction.atomic():
            call()
            raise _Accepted
    except _Accepted:
        return True
    except CaseActionError:
        return False


def _other_team(case: Case) -> Team:
    return Team.objects.exclude(pk=case.team_id).order_by("code").first()


def _someone_else(world, actor):
    """An assignable person who is not the actor (assigning oneself is the other action)."""
    name = "caseworker" if actor.user == world.users["colleague"] else "colleague"
    return world.users[name]


def service_calls(case: Case, actor, *, someone_else) -> dict:
    """Each case action's service, with input the form would send when filled in correctly;
    `someone_else` is the person the assign form would name (not the actor)."""
    report = getattr(Case.objects.get(pk=case.pk), "chain_report", None)
    in_plan = set(case.correction_tasks.values_list("system_id", flat=True))
    missing = System.objects.exclude(pk__in=in_plan).order_by("code").first()
    ct = case.case_type
    return {
        "in-behandeling": lambda: services.case_take(case=case, actor=actor),
        "aan-mij-toewijzen": lambda: services.case_assign(
            case=case, actor=actor, assignee=actor.user
        ),
        "informatie-vragen": lambda: services.case_request_information(
            case=case, actor=actor, question="Welk aanslagnummer?"
        ),
        "reactie-vastleggen": lambda: services.case_receive_reply(
            case=case, actor=actor, text="Het nummer is 123."
        ),
        "verlengen": lambda: services.case_extend(
            case=case,
            actor=actor,
            amount=1,
            reason="Advies nodig",
            with_consent=ct.extension_beyond_with_consent,
        ),
        "adviescommissie": lambda: services.case_refer_to_committee(
            case=case, actor=actor, reason="Klachtencommissie"
        ),
        "afhandelen": lambda: services.case_resolve(
            case=case,
            actor=actor,
            # What the resolve form offers: no disclosing outcome before identity (AVG 12(6)).
            outcome=allowed_outcomes(case=case)[0] if allowed_outcomes(case=case) else "",
            answer="Ons antwoord.",
            hearing_held=True,
        ),
        "doorsturen": lambda: services.case_forward(
            case=case, actor=actor, team=_other_team(case), reason="Hoort daar"
        ),
        "toewijzen": lambda: services.case_assign(case=case, actor=actor, assignee=someone_else),
        "notitie": lambda: services.case_add_note(case=case, actor=actor, body="Gebeld."),
        "heropenen": lambda: services.case_reopen(case=case, actor=actor, reason="Nieuw feit"),
        "niet-in-behandeling": lambda: services.case_reject(
            case=case, actor=actor, reason="Eerder behandeld"
        ),
        "intrekken": lambda: services.case_withdraw(case=case, actor=actor, reason="Op verzoek"),
        "bron-vaststellen": lambda: services.chain_report_triage(
            case=case,
            actor=actor,
            source_system=System.objects.get(code="HEFFING"),
            elements=list(DataElement.objects.filter(code="overlijden")),
        ),
        "correctieplan": lambda: services.correction_plan_create(case=case, actor=actor),
        "systeem-toevoegen": lambda: services.correction_task_add(
            case=case, actor=actor, system=missing, reason="Ook daar"
        ),
        "omschrijving-delen": lambda: chain_report_share_description(
            case=case,
            actor=actor,
            share=not (report.share_description_with_partners if report else False),
        ),
    }


def _chain_case(*, triaged: bool) -> Case:
    source = System.objects.get(code="HEFFING") if triaged else None
    elements = list(DataElement.objects.filter(code="overlijden")) if triaged else []
    return services.chain_error_submit(
        source_system=source,
        elements=elements,
        wrong_value="overleden",
        right_value="in leven",
        noticed_where="Brief",
        channel="web",
        subject="Verkeerd geregistreerd",
        description="Een brief aan mijn erven.",
        citizen_name="Bo Jansen",
        citizen_email="bo@voorbeeld.test",
        # The triaged one was filed with DigiD; the other waits for identification, so both
        # sides of the AVG art. 12(6) guard are compared.
        digid_bsn="111222333" if triaged else "",
        actor=CITIZEN,
    ).case


@pytest.fixture
def cases_in_every_state(db):
    """The world's complaint (received) and chain error (waiting for the chain), and a case in
    each other state a user meets: in progress, waiting for the citizen, resolved, withdrawn,
    a chain error in progress without a plan (before and after triage)."""
    world = build_world()
    coordinator = world.actor("coordinator")
    caseworker = world.actor("caseworker")

    def complaint():
        return services.case_submit(
            case_type=CaseType.objects.get(code="complaint"),
            channel="web",
            subject="Onbeleefd",
            description="Aan de balie.",
            citizen_name="Cas Bakker",
            citizen_email="cas@voorbeeld.test",
            complained_about="Balie",
        ).case

    in_progress = services.case_take(case=complaint(), actor=caseworker)
    waiting = services.case_take(case=complaint(), actor=caseworker)
    waiting = services.case_request_information(case=waiting, actor=caseworker, question="Wie?")
    resolved = services.case_take(case=complaint(), actor=caseworker)
    resolved = services.case_resolve(
        case=resolved,
        actor=caseworker,
        outcome=in_progress.case_type.allowed_outcomes[0],
        answer="Terecht.",
        hearing_held=True,
    )
    withdrawn = services.case_withdraw(case=complaint(), actor=CITIZEN)
    untriaged = services.case_take(case=_chain_case(triaged=False), actor=coordinator)
    triaged = services.case_take(case=_chain_case(triaged=True), actor=coordinator)
    cases = [world.complaint, world.chain, in_progress, waiting, resolved, withdrawn]
    cases += [untriaged, triaged]
    return world, [Case.objects.get(pk=c.pk) for c in cases]


def offered_on_page(client, world, name: str | None, case: Case, logged_in=False) -> set[str]:
    if not logged_in:
        client.force_login(world.users[name])
    response = client.get(f"/werkplek/zaken/{case.number}/")
    if response.status_code != 200:
        return set()
    return set(ACTION_URL.findall(response.content.decode()))


# The front desk acts for the citizen from its own pages (loket/views/frontdesk.py: withdraw,
# record a reply); the backoffice case page is not theirs, so they are compared there.
BACKOFFICE_STAFF = [row for row in STAFF if row[2] != Role.FRONT_DESK]


def test_the_case_page_offers_exactly_what_the_services_accept(client, cases_in_every_state):
    world, cases = cases_in_every_state
    statuses = {c.status for c in cases}
    assert len(statuses) >= 6, statuses
    mismatches = []
    checked = 0
    for case in cases:
        for name, _team, _role in BACKOFFICE_STAFF:
            offered = offered_on_page(client, world, name, case)
            actor = staff_actor(user=world.users[name])
            fresh = Case.objects.select_related("case_type").get(pk=case.pk)
            calls = service_calls(fresh, actor, someone_else=_someone_else(world, actor))
            assert set(calls) == set(CASE_ACTIONS)  # every action is compared
            for slug, call in calls.items():
                checked += 1
                if (slug in offered) != accepted(call):
                    mismatches.append((case.number, case.status, name, slug, slug in offered))
    assert checked == len(cases) * len(BACKOFFICE_STAFF) * len(CASE_ACTIONS)
    assert mismatches == [], "\n".join(map(str, mismatches))


def _one_case_per_type_and_status() -> list[Case]:
    first: dict[tuple[str, str], Case] = {}
    for case in Case.objects.select_related("case_type").order_by("pk"):
        first.setdefault((case.case_type.code, case.status), case)
    return list(first.values())


def _chain_error_ready_for_its_plan(*, exclude: list[Case]) -> Case:
    """A demo chain error in handling without a plan, triaged by the coordinator: the one state
    the demo leaves to the walk-through (the plan is made by hand), so "correctieplan" is
    compared too."""
    case = (
        Case.objects.filter(
            case_type__code="chain_error",
            status=CaseStatus.IN_PROGRESS,
            correction_tasks__isnull=True,
        )
        .exclude(pk__in=[c.pk for c in exclude])
        .order_by("-pk")
        .first()
    )
    assert case is not None, "the demo has a second chain error in handling"
    services.chain_report_triage(
        case=case,
        actor=staff_actor(user=get_user_model().objects.get(username="regisseur")),
        source_system=System.objects.get(code="HEFFING"),
        elements=list(DataElement.objects.filter(code="overlijden")),
    )
    return Case.objects.select_related("case_type").get(pk=case.pk)


def test_the_demo_world_offers_exactly_what_the_services_accept(client, db):
    """The same comparison over `seed_demo` (issue 20, "over the demo world"): one case of each
    type in each status the demo has, every demo staff user but the front desk (as above) —
    so the archivist and the privacy officer too — and every case action."""
    call_command("seed_demo", stdout=StringIO())
    users = list(
        get_user_model()
        .objects.filter(username__in=[u[0] for u in USERS if u[3] != Role.FRONT_DESK])
        .order_by("username")
    )
    assert {role for _u, _n, _t, role, _s in USERS} - {Role.FRONT_DESK} == {
        r for r in Role.values if r != Role.FRONT_DESK
    }
    assert len(users) == len(USERS) - 1
    cases = _one_case_per_type_and_status()
    assert {c.status for c in cases} >= set(CaseStatus.values) - {CaseStatus.AWAITING_CHAIN}
    cases.append(_chain_error_ready_for_its_plan(exclude=cases))
    mismatches, offered_any = [], set()
    for case in cases:
        for user in users:
            client.force_login(user)
            offered = offered_on_page(client, None, None, case, logged_in=True)
            offered_any |= offered
            actor = staff_actor(user=user)
            fresh = Case.objects.select_related("case_type").get(pk=case.pk)
            other = assignable_people(case=fresh).exclude(pk=user.pk).order_by("pk").first()
            for slug, call in service_calls(fresh, actor, someone_else=other).items():
                if (slug in offered) != accepted(call):
                    mismatches.append((case.number, case.status, user.username, slug))
    assert mismatches == [], "\n".join(map(str, mismatches))
    assert offered_any == set(CASE_ACTIONS)  # every action is offered somewhere, and compared


def _task_service_calls(task, actor) -> dict:
    return {
        "gecorrigeerd": lambda: services.correction_task_mark_corrected(task=task, actor=actor),
        "akkoord": lambda: services.correction_task_verify(task=task, actor=actor),
        "terugsturen": lambda: services.correction_task_reject(
            task=task, actor=actor, reason="Nog fout"
        ),
        "niet-getroffen": lambda: services.correction_task_not_affected(
            task=task, actor=actor, reason="Geen gegevens"
        ),
        "betwisten": lambda: services.correction_task_dispute(
            task=task, actor=actor, reason="Niet van ons"
        ),
        "beslissen": lambda: services.correction_task_decide_dispute(
            task=task, actor=actor, uphold=True, reason="Toch wel"
        ),
        "gevolgen": lambda: services.correction_task_hold_consequences(
            task=task, actor=actor, hold=not task.hold_consequences
        ),
    }


def test_task_offers_are_exactly_what_the_services_accept(cases_in_every_state):
    world, cases = cases_in_every_state
    tasks = list(world.chain.correction_tasks.select_related("case__case_type", "system"))
    assert len({t.status for t in tasks}) >= 2
    mismatches = []
    for task in tasks:
        for name, _team, _role in STAFF:
            actor = staff_actor(user=world.users[name])
            offered = {a.slug for a in task_offers(actor, task)}
            calls = _task_service_calls(task, actor)
            assert set(calls) == set(TASK_ACTIONS)
            for slug, call in calls.items():
                if (slug in offered) != accepted(call):
                    mismatches.append((task.system.code, task.status, name, slug, slug in offered))
    assert mismatches == []


def test_add_system_is_offered_before_a_plan_exists(client, cases_in_every_state):
    """The drifted rule: the service always allowed adding a missed system to a chain error in
    handling without a plan; the page offered it only once tasks existed."""
    world, cases = cases_in_every_state
    triaged = cases[-1]
    assert not triaged.correction_tasks.exists()
    assert "systeem-toevoegen" in offered_on_page(client, world, "coordinator", triaged)
    services.correction_task_add(
        case=triaged,
        actor=world.actor("coordinator"),
        system=System.objects.get(code="BSW-HEF"),
        reason="Ook daar",
    )
    assert triaged.correction_tasks.filter(system__code="BSW-HEF", added_manually=True).exists()


def test_case_assign_refuses_who_may_not_hold_the_case(bo_world_plain):
    """The other drifted rule: who may be assigned was enforced only by the form's choices;
    case_assign itself accepted any user."""
    world = bo_world_plain
    case = world.complaint
    coordinator = world.actor("coordinator")
    for outsider in ("caseworker_other", "front_desk", "council", "partner"):
        with pytest.raises(CaseActionError):
            services.case_assign(case=case, actor=coordinator, assignee=world.users[outsider])
    case.refresh_from_db()
    assert case.assignee_id is None
    services.case_assign(case=case, actor=coordinator, assignee=world.users["colleague"])
    case.refresh_from_db()
    assert case.assignee == world.users["colleague"]


@pytest.fixture
def bo_world_plain(db):
    return build_world(with_chain=False)
