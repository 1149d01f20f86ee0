"""factory_boy factories. Case types come from the seeded migration; use `case_type(code)`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import factory
import yaml
from django.contrib.auth import get_user_model
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
    OrganisationKind,
    Role,
    System,
    Team,
)
from cases.selectors.access import staff_actor
from cases.services.attachments import attachments_add
from cases.services.chain_import import chain_register_import

REGISTER = Path(__file__).resolve().parents[1] / "cases" / "demo" / "ketenregister.yaml"
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


def case_type(code: str) -> CaseType:
    return CaseType.objects.get(code=code)


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"org{n}")
    name = factory.Sequence(lambda n: f"Afdeling {n}")
    kind = OrganisationKind.DEPARTMENT


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Team
        django_get_or_create = ("code",)

    organisation = factory.SubFactory(OrganisationFactory)
    code = factory.Sequence(lambda n: f"team{n}")
    name = factory.Sequence(lambda n: f"Team {n}")
    email = factory.LazyAttribute(lambda t: f"{t.code}@gemeente.test")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"Medewerker {n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@gemeente.test")
    password = factory.django.Password("secret-pass-123")


def make_staff(role: str, team: Team | None = None, username: str | None = None):
    """A user with one membership; returns (user, actor)."""
    team = team or TeamFactory()
    user = UserFactory(**({"username": username} if username else {}))
    Membership.objects.get_or_create(user=user, team=team, role=role)
    return user, staff_actor(user=user)


__all__ = [
    "OrganisationFactory",
    "Role",
    "TeamFactory",
    "UserFactory",
    "case_type",
    "make_staff",
]


# --- Cases in a given state, driven through the services (workflow tests) -----------------------

CITIZEN_EMAIL = "inwoner@voorbeeld.test"
ACCUSED_EMAIL = "beklaagde@gemeente.test"


def submit_case(
    code: str = "complaint",
    *,
    team: Team | None = None,
    received_at=None,
    channel: str = "web",
    **fields,
):
    """A case filed by the citizen through `case_submit`. With `team`, it is placed with that team
    afterwards (test set-up standing in for a routing rule)."""
    from cases.models import Case
    from cases.services import case_submit

    values = {
        "subject": "Onderwerp",
        "description": "Omschrijving van de zaak.",
        "citizen_name": "Anna de Vries",
        "citizen_email": CITIZEN_EMAIL,
    }
    if code == "complaint":
        values.update(complained_about="Medewerker balie", complained_about_email=ACCUSED_EMAIL)
    values.update(fields)
    case = case_submit(
        case_type=case_type(code), channel=channel, received_at=received_at, **values
    ).case
    if team is not None:
        Case.objects.filter(pk=case.pk).update(team=team, organisation=team.organisation)
        case.refresh_from_db()
    return case


def resolve_kwargs(case) -> dict:
    """Valid arguments for `case_resolve` for this case's type (hearing recorded for complaints)."""
    kwargs = {"outcome": case.case_type.allowed_outcomes[0], "answer": "Ons antwoord."}
    if case.case_type.requires_hearing:
        kwargs.update(hearing_held=False, hearing_waived_reason="Klager wilde niet gehoord worden.")
    return kwargs


def bring_to(case, status: str, *, actor):
    """Drive a received `case` to `status` through the services, as `actor` (a handler).

    `awaiting_chain` has no service yet (the chain-error issue adds it): that status is set with a
    queryset update, as test set-up only."""
    from datetime import timedelta

    from django.utils import timezone

    from cases import services
    from cases.models import Case, CaseStatus

    if status == CaseStatus.RECEIVED:
        return case
    if status == CaseStatus.REJECTED:
        return services.case_reject(case=case, actor=actor, reason="Niet ontvankelijk.")
    if status == CaseStatus.WITHDRAWN:
        return services.case_withdraw(case=case, actor=actor, reason="Ingetrokken.")
    case = services.case_take(case=case, actor=actor)
    if status == CaseStatus.AWAITING_CITIZEN:
        return services.case_request_information(
            case=case, actor=actor, question="Kunt u de brief meesturen?"
        )
    if status == CaseStatus.AWAITING_CHAIN:
        Case.objects.filter(pk=case.pk).update(status=CaseStatus.AWAITING_CHAIN)
        return Case.objects.get(pk=case.pk)
    if status in (CaseStatus.RESOLVED, CaseStatus.CLOSED):
        case = services.case_resolve(case=case, actor=actor, **resolve_kwargs(case))
    if status == CaseStatus.CLOSED:
        window = timedelta(days=case.case_type.reopen_window_days + 1)
        Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now() - window)
        case = services.case_close(case=case)
    return case


__all__ += [
    "ACCUSED_EMAIL",
    "CITIZEN_EMAIL",
    "bring_to",
    "resolve_kwargs",
    "submit_case",
]


def image_bytes(image_format: str = "PNG", *, gps: bool = False, size=(4, 3)) -> bytes:
    """A real (tiny) PNG or JPEG, made with Pillow; with `gps`, a JPEG whose EXIF holds a GPS
    position, a camera model and a comment, as a phone writes them."""
    import io

    from PIL import Image

    image = Image.new("RGB", size, (200, 30, 30))
    out = io.BytesIO()
    options = {}
    if gps:
        exif = Image.Exif()
        exif[0x0110] = "Telefoon van Anna"  # Model
        exif[0x0112] = 6  # Orientation: turned 90 degrees
        gps_ifd = exif.get_ifd(0x8825)
        gps_ifd[1] = "N"
        gps_ifd[2] = (52.0, 5.0, 10.0)
        gps_ifd[3] = "E"
        gps_ifd[4] = (4.0, 18.0, 30.0)
        options = {"exif": exif, "comment": b"Dorpsstraat 22"}
    image.save(out, format=image_format, **options)
    return out.getvalue()


# --- The backoffice world (issue 20: shared by many test modules, so it lives here) ----------
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
        return staff_actor(user=self.users[name])

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


def login(client, world: BackofficeWorld, name: str):
    if name != "anonymous":
        client.force_login(world.users[name])
    return client
