"""Pieces every case service uses: the row lock with the version check, transitions performed on
behalf of an actor, the event row, and notices to the citizen."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone
from django_fsm import TransitionNotAllowed, has_transition_perm

from cases.actors import Actor
from cases.errors import ActionNotAllowed, CaseChangedMeanwhile
from cases.models import Case, CaseEvent, EventKind
from notifications.models import NoticeChannel
from notifications.services import notification_enqueue


def lock_case(case: Case | int, *, expected_version: int | None = None) -> Case:
    """Lock the case row for this transaction and check nobody changed it since the form was
    rendered. Must be called inside `transaction.atomic()`.

    The row lock serialises two staff acting at once; the version check turns the second one's
    stale action into a clear message instead of a silent overwrite.
    """
    pk = case.pk if isinstance(case, Case) else case
    locked = Case.objects.select_for_update().select_related("case_type").get(pk=pk)
    if expected_version is not None and locked.version != expected_version:
        raise CaseChangedMeanwhile()
    return locked


def perform(case: Case, transition_name: str, actor: Actor) -> tuple[str, str]:
    """Run the named FSM transition for `actor`, checking its permission and conditions.
    Returns (from_status, to_status)."""
    method = getattr(case, transition_name)
    source = case.status
    if not has_transition_perm(method, actor):
        raise ActionNotAllowed()
    try:
        method()
    except TransitionNotAllowed as exc:
        raise ActionNotAllowed() from exc
    return source, case.status


def save_case(case: Case, *fields: str) -> None:
    """Save after a change; bumps the version so open forms elsewhere become stale."""
    case.version += 1
    if "due_date" in fields:
        fields = (*fields, "promised_due_date")
    case.save(update_fields=["status", "version", "updated_at", *fields])


def record_event(
    *,
    case: Case,
    kind: str,
    actor: Actor,
    transition: str = "",
    from_status: str = "",
    to_status: str = "",
    reason: str = "",
    is_public: bool = False,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor.user if actor.is_staff else None,
        actor_kind=actor.kind,
        transition=transition,
        from_status=from_status,
        to_status=to_status or case.status,
        due_date=case.due_date,
        reason=reason,
        is_public=is_public,
        data=data or {},
    )


def transition_event(
    *,
    case: Case,
    name: str,
    actor: Actor,
    source: str,
    reason: str = "",
    public: bool = True,
    data: dict[str, Any] | None = None,
) -> CaseEvent:
    return record_event(
        case=case,
        kind=EventKind.TRANSITION,
        actor=actor,
        transition=name,
        from_status=source,
        to_status=case.status,
        reason=reason,
        is_public=public,
        data=data,
    )


def case_context(case: Case, **extra: Any) -> dict[str, Any]:
    """The minimum a notice needs: no description, no BSN, no free text of the citizen."""
    context = {
        "case_number": case.number,
        "case_type": case.case_type.name
        if case.preferred_language == "nl"
        else (case.case_type.name_en or case.case_type.name),
        "case_type_code": case.case_type.code,
        "citizen_name": case.citizen_name,
        "due_date": case.due_date.isoformat(),
        "law_reference": case.case_type.law_reference,
    }
    context.update({k: (v.isoformat() if isinstance(v, date) else v) for k, v in extra.items()})
    return context


def notify_citizen(
    *,
    case: Case,
    template_key: str,
    key: str,
    context: dict[str, Any] | None = None,
    withheld_reason: str = "",
) -> None:
    """Queue a notice to the citizen: e-mail when we have an address, otherwise a letter for the
    front desk to print. `key` makes it happen once (e.g. the due date it is about). With
    `withheld_reason` the notice is on record but not sent."""
    notification_enqueue(
        **citizen_notice(case=case, template_key=template_key, key=key, context=context),
        withheld_reason=withheld_reason,
    )


def citizen_notice(
    *, case: Case, template_key: str, key: str, context: dict[str, Any] | None = None
) -> dict[str, Any]:
    """The notice `notify_citizen` writes, as arguments for `notification_enqueue` (or, for a
    background job writing thousands, `notification_enqueue_many`)."""
    channel = NoticeChannel.EMAIL if case.citizen_email else NoticeChannel.LETTER
    notice_context = case_context(case, **(context or {}))
    if channel == NoticeChannel.EMAIL and case.reply_token:
        # The citizen's "reply" lands on this case (inbox/); notifications only copy it into
        # the Reply-To header.
        notice_context["reply_to"] = reply_address(case)
    return dict(
        channel=channel,
        template_key=template_key,
        idempotency_key=f"case:{case.pk}:{template_key}:{key}",
        context=notice_context,
        # A letter's recipient is the postal address block (without one: not sent, on record).
        recipient=case.citizen_email
        if channel == NoticeChannel.EMAIL
        else "\n".join(filter(None, [case.citizen_name, case.citizen_address.strip()]))
        if case.citizen_address.strip()
        else "",
        language=case.preferred_language,
        reference=f"case:{case.pk}",
    )


def reply_address(case: Case) -> str:
    """loket+<reply token>@<mail-in domain>: where a reply to this case's notices goes."""
    from django.conf import settings

    return f"{settings.MAIL_IN_LOCAL_PART}+{case.reply_token}@{settings.MAIL_IN_DOMAIN}"


def notify_address(
    *, case: Case, email: str, template_key: str, key: str, context: dict[str, Any] | None = None
) -> None:
    """Queue an e-mail notice to someone other than the citizen (a team, the person complained
    about)."""
    if not email:
        return
    notification_enqueue(
        channel=NoticeChannel.EMAIL,
        template_key=template_key,
        idempotency_key=f"case:{case.pk}:{template_key}:{key}:{email}",
        context=case_context(case, **(context or {})),
        recipient=email,
        language="nl",
        reference=f"case:{case.pk}",
    )


def notify_staff(*, case: Case, user, template_key: str, key: str) -> None:
    if user is None:
        return
    notification_enqueue(
        channel=NoticeChannel.IN_APP,
        template_key=template_key,
        idempotency_key=f"case:{case.pk}:{template_key}:{key}:user{user.pk}",
        context={"case_number": case.number, "case_id": case.pk},
        user=user,
        reference=f"case:{case.pk}",
    )


def local_today() -> date:
    return timezone.localdate()
