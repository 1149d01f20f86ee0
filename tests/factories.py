"""factory_boy factories. Case types come from the seeded migration; use `case_type(code)`."""

from __future__ import annotations

import factory
from django.contrib.auth import get_user_model

from cases.models import CaseType, Membership, Organisation, OrganisationKind, Role, Team
from cases.selectors.access import staff_actor


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
