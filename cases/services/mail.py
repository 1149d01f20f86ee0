"""E-mail from the citizen about an existing case, and e-mail notices that bounced.

Called by inbox/ (which reads the mail); the rules of what mail may do to a case live here.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actors import CITIZEN, SYSTEM
from cases.errors import ActionNotAllowed
from cases.models import Case, CaseStatus, EventKind
from cases.services import case_receive_reply  # public name; handling.py is being split
from cases.services.attachments import attachments_add
from cases.services.common import citizen_notice, lock_case, notify_staff, record_event
from cases.workflow import OPEN_STATUSES
from notifications.models import Channel, Notification
from notifications.services import notification_enqueue, notification_mark_bounced


def case_receive_mail(*, case: Case, text: str, attachments=()) -> Case:
    """The citizen wrote about their case by e-mail. While we wait for them, it is their reply
    (the same service as the tracking page: the clock resumes). On another open case the mail is
    added to the timeline and the handler is told. A finished case takes no mail
    (ActionNotAllowed): the mail waits in the front desk's queue."""
    text = text.strip() or _("(e-mail zonder tekst)")
    with transaction.atomic():
        locked = lock_case(case)
        if locked.status == CaseStatus.AWAITING_CITIZEN:
            return case_receive_reply(
                case=locked, actor=CITIZEN, text=text, attachments=attachments
            )
        if locked.status not in OPEN_STATUSES:
            raise ActionNotAllowed()
        record_event(
            case=locked,
            kind=EventKind.REPLY,
            actor=CITIZEN,
            reason=text,
            is_public=True,
            data={"channel": "email"},
        )
        attachments_add(case=locked, files=attachments, actor=CITIZEN)
        notify_staff(
            case=locked,
            user=locked.assignee,
            template_key="reply_received",
            key=f"mail{locked.events.count()}",
        )
    return locked


def case_notice_bounced(*, case: Case, notification: Notification, reason: str) -> bool:
    """An e-mail notice to the citizen came back undeliverable: the notice is failed, the reason
    goes on the timeline, and the same notice is queued as a letter for the front desk (when we
    have a postal address; otherwise it is on record as not sent). Once per notice."""
    with transaction.atomic():
        locked = lock_case(case)
        if not notification_mark_bounced(notification=notification, reason=reason):
            return False
        record_event(
            case=locked,
            kind=EventKind.MESSAGE,
            actor=SYSTEM,
            reason=_("E-mail kwam onbestelbaar terug: %(reason)s") % {"reason": reason[:500]},
            data={"notification": notification.pk, "bounced": True},
        )
        letter = citizen_notice(case=locked, template_key=notification.template_key, key="bounced")
        address = locked.citizen_address.strip()
        letter.update(
            channel=Channel.LETTER,
            idempotency_key=f"{notification.idempotency_key}:letter"[:200],
            recipient="\n".join(filter(None, [locked.citizen_name, address])) if address else "",
            context={
                **{k: v for k, v in notification.context.items() if k != "reply_to"},
            },
        )
        notification_enqueue(**letter)
    return True
