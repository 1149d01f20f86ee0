"""Awb 9:14 and 9:11 lid 1: a complaint put to an advisory committee must be decided within ten
weeks of receipt instead of six. The term follows the case everywhere the due date is computed:
the service, an extension on top, a calendar change, the explanation and the citizen's notice."""

from __future__ import annotations

from datetime import date

import pytest

from cases import services
from cases.errors import ActionNotAllowed, CaseChangedMeanwhile, InvalidInput
from cases.models import Case, CaseStatus, EventKind
from cases.services.calendar import calendar_day_add
from cases.services.deadlines import case_term
from notifications.models import Notification
from notifications.rendering import render_notice
from tests.factories import resolve_kwargs, submit_case

REASON = "Klachtadviescommissie gemeente Voorbeeldstad"


def refer(case: Case, actor, **kwargs) -> Case:
    return services.case_refer_to_committee(case=case, actor=actor, reason=REASON, **kwargs)


def test_committee_term_is_ten_weeks_after_receipt(world, clock):
    """Received Tue 1 Sep 2026: six weeks is Tue 13 Oct, ten weeks Tue 10 Nov 2026."""
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = submit_case("complaint", team=world.team)
    assert case.due_date == date(2026, 10, 13)
    clock.set(date(2026, 9, 8))
    case = refer(case, worker)
    case = Case.objects.get(pk=case.pk)
    assert case.advisory_committee
    assert case.due_date == case.promised_due_date == date(2026, 11, 10)
    assert case.original_due_date == date(2026, 10, 13)  # the first promise stays on record
    event = case.events.get(kind=EventKind.DUE_DATE_CHANGED)
    assert event.is_public and event.reason == REASON
    assert event.data == {"old": "2026-10-13", "new": "2026-11-10", "committee_term_weeks": 10}
    # The derivation names the law and the ten weeks.
    result = case_term(case)
    term = next(step for step in result.steps if step.code == "term")
    assert "10 weken" in term.text_nl and "9:14" in term.text_nl
    assert "10 weeks" in term.text_en
    assert result.due_date == date(2026, 11, 10)
    # The citizen is told the new date and why.
    notice = Notification.objects.get(template_key="due_date_moved", reference=f"case:{case.pk}")
    text = render_notice(template_key="due_date_moved", language="nl", context=notice.context)
    assert "adviescommissie" in text.text and "10 weken" in text.text
    assert "dinsdag 10 november 2026" in text.text and "dinsdag 13 oktober 2026" in text.text
    english = render_notice(template_key="due_date_moved", language="en", context=notice.context)
    assert "advisory committee" in english.text and "10 weeks" in english.text


def test_an_extension_stays_on_top_of_the_committee_term(world, clock):
    """Awb 9:11 lid 2 may still postpone by four weeks: 10 Nov + 4 weeks = Tue 8 Dec 2026."""
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = submit_case("complaint", team=world.team)
    services.case_extend(case=case, actor=worker, amount=4, reason="Advies nodig.")
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 11, 10)
    case = refer(Case.objects.get(pk=case.pk), worker)
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 12, 8)


def test_a_calendar_change_counts_the_committee_term(
    world, clock, django_capture_on_commit_callbacks
):
    """A decree day on the committee due date moves it to the next day, not to a six-week date."""
    worker = world.actors["caseworker"]
    clock.set(date(2026, 9, 1))
    case = refer(submit_case("complaint", team=world.team), worker)
    plain = submit_case("complaint", team=world.team)  # no committee: six weeks, 13 Oct
    with django_capture_on_commit_callbacks(execute=True):  # the job runs (eagerly) after commit
        calendar_day_add(kind="decree", day=date(2026, 11, 10), description="Besluit test")
    assert Case.objects.get(pk=case.pk).due_date == date(2026, 11, 11)
    assert Case.objects.get(pk=plain.pk).due_date == date(2026, 10, 13)


def test_refusals_change_nothing(world):
    worker = world.actors["caseworker"]
    question = submit_case("question", team=world.team)
    with pytest.raises(InvalidInput, match="geen adviescommissie"):
        refer(question, worker)
    complaint = submit_case("complaint", team=world.team)
    with pytest.raises(InvalidInput):
        services.case_refer_to_committee(case=complaint, actor=worker, reason="  ")
    for name in ("front_desk", "caseworker_other_org", "council", "citizen"):
        with pytest.raises(ActionNotAllowed):
            refer(complaint, world.actors[name])
    with pytest.raises(CaseChangedMeanwhile):
        refer(complaint, worker, expected_version=complaint.version - 1)
    assert not Case.objects.get(pk=complaint.pk).advisory_committee
    refer(complaint, worker, expected_version=Case.objects.get(pk=complaint.pk).version)
    with pytest.raises(InvalidInput, match="al aan een adviescommissie"):
        refer(complaint, worker)
    done = submit_case("complaint", team=world.team)
    services.case_take(case=done, actor=worker)
    services.case_resolve(case=done, actor=worker, **resolve_kwargs(done))
    assert Case.objects.get(pk=done.pk).status == CaseStatus.RESOLVED
    with pytest.raises(ActionNotAllowed):
        refer(done, worker)
    assert not Case.objects.get(pk=done.pk).advisory_committee
