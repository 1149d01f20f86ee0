"""factory_boy factories. Case types come from the seeded migration; use `case_type(code)`."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from cases.actors import staff_actor
from cases.models import CaseType, Membership, Organisation, OrganisationKind, Role, Team


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
    return user, staff_actor(user)


__all__ = [
    "OrganisationFactory",
    "Role",
    "TeamFactory",
    "UserFactory",
    "case_type",
    "make_staff",
]
