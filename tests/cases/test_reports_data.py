"""Deterministic data for the council report tests: a year (2025) of cases of every type, driven
through the services at the moment each step happened (a frozen clock), so received, resolved,
extension, suspension and correction timestamps are all real service output.

Every citizen-facing text carries a unique marker from SECRETS, so the anonymity tests can prove
that none of it reaches the report or the dashboard."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
import yaml
from django.utils import timezone

from cases import services
from cases.actors import CITIZEN
from cases.models import (
    Case,
    CaseStatus,
    CaseType,
    CorrectionTask,
    DataElement,
    Organisation,
    Role,
    System,
    TaskStatus,
    Team,
)
from cases.services.chain_import import chain_register_import
from council.figures import Scope
from council.period import ReportPeriod
from tests.factories import make_staff

AMS = ZoneInfo("Europe/Amsterdam")
REGISTER = Path(__file__).resolve().parents[2] / "cases" / "demo" / "ketenregister.yaml"
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


def _person(n: int) -> dict:
    return {
        "citizen_name": _secret(f"Zwaantje Oosterhuis-{n:02d}x"),
        "citizen_email": _secret(f"zwaantje{n:02d}@geheim-voorbeeld.example"),
        "citizen_phone": _secret(f"06{n:02d}345678"),
        "citizen_address": _secret(f"Geheimlaan {n}00, 9999 ZZ Nergenshuizen"),
        "citizen_bsn": _secret(f"9{n:02d}45678{n % 10}"),
        "subject": _secret(f"Vertrouwelijk onderwerp {n:02d} Oosterhuis"),
        "description": _secret(f"Vertrouwelijke omschrijving {n:02d}: mijn buurman Pietersen"),
    }


@dataclass
class Seeded:
    coordinator: object
    teams: dict[str, Team]
    cases: dict[str, Case] = field(default_factory=dict)


def _teams() -> dict[str, Team]:
    chain_register_import(data=yaml.safe_load(REGISTER.read_text()))
    teams = {}
    for org in Organisation.objects.all():
        teams[org.code], _ = Team.objects.get_or_create(
            code=f"{org.code}-team",
            defaults={
                "organisation": org,
                "name": f"Team {org.name}",
                "email": f"{org.code}@t.test",
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
    teams = _teams()
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


@pytest.fixture
def seeded(db) -> Seeded:
    return seed_year()


def test_seed_reaches_every_state_the_report_counts(seeded):
    c = seeded.cases
    assert c["c1"].extensions.count() == 1
    assert c["p1"].suspensions.filter(end__isnull=False).count() == 1
    assert c["c3"].status == CaseStatus.REJECTED
    assert c["w1"].status == CaseStatus.WITHDRAWN
    assert c["c4"].status == CaseStatus.IN_PROGRESS
    assert c["e1"].status == CaseStatus.RESOLVED
    assert c["e2"].status == CaseStatus.AWAITING_CHAIN
    assert not c["e1"].correction_tasks.exclude(status=TaskStatus.VERIFIED).exists()
    assert c["e1"].correction_tasks.count() > 3
    # The timestamps are the frozen clock's, not today's.
    assert timezone.localtime(c["q1"].resolved_at).date().isoformat() == "2025-03-05"
