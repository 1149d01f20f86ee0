"""The case's workflow transitions after intake: take, ask the citizen and record the reply (the
clock may stop meanwhile), resolve, reopen, close, reject, withdraw.

Each service: keyword-only, one transaction, row lock and version check, the check the page
asks too (cases.checks), the event row, and notices written to the outbox (dispatched after
commit).
"""

from __future__ import annotations

from datetime import date, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actors import SYSTEM, Actor
from cases.checks import (
    check_case_receive_reply,
    check_case_reject,
    check_case_reopen,
    check_case_request_information,
    check_case_resolve,
    check_case_resolve_outcome,
    check_case_take,
    check_case_withdraw,
)
from cases.errors import InvalidInput
from cases.models import (
    Case,
    EventKind,
    Note,
    Suspension,
)
from cases.services.attachments import attachments_add
from cases.services.common import (
    local_today,
    lock_case,
    notify_citizen,
    notify_staff,
    perform,
    record_event,
    save_case,
    transition_event,
)
from cases.services.corrections import correction_tasks_cancel
from cases.services.deadlines import recompute_due_date


def case_take(*, case: Case, actor: Actor, expected_version: int | None = None) -> Case:
    """Take a received case into handling; the taker becomes the assignee."""
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_take(case=case, actor=actor)
        source, _target = perform(case, "take", actor)
        if actor.is_staff and case.assignee_id is None:
            case.assignee = actor.user
        save_case(case, "assignee")
        transition_event(case=case, name="take", actor=actor, source=source)
    return case


def case_request_information(
    *,
    case: Case,
    actor: Actor,
    question: str,
    reply_days: int | None = None,
    expected_version: int | None = None,
) -> Case:
    """Ask the citizen for information with a reply term. Where the case type allows it (AVG,
    Woo), the clock stops until the reply comes or the reply term passes."""
    if not question.strip():
        raise InvalidInput(_("Schrijf welke informatie u van de inwoner nodig hebt."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_request_information(case=case, actor=actor)
        source, _target = perform(case, "request_information", actor)
        today = local_today()
        days = reply_days or case.case_type.default_reply_term_days
        if days < 1 or days > 90:
            raise InvalidInput(_("De antwoordtermijn moet tussen 1 en 90 dagen liggen."))
        case.reply_due_date = today + timedelta(days=days)
        suspended = case.case_type.suspension_allowed
        if suspended:
            Suspension.objects.create(
                case=case, start=today, reason=_("Wacht op informatie van de inwoner")
            )
        save_case(case, "reply_due_date")
        Note.objects.create(case=case, author=actor.user, body=question.strip(), to_citizen=True)
        transition_event(
            case=case,
            name="request_information",
            actor=actor,
            source=source,
            reason=question.strip(),
            data={"reply_due_date": case.reply_due_date.isoformat(), "suspended": suspended},
        )
        notify_citizen(
            case=case,
            template_key="information_request",
            key=f"{case.reply_due_date.isoformat()}:{case.version}",
            context={"question": question.strip(), "reply_due_date": case.reply_due_date},
        )
    return case


def _end_suspension(case: Case, *, today: date, identity: bool = False) -> None:
    """End the open wait for information. The wait for identification ends when the identity is
    verified (cases.services.identity), or, with `identity`, when the case ends without it."""
    open_suspensions = case.suspensions.filter(end__isnull=True)
    if not identity:
        open_suspensions = open_suspensions.filter(for_identity=False)
    for open_suspension in open_suspensions:
        open_suspension.end = max(today, open_suspension.start)
        open_suspension.save(update_fields=["end"])


def case_receive_reply(
    *,
    case: Case,
    actor: Actor,
    text: str,
    attachments=(),
    expected_version: int | None = None,
) -> Case:
    """The citizen answered (on the tracking page, or through the front desk): the clock resumes
    and the due date moves by the days it stood still."""
    if not text.strip():
        raise InvalidInput(_("Schrijf uw antwoord."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_receive_reply(case=case, actor=actor)
        source, _target = perform(case, "receive_reply", actor)
        _end_suspension(case, today=local_today())
        case.reply_due_date = None
        recompute_due_date(case)
        save_case(case, "reply_due_date", "due_date")
        record_event(
            case=case, kind=EventKind.REPLY, actor=actor, reason=text.strip(), is_public=True
        )
        attachments_add(case=case, files=attachments, actor=actor)
        transition_event(case=case, name="receive_reply", actor=actor, source=source)
        notify_staff(
            case=case, user=case.assignee, template_key="reply_received", key=str(case.version)
        )
    return case


def case_expire_reply_term(*, case: Case) -> Case:
    """System: the reply term passed without an answer; handling resumes."""
    with transaction.atomic():
        case = lock_case(case)
        source, _target = perform(case, "expire_reply_term", SYSTEM)
        _end_suspension(case, today=case.reply_due_date or local_today())
        case.reply_due_date = None
        recompute_due_date(case)
        save_case(case, "reply_due_date", "due_date")
        transition_event(
            case=case,
            name="expire_reply_term",
            actor=SYSTEM,
            source=source,
            reason=_("De antwoordtermijn is verstreken."),
        )
    return case


def case_resolve(
    *,
    case: Case,
    actor: Actor,
    outcome: str,
    answer: str,
    hearing_held: bool | None = None,
    hearing_waived_reason: str = "",
    expected_version: int | None = None,
) -> Case:
    """Resolve with an outcome and a written answer. Complaints: the hearing was held or skipping
    it is recorded with a reason (Awb 9:10); the answer names the ombudsman (Awb 9:12)."""
    if not answer.strip():
        raise InvalidInput(_("Schrijf het antwoord aan de inwoner."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        if outcome not in case.case_type.allowed_outcomes:
            raise InvalidInput(_("Kies een resultaat dat bij dit zaaktype hoort."))
        check_case_resolve_outcome(case=case, outcome=outcome)  # AVG art. 12(6)
        if case.case_type.requires_hearing:
            if hearing_held is None:
                raise InvalidInput(_("Awb 9:10: geef aan of de klager is gehoord."))
            if not hearing_held and not hearing_waived_reason.strip():
                raise InvalidInput(
                    _("Awb 9:10 lid 2: leg vast waarom van het horen van de klager is afgezien.")
                )
        check_case_resolve(case=case, actor=actor)
        source, _target = perform(case, "resolve", actor)
        # Refused without a verified identity: the wait for identification ends with the case.
        _end_suspension(case, today=local_today(), identity=True)
        case.outcome = outcome
        case.answer = answer.strip()
        case.hearing_held = hearing_held
        case.hearing_waived_reason = hearing_waived_reason.strip()
        case.resolved_at = timezone.now()
        if case.assignee_id is None and actor.is_staff:
            case.assignee = actor.user
        save_case(
            case,
            "outcome",
            "answer",
            "hearing_held",
            "hearing_waived_reason",
            "resolved_at",
            "assignee",
        )
        transition_event(
            case=case,
            name="resolve",
            actor=actor,
            source=source,
            data={"outcome": outcome, "hearing_held": hearing_held},
        )
        notify_citizen(
            case=case,
            template_key="resolution",
            key=case.resolved_at.isoformat(),
            context={"outcome": case.get_outcome_display(), "answer": case.answer},
        )
    return case


def case_reopen(
    *, case: Case, actor: Actor, reason: str, expected_version: int | None = None
) -> Case:
    if not reason.strip():
        raise InvalidInput(_("Geef een reden voor het heropenen."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_reopen(case=case, actor=actor)
        source, _target = perform(case, "reopen", actor)
        case.resolved_at = None
        case.outcome = ""
        save_case(case, "resolved_at", "outcome")
        transition_event(
            case=case, name="reopen", actor=actor, source=source, reason=reason.strip()
        )
    return case


def case_close(*, case: Case) -> Case:
    """System: the reopen window passed; the case is closed and its retention clock starts."""
    with transaction.atomic():
        case = lock_case(case)
        source, _target = perform(case, "close", SYSTEM)
        case.closed_at = timezone.now()
        save_case(case, "closed_at")
        transition_event(case=case, name="close", actor=SYSTEM, source=source, public=True)
    return case


def case_reject(
    *, case: Case, actor: Actor, reason: str, expected_version: int | None = None
) -> Case:
    """Not taken into handling (Awb 9:8 for complaints), with the reason told in writing."""
    if not reason.strip():
        raise InvalidInput(_("Awb 9:8: geef de reden; de inwoner krijgt die schriftelijk."))
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_reject(case=case, actor=actor)
        source, _target = perform(case, "reject", actor)
        _end_suspension(case, today=local_today(), identity=True)
        case.closed_at = timezone.now()
        save_case(case, "closed_at")
        transition_event(
            case=case, name="reject", actor=actor, source=source, reason=reason.strip()
        )
        notify_citizen(
            case=case, template_key="declined", key="declined", context={"reason": reason.strip()}
        )
    return case


def case_withdraw(
    *, case: Case, actor: Actor, reason: str = "", expected_version: int | None = None
) -> Case:
    """The citizen withdraws (themself on the tracking page, or through staff)."""
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        check_case_withdraw(case=case, actor=actor)
        source, _target = perform(case, "withdraw", actor)
        _end_suspension(case, today=local_today(), identity=True)
        correction_tasks_cancel(case)
        # The stored due date stays the term engine's result over the (now ended) suspension.
        recompute_due_date(case)
        case.closed_at = timezone.now()
        save_case(case, "closed_at", "due_date")
        transition_event(
            case=case, name="withdraw", actor=actor, source=source, reason=reason.strip()
        )
        notify_citizen(case=case, template_key="withdrawn", key="withdrawn")
    return case
