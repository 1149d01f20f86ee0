"""Issue 23: intake keeps routing rules, case types and the calendar in memory with a stamp the
administrator's changes renew, takes its number in one statement and writes its receipt in one
INSERT. The cache must never route by a rule that was changed, in this process or another."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cases.calendar import load_calendar
from cases.configuration_cache import KEY
from cases.models import Case, CaseNumberSequence, ConfigurationStamp, DecreeDay, RoutingRule
from cases.services.intake import next_case_number
from notifications.models import Notification
from tests.factories import TeamFactory, case_type, submit_case, valid_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.nl", "x")
    client.force_login(user)
    return client


def _rule_change(client, rule: RoutingRule, team) -> None:
    response = client.post(
        f"/admin/cases/routingrule/{rule.pk}/change/",
        {
            "position": rule.position,
            "case_type": rule.case_type_id,
            "channel": rule.channel,
            "source_system": "",
            "team": team.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_rule_changed_in_the_admin_routes_the_next_submission(administrator):
    first, second = TeamFactory(name="Eerste"), TeamFactory(name="Tweede")
    RoutingRule.objects.all().delete()
    rule = RoutingRule.objects.create(position=10, case_type=case_type("question"), team=first)
    assert submit_case("question").team == first  # the rules are in memory now
    _rule_change(administrator, rule, second)
    assert submit_case("question").team == second


def test_a_change_made_by_another_process_is_seen_through_the_stamp():
    first, second = TeamFactory(name="Eerste"), TeamFactory(name="Tweede")
    RoutingRule.objects.all().delete()
    rule = RoutingRule.objects.create(position=10, case_type=case_type("question"), team=first)
    assert submit_case("question").team == first
    # A queryset update sends no signal: this process does not hear of it, and (as long as
    # the stamp stands) keeps its copy. This is why the stamp exists.
    RoutingRule.objects.filter(pk=rule.pk).update(team=second)
    assert submit_case("question").team == first
    # Another process's admin save renews the stamp in the database in the same transaction.
    ConfigurationStamp.objects.filter(key=KEY).update(stamp="renewed-by-another-process")
    assert submit_case("question").team == second


def test_a_decree_day_added_is_in_the_next_calendar():
    day = date(2031, 5, 30)
    assert day not in load_calendar().decree_days
    DecreeDay.objects.create(date=day, decree="Besluit gelijkstelling 2031")
    assert load_calendar().decree_days[day] == "Besluit gelijkstelling 2031"
    DecreeDay.objects.filter(date=day).delete()
    assert day not in load_calendar().decree_days


def test_the_year_number_is_one_statement_and_counts_on():
    CaseNumberSequence.objects.filter(year=2031).delete()
    with CaptureQueriesContext(connection) as queries:
        assert next_case_number(2031) == "LDZ-2031-000001"
    assert len(queries) == 1
    assert next_case_number(2031) == "LDZ-2031-000002"
    assert CaseNumberSequence.objects.get(year=2031).last_number == 2


# The public form's POST once the configuration is in memory: the stamp, the year's number
# (upsert), the case, its event, the receipt limit (one count), the receipt (one INSERT), and the
# savepoint pair of the intake's transaction (the test's own transaction turns BEGIN/COMMIT into
# a savepoint). Before issue 23 this was 21.
PUBLIC_SUBMISSION_QUERIES = 8


def test_a_public_submission_costs_a_fixed_number_of_queries(client, django_assert_num_queries):
    TeamFactory(is_fallback=True)
    client.post("/indienen/vraag/", valid_data("vraag"))  # loads the configuration
    with django_assert_num_queries(PUBLIC_SUBMISSION_QUERIES):
        response = client.post(
            "/indienen/vraag/", valid_data("vraag", citizen_email="b@voorbeeld.test")
        )
    assert response.status_code == 302
    case = Case.objects.get(citizen_email="b@voorbeeld.test")
    assert Notification.objects.filter(reference=f"case:{case.pk}", template_key="receipt").exists()
