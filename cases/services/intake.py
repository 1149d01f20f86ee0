"""Intake: a new case from any channel."""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.utils import timezone

from cases.actors import CITIZEN, Actor
from cases.calendar import load_calendar
from cases.configuration_cache import cached
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
    """LDZ-YYYY-NNNNNN, unique per year, without gaps. One statement: the upsert creates the
    year's row or adds one to it, and holds the row lock until the transaction ends, so
    concurrent intakes get consecutive numbers and a rolled-back intake takes its number back
    with it. Must run inside the intake's transaction."""
    table = connection.ops.quote_name(CaseNumberSequence._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number",
            [year],
        )
        (number,) = cursor.fetchone()
    return f"LDZ-{year}-{number:06d}"


@dataclass(frozen=True)
class Routing:
    """The active routing rules in order, and the fallback team (read-only: shared)."""

    rules: tuple[RoutingRule, ...]
    fallback: Team | None


def _routing_from_database() -> Routing:
    rules = RoutingRule.objects.filter(is_active=True).select_related("team__organisation")
    fallback = Team.objects.filter(is_fallback=True).select_related("organisation").first()
    return Routing(rules=tuple(rules), fallback=fallback)


def route(*, case_type: CaseType, channel: str, source_system=None) -> Team | None:
    """First matching active rule wins; the fallback team when none matches. For chain errors a
    rule may name the source system. The rules come from memory while the administrator changed
    nothing (cases.configuration_cache): an admin change reaches the next submission."""
    routing = cached("routing", _routing_from_database)
    source_id = source_system.pk if source_system is not None else None
    for rule in routing.rules:
        if rule.case_type_id not in (None, case_type.pk):
            continue
        if rule.source_system_id not in (None, source_id):
            continue
        if rule.channel and rule.channel != channel:
            continue
        return rule.team
    return routing.fallback


@dataclass(frozen=True)
class CitizenFields:
    """What the citizen (or the front desk for them) told us, as typed."""

    subject: str
    description: str
    citizen_name: str
    citizen_email: str = ""
    citizen_phone: str = ""
    citizen_address: str = ""
    preferred_language: str = "nl"
    complained_about: str = ""
    complained_about_email: str = ""


def case_submit(
    *,
    case_type: CaseType,
    channel: str,
    actor: Actor = CITIZEN,
    received_at: datetime | None = None,
    source_system=None,
    attachments=(),
    chain: ChainFields | None = None,
    digid_bsn: str = "",
    **fields: str,
) -> Submission:
    """Register a case from any channel, route it, compute its due date and queue the receipt
    (Awb 9:6; we acknowledge every case). One transaction: when this returns, the case is in
    the database with its receipt in the outbox, whether or not the broker or the mail server
    is up. `fields` are those of `CitizenFields` (subject, description, citizen_name, ...).

    A chain-error case gets its chain report here, in the same transaction, whichever channel
    it came through (web, front desk, e-mail): without one the coordinator cannot name the
    source or make a correction plan. `chain` carries the report's fields; without it the
    report starts empty and triage completes it.

    `digid_bsn`: the BSN of a citizen signed in with DigiD while filing (never from a form
    field); the case is then verified from the start and does not wait for identification."""
    chain = _chain_fields(case_type=case_type, chain=chain, source_system=source_system)
    received_at = received_at or timezone.now()
    token = secrets.token_urlsafe(24)  # 192 bits
    with transaction.atomic():
        case = _case_create(
            case_type=case_type,
            channel=channel,
            actor=actor,
            received_at=received_at,
            source_system=source_system,
            token=token,
            citizen=CitizenFields(**fields),
        )
        _submitted_event(case=case, channel=channel, actor=actor)
        if digid_bsn:
            _digid_bind(case=case, bsn=digid_bsn, actor=actor)
        if chain is not None:
            _chain_report_create(case=case, chain=chain)
        attachments_add(case=case, files=attachments, actor=actor)
        withheld = _receipt_queue(case=case, token=token)
        # AVG art. 12(6): a privacy request or chain error waits for the citizen's identity.
        identity_await(case=case, actor=actor, withheld_reason=withheld)
    return Submission(case=case, tracking_token=token)


def _digid_bind(*, case: Case, bsn: str, actor: Actor) -> None:
    """The citizen filed while signed in with DigiD: the case is verified from the start."""
    identity_bind(case=case, method=IdentityMethod.DIGID, bsn=normalise_bsn(bsn), actor=actor)
    case.save(update_fields=list(IDENTITY_FIELDS))


def _chain_fields(
    *, case_type: CaseType, chain: ChainFields | None, source_system
) -> ChainFields | None:
    """A chain-error case always has chain fields (empty ones when none were given); no other
    case has any."""
    is_chain_error = case_type.code == CHAIN_ERROR
    if chain is not None and not is_chain_error:
        raise ValueError("Only a chain-error case has chain fields.")
    if is_chain_error and chain is None:
        return ChainFields(source_system=source_system)
    return chain


def _case_create(
    *,
    case_type: CaseType,
    channel: str,
    actor: Actor,
    received_at: datetime,
    source_system,
    token: str,
    citizen: CitizenFields,
) -> Case:
    """The case row: routed, numbered, with its term counted from the day of receipt."""
    received = timezone.localdate(received_at)
    team = route(case_type=case_type, channel=channel, source_system=source_system)
    term = term_for_received(case_type=case_type, received=received, calendar=load_calendar())
    return Case.objects.create(
        number=next_case_number(received.year),
        case_type=case_type,
        channel=channel,
        **_cleaned(citizen),
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


def _cleaned(citizen: CitizenFields) -> dict[str, str]:
    """The typed fields as stored: trimmed, the phone number normalised, the name on one line
    (the name is how every notice addresses the citizen: a line break in it could start a header
    or a paragraph of someone else's text; the forms refuse such names, this is the last line
    for every other channel)."""
    return {
        "subject": citizen.subject.strip(),
        "description": citizen.description.strip(),
        "citizen_name": " ".join(citizen.citizen_name.split())[:200],
        "citizen_email": citizen.citizen_email.strip(),
        "citizen_phone": normalise_phone(citizen.citizen_phone),
        "citizen_address": citizen.citizen_address.strip(),
        "preferred_language": citizen.preferred_language,
        "complained_about": citizen.complained_about.strip(),
        "complained_about_email": citizen.complained_about_email.strip(),
    }


def _submitted_event(*, case: Case, channel: str, actor: Actor) -> None:
    team = case.team
    record_event(
        case=case,
        kind=EventKind.SUBMITTED,
        actor=actor,
        to_status=case.status,
        is_public=True,
        data={"channel": channel, "team": team.code if team else None},
    )


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
    intakes count one after the other: the limit cannot be raced. The notice's key names the
    case just created, so it cannot exist yet: one INSERT. Returns the withheld reason (empty
    when sent), so a notice that follows the receipt shares its fate."""
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
    "CitizenFields",
    "Channel",
    "Submission",
    "case_find_by_token",
    "case_submit",
    "hash_token",
    "route",
]
