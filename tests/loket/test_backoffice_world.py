"""A municipality for the backoffice tests: the example chain register, one team per
organisation, one user per kind of staff, a complaint with an attachment and a chain error whose
correction plan has reached a partner. Other backoffice test modules import the fixtures."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cases import services
from cases.actors import CITIZEN, Actor
from cases.models import (
    Attachment,
    Case,
    CaseType,
    CorrectionTask,
    DataElement,
    Membership,
    Organisation,
    Role,
    System,
    Team,
)
from cases.selectors.access import cases_visible_to, staff_actor, tasks_visible_to
from cases.selectors.backoffice import (
    _task_base,
    backoffice_cases,
    handled_cases,
    handling_actor,
    may_use_backoffice,
)
from cases.services.attachments import attachments_add
from cases.services.chain_import import chain_register_import
from tests.factories import UserFactory

REGISTER = Path(__file__).resolve().parents[2] / "cases" / "demo" / "ketenregister.yaml"
PASSWORD = "secret-pass-123"
PDF = b"%PDF-1.4\n% test bijlage\n"

# (username, team code, role). The case's organisation is `informatiebeheer` (team regie).
STAFF = [
    ("caseworker", "regie", Role.CASEWORKER),
    ("colleague", "regie", Role.CASEWORKER),
    ("coordinator", "regie-coord", Role.COORDINATOR),
    ("caseworker_other", "afval-team", Role.CASEWORKER),
    ("task_owner", "belastingen-team", Role.CASEWORKER),
    ("partner", "bsw-team", Role.CASEWORKER),
    ("partner_other", "ggd-team", Role.CASEWORKER),
    ("front_desk", "kcc", Role.FRONT_DESK),
    ("council", "raad", Role.COUNCIL),
    ("admin", "regie", Role.FUNCTIONAL_ADMIN),
]


@dataclass
class BackofficeWorld:
    teams: dict[str, Team]
    users: dict = field(default_factory=dict)
    complaint: Case | None = None
    chain: Case | None = None
    complaint_attachment: Attachment | None = None
    chain_attachment: Attachment | None = None
    source_task: CorrectionTask | None = None  # HEFFING (belastingen), verified
    partner_task: CorrectionTask | None = None  # BSW-HEF (bsw), requested

    def actor(self, name: str) -> Actor:
        return staff_actor(self.users[name])

    def refresh(self) -> None:
        for name in ("complaint", "chain", "source_task", "partner_task"):
            obj = getattr(self, name)
            if obj is not None:
                obj.refresh_from_db()


def pdf(name: str = "bewijs.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def build_teams() -> dict[str, Team]:
    chain_register_import(data=yaml.safe_load(REGISTER.read_text(encoding="utf-8")))
    teams = {}
    for org in Organisation.objects.all():
        teams[f"{org.code}-team"], _ = Team.objects.get_or_create(
            code=f"{org.code}-team",
            defaults={
                "organisation": org,
                "name": f"Team {org.name}",
                "email": f"{org.code}@team.test",
            },
        )
    info = Organisation.objects.get(code="informatiebeheer")
    burgerzaken = Organisation.objects.get(code="burgerzaken")
    for code, name, org, fallback in [
        ("regie", "Regie Loket", info, True),
        ("regie-coord", "Regisseurs", info, False),
        ("kcc", "KCC", burgerzaken, False),
        ("raad", "Gemeenteraad", info, False),
        ("privacy", "Privacy en Woo", info, False),
    ]:
        teams[code], _ = Team.objects.get_or_create(
            code=code,
            defaults={
                "organisation": org,
                "name": name,
                "is_fallback": fallback,
                "email": f"{code}@gemeente.test",
            },
        )
    return teams


def build_world(*, with_chain: bool = True) -> BackofficeWorld:
    world = BackofficeWorld(teams=build_teams())
    for username, team, role in STAFF:
        first, _, last = username.replace("_", " ").title().partition(" ")
        user = UserFactory(username=username, first_name=first, last_name=last or "Test")
        Membership.objects.get_or_create(user=user, team=world.teams[team], role=role)
        world.users[username] = user
    world.complaint = services.case_submit(
        case_type=CaseType.objects.get(code="complaint"),
        channel="web",
        subject="Niet teruggebeld over mijn aanslag",
        description="Ik ben drie keer niet teruggebeld.",
        citizen_name="Anna de Vries",
        citizen_email="anna@voorbeeld.test",
        citizen_phone="0612345678",
        citizen_address="Dorpsstraat 1\n1234 AB Voorbeeld",
        citizen_bsn="123456782",
        complained_about="Medewerker balie",
        complained_about_email="beklaagde@gemeente.test",
        attachments=[pdf("brief.pdf")],
    ).case
    world.complaint_attachment = world.complaint.attachments.get()
    if with_chain:
        world.chain = services.chain_error_submit(
            source_system=System.objects.get(code="HEFFING"),
            elements=list(DataElement.objects.filter(code="overlijden")),
            wrong_value="overleden",
            right_value="in leven",
            noticed_where="Aanslag van de BSV aan mijn erven",
            channel="web",
            subject="Ik sta als overleden geregistreerd",
            description="Mijn kinderen kregen een brief dat ik overleden ben.",
            citizen_name="Noor Visser",
            citizen_email="noor@voorbeeld.test",
            citizen_bsn="111222333",
            actor=CITIZEN,
        ).case
        coordinator = world.actor("coordinator")
        services.case_take(case=world.chain, actor=coordinator)
        with transaction.atomic():
            attachments_add(case=world.chain, files=[pdf("aanslag.pdf")], actor=CITIZEN)
        world.chain_attachment = world.chain.attachments.get()
        services.correction_plan_create(case=world.chain, actor=coordinator)
        world.source_task = world.chain.correction_tasks.get(system__code="HEFFING")
        services.correction_task_mark_corrected(
            task=world.source_task, actor=world.actor("task_owner")
        )
        services.correction_task_verify(task=world.source_task, actor=coordinator)
        world.partner_task = world.chain.correction_tasks.get(system__code="BSW-HEF")
        world.refresh()
    return world


@pytest.fixture
def bo_world(db) -> BackofficeWorld:
    return build_world()


def login(client, world: BackofficeWorld, name: str):
    if name != "anonymous":
        client.force_login(world.users[name])
    return client


# --- Sanity of the world itself -------------------------------------------------------------


def test_the_plan_reached_the_partner(bo_world):
    assert bo_world.source_task.status == "verified"
    assert bo_world.partner_task.status == "requested"
    assert bo_world.chain.status == "awaiting_chain"
    assert not bo_world.chain.correction_tasks.filter(organisation__code="ggd").exists()


def test_handled_cases_are_a_subset_of_the_visible_cases(bo_world):
    """`handled_cases` is written without the visibility selector for speed; it must never
    return a case the selector would hide."""
    for name, *_ in STAFF:
        actor = bo_world.actor(name)
        handled = set(handled_cases(actor).values_list("pk", flat=True))
        visible = set(backoffice_cases(actor).values_list("pk", flat=True))
        assert handled <= visible, name
        assert visible <= set(cases_visible_to(actor).values_list("pk", flat=True)), name


def test_task_lists_start_from_exactly_the_visible_tasks(bo_world):
    """The task lists' base is written without the selector's subquery; it must be the same
    set for everyone who may use the backoffice."""
    from cases.models import CorrectionTask, TaskStatus

    # A pending task of the partner (not yet routed) must stay invisible to the partner.
    CorrectionTask.objects.filter(pk=bo_world.partner_task.pk).update(status=TaskStatus.PENDING)
    for name, *_ in STAFF:
        actor = bo_world.actor(name)
        mine = set(_task_base(actor).values_list("pk", flat=True))
        if may_use_backoffice(actor):
            expected = set(tasks_visible_to(handling_actor(actor)).values_list("pk", flat=True))
        else:
            expected = set()
        assert mine == expected, name
