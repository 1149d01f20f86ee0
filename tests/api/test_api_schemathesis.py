"""Schemathesis against the schema the app serves, in-process through the WSGI app: every
operation, positive and negative data; no 500, every response conforms to the schema (status
code, content type, body). Bounded: a few examples per operation, no shrinking."""

from __future__ import annotations

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode

from api.models import TokenScope
from config.wsgi import application
from tests.api.conftest import chain_case, make_token, settle_upstream_of_bsw, task_of

schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
schema.config.generation.update(
    modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE], max_examples=25, no_shrink=True
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def keep_connection():
    """The WSGI app closes the database connection after each request; the test's transaction
    lives on it. Django's own test client disconnects the same receiver."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def world(people, settings, tmp_path, keep_connection):
    settings.MEDIA_ROOT = tmp_path
    settings.API_THROTTLE_RATE = "100000/min"
    case, _ = chain_case(people)
    settle_upstream_of_bsw(case, people)
    return {
        "task": task_of(case, "BSW-HEF"),
        "case": case,
        "tasks_token": make_token("bsw").raw,
        "cases_token": make_token("informatiebeheer", TokenScope.MUNICIPALITY_CASES).raw,
    }


@schema.parametrize()
@settings(
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,
)
def test_api_conforms_to_its_schema(case, world):
    token = world["cases_token"] if case.path.startswith("/api/v1/cases") else world["tasks_token"]
    positive = case.meta is None or case.meta.generation.mode == GenerationMode.POSITIVE
    if positive and case.path_parameters:
        # Aim the valid cases at real objects; negative ones keep their broken identifiers.
        if "pk" in case.path_parameters and case.path.startswith("/api/v1/tasks"):
            case.path_parameters["pk"] = world["task"].pk
        if "number" in case.path_parameters:
            case.path_parameters["number"] = world["case"].number
    case.call_and_validate(headers={"Authorization": f"Bearer {token}"})
