"""Knowing who asks (issue 17, AVG art. 12(6)): a case of a type that requires it waits for a
verified identity before it may be decided, and its term stands still meanwhile.

`identity_await` runs when such a case is filed; `identity_verify` records the verification by
DigiD or by the counter check of an identity document. docs/identity.md has the reasoning.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.actors import CITIZEN, Actor
from cases.checks import check_identity_verify
from cases.enums import IdentityDocument, IdentityMethod
from cases.errors import InvalidInput
from cases.identity import bsn_digest, normalise_bsn
from cases.models import Case, EventKind, Suspension
from cases.services.common import lock_case, notify_citizen, record_event, save_case
from cases.services.deadlines import recompute_due_date
from cases.services.privacy import personal_data_access_record

# The reason stored on the suspension and shown in the due-date explanation (both languages
# render the stored reason as written; the Dutch text names the article).
IDENTITY_SUSPENSION_REASON = _("wacht op identificatie (AVG art. 12 lid 6)")


def identity_await(*, case: Case, actor: Actor = CITIZEN, withheld_reason: str = "") -> bool:
    """If `case` needs a verified identity and has none: stop its term from the day it was
    received and tell the citizen how to verify. Call inside the transaction that files the
    case. Returns whether the case now waits for identification."""
    if not case.case_type.identity_required or case.identity_verified:
        return False
    start = timezone.localdate(case.received_at)
    Suspension.objects.create(
        case=case, start=start, reason=str(IDENTITY_SUSPENSION_REASON), for_identity=True
    )
    record_event(
        case=case,
        kind=EventKind.SUSPENDED,
        actor=actor,
        reason=str(IDENTITY_SUSPENSION_REASON),
        is_public=True,
        data={"identity": "awaiting"},
    )
    notify_citizen(
        case=case,
        template_key="identity_required",
        key="awaiting",
        withheld_reason=withheld_reason,
    )
    return True


def _clean_method_and_document(method: str, document: str) -> tuple[str, str]:
    if method not in IdentityMethod.values:
        raise InvalidInput(_("Onbekende manier van identificeren."))
    if method == IdentityMethod.COUNTER and document not in IdentityDocument.values:
        raise InvalidInput(_("Kies welk identiteitsbewijs u hebt gecontroleerd."))
    if method == IdentityMethod.DIGID:
        document = ""
    return method, document


def _resume_term(case: Case, today) -> bool:
    """End the identity suspension: the term runs from today. A suspension that started today
    is removed instead (nothing stood still; no zero-day line in the explanation)."""
    open_suspension = case.suspensions.filter(for_identity=True, end__isnull=True).first()
    if open_suspension is None:
        return False
    if open_suspension.start >= today:
        open_suspension.delete()
    else:
        open_suspension.end = today
        open_suspension.save(update_fields=["end"])
    return True


def _clean_bsn(bsn: str) -> str:
    try:
        return normalise_bsn(bsn)
    except ValueError as exc:
        raise InvalidInput(_("Dit is geen geldig BSN (de elfproef klopt niet).")) from exc


def identity_bind(
    *, case: Case, method: str, bsn: str, actor: Actor, document: str = "", event: bool = True
) -> bool:
    """Set the identity fields on a case that is locked (or being created) in the caller's
    transaction, end the wait for identification and write the event (without the BSN) and,
    for a staff member, the access log. Does not save the case's own fields: returns whether
    the due date changed, and the caller saves. `case_submit` uses it for a citizen signed in
    with DigiD while filing, so such a case never waits."""
    now = timezone.now()
    case.bsn, case.bsn_digest = bsn, bsn_digest(bsn)
    case.identity_verified_at = now
    case.identity_method = method
    case.identity_document = document
    case.identity_checked_by = actor.user if actor.is_staff else None
    resumed = _resume_term(case, timezone.localdate(now))
    if resumed:
        recompute_due_date(case)
    if event:
        record_event(
            case=case,
            kind=EventKind.IDENTITY,
            actor=actor,
            reason=str(_("Identiteit vastgesteld")),
            is_public=True,
            data={"method": method, "document": document, "term_resumed": resumed},
        )
    personal_data_access_record(actor=actor, case=case, view="identity_check", fields=["bsn"])
    return resumed


IDENTITY_FIELDS = (
    "bsn",
    "bsn_digest",
    "identity_verified_at",
    "identity_method",
    "identity_document",
    "identity_checked_by",
)


def identity_verify(
    *,
    case: Case,
    method: str,
    bsn: str,
    actor: Actor | None = None,
    document: str = "",
) -> Case:
    """Record that the citizen's identity is verified: by DigiD (the BSN from the DigiD
    assertion; `actor` the citizen) or at the counter (`actor` the front-desk employee who saw
    the identity document, `document` its kind, `bsn` typed from it). Stores the BSN encrypted
    and its digest, writes a case event (without the BSN) and, for a counter check, the access
    log; ends the wait for identification and resumes the term.

    Raises InvalidInput for a BSN that fails the elfproef or a missing document kind, and
    ActionNotAllowed when `actor` may not verify, or when the case is already verified for
    another BSN (a case belongs to one person)."""
    actor = actor or CITIZEN
    method, document = _clean_method_and_document(method, document)
    bsn = _clean_bsn(bsn)
    with transaction.atomic():
        case = lock_case(case)
        check_identity_verify(case=case, actor=actor, method=method, digest=bsn_digest(bsn))
        resumed = identity_bind(case=case, method=method, bsn=bsn, actor=actor, document=document)
        save_case(case, *IDENTITY_FIELDS, *(["due_date"] if resumed else []))
    return case


def bsn_rekey(*, batch: int = 500, progress=None) -> tuple[int, int]:
    """Re-encrypt every stored BSN with the first key and recompute its digest with the current
    BSN_HMAC_KEY: run after putting a new salt at the head of FIELD_ENCRYPTION_SALT_KEYS, a new
    SECRET_KEY (old one in SECRET_KEY_FALLBACKS) or a new BSN_HMAC_KEY (docs/identity.md).

    A value no configured key decrypts reads back as its ciphertext (the library's behaviour),
    which is no BSN: it is counted as failed and left as it is. Returns (rekeyed, failed)."""
    ids = list(Case.objects.exclude(bsn_digest="").order_by("pk").values_list("pk", flat=True))
    done = failed = 0
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        with transaction.atomic():
            for pk, bsn in Case.objects.filter(pk__in=chunk).values_list("pk", "bsn"):
                try:
                    value = normalise_bsn(bsn or "")
                except ValueError:
                    failed += 1
                    continue
                Case.objects.filter(pk=pk).update(bsn=value, bsn_digest=bsn_digest(value))
                done += 1
        if progress is not None:
            progress(min(start + batch, len(ids)), len(ids))
    return done, failed
