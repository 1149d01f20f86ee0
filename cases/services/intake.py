"""Intake: a new case from any channel."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from cases.actors import CITIZEN, Actor
from cases.calendar import load_calendar
from cases.enums import IdentityMethod
from cases.identity import normalise_bsn
from cases.models import (
    Case,
    CaseNumberSequence,
    CaseType,
    ChainReport,
    Channel,
    EventKind,
    RoutingRule,
    Team,
)
from cases.selectors.notices import receipts_queued_since
from cases.services.attachments import attachments_add
from cases.services.common import notify_citizen, record_event
from cases.services.deadlines import term_for_received
from cases.services.identity import IDENTITY_FIELDS, identity_await, identity_bind

# Issue 16: the receipt goes to whatever address the sender typed, so the form could make the
# municipality mail anyone. At most this many receipts per address per hour; the case itself is
# always registered, only the e-mail is withheld (and the timeline says so).
RECEIPTS_PER_ADDRESS = 3
RECEIPT_WINDOW = timedelta(hours=1)


@dataclass(frozen=True)
class Submission:
    case: Case
    tracking_token: str  # shown once to the citizen; only its hash is stored


# The case type whose cases always carry a chain report (cases.models.ChainReport).
CHAIN_ERROR = "chain_error"


@dataclass(frozen=True)
class ChainFields:
    """What a chain-error report says besides the case: where the citizen saw the error, which
    data elements are wrong, what is wrong and what is right, and the source when known. Every
    field may be empty: a report taken without them is completed at triage."""

    source_system: object = None  # cases.models.System or None ("weet ik niet")
    elements: Sequence = field(default_factory=tuple)
    wrong_value: str = ""
    right_value: str = ""
    noticed_where: str = ""
    noticed_system: object = None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def new_reply_token() -> str:
    """Lower-case letters and digits only (130 bits): some mail servers fold the case of the
    local part, and the token must survive that."""
    return "".join(secrets.choice("abcdefghijklmnopqrstuvwxyz234567") for _ in range(26))


def normalise_phone(value: str) -> str:
    """Keep a leading + and the digits: "06 - 1234 5678" becomes "0612345678", so the front
    desk finds a caller however either of them typed the number."""
    value = value.strip()
    digits = "".join(ch for ch in value if ch.isdigit())
    return ("+" + digits) if value.startswith("+") and digits else digits


def next_case_number(year: int) -> str:
    """LDZ-YYYY-NNNNNN, unique per year. The sequence row is locked, so concurrent intakes get
    consecutive numbers without gaps from retries."""
    CaseNumberSequence.objects.get_or_create(year=year)
    sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return f"LDZ-{year}-{sequence.last_number:06d}"


def route(*, case_type: CaseType, channel: str, source_system=None) -> Team | None:
    """First matching active rule wins; the fallback team when none matches. For chain errors a
    rule may name the source system."""
    source_id = source_system.pk if source_system is not None else None
    for rule in RoutingRule.objects.filter(is_active=True).select_related("team__organisation"):
        if rule.case_type_id not in (None, case_type.pk):
            continue
        if rule.source_system_id not in (None, source_id):
            continue
        if rule.channel and rule.channel != channel:
            continue
        return rule.team
    return Team.objects.filter(is_fallback=True).first()


# long: to split at its section comments (issue 20 step 4, not done yet)
def case_submit(
    *,
    case_type: CaseType,
    channel: str,
    subject: str,
    description: str,
    citizen_name: str,
    citizen_email: str = "",
    citizen_phone: str = "",
    citizen_address: str = "",
    preferred_language: str = "nl",
    complained_about: str = "",
    complained_about_email: str = "",
    actor: Actor = CITIZEN,
    received_at: datetime | None = None,
    source_system=None,
    attachments=(),
    chain: ChainFields | None = None,
    digid_bsn: str = "",
) -> Submission:
    """Register a case from any channel, route it, compute its due date and queue the receipt
    (Awb 9:6; we acknowledge every case). One transaction: when this returns, the case is in
    the database, whether or not the broker or the mail server is up.

    A chain-error case gets its chain report here, in the same transaction, whichever channel
    it came through (web, front desk, e-mail): without one the coordinator cannot name the
    source or make a correction plan. `chain` carries the report's fields; without it the
    report starts empty and triage completes it.

    `digid_bsn`: the BSN of a citizen signed in with DigiD while filing (never from a form
    field); the case is then verified from the start and does not wait for identification."""
    is_chain_error = case_type.code == CHAIN_ERROR
    if chain is not None and not is_chain_error:
        raise ValueError("Only a chain-error case has chain fields.")
    if is_chain_error and chain is None:
        chain = ChainFields(source_system=source_system)
    received_at = received_at or timezone.now()
    received = timezone.localdate(received_at)
    # One line: the name is how every notice addresses the citizen (a line break in it could
    # start a header or a paragraph of someone else's text). The forms refuse such names; this
    # is the last line for every other channel.
    citizen_name = " ".join(citizen_name.split())[:200]
    token = secrets.token_urlsafe(24)  # 192 bits
    with transaction.atomic():
        team = route(case_type=case_type, channel=channel, source_system=source_system)
        term = term_for_received(case_type=case_type, received=received, calendar=load_calendar())
        case = Case.objects.create(
            number=next_case_number(received.year),
            case_type=case_type,
            channel=channel,
            subject=subject.strip(),
            description=description.strip(),
            citizen_name=citizen_name,
            citizen_email=citizen_email.strip(),
            citizen_phone=normalise_phone(citizen_phone),
            citizen_address=citizen_address.strip(),
            preferred_language=preferred_language,
            complained_about=complained_about.strip(),
            complained_about_email=complained_about_email.strip(),
            team=team,
            organisation=team.organisation if team else None,
            received_at=received_at,
            due_date=term.due_date,
            original_due_date=term.due_date,
            promised_due_date=term.due_date,
            tracking_token_hash=hash_token(token),
            reply_token=new_reply_token(),
            created_by=actor.user if actor.is_staff else None,
        )
        record_event(
            case=case,
            kind=EventKind.SUBMITTED,
            actor=actor,
            to_status=case.status,
            is_public=True,
            data={"channel": channel, "team": team.code if team else None},
        )
        if digid_bsn:
            identity_bind(
                case=case, method=IdentityMethod.DIGID, bsn=normalise_bsn(digid_bsn), actor=actor
            )
            case.save(update_fields=list(IDENTITY_FIELDS))
        if chain is not None:
            _chain_report_create(case=case, chain=chain)
        attachments_add(case=case, files=attachments, actor=actor)
        withheld = _receipt_queue(case=case, token=token)
        # AVG art. 12(6): a privacy request or chain error waits for the citizen's identity.
        identity_await(case=case, actor=actor, withheld_reason=withheld)
    return Submission(case=case, tracking_token=token)


def _chain_report_create(*, case: Case, chain: ChainFields) -> ChainReport:
    report = ChainReport.objects.create(
        case=case,
        source_system=chain.source_system,
        wrong_value=chain.wrong_value.strip(),
        right_value=chain.right_value.strip(),
        noticed_where=chain.noticed_where.strip(),
        noticed_system=chain.noticed_system,
    )
    report.elements.set(chain.elements)
    return report


def _receipt_queue(*, case: Case, token: str) -> str:
    """Queue the receipt, or write it withheld when its address had its share this hour.

    Runs after `next_case_number` took the row lock on the year's sequence, so concurrent
    intakes count one after the other: the limit cannot be raced. Returns the withheld reason
    (empty when sent), so a notice that follows the receipt shares its fate."""
    withheld = ""
    if case.citizen_email:
        since = timezone.now() - RECEIPT_WINDOW
        if receipts_queued_since(email=case.citizen_email, since=since) >= RECEIPTS_PER_ADDRESS:
            withheld = "recipient_limit"
    notify_citizen(
        case=case,
        template_key="receipt",
        key="received",
        # The subject is the only text of the citizen a receipt quotes (as a quotation).
        context={"secret_tracking_url": tracking_url(token), "subject": case.subject},
        withheld_reason=withheld,
    )
    return withheld


def tracking_url(token: str) -> str:
    """The citizen's secret link. It lives in the receipt notice only until that is sent."""
    from django.conf import settings

    return f"{settings.SITE_URL.rstrip('/')}/volg/{token}/"


def case_find_by_token(token: str) -> Case | None:
    """The tracking page's lookup: only the secret link finds a case."""
    if not token or len(token) < 20:
        return None
    return (
        Case.objects.select_related("case_type", "organisation", "team")
        .filter(tracking_token_hash=hash_token(token))
        .first()
    )


__all__ = [
    "CHAIN_ERROR",
    "ChainFields",
    "Channel",
    "Submission",
    "case_find_by_token",
    "case_submit",
    "hash_token",
    "route",
]
