"""Fixtures for the API: the example chain register, a chain-error case with its plan, and
tokens of organisations made through the same service the admin uses."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from api.models import TokenScope
from api.services import api_token_create
from cases import services
from cases.actors import CITIZEN
from cases.models import CorrectionTask, DataElement, Organisation, Role, System
from cases.services.webhooks import organisation_subscriber
from notifications.models import WebhookEndpoint
from tests.factories import make_staff, register_teams


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(db):
    return register_teams()


@pytest.fixture
def people(register):
    return {
        "loket": make_staff(Role.CASEWORKER, register["regie"])[1],
        "coordinator": make_staff(Role.COORDINATOR, register["regie"])[1],
    }


def chain_case(people, *, name="Noor Visser", elements=("overlijden",)):
    """A chain-error report from the citizen, taken and planned by the loket. Returns
    (case, tracking token)."""
    submission = services.chain_error_submit(
        source_system=System.objects.get(code="BRP"),
        elements=list(DataElement.objects.filter(code__in=elements)),
        wrong_value="overleden",
        right_value="in leven",
        noticed_where="Uitkering gestopt",
        channel="web",
        subject="Ten onrechte overleden",
        description="Mijn uitkering is gestopt.",
        citizen_name=name,
        citizen_email="noor@example.nl",
        digid_bsn="111222333",  # filed with DigiD: a plan may be made (AVG 12(6))
        actor=CITIZEN,
    )
    case = submission.case
    services.case_take(case=case, actor=people["loket"])
    services.correction_plan_create(case=case, actor=people["loket"])
    case.refresh_from_db()
    return case, submission.tracking_token


def task_of(case, code) -> CorrectionTask:
    return CorrectionTask.objects.select_related("system", "organisation").get(
        case=case, system__code=code
    )


def settle(task, people):
    """The owner and the loket settle a task (set-up through the services)."""
    task.refresh_from_db()
    services.correction_task_mark_corrected(task=task, actor=people["coordinator"])
    services.correction_task_verify(task=task, actor=people["coordinator"])


def settle_upstream_of_bsw(case, people):
    """BRP → MAGAZIJN → HEFFING settled, so BSW-HEF (the tax cooperation's) is requested."""
    for code in ("BRP", "MAGAZIJN", "HEFFING"):
        settle(task_of(case, code), people)


def make_token(org_code: str, scope=TokenScope.PARTNER_TASKS, *, days=30, name=None):
    return api_token_create(
        organisation=Organisation.objects.get(code=org_code),
        name=name or f"{org_code}-systeem",
        scope=scope,
        expires_at=timezone.now() + timedelta(days=days),
    )


def api_client(raw: str, language: str = "nl") -> Client:
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)


def endpoint_for(org_code: str, url: str = "https://partner.example/hook", **kw):
    org = Organisation.objects.get(code=org_code)
    return WebhookEndpoint.objects.create(
        subscriber=organisation_subscriber(org.pk), name=f"{org_code} hook", url=url, **kw
    )
