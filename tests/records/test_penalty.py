"""Awb 4:17: the penalty for a late decision, as a table of dated examples (calendar days; a
holiday in between changes nothing)."""

from __future__ import annotations

from datetime import date

import pytest

from records.penalty import MAX_AMOUNT, amount_for_days, first_penalty_day, penalty

# (notice received, today, decision sent or None, days, amount in euro)
EXAMPLES = [
    # Two weeks after receipt: 1 March + 14 = 15 March is the first day owed.
    (date(2027, 3, 1), date(2027, 3, 14), None, 0, 0),
    (date(2027, 3, 1), date(2027, 3, 15), None, 1, 23),
    (date(2027, 3, 1), date(2027, 3, 28), None, 14, 14 * 23),
    (date(2027, 3, 1), date(2027, 3, 29), None, 15, 14 * 23 + 35),
    (date(2027, 3, 1), date(2027, 4, 11), None, 28, 14 * 23 + 14 * 35),
    (date(2027, 3, 1), date(2027, 4, 12), None, 29, 14 * 23 + 14 * 35 + 45),
    (date(2027, 3, 1), date(2027, 4, 25), None, 42, 1442),
    (date(2027, 3, 1), date(2027, 12, 31), None, 42, 1442),  # at most 42 days
    # Over Christmas and New Year: calendar days, the holidays count like any day.
    (date(2026, 12, 11), date(2027, 1, 3), None, 10, 230),
    # Over Easter 2027 (Good Friday 26 March, Easter Monday 29 March).
    (date(2027, 3, 12), date(2027, 3, 31), None, 6, 138),
    # The decision sent on day X ends the default: X is not counted.
    (date(2027, 3, 1), date(2027, 5, 1), date(2027, 3, 20), 5, 115),
    (date(2027, 3, 1), date(2027, 5, 1), date(2027, 3, 10), 0, 0),  # decided within two weeks
    # A notice received on 31 January: 14 February is the first day owed.
    (date(2027, 1, 31), date(2027, 2, 14), None, 1, 23),
]


@pytest.mark.parametrize(("received", "today", "decided", "days", "amount"), EXAMPLES)
def test_penalty_matches_awb_4_17(received, today, decided, days, amount):
    result = penalty(notice_received=received, today=today, decided_on=decided)
    assert (result.days, result.amount) == (days, amount)


def test_tiers_and_cap():
    assert MAX_AMOUNT == 1442
    assert [amount_for_days(d) for d in (0, 1, 14, 15, 28, 29, 42, 100)] == [
        0, 23, 322, 357, 812, 857, 1442, 1442,
    ]  # fmt: skip
    assert first_penalty_day(date(2027, 2, 20)) == date(2027, 3, 6)


# --- The case page and the coordinator's escalations -----------------------------------------


@pytest.fixture
def world(db):
    from tests.factories import build_world

    return build_world()


def _privacy_case(world, received_days_ago: int):
    from datetime import timedelta

    from django.utils import timezone

    from tests.factories import submit_case

    return submit_case(
        "privacy_request",
        team=world.teams["regie"],
        received_at=timezone.now() - timedelta(days=received_days_ago),
    )


def test_caseworker_registers_a_notice_and_the_pages_show_the_amount(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from records.models import NoticeOfDefault
    from tests.factories import login

    case = _privacy_case(world, 90)
    login(client, world, "coordinator")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Ingebrekestelling registreren" in page

    received = timezone.localdate() - timedelta(days=20)  # 7 penalty days today: 7 x 23
    response = client.post(
        f"/werkplek/archief/zaken/{case.number}/ingebrekestelling/",
        {"received_on": received.isoformat()},
    )
    assert response.status_code == 302
    notice = NoticeOfDefault.objects.get(case=case)
    assert notice.received_on == received and notice.registered_by == world.users["coordinator"]

    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "€ 161" in page or "&euro; 161" in page
    escalations = client.get("/werkplek/escalaties/").content.decode()
    assert case.number in escalations.split('id="dwangsommen"')[1]
    assert "&euro; 161" in escalations


def test_woo_request_has_no_automatic_penalty_and_says_why(client, world):
    from django.core.exceptions import PermissionDenied  # noqa: F401

    from records.models import NoticeOfDefault
    from tests.factories import login, submit_case

    case = submit_case("woo_request", team=world.teams["regie"])
    login(client, world, "coordinator")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Woo art. 8.2" in page
    client.post(
        f"/werkplek/archief/zaken/{case.number}/ingebrekestelling/", {"received_on": "2026-01-05"}
    )
    assert not NoticeOfDefault.objects.filter(case=case).exists()


def test_decision_on_the_penalty_is_sent_and_counted(world):
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Case
    from notifications.models import Notification
    from notifications.rendering import render_notice
    from records.services.penalty import (
        notice_of_default_register,
        penalties_paid,
        penalty_decision_register,
    )
    from tests.factories import make_staff

    case = _privacy_case(world, 90)
    _, actor = make_staff("caseworker", team=world.teams["regie"])
    today = timezone.localdate()
    notice_of_default_register(case=case, received_on=today - timedelta(days=30), actor=actor)
    # Decided today: 30 - 14 = 16 days in default (today not counted): 14 x 23 + 2 x 35.
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now(), status="resolved")
    case.refresh_from_db()
    notice = penalty_decision_register(case=case, actor=actor)
    assert notice.penalty_paid == 14 * 23 + 2 * 35
    sent = Notification.objects.get(template_key="penalty_decision", reference=f"case:{case.pk}")
    for language in ("nl", "en"):
        text = render_notice(
            template_key="penalty_decision", language=language, context=sent.context
        )
        assert "392" in text.text
    assert penalties_paid(start=today, end=today) == (1, 392)


def test_case_page_offers_the_penalty_decision_once_decided(client, world):
    from datetime import timedelta

    from django.utils import timezone

    from cases.models import Case
    from notifications.models import Notification
    from records.models import NoticeOfDefault
    from tests.factories import login

    case = _privacy_case(world, 90)
    login(client, world, "coordinator")
    client.post(
        f"/werkplek/archief/zaken/{case.number}/ingebrekestelling/",
        {"received_on": (timezone.localdate() - timedelta(days=20)).isoformat()},
    )
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now(), status="resolved")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Besluit over de dwangsom versturen" in page
    client.post(f"/werkplek/archief/zaken/{case.number}/dwangsombesluit/")
    assert NoticeOfDefault.objects.get(case=case).penalty_paid == 6 * 23
    assert Notification.objects.filter(template_key="penalty_decision").count() == 1
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Besluit over de dwangsom verstuurd" in page
