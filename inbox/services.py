"""Inbound mail: store the raw message, then turn it into a case, a reply, a bounce or a queue
entry through the cases services. Nothing here changes a case itself."""

from __future__ import annotations

import logging
import re
from datetime import timedelta

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.actors import CITIZEN, Actor
from cases.errors import ActionNotAllowed, CaseActionError
from cases.models import Case, CaseType, Channel
from cases.services import case_submit
from cases.services.attachments import (
    IMAGE_TYPES,
    MAX_FILE_SIZE,
    MAX_FILES,
    image_is_readable,
    sniff_content_type,
)
from cases.services.mail import case_notice_bounced, case_receive_mail
from config.dispatch import delay_after_commit
from inbox.models import (
    InboundAction,
    InboundMessage,
    InboundOutcome,
    InboundStatus,
    QueueReason,
)
from inbox.parsing import CASE_NUMBER, ParsedMail, latest_reply, message_key, parse_message
from inbox.tasks import process_inbound
from notifications.message_ids import looks_like_notice_message_id, notice_pk_from_message_id
from notifications.models import Notification

logger = logging.getLogger(__name__)

STUCK_AFTER = timedelta(minutes=10)
# Never rewrite the raw bytes (up to 30 MB) when saving the outcome.
PROCESSED_FIELDS = [
    "status",
    "outcome",
    "queue_reason",
    "sender",
    "subject",
    "text",
    "attachment_note",
    "case",
    "processed_at",
    "attempts",
]
SWEEP_GRACE = timedelta(seconds=30)


# --- Store -------------------------------------------------------------------------------------


def inbound_store(
    *, raw: bytes, source: str = "smtp", envelope_sender: str = "", recipients=()
) -> tuple[InboundMessage, bool]:
    """Write the raw message (once per Message-ID) and hand it to the worker after commit.
    Returns (row, created); a second delivery of the same message returns the first row."""
    key = message_key(raw)
    with transaction.atomic():
        message, created = InboundMessage.objects.get_or_create(
            message_id=key,
            defaults={
                "source": source,
                "envelope_sender": envelope_sender[:320],
                "envelope_recipients": "\n".join(recipients)[:10_000],
                "raw": raw,
                "size": len(raw),
            },
        )
        if created:
            delay_after_commit(process_inbound, message.pk)
    return message, created


# --- Process -----------------------------------------------------------------------------------


def inbound_process(*, message_id: int) -> str:
    """Process one stored message, once. The claim (a conditional update) and the outcome are
    one transaction: a second worker's claim waits for the row lock and then finds the message
    no longer `received`; a worker that dies mid-way leaves nothing claimed (its transaction is
    rolled back), so the sweep simply hands the message out again. Whatever goes wrong rolls back
    every change to cases (no half-made case) and leaves the message in the front desk's queue;
    no exception escapes."""
    try:
        with transaction.atomic():
            claimed = InboundMessage.objects.filter(
                pk=message_id, status=InboundStatus.RECEIVED
            ).update(status=InboundStatus.PROCESSING, claimed_at=timezone.now())
            if claimed != 1:
                return "not-claimed"
            message = InboundMessage.objects.get(pk=message_id)
            result = _apply(message)
            message.processed_at = timezone.now()
            message.attempts += 1
            message.save(update_fields=PROCESSED_FIELDS)
    except Exception as exc:
        logger.exception("Inbound message %s could not be processed", message_id)
        InboundMessage.objects.filter(pk=message_id, status=InboundStatus.RECEIVED).update(
            status=InboundStatus.QUEUED,
            queue_reason=QueueReason.ERROR,
            attempts=F("attempts") + 1,
            processed_at=timezone.now(),
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        return "error"
    return result


def _apply(message: InboundMessage) -> str:
    raw = bytes(message.raw)
    parsed = parse_message(raw)
    message.sender = parsed.sender or _address(message.envelope_sender)
    message.subject = parsed.subject
    message.text = latest_reply(parsed.text)

    # Bounces first: a DSN is also "auto-submitted", but it says something about our notice.
    if parsed.is_bounce:
        return _bounce(message, parsed)
    if parsed.is_auto:
        # RFC 3834: never answer an automatic message; no case, no receipt, no loop.
        message.status, message.outcome = InboundStatus.IGNORED, InboundOutcome.AUTO_REPLY
        return "auto-reply"
    if parsed.is_spam:
        return _queue(message, QueueReason.SPAM)

    case, claimed_reply = _match(message, parsed)
    if case is not None:
        files, message.attachment_note = _checked_files(parsed)
        try:
            with transaction.atomic():
                case_receive_mail(case=case, text=message.text, attachments=files)
        except ActionNotAllowed:
            message.case = case
            return _queue(message, QueueReason.CASE_CLOSED)
        message.case = case
        message.status, message.outcome = InboundStatus.DONE, InboundOutcome.REPLY
        return "reply"
    if claimed_reply:
        # Sent to a reply address, or citing a Message-ID of ours, that fits no case: doubtful.
        return _queue(message, QueueReason.UNMATCHED)
    if not message.sender:
        return _queue(message, QueueReason.NO_SENDER)
    if _over_daily_limit(message.sender):
        return _queue(message, QueueReason.LIMIT)
    message.case = _new_case(message, parsed)
    message.status, message.outcome = InboundStatus.DONE, InboundOutcome.NEW_CASE
    return "new-case"


def _queue(message: InboundMessage, reason: str) -> str:
    message.status, message.queue_reason = InboundStatus.QUEUED, reason
    return f"queued-{reason}"


def _address(value: str) -> str:
    value = (value or "").strip().lower()
    return value if "@" in value else ""


def _reply_token_pattern() -> re.Pattern:
    local = re.escape(settings.MAIL_IN_LOCAL_PART.lower())
    domain = re.escape(settings.MAIL_IN_DOMAIN.lower())
    return re.compile(rf"^{local}\+([a-z0-9]{{1,64}})@{domain}$")


def _match(message: InboundMessage, parsed: ParsedMail) -> tuple[Case | None, bool]:
    """(case, looked like a reply). Order: the reply token in a recipient address, our own
    Message-ID in In-Reply-To/References, a case number in the subject from the case's own
    citizen address."""
    pattern = _reply_token_pattern()
    recipients = [r.strip().lower() for r in message.envelope_recipients.splitlines()]
    tokens = [
        m.group(1)
        for address in [*recipients, *parsed.recipients]
        if (m := pattern.match(address.strip().lower()))
    ]
    claimed = bool(tokens)
    if tokens:
        case = Case.objects.filter(reply_token__in=tokens).first()
        if case is not None:
            return case, True
    claimed = claimed or any(looks_like_notice_message_id(m) for m in parsed.in_reply_to)
    notice_pks = [pk for mid in parsed.in_reply_to if (pk := notice_pk_from_message_id(mid))]
    if notice_pks:
        references = Notification.objects.filter(pk__in=notice_pks).values_list(
            "reference", flat=True
        )
        case_pks = [int(r.split(":")[1]) for r in references if r.startswith("case:")]
        case = Case.objects.filter(pk__in=case_pks).first()
        if case is not None:
            return case, True
    number = CASE_NUMBER.search(parsed.subject)
    if number and message.sender:
        case = Case.objects.filter(
            number=f"LDZ-{number.group(1)}-{number.group(2)}",
            citizen_email__iexact=message.sender,
        ).first()
        if case is not None:
            return case, True
    return None, claimed


def _bounce(message: InboundMessage, parsed: ParsedMail) -> str:
    message.outcome = InboundOutcome.BOUNCE
    message.status = InboundStatus.IGNORED
    reason = parsed.bounce_reason or _("onbestelbaar")
    pks = [pk for mid in parsed.bounced_ids if (pk := notice_pk_from_message_id(mid))]
    for notification in Notification.objects.filter(pk__in=pks):
        if not notification.reference.startswith("case:"):
            continue
        case = Case.objects.filter(pk=int(notification.reference.split(":")[1])).first()
        if case is None:
            continue
        case_notice_bounced(case=case, notification=notification, reason=reason)
        message.case = case
        message.status = InboundStatus.DONE
    return "bounce"


def _checked_files(parsed: ParsedMail) -> tuple[list[SimpleUploadedFile], str]:
    """The attachments that pass the upload checks (count, size, real type by content); the
    rest is named in a note for staff, never stored with the case."""
    accepted, refused = [], []
    for attachment in parsed.attachments:
        upload = SimpleUploadedFile(attachment.name[-200:] or "bijlage", attachment.content)
        # The checks of the upload form (loket.forms.fields.EvidenceField), in its order.
        content_type = sniff_content_type(upload) if upload.size <= MAX_FILE_SIZE else None
        if (
            len(accepted) < MAX_FILES
            and content_type is not None
            and (content_type not in IMAGE_TYPES or image_is_readable(upload))
        ):
            accepted.append(upload)
        else:
            refused.append(attachment.name[:80])
    note = ""
    if refused:
        note = _("Niet overgenomen (type, grootte of aantal): %(names)s") % {
            "names": ", ".join(refused)
        }
    return accepted, note[:500]


def _over_daily_limit(sender: str) -> bool:
    since = timezone.now() - timedelta(days=1)
    made = InboundMessage.objects.filter(
        sender=sender, outcome=InboundOutcome.NEW_CASE, processed_at__gte=since
    ).count()
    return made >= settings.MAIL_IN_CASES_PER_SENDER_PER_DAY


def _new_case(message: InboundMessage, parsed: ParsedMail, actor: Actor = CITIZEN) -> Case:
    """A question by e-mail, through the normal intake: routing, term and receipt."""
    files, message.attachment_note = _checked_files(parsed)
    submission = case_submit(
        case_type=CaseType.objects.get(code="question"),
        channel=Channel.EMAIL,
        subject=message.subject or _("E-mail zonder onderwerp"),
        description=message.text or _("(e-mail zonder tekst)"),
        citizen_name=parsed.sender_name or message.sender.split("@")[0],
        citizen_email=message.sender,
        received_at=message.received_at,
        attachments=files,
        actor=actor,
    )
    return submission.case


# --- Sweep -------------------------------------------------------------------------------------


def inbound_sweep(*, limit: int = 1000) -> int:
    """Hand stored messages the worker never got (broker down, worker died) to it again."""
    now = timezone.now()
    InboundMessage.objects.filter(
        status=InboundStatus.PROCESSING, claimed_at__lt=now - STUCK_AFTER
    ).update(status=InboundStatus.RECEIVED)
    due = list(
        InboundMessage.objects.filter(
            status=InboundStatus.RECEIVED, received_at__lt=now - SWEEP_GRACE
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in due:
        process_inbound.delay(pk)
    return len(due)


# --- The front desk's queue --------------------------------------------------------------------


def _lock_queued(message: InboundMessage) -> InboundMessage:
    locked = InboundMessage.objects.select_for_update().get(pk=message.pk)
    if locked.status != InboundStatus.QUEUED:
        raise ActionNotAllowed()
    return locked


def inbound_attach(*, message: InboundMessage, case: Case, actor: Actor) -> InboundMessage:
    """An employee decides the queued mail belongs to `case`: it becomes the citizen's mail on
    that case (a reply while the case waits for one)."""
    with transaction.atomic():
        locked = _lock_queued(message)
        files, _note = _checked_files(parse_message(bytes(locked.raw)))
        case_receive_mail(case=case, text=locked.text, attachments=files)
        locked.status, locked.outcome, locked.case = (
            InboundStatus.DONE,
            InboundOutcome.REPLY,
            case,
        )
        locked.save(update_fields=["status", "outcome", "case"])
        InboundAction.objects.create(
            message=locked, kind=InboundAction.Kind.ATTACHED, user=actor.user, case=case
        )
    return locked


def inbound_create_case(*, message: InboundMessage, actor: Actor) -> Case:
    """An employee makes a new question case of the queued mail (receipt included)."""
    with transaction.atomic():
        locked = _lock_queued(message)
        if not locked.sender:
            raise CaseActionError(_("Dit bericht heeft geen afzenderadres."))
        case = _new_case(locked, parse_message(bytes(locked.raw)), actor=actor)
        locked.status, locked.outcome, locked.case = (
            InboundStatus.DONE,
            InboundOutcome.NEW_CASE,
            case,
        )
        locked.save(update_fields=["status", "outcome", "case", "attachment_note"])
        InboundAction.objects.create(
            message=locked, kind=InboundAction.Kind.NEW_CASE, user=actor.user, case=case
        )
    return case


def inbound_discard(*, message: InboundMessage, actor: Actor) -> InboundMessage:
    """An employee throws queued mail away (spam, nonsense). Logged; the raw message stays for
    the record until the retention sweep."""
    with transaction.atomic():
        locked = _lock_queued(message)
        locked.status = InboundStatus.DISCARDED
        locked.save(update_fields=["status"])
        InboundAction.objects.create(
            message=locked, kind=InboundAction.Kind.DISCARDED, user=actor.user
        )
    return locked


def inbound_original_viewed(*, message: InboundMessage, actor: Actor) -> None:
    """Log that `actor` opened the full original (personal data)."""
    InboundAction.objects.create(
        message=message, kind=InboundAction.Kind.VIEWED_ORIGINAL, user=actor.user, case=message.case
    )


def queued_messages():
    """The front desk's queue, oldest first."""
    return InboundMessage.objects.filter(status=InboundStatus.QUEUED).order_by("received_at")


__all__ = [
    "inbound_attach",
    "inbound_create_case",
    "inbound_discard",
    "inbound_original_viewed",
    "inbound_process",
    "inbound_store",
    "inbound_sweep",
    "queued_messages",
]
