"""Notes, messages to the citizen and contact moments on a case.

Each service: keyword-only, one transaction, row lock and version check, the check the page
asks too (cases.checks), the event row, and notices written to the outbox (dispatched after
commit).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.checks import (
    check_case_note_add,
)
from cases.errors import ActionNotAllowed, InvalidInput
from cases.models import (
    Case,
    Channel,
    ContactMoment,
    EventKind,
    Note,
    Role,
)
from cases.services.common import (
    lock_case,
    notify_citizen,
    record_event,
)
from cases.workflow import STAFF_HANDLERS


def case_add_note(*, case: Case, actor: Actor, body: str, to_citizen: bool = False) -> Note:
    """An internal note, or a message to the citizen (shown on the tracking page and sent)."""
    if not body.strip():
        raise InvalidInput(_("Schrijf een tekst."))
    with transaction.atomic():
        case = lock_case(case)
        check_case_note_add(case=case, actor=actor)
        note = Note.objects.create(
            case=case, author=actor.user, body=body.strip(), to_citizen=to_citizen
        )
        record_event(
            case=case,
            kind=EventKind.MESSAGE if to_citizen else EventKind.NOTE,
            actor=actor,
            is_public=to_citizen,
            data={"note": note.pk},
        )
        if to_citizen:
            notify_citizen(
                case=case,
                template_key="message",
                key=f"note{note.pk}",
                context={"message": note.body},
            )
    return note


def case_add_contact(*, case: Case, actor: Actor, channel: str, summary: str) -> ContactMoment:
    """A phone call, visit, letter or e-mail about an existing case (front desk)."""
    if channel not in Channel.values or not summary.strip():
        raise InvalidInput(_("Kies het kanaal en vat het contact samen."))
    with transaction.atomic():
        case = lock_case(case)
        if not (actor.is_staff and actor.has_role(Role.FRONT_DESK, *STAFF_HANDLERS)):
            raise ActionNotAllowed()
        contact = ContactMoment.objects.create(
            case=case, channel=channel, summary=summary.strip(), created_by=actor.user
        )
        record_event(
            case=case,
            kind=EventKind.CONTACT,
            actor=actor,
            data={"channel": channel, "contact": contact.pk},
        )
    return contact
