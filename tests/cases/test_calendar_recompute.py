"""Issue 23: the calendar recompute in a fixed number of statements per batch and one hand-over
of the batch's notices, with every guarantee of the one-case-at-a-time version kept: each date
that moves gets its event and its notice once, a rerun writes nothing, the cases whose term a
suspension, an extension or a committee changes get their whole term recomputed."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from cases.calendar import load_calendar, received_on
from cases.models import (
    CalendarChange,
    Case,
    CaseEvent,
    DecreeDay,
    EventKind,
    Extension,
    Suspension,
)
from cases.services.calendar import affected_cases, calendar_change_apply
from cases.services.calendar_batch import RecomputeRun, apply_to_batch
from cases.services.deadlines import case_term
from notifications.models import Notification, NotificationStatus
from notifications.services import notification_enqueue
from notifications.tasks import send_notification, send_notifications
from tests.factories import bulk_cases

pytestmark = pytest.mark.django_db

DAY = date(2027, 3, 12)  # a Friday
CODES = ["complaint", "privacy_request", "question", "woo_request"]


def _spanning(count: int) -> list[Case]:
    """Cases received on the five days before DAY: every term spans it. A quarter of them, the
    questions (5 working days), move when DAY becomes a decree day; the others are not due on
    DAY and stay."""
    return bulk_cases(count, codes=CODES, start=DAY - timedelta(days=5), spread_days=5)


def _decree_day_added() -> CalendarChange:
    DecreeDay.objects.create(date=DAY, decree="Besluit test")
    return CalendarChange.objects.create(kind="decree", action="added", date=DAY)


def _run(change: CalendarChange) -> RecomputeRun:
    return RecomputeRun(
        change_pk=change.pk, calendar=load_calendar(), cause="test", today=timezone.localdate()
    )


def _spy(monkeypatch, task) -> list:
    """The real `apply_async`, with its calls recorded."""
    calls, real = [], task.apply_async

    def counting(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(task, "apply_async", counting)
    return calls


@pytest.mark.parametrize("size", [20, 60])
def test_a_batch_takes_four_statements_whatever_its_size(size, django_assert_num_queries):
    """Lock-and-read, the dates, the events, the notices: pinned at two batch sizes."""
    _spanning(size)
    change = _decree_day_added()
    run = _run(change)
    with django_assert_num_queries(4):
        ids, moved = apply_to_batch(affected_cases(change), after=0, size=size, run=run)
    assert len(ids) == size and moved == size // 4
    assert CaseEvent.objects.filter(kind=EventKind.DUE_DATE_CHANGED).count() == moved
    assert Notification.objects.filter(template_key="due_date_moved").count() == moved


def test_suspension_extension_and_committee_cases_get_their_whole_term(
    django_assert_num_queries,
):
    """Three more statements (the cases, their suspensions, their extensions) when the batch
    holds such cases, and their new date is the one the full derivation gives, not the plain
    term of their type."""
    cases = _spanning(40)
    questions = [c for c in cases if c.case_type.code == "question"]
    suspended, extended, plain = questions[:3]
    committee = next(c for c in cases if c.case_type.code == "complaint")
    Suspension.objects.create(
        case=suspended, start=DAY - timedelta(days=4), end=DAY - timedelta(days=2), reason="Wacht"
    )
    Extension.objects.create(
        case=extended,
        amount=1,
        unit="weeks",
        reason="Advies",
        notified_on=DAY - timedelta(days=1),
        previous_due_date=extended.due_date,
        new_due_date=extended.due_date,
    )
    Case.objects.filter(pk=committee.pk).update(advisory_committee=True)
    change = _decree_day_added()
    run = _run(change)
    with django_assert_num_queries(7):
        apply_to_batch(affected_cases(change), after=0, size=40, run=run)
    for case in (suspended, extended, committee):
        case = Case.objects.get(pk=case.pk)
        assert case.due_date == case_term(case).due_date
        assert case.due_date != run.plain_due(case.case_type_id, received_on(case))
    assert Case.objects.get(pk=plain.pk).due_date == case_term(plain).due_date


def test_every_notice_goes_out_once_with_one_hand_over_per_batch(
    monkeypatch, django_capture_on_commit_callbacks
):
    _spanning(60)
    change = _decree_day_added()
    one, batches = _spy(monkeypatch, send_notification), _spy(monkeypatch, send_notifications)
    with django_capture_on_commit_callbacks(execute=True):
        change = calendar_change_apply(change=change, batch=20)
    assert change.changed_cases == 15
    assert len(batches) == 3 and one == []  # one task per batch, none per notice
    assert [len(args[0][0]) for args in batches] == [5, 5, 5]
    notices = Notification.objects.filter(template_key="due_date_moved")
    assert notices.count() == 15
    assert set(notices.values_list("status", flat=True)) == {NotificationStatus.SENT}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        notices.values_list("recipient", flat=True)
    )


def test_a_rerun_writes_no_second_event_or_notice(monkeypatch, django_capture_on_commit_callbacks):
    _spanning(20)
    change = _decree_day_added()
    with django_capture_on_commit_callbacks(execute=True):
        calendar_change_apply(change=change)
    events = list(CaseEvent.objects.filter(kind=EventKind.DUE_DATE_CHANGED).values_list("pk"))
    notices = list(Notification.objects.values_list("pk", "status"))
    assert len(events) == 5 and len(notices) == 5
    batches = _spy(monkeypatch, send_notifications)
    with django_capture_on_commit_callbacks(execute=True):
        again = calendar_change_apply(change=change)
    assert again.changed_cases == 0 and again.processed == 20
    assert list(CaseEvent.objects.filter(kind=EventKind.DUE_DATE_CHANGED).values_list("pk")) == (
        events
    )
    assert list(Notification.objects.values_list("pk", "status")) == notices
    assert batches == [] and len(mail.outbox) == 5


def test_a_notice_already_on_record_is_neither_written_nor_handed_over_again(
    monkeypatch, django_capture_on_commit_callbacks
):
    """The key is the new date: a notice about that date written before (by an earlier run that
    was interrupted, or meanwhile by someone else) stays the only one and is not sent again."""
    cases = _spanning(10)
    moving = [c for c in cases if c.case_type.code == "question"]
    change = _decree_day_added()
    new_due = case_term(moving[0]).due_date  # with DAY a decree day now
    with django_capture_on_commit_callbacks(execute=False):
        earlier = notification_enqueue(
            channel="email",
            template_key="due_date_moved",
            idempotency_key=f"case:{moving[0].pk}:due_date_moved:{new_due.isoformat()}",
            context={"case_number": moving[0].number},
            recipient=moving[0].citizen_email,
        )
    batches = _spy(monkeypatch, send_notifications)
    with django_capture_on_commit_callbacks(execute=True):
        change = calendar_change_apply(change=change)
    assert change.changed_cases == len(moving) == 2
    key = f"case:{moving[0].pk}:due_date_moved:"
    assert list(Notification.objects.filter(idempotency_key__startswith=key)) == [earlier]
    assert Notification.objects.filter(pk=earlier.pk, status=NotificationStatus.PENDING).exists()
    assert Notification.objects.filter(template_key="due_date_moved").count() == 2
    handed_over = [pk for args in batches for pk in args[0][0]]
    assert earlier.pk not in handed_over and len(handed_over) == 1
    # Both cases have their event: the date moved for both.
    assert CaseEvent.objects.filter(kind=EventKind.DUE_DATE_CHANGED).count() == 2
