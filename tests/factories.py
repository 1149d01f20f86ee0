"""factory_boy factories. Case types come from the seeded migration; use `case_type(code)`."""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import factory
import yaml
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from cases import services
from cases.actors import CITIZEN, Actor
from cases.models import (
    Attachment,
    Case,
    CaseStatus,
    CaseType,
    CorrectionTask,
    DataElement,
    Membership,
    Organisation,
    OrganisationKind,
    Role,
    System,
    TaskStatus,
    Team,
)
from cases.selectors.access import staff_actor
from cases.services.attachments import attachments_add
from cases.services.chain_import import chain_register_import
from cases.services.deadlines import term_for_received
from cases.services.intake import next_case_number
from council.figures import Scope
from council.period import ReportPeriod

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
# A citizen who filed while signed in with DigiD (`case_submit(digid_bsn=...)`): the identity is
# verified, so a privacy request or chain error does not wait for it (issue 17, AVG art. 12(6)).
DIGID_BSN = "111222333"
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
    from cases.models import Case

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
    "DIGID_BSN",
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
            # Filed while signed in with DigiD: the identity is verified, a plan may be made.
            digid_bsn="111222333",
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


def log_in(page, username: str, *, landing: str | None = "**/werkplek/") -> None:
    """Sign a demo user in through the browser (Playwright `page`). With `landing`, wait until the
    browser arrives there; without, wait for the page and check it left the sign-in form."""
    page.goto("/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    if landing:
        page.wait_for_url(landing)
        return
    page.wait_for_load_state()
    assert "/werkplek/inloggen/" not in page.url


# --- A year of cases for the council report (seed_year): every state the report counts -----
# The figures are a fixed number of queries: 3 reference tables, the calendar, and 11
# aggregates (the chain-error sources come with the intake query since issue 15: one query
# less). The dashboard and the report depend on this staying constant. The calendar is one
# query once it is in memory (issue 23: the configuration stamp instead of its 2 tables; seeding
# the year loaded it).
FIGURE_QUERIES = 16  # +1: Awb 4:17 penalties paid (issue 18, records); -1: issue 23

AMS = ZoneInfo("Europe/Amsterdam")
YEAR = Scope(ReportPeriod.year(2025))

# Personal data and free text of the seeded cases. None of it may appear in a report.
SECRETS: list[str] = []


def at(*args) -> contextlib.AbstractContextManager:
    """Run the services as if it were this moment (Amsterdam time)."""
    moment = datetime(*args, tzinfo=AMS)
    return mock.patch.object(timezone, "now", return_value=moment)


def _secret(value: str) -> str:
    SECRETS.append(value)
    return value


def valid_bsn(n: int) -> str:
    """A nine-digit number that passes the elfproef, made from `n` (test data, nobody's BSN)."""
    prefix = 10_000_000 + n * 7
    while True:
        digits = f"{prefix:08d}"
        total = sum(w * int(d) for w, d in zip((9, 8, 7, 6, 5, 4, 3, 2), digits, strict=True))
        check = total % 11  # 9·d1 + … + 2·d8 − d9 ≡ 0 (mod 11)
        if check < 10:
            return digits + str(check)
        prefix += 1


def _person(n: int) -> dict:
    return {
        "citizen_name": _secret(f"Zwaantje Oosterhuis-{n:02d}x"),
        "citizen_email": _secret(f"zwaantje{n:02d}@geheim-voorbeeld.example"),
        "citizen_phone": _secret(f"06{n:02d}345678"),
        "citizen_address": _secret(f"Geheimlaan {n}00, 9999 ZZ Nergenshuizen"),
        # Seeded as signed in with DigiD: a verified identity, so the report's privacy requests
        # and chain errors may be decided (AVG art. 12(6) guard, cases.checks).
        "digid_bsn": _secret(valid_bsn(n)),
        "subject": _secret(f"Vertrouwelijk onderwerp {n:02d} Oosterhuis"),
        "description": _secret(f"Vertrouwelijke omschrijving {n:02d}: mijn buurman Pietersen"),
    }


@dataclass
class Seeded:
    coordinator: object
    teams: dict[str, Team]
    cases: dict[str, Case] = field(default_factory=dict)


def register_teams(*, email_domain: str = "t.test") -> dict[str, Team]:
    """The demo chain register imported, one team per organisation (keyed by the organisation's
    code, mailed at `<code>@<email_domain>`) and the fallback team "regie"."""
    chain_register_import(data=yaml.safe_load(REGISTER.read_text()))
    teams = {}
    for org in Organisation.objects.all():
        teams[org.code], _ = Team.objects.get_or_create(
            code=f"{org.code}-team",
            defaults={
                "organisation": org,
                "name": f"Team {org.name}",
                "email": f"{org.code}@{email_domain}",
            },
        )
    teams["regie"], _ = Team.objects.get_or_create(
        code="regie",
        defaults={
            "name": "Regie",
            "organisation": Organisation.objects.get(code="informatiebeheer"),
            "is_fallback": True,
        },
    )
    return teams


def _submit(code: str, n: int, channel: str, team: Team | None, **extra) -> Case:
    fields = _person(n)
    if code == "complaint":
        fields["complained_about"] = _secret(f"Medewerker Geheimzinnig {n:02d}")
        fields["complained_about_email"] = _secret(f"beklaagde{n:02d}@geheim-voorbeeld.example")
    if code == "chain_error":
        case = services.chain_error_submit(
            channel=channel,
            actor=CITIZEN,
            wrong_value=_secret(f"Fout gegeven {n:02d} Kraaienest 12"),
            right_value=_secret(f"Juist gegeven {n:02d} Duivenslag 7"),
            noticed_where=_secret(f"Gezien op brief {n:02d} van de deurwaarder"),
            **extra,
            **fields,
        ).case
    else:
        case = services.case_submit(
            case_type=CaseType.objects.get(code=code), channel=channel, **fields
        ).case
    if team is not None:
        Case.objects.filter(pk=case.pk).update(team=team, organisation=team.organisation)
    return Case.objects.get(pk=case.pk)


def _resolve(case: Case, actor, outcome: str, n: int) -> Case:
    kwargs = {"outcome": outcome, "answer": _secret(f"Geheim antwoord {n:02d} aan Oosterhuis")}
    if case.case_type.requires_hearing:
        kwargs.update(
            hearing_held=False, hearing_waived_reason=_secret(f"Geheime hoorreden {n:02d}")
        )
    return services.case_resolve(case=case, actor=actor, **kwargs)


def _settle_round(case: Case, actor, level: int, when) -> None:
    for task in CorrectionTask.objects.filter(case=case, level=level, status=TaskStatus.REQUESTED):
        with when:
            services.correction_task_mark_corrected(task=task, actor=actor)
            services.correction_task_verify(task=task, actor=actor)


def seed_year(*, small: bool = False) -> Seeded:
    """The 2025 data set (see the module docstring). `small` seeds only two cases, for the
    query-count comparison."""
    SECRETS.clear()
    teams = register_teams()
    _user, coordinator = make_staff(Role.COORDINATOR, teams["regie"], username="regisseur-rapport")
    seeded = Seeded(coordinator=coordinator, teams=teams)
    c = seeded.cases

    with at(2025, 3, 3, 10):
        c["q1"] = _submit("question", 1, "web", teams["burgerzaken"])
        services.case_take(case=c["q1"], actor=coordinator)
    with at(2025, 3, 5, 15):
        c["q1"] = _resolve(c["q1"], coordinator, "answered", 1)  # 2 working days, on time
    with at(2025, 3, 4, 9):
        c["q2"] = _submit("question", 2, "phone", teams["belastingen"])
        services.case_take(case=c["q2"], actor=coordinator)
    if small:
        return seeded
    with at(2025, 3, 20, 11):
        c["q2"] = _resolve(c["q2"], coordinator, "answered", 2)  # late (due 11 March)

    # Complaints: extended and on time; late; declined (Awb 9:8); open and overdue.
    with at(2025, 4, 1, 9):
        c["c1"] = _submit("complaint", 3, "email", teams["burgerzaken"])
        services.case_take(case=c["c1"], actor=coordinator)
    with at(2025, 5, 1, 9):
        services.case_extend(
            case=c["c1"], actor=coordinator, amount=4, reason=_secret("Geheime verlengreden 03")
        )
    with at(2025, 6, 2, 16):
        c["c1"] = _resolve(Case.objects.get(pk=c["c1"].pk), coordinator, "well_founded", 3)
    with at(2025, 5, 6, 9):
        c["c2"] = _submit("complaint", 4, "letter", teams["burgerzaken"])
        services.case_take(case=c["c2"], actor=coordinator)
    with at(2025, 7, 1, 9):
        c["c2"] = _resolve(c["c2"], coordinator, "unfounded", 4)
    with at(2025, 9, 1, 9):
        c["c3"] = _submit("complaint", 5, "web", teams["burgerzaken"])
        services.case_reject(
            case=c["c3"], actor=coordinator, reason=_secret("Geheime afwijsreden 05")
        )
    with at(2025, 12, 15, 9):
        c["c4"] = _submit("complaint", 6, "counter", teams["belastingen"])
        services.case_take(case=c["c4"], actor=coordinator)

    # A privacy request with a suspension while waiting for the citizen; a withdrawn Woo request.
    with at(2025, 2, 10, 9):
        c["p1"] = _submit("privacy_request", 7, "web", teams["informatiebeheer"])
        services.case_take(case=c["p1"], actor=coordinator)
    with at(2025, 2, 12, 9):
        services.case_request_information(
            case=c["p1"], actor=coordinator, question=_secret("Geheime vraag 07 over Pietersen")
        )
    with at(2025, 2, 20, 9):
        services.case_receive_reply(
            case=c["p1"], actor=CITIZEN, text=_secret("Geheim antwoord van inwoner 07")
        )
    with at(2025, 3, 5, 9):
        c["p1"] = _resolve(Case.objects.get(pk=c["p1"].pk), coordinator, "granted", 7)
    with at(2025, 6, 10, 9):
        c["w1"] = _submit("woo_request", 8, "email", teams["informatiebeheer"])
    with at(2025, 6, 12, 9):
        services.case_withdraw(case=c["w1"], actor=CITIZEN, reason=_secret("Geheime reden 08"))

    elements = {e.code: e for e in DataElement.objects.all()}
    systems = {s.code: s for s in System.objects.all()}
    # A chain error from BRP, corrected in every system, one correction disputed on the way.
    with at(2025, 1, 15, 9):
        c["e1"] = _submit(
            "chain_error",
            9,
            "web",
            teams["regie"],
            source_system=systems["BRP"],
            elements=[elements["overlijden"]],
        )
        services.case_take(case=c["e1"], actor=coordinator)
        services.correction_plan_create(case=c["e1"], actor=coordinator)
    _settle_round(c["e1"], coordinator, 0, at(2025, 1, 17, 9))
    _settle_round(c["e1"], coordinator, 1, at(2025, 1, 22, 9))
    disputed = CorrectionTask.objects.get(case=c["e1"], system__code="HEFFING")
    with at(2025, 1, 23, 9):
        services.correction_task_dispute(
            task=disputed, actor=coordinator, reason=_secret("Geheime betwisting 09")
        )
    with at(2025, 1, 27, 9):
        disputed.refresh_from_db()
        services.correction_task_decide_dispute(
            task=disputed, actor=coordinator, uphold=True, reason=_secret("Geheim besluit 09")
        )
    for level, day in ((2, 29), (3, 31)):
        _settle_round(c["e1"], coordinator, level, at(2025, 1, day, 9))
    for level in range(4, 10):
        _settle_round(c["e1"], coordinator, level, at(2025, 2, 3 + level, 9))
    with at(2025, 2, 20, 9):
        c["e1"] = _resolve(Case.objects.get(pk=c["e1"].pk), coordinator, "corrected", 9)
    # A chain error still in the chain, and one whose source nobody knows yet.
    with at(2025, 10, 1, 9):
        c["e2"] = _submit(
            "chain_error",
            10,
            "web",
            teams["regie"],
            source_system=systems["WOZ"],
            elements=[elements["woz_waarde"]],
        )
        services.case_take(case=c["e2"], actor=coordinator)
        services.correction_plan_create(case=c["e2"], actor=coordinator)
    with at(2025, 11, 3, 9):
        c["e3"] = _submit(
            "chain_error", 11, "phone", None, source_system=None, elements=[elements["adres"]]
        )

    # Outside the year: received before it (resolved inside), and after it.
    with at(2024, 12, 30, 9):
        c["q3"] = _submit("question", 12, "web", teams["burgerzaken"])
        services.case_take(case=c["q3"], actor=coordinator)
    with at(2025, 1, 6, 9):
        c["q3"] = _resolve(c["q3"], coordinator, "answered", 12)
    with at(2026, 1, 5, 9):
        c["q4"] = _submit("question", 13, "web", teams["burgerzaken"])
    for key, case in c.items():
        c[key] = Case.objects.get(pk=case.pk)
    return seeded


# --- The citizen's forms (/indienen/<slug>/) ------------------------------------------------
SLUGS = ["vraag", "klacht", "ketenfout", "privacy", "woo"]
TYPE_OF_SLUG = {
    "vraag": "question",
    "klacht": "complaint",
    "ketenfout": "chain_error",
    "privacy": "privacy_request",
    "woo": "woo_request",
}


def import_register() -> None:
    chain_register_import(data=yaml.safe_load(REGISTER.read_text(encoding="utf-8")))


def valid_data(slug: str, **overrides) -> dict:
    """A complete, valid submission for the form of `slug` (the register must be imported for
    the chain-error form)."""
    data = {
        "citizen_name": "Anna de Vries",
        "citizen_email": "anna@voorbeeld.test",
        "citizen_phone": "06 1234 5678",
        "citizen_address": "",
        "website": "",
    }
    if slug == "vraag":
        data.update(subject="Parkeervergunning", description="Hoe verleng ik mijn vergunning?")
    elif slug == "klacht":
        data.update(
            subject="Onvriendelijk behandeld",
            description="De medewerker aan de telefoon hing op.",
            happened_on="2026-11-02",
            complained_about="Klantcontactcentrum",
        )
    elif slug == "ketenfout":
        data.update(
            noticed_system="HEFFING",
            noticed_where="De aanslag van maart",
            elements=[str(DataElement.objects.get(code="adres").pk)],
            wrong_value="Kerkstraat 1",
            right_value="Dorpsstraat 22",
            source_system="",
            description="",
        )
    elif slug == "privacy":
        data.update(request_kind="inzage", description="Welke gegevens heeft Belastingen?")
    elif slug == "woo":
        data.update(subject="Parkeerbeleid", description="De nota's over parkeren van 2025.")
    data.update(overrides)
    return data


def post_form(client, slug: str, data: dict, **extra):
    return client.post(f"/indienen/{slug}/", data, **extra)


def error_links(content: str) -> list[str]:
    """The targets of the links in the error summary."""
    summary = re.search(r'<div class="error-summary".*?</div>', content, re.S)
    assert summary, "no error summary"
    return re.findall(r'href="#([^"]+)"', summary.group(0))


# --- Many cases at once for the work lists (query counts, page tests) ---------------------
OPEN_CYCLE = [
    CaseStatus.RECEIVED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_CITIZEN,
    CaseStatus.AWAITING_CHAIN,
    CaseStatus.CLOSED,
]


def add_cases(world, count: int, *, start: int) -> list[Case]:
    """`count` cases of the regie team that fill every work list: every open state, due dates
    from overdue to later, half assigned to the caseworker; each chain error has a correction
    task of a partner in a state of a task list."""
    today = timezone.localdate()
    types = list(CaseType.objects.order_by("pk"))
    team = world.teams["regie"]
    cases = []
    for i in range(start, start + count):
        due = today + timedelta(days=(i % 15) - 5)
        cases.append(
            Case(
                number=f"LDZ-2099-{i:06d}",
                case_type=types[i % len(types)],
                channel="web",
                subject=f"Onderwerp {i}",
                description="Omschrijving",
                citizen_name=f"Inwoner {i}",
                team=team,
                organisation=team.organisation,
                assignee=world.users["caseworker"] if i % 2 else None,
                received_at=timezone.now() - timedelta(days=20),
                due_date=due,
                original_due_date=due,
                status=OPEN_CYCLE[i % len(OPEN_CYCLE)],
            )
        )
    Case.objects.bulk_create(cases)
    systems = list(System.objects.filter(organisation__code="bsw"))
    task_states = [TaskStatus.REQUESTED, TaskStatus.CORRECTED, TaskStatus.DISPUTED]
    CorrectionTask.objects.bulk_create(
        CorrectionTask(
            case=case,
            system=systems[n % len(systems)],
            organisation=systems[0].organisation,
            status=task_states[n % len(task_states)],
            due_date=today + timedelta(days=(n % 9) - 4),
        )
        for n, case in enumerate(cases)
    )
    return cases


# --- The production settings, started in a subprocess -----------------------------------
def start_production(**extra: str) -> subprocess.CompletedProcess:
    """Start Django with the production settings in a fresh interpreter (with `PRINT`, print
    the sign-in settings); the caller checks the exit code and output."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"TRUSTED_PROXY_COUNT", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings.production",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="loket.example.nl",
        DATABASE_URL="sqlite:////tmp/w16a-prod-check.sqlite3",
        REDIS_URL="redis://127.0.0.1:1/0",
        SITE_URL="https://loket.example.nl",
        FIELD_ENCRYPTION_SALT_KEYS="prod-check-salt",
        BSN_HMAC_KEY="prod-check-hmac",
    )
    env.update(extra)
    script = "import django; django.setup()"
    if extra.get("PRINT"):
        script += (
            "; from django.conf import settings as s; print(f'2fa={s.LOKET_TWO_FACTOR_REQUIRED}"
            " age={s.SESSION_COOKIE_AGE} close={s.SESSION_EXPIRE_AT_BROWSER_CLOSE}')"
        )
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=Path(__file__).resolve().parents[1],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )


# A notice's context as the services build it, for rendering tests.
NOTICE_CONTEXT = {
    "case_number": "LDZ-2026-000001",
    "case_type": "Klacht",
    "case_type_code": "complaint",
    "citizen_name": "Anna de Vries",
    "due_date": "2027-01-22",
    "law_reference": "Awb 9:11",
}


# --- DigiD (issue 17) ---------------------------------------------------------------------------

# Valid BSNs (they pass the elfproef), made up for the tests.
BSN_ANNA = "111222333"
BSN_BERT = "123456782"


def digid_mock_complete(client, response, bsn: str = BSN_ANNA):
    """From a redirect to the mock DigiD identity provider, type `bsn` there as a citizen would
    and come back through our assertion consumer; returns the assertion consumer's response."""
    assert response.status_code == 302, response.status_code
    assert response.url.startswith("/digid-mock/inloggen/"), response.url
    bsn_page = response.url.replace("/digid-mock/inloggen/", "/digid-mock/inloggen_bsn/", 1)
    typed = client.post(bsn_page, {"auth_bsn": bsn})
    assert typed.status_code == 302, typed.content[:500]
    return client.get(typed.url)


def digid_sign_in(client, bsn: str = BSN_ANNA, *, next_path: str = "/mijn-zaken/"):
    """Sign the test client in through the mock DigiD; returns the final redirect."""
    return digid_mock_complete(client, client.get(f"/digid/inloggen/?next={next_path}"), bsn)


def bulk_cases(count: int, *, codes, start: date, spread_days: int, status=CaseStatus.IN_PROGRESS):
    """Test set-up at volume: open cases (by default) written in bulk, their due dates from the
    real term engine, received at 09:00 Amsterdam time on days from `start` on."""
    types = {code: case_type(code) for code in codes}
    rows = []
    for i in range(count):
        code = codes[i % len(codes)]
        received = start + timedelta(days=i % spread_days)
        due = term_for_received(case_type=types[code], received=received).due_date
        rows.append(
            Case(
                number=next_case_number(received.year),
                case_type=types[code],
                channel="web",
                subject="Volume",
                description="Volume",
                citizen_name=f"Inwoner {i}",
                citizen_email=f"v{i}@example.nl",
                received_at=datetime.combine(received, datetime.min.time(), AMS)
                + timedelta(hours=9),
                due_date=due,
                original_due_date=due,
                promised_due_date=due,
                status=status,
            )
        )
    return Case.objects.bulk_create(rows, batch_size=500)
