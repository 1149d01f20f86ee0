"""Issue 22: routing rules warn when an earlier rule shadows them and answer "which team gets
…?"; a decree or closing day says, before saving, how many cases and tasks move and how many
citizens are told, and those counts are what the recomputation then does."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from cases.models import CalendarChange, ClosingDay, RoutingRule
from configuration.calendar import calendar_change_impact
from configuration.routing import routing_rules_in_order, shadowing_rules
from notifications.models import Notification
from tests.factories import TeamFactory, case_type, submit_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.nl", "x")
    client.force_login(user)
    return client


def test_a_rule_covered_by_an_earlier_rule_is_flagged():
    regie, kcc = TeamFactory(name="Regie"), TeamFactory(name="KCC")
    RoutingRule.objects.all().delete()
    broad = RoutingRule.objects.create(position=10, case_type=case_type("question"), team=regie)
    phone = RoutingRule.objects.create(
        position=20, case_type=case_type("question"), channel="phone", team=kcc
    )
    other = RoutingRule.objects.create(position=30, case_type=case_type("complaint"), team=kcc)
    assert shadowing_rules(list(routing_rules_in_order())) == {phone.pk: broad}
    # An inactive earlier rule shadows nothing; the later rule then matches.
    RoutingRule.objects.filter(pk=broad.pk).update(is_active=False)
    assert shadowing_rules(list(routing_rules_in_order())) == {}
    assert other.pk not in shadowing_rules(list(routing_rules_in_order()))


def test_the_admin_warns_on_saving_a_shadowed_rule_and_lists_it(administrator):
    regie, kcc = TeamFactory(name="Regie"), TeamFactory(name="KCC")
    RoutingRule.objects.all().delete()
    RoutingRule.objects.create(position=10, case_type=case_type("question"), team=regie)
    response = administrator.post(
        "/admin/cases/routingrule/add/",
        {
            "position": "20",
            "case_type": case_type("question").pk,
            "channel": "phone",
            "source_system": "",
            "team": kcc.pk,
            "is_active": "on",
        },
        follow=True,
    )
    content = response.content.decode()
    assert "Let op: deze regel past nooit. Regel 10" in content
    assert "Past nooit: regel 10" in content  # the list's warning column
    assert "de laagste volgorde eerst" in content
    assert "telefoon" in content  # the channel's label, not its code

    answer = administrator.get(
        "/admin/cases/routingrule/welk-team/",
        {"case_type": case_type("question").pk, "channel": "phone"},
    ).content.decode()
    assert f"Deze zaak gaat naar: {regie}." in answer


def _received(day: date):
    return timezone.make_aware(datetime(day.year, day.month, day.day, 10, 0))


def test_a_closing_day_states_its_counts_before_saving_and_does_what_it_said(
    administrator, django_capture_on_commit_callbacks
):
    # Questions (service norm, 5 working days) spanning 10 February move; a complaint (statute)
    # and a question received after the day do not.
    for received in (date(2027, 2, 4), date(2027, 2, 5), date(2027, 2, 8)):
        submit_case("question", received_at=_received(received))
    submit_case("question", received_at=_received(date(2027, 2, 5)), citizen_email="")
    submit_case("complaint", received_at=_received(date(2027, 2, 4)))
    submit_case("question", received_at=_received(date(2027, 2, 11)))
    Notification.objects.all().delete()

    impact = calendar_change_impact(
        kind=CalendarChange.Kind.CLOSING, day=date(2027, 2, 10), adding=True
    )
    assert (impact.cases, impact.tasks, impact.citizens_told) == (4, 0, 3)

    data = {"date": "2027-02-10", "reason": "Verhuizing"}
    refused = administrator.post("/admin/cases/closingday/add/", data)
    assert refused.status_code == 200
    assert (
        "Deze dag verschuift de termijn van 4 open zaken en 0 correctietaken; 3 inwoners "
        "krijgen daarover bericht." in refused.content.decode()
    )
    assert not ClosingDay.objects.exists()

    with django_capture_on_commit_callbacks(execute=True):
        saved = administrator.post("/admin/cases/closingday/add/", {**data, "confirmed": "on"})
    assert saved.status_code == 302
    change = CalendarChange.objects.get()
    assert change.changed_cases == 4
    assert Notification.objects.filter(template_key="due_date_moved").count() == 4
    # The case without an e-mail address gets a letter, without an address it is not sent.
    sent = Notification.objects.filter(template_key="due_date_moved").exclude(recipient="")
    assert sent.count() == 3
    # A service norm's notice does not speak of statutory terms.
    moved = [m for m in mail.outbox if "is veranderd" in m.body]
    assert len(moved) == 3
    for message in moved:
        assert "onze eigen termijnen (servicenormen)" in message.body
        assert "wettelijk" not in message.body
        assert "wettelijk" not in message.alternatives[0][0]


def test_the_decree_day_page_explains_the_difference(administrator):
    content = administrator.get("/admin/cases/decreeday/add/").content.decode()
    assert "verschuift de wettelijke termijnen" in content
    content = administrator.get("/admin/cases/closingday/add/").content.decode()
    assert "nooit een wettelijke termijn" in content
