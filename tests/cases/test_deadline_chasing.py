"""Deadline chasing with a frozen clock: each reminder and escalation once per due date, and
again when an extension moves the date."""

from collections import Counter
from datetime import date, timedelta

import pytest

from cases import services
from cases.models import Role, TaskStatus
from cases.tasks import sweep_deadlines
from notifications.models import Notification
from tests.factories import submit_case

pytestmark = pytest.mark.django_db


def _notices(template: str) -> Counter:
    rows = Notification.objects.filter(template_key=template).exclude(user__isnull=True)
    return Counter((row.context.get("due_date"), row.user_id) for row in rows)


def _walk(clock, until: date):
    """One sweep a few times per day, as beat does, up to and including `until`."""
    while clock.today() <= until:
        for _ in range(3):
            sweep_deadlines()
        clock.advance(1)


def test_each_reminder_once_per_due_date_and_again_after_extension(clock, world, settings):
    settings.DEADLINE_REMINDER_OFFSETS = [5, 1]
    clock.set(date(2026, 3, 2))  # Monday
    case = submit_case("complaint", team=world.team)
    caseworker = world.actors["caseworker"]
    case = services.case_take(case=case, actor=caseworker)
    first_due = case.due_date
    assert first_due == date(2026, 4, 13)  # 6 weeks: 13 April 2026 (Easter Monday is 6 April)

    _walk(clock, first_due - timedelta(days=3))
    reminders = _notices("due_soon")
    assert reminders == Counter({(first_due.isoformat(), caseworker.user.pk): 1})  # offset 5 only

    case = services.case_extend(case=case, actor=caseworker, amount=2, reason="Advies nodig")
    second_due = case.due_date
    assert second_due == date(2026, 4, 28)  # 13 April + 2 weeks is King's Day: next day

    _walk(clock, second_due + timedelta(days=3))
    reminders = _notices("due_soon")
    # The new date gets its own reminders: offset 5 and offset 1, each once.
    assert reminders[(second_due.isoformat(), caseworker.user.pk)] == 2
    assert reminders[(first_due.isoformat(), caseworker.user.pk)] == 1
    escalations = _notices("overdue_escalation")
    coordinator = world.actors["coordinator"].user
    assert escalations == Counter(
        {
            (second_due.isoformat(), caseworker.user.pk): 1,
            (second_due.isoformat(), coordinator.pk): 1,
        }
    )
    # The team is told by e-mail too, once.
    team_mails = Notification.objects.filter(
        template_key="overdue_escalation", recipient=world.team.email
    )
    assert team_mails.count() == 1
    before = Notification.objects.count()
    sweep_deadlines()
    assert Notification.objects.count() == before


def test_unassigned_case_reminds_the_team_by_email(clock, world):
    clock.set(date(2026, 3, 2))
    case = submit_case("complaint", team=world.team)
    _walk(clock, case.due_date - timedelta(days=1))
    mails = Notification.objects.filter(template_key="due_soon", recipient=world.team.email)
    assert mails.count() == 2


def test_citizen_reminded_once_before_reply_term_ends(clock, world, settings):
    settings.REPLY_REMINDER_DAYS = 3
    clock.set(date(2026, 3, 2))
    case = submit_case("privacy_request", team=world.team)
    actor = world.actors["caseworker"]
    case = services.case_take(case=case, actor=actor)
    case = services.case_request_information(
        case=case, actor=actor, question="Welke brief?", reply_days=10
    )
    _walk(clock, case.reply_due_date + timedelta(days=2))
    reminders = Notification.objects.filter(template_key="reply_reminder")
    assert reminders.count() == 1
    assert reminders.get().context["reply_due_date"] == case.reply_due_date.isoformat()
    case.refresh_from_db()
    assert case.status == "in_progress"  # the reply term expired: handling resumed


def test_correction_reminder_and_overdue(clock, db):
    from pathlib import Path

    import yaml

    from cases.models import DataElement, Organisation, System, Team
    from cases.services.chain_import import chain_register_import
    from tests.factories import make_staff

    clock.set(date(2026, 3, 2))
    register = Path(__file__).resolve().parents[2] / "cases" / "demo" / "ketenregister.yaml"
    chain_register_import(data=yaml.safe_load(register.read_text()))
    for org in Organisation.objects.all():
        Team.objects.get_or_create(
            code=f"{org.code}-t",
            defaults={"organisation": org, "name": org.name, "email": f"{org.code}@t.test"},
        )
    regie = Team.objects.get(code="informatiebeheer-t")
    coordinator = make_staff(Role.COORDINATOR, regie)[1]
    case = services.chain_error_submit(
        source_system=System.objects.get(code="BRP"),
        elements=list(DataElement.objects.filter(code="overlijden")),
        wrong_value="overleden",
        right_value="in leven",
        channel="web",
        subject="Fout",
        description="x",
        citizen_name="Noor",
        citizen_email="noor@example.nl",
        digid_bsn="111222333",  # filed with DigiD: a plan may be made (AVG 12(6))
    ).case
    services.case_take(case=case, actor=coordinator)
    services.correction_plan_create(case=case, actor=coordinator)
    task = case.correction_tasks.get(system__code="BRP")
    assert task.status == TaskStatus.REQUESTED
    _walk(clock, task.due_date + timedelta(days=2))
    assert (
        Notification.objects.filter(
            template_key="correction_reminder", recipient="burgerzaken@t.test"
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            template_key="correction_overdue", recipient="burgerzaken@t.test"
        ).count()
        == 1
    )
    assert (
        Notification.objects.filter(
            template_key="correction_overdue", user=coordinator.user
        ).count()
        == 1
    )


def test_steady_state_sweep_reads_only_cases_whose_reminder_is_due(clock, world, settings):
    """Issue 23: the database leaves out every case whose reminder for today is done, so a sweep
    in steady state reads no case; the case comes back once at the next offset, once when its
    date moves, and once when it is overdue; each time a sweep chases it exactly once."""
    from django.utils import timezone

    from cases.models import Case
    from cases.services.reminders import _case_reminder, pending_case_reminders

    settings.DEADLINE_REMINDER_OFFSETS = [5, 1]
    clock.set(date(2026, 3, 2))
    case = services.case_take(
        case=submit_case("complaint", team=world.team), actor=world.actors["caseworker"]
    )

    def pending() -> list[tuple[int, str]]:
        today = timezone.localdate()
        return list(
            pending_case_reminders(today=today, offsets=[5, 1]).values_list("pk", "reminder_key")
        )

    assert pending() == []  # six weeks to go: nothing in the window
    clock.set(case.due_date - timedelta(days=4))
    case.refresh_from_db()
    # The key the database builds is the one the sweep writes.
    expected = _case_reminder(case, timezone.localdate(), [5, 1])[1]
    assert pending() == [(case.pk, expected)]
    sweep_deadlines()
    assert pending() == []
    assert Notification.objects.filter(idempotency_key=expected).count() == 1
    clock.set(case.due_date - timedelta(days=1))  # the 1-day offset
    assert len(pending()) == 1
    sweep_deadlines()
    assert pending() == []
    Case.objects.filter(pk=case.pk).update(due_date=case.due_date + timedelta(days=1))
    assert len(pending()) == 1  # a moved date needs its own reminder
    sweep_deadlines()
    sweep_deadlines()
    assert pending() == []
    clock.set(case.due_date + timedelta(days=3))
    assert [key for _pk, key in pending()] == [
        f"case:{case.pk}:overdue:{(case.due_date + timedelta(days=1)).isoformat()}"
    ]
    sweep_deadlines()
    assert pending() == []
    assert (
        _notices("overdue_escalation")[
            ((case.due_date + timedelta(days=1)).isoformat(), world.actors["caseworker"].user.pk)
        ]
        == 1
    )


def test_a_case_waiting_for_identification_is_not_chased(clock, world):
    """Issue 17: the term does not run while the identity is unverified (AVG art. 12(6)), so no
    reminder or escalation for the stored date; once verified, the moved date is chased."""
    clock.set(date(2026, 3, 2))
    waiting = submit_case("privacy_request", team=world.team)
    _walk(clock, waiting.due_date + timedelta(days=2))
    assert not Notification.objects.filter(
        template_key__in=["due_soon", "overdue_escalation"]
    ).exists()

    services.identity_verify(
        case=waiting,
        method="counter",
        bsn="111222333",
        document="passport",
        actor=world.actors["front_desk"],
    )
    waiting.refresh_from_db()
    _walk(clock, waiting.due_date + timedelta(days=1))
    assert Notification.objects.filter(template_key="overdue_escalation").exists()
