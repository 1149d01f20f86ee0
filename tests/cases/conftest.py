"""Fixtures for the case workflow tests: a frozen clock and one actor of every kind."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import timezone

from cases.actors import CITIZEN, SYSTEM, Actor
from cases.models import Role, Team
from tests.factories import TeamFactory, make_staff

# Every kind of actor the workflow knows. "caseworker" works for the organisation that handles
# the case; "caseworker_other_org" is a caseworker of another organisation (out of scope).
ACTOR_KINDS = (
    "front_desk",
    "caseworker",
    "caseworker_other_org",
    "coordinator",
    "council",
    "functional_admin",
    "citizen",
    "system",
)
HANDLERS = frozenset({"caseworker", "coordinator"})


@dataclass
class Clock:
    """Stands in for `django.utils.timezone.now` (and so `localdate`, `auto_now`): the services
    read "today" from there."""

    now: datetime

    def set(self, day: date, hour: int = 10) -> None:
        self.now = datetime.combine(day, time(hour), tzinfo=ZoneInfo(settings.TIME_ZONE))

    def advance(self, days: int) -> None:
        self.now += timedelta(days=days)

    def today(self) -> date:
        return timezone.localdate(self.now)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    frozen = Clock(now=timezone.now())
    monkeypatch.setattr(timezone, "now", lambda: frozen.now)
    return frozen


@dataclass
class World:
    team: Team  # the team (and organisation) handling the case
    other_team: Team  # a team of another organisation
    actors: dict[str, Actor] = field(default_factory=dict)

    def users(self, kind: str):
        return self.actors[kind].user


@pytest.fixture
def world(db) -> World:
    team = TeamFactory()
    other_team = TeamFactory()
    kcc = TeamFactory(name="KCC")
    actors = {
        # The front desk sits in its own organisation, as the KCC does in the demo municipality.
        "front_desk": make_staff(Role.FRONT_DESK, team=kcc)[1],
        "caseworker": make_staff(Role.CASEWORKER, team=team)[1],
        "caseworker_other_org": make_staff(Role.CASEWORKER, team=other_team)[1],
        # The coordinator sees everything, also outside their own organisation.
        "coordinator": make_staff(Role.COORDINATOR, team=TeamFactory())[1],
        # Council and administrators are in the case's organisation: their role refuses them.
        "council": make_staff(Role.COUNCIL, team=team)[1],
        "functional_admin": make_staff(Role.FUNCTIONAL_ADMIN, team=team)[1],
        "citizen": CITIZEN,
        "system": SYSTEM,
    }
    return World(team=team, other_team=other_team, actors=actors)
