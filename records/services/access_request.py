"""The citizen's right of access (AVG art. 15) and the recipients of corrections (art. 19).

The privacy officer records the request with how the person was verified, builds one document
with everything the loket holds on them, reviews it, and marks it delivered. Building the
document is itself logged in the access log (one row per case, view "avg15_export")."""

from __future__ import annotations

import io
from collections import defaultdict

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from cases.actors import Actor
from cases.identity import bsn_digest, looks_like_bsn
from cases.models import (
    Attachment,
    Case,
    CaseEvent,
    CorrectionTask,
    PersonalDataAccess,
    Role,
)
from cases.services.common import notify_citizen
from cases.services.privacy import personal_data_access_record
from notifications.models import Notification, NotificationStatus
from records.models import AccessRequest, AccessRequestFetch, AccessRequestStatus

EXPORT_VIEW = "avg15_export"
READY_TEMPLATE = "avg15_ready"
EXPORTED_FIELDS = [
    "citizen_name",
    "citizen_email",
    "citizen_phone",
    "citizen_address",
    "bsn",
    "description",
]


def check_privacy_officer(*, actor: Actor) -> None:
    if not (actor.is_staff and actor.has_role(Role.PRIVACY_OFFICER)):
        raise PermissionDenied("alleen de privacyfunctionaris")


def access_request_create(
    *,
    citizen_name: str,
    citizen_email: str = "",
    citizen_bsn: str = "",
    verification: str,
    actor: Actor,
    case_number: str = "",
) -> AccessRequest:
    """Record a verified request. Without a verification note or any identifier, no request.
    `case_number` is the case in which the citizen asked (its tracking page delivers the
    document); without it the officer delivers the document by hand."""
    check_privacy_officer(actor=actor)
    case = None
    if case_number.strip():
        case = Case.objects.filter(number=case_number.strip()).first()
        if case is None:
            raise ValueError(_("Er is geen zaak met dit zaaknummer."))
    if not verification.strip():
        raise ValueError(_("Leg vast hoe de identiteit is vastgesteld."))
    if not (citizen_email.strip() or citizen_bsn.strip()):
        raise ValueError(_("Een e-mailadres of BSN is nodig om de zaken te vinden."))
    return AccessRequest.objects.create(
        citizen_name=citizen_name.strip(),
        citizen_email=citizen_email.strip(),
        citizen_bsn=citizen_bsn.strip(),
        verification=verification.strip(),
        verified_by=actor.user,
        verified_at=timezone.now(),
        case=case,
    )


def _cases(request: AccessRequest):
    match = Q(pk__in=[])
    if looks_like_bsn(request.citizen_bsn):
        # The BSN column is encrypted: cases are found by the keyed digest (cases.identity).
        match |= Q(bsn_digest=bsn_digest(request.citizen_bsn))
    if request.citizen_email:
        match |= Q(citizen_email__iexact=request.citizen_email)
    return (
        Case.objects.filter(match)
        .select_related("case_type", "organisation")
        .order_by("received_at")
    )


def _gather(cases: list[Case]) -> dict[str, defaultdict]:
    """Everything the export lists, per case, in one query per kind."""
    ids = [c.pk for c in cases]
    events = defaultdict(list)
    for e in CaseEvent.objects.filter(case_id__in=ids, is_public=True).order_by("created_at"):
        events[e.case_id].append(e)
    attachments = defaultdict(list)
    for a in Attachment.objects.filter(case_id__in=ids).order_by("created_at"):
        attachments[a.case_id].append(a)
    notices = defaultdict(list)
    refs = {f"case:{pk}": pk for pk in ids}
    sent = Notification.objects.filter(
        reference__in=refs, user__isnull=True, status=NotificationStatus.SENT
    ).order_by("sent_at")
    for n in sent:
        notices[refs[n.reference]].append(n)
    recipients = defaultdict(list)
    for t in (
        CorrectionTask.objects.filter(case_id__in=ids)
        .select_related("system", "organisation")
        .order_by("level", "system__code")
    ):
        recipients[t.case_id].append(t)
    # Who viewed their data: by role, never by name.
    viewed = defaultdict(list)
    for row in (
        PersonalDataAccess.objects.filter(case_id__in=ids)
        .values("case_id", "user__memberships__role")
        .annotate(n=Count("pk"), last=Max("accessed_at"))
        .order_by("case_id", "user__memberships__role")
    ):
        viewed[row["case_id"]].append(row)
    return {
        "events": events,
        "notices": notices,
        "attachments": attachments,
        "recipients": recipients,
        "viewed": viewed,
    }


def _case_section(doc, case: Case, data: dict[str, defaultdict]) -> None:
    """One case: its facts, its public history, what was sent, attachments, art. 19
    recipients and who viewed it (by role)."""
    role_names = dict(Role.choices)
    doc.add_heading(f"{case.number}: {case.case_type.name}", level=2)
    for label, value in (
        (_("Onderwerp"), case.subject),
        (_("Ontvangen op"), timezone.localdate(case.received_at).isoformat()),
        (_("Status"), case.get_status_display()),
        (_("Naam"), case.citizen_name),
        (_("E-mailadres"), case.citizen_email),
        (_("Telefoonnummer"), case.citizen_phone),
        (_("Postadres"), case.citizen_address),
        (_("BSN"), case.bsn),
        (_("Omschrijving"), case.description),
    ):
        if value:
            doc.add_paragraph(f"{label}: {value}")
    if data["events"][case.pk]:
        doc.add_heading(_("Verloop"), level=3)
        for e in data["events"][case.pk]:
            doc.add_paragraph(
                f"{timezone.localdate(e.created_at).isoformat()} {e.get_kind_display()}",
                style="List Bullet",
            )
    if data["notices"][case.pk]:
        doc.add_heading(_("Berichten en brieven aan u"), level=3)
        for n in data["notices"][case.pk]:
            day = timezone.localdate(n.sent_at).isoformat() if n.sent_at else ""
            doc.add_paragraph(
                f"{day} {n.get_channel_display()} {n.template_key}", style="List Bullet"
            )
    if data["attachments"][case.pk]:
        doc.add_heading(_("Bijlagen"), level=3)
        for a in data["attachments"][case.pk]:
            doc.add_paragraph(f"{a.original_name} ({a.size} bytes)", style="List Bullet")
    if data["recipients"][case.pk]:
        doc.add_heading(_("Ontvangers van de correctie (AVG artikel 19)"), level=3)
        for t in data["recipients"][case.pk]:
            doc.add_paragraph(
                f"{t.system.public_name or t.system.name} — "
                f"{t.organisation.display_name} ({t.get_status_display()})",
                style="List Bullet",
            )
    doc.add_heading(_("Wie uw gegevens heeft ingezien"), level=3)
    if not data["viewed"][case.pk]:
        doc.add_paragraph(_("Niemand."))
    for row in data["viewed"][case.pk]:
        role = role_names.get(row["user__memberships__role"], _("medewerker"))
        doc.add_paragraph(
            _("%(role)s: %(n)d keer, laatst op %(date)s")
            % {
                "role": role,
                "n": row["n"],
                "date": timezone.localdate(row["last"]).isoformat(),
            },
            style="List Bullet",
        )


def _document(request: AccessRequest, cases: list[Case]) -> bytes:
    data = _gather(cases)
    doc = Document()
    doc.add_heading(_("Uw gegevens bij het loket (AVG artikel 15)"), level=1)
    doc.add_paragraph(_("Voor: %(name)s") % {"name": request.citizen_name})
    doc.add_paragraph(_("Opgesteld op: %(date)s") % {"date": timezone.localdate().isoformat()})
    doc.add_paragraph(_("Aantal zaken: %(n)d") % {"n": len(cases)})
    for case in cases:
        _case_section(doc, case, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


@transaction.atomic
def access_request_build(*, access_request: AccessRequest, actor: Actor) -> AccessRequest:
    """Build (or rebuild) the document and log the export on every case in it."""
    check_privacy_officer(actor=actor)
    request = AccessRequest.objects.select_for_update().get(pk=access_request.pk)
    if request.status == AccessRequestStatus.DELIVERED:
        raise ValueError(_("Dit overzicht is al verstrekt."))
    cases = list(_cases(request))
    content = _document(request, cases)
    request.document.save(
        f"records/avg15/inzage-{request.pk}.docx", ContentFile(content), save=False
    )
    request.case_numbers = [c.number for c in cases]
    request.status = AccessRequestStatus.DRAFT
    request.save()
    for case in cases:
        personal_data_access_record(
            actor=actor, case=case, view=EXPORT_VIEW, fields=EXPORTED_FIELDS
        )
    return request


@transaction.atomic
def access_request_review(*, access_request: AccessRequest, actor: Actor) -> AccessRequest:
    """The privacy officer has read the document and releases it to the citizen: when the
    request has a case, its tracking page offers the download and a notice says it is ready."""
    check_privacy_officer(actor=actor)
    released = (
        AccessRequest.objects.filter(pk=access_request.pk, status=AccessRequestStatus.DRAFT)
        .exclude(document="")
        .update(
            status=AccessRequestStatus.REVIEWED, reviewed_by=actor.user, reviewed_at=timezone.now()
        )
    )
    access_request.refresh_from_db()
    if released and access_request.case_id:
        notify_citizen(
            case=access_request.case,
            template_key=READY_TEMPLATE,
            key=str(access_request.pk),
        )
    return access_request


def access_request_for_case(*, case: Case) -> AccessRequest | None:
    """The released document of this case's own request, if any (one query). Only requests
    recorded on this very case qualify: the tracking token of the case is the key."""
    return (
        AccessRequest.objects.filter(
            case=case,
            status__in=[AccessRequestStatus.REVIEWED, AccessRequestStatus.DELIVERED],
        )
        .exclude(document="")
        .order_by("-reviewed_at")
        .first()
    )


@transaction.atomic
def access_request_fetch(*, access_request: AccessRequest) -> AccessRequest:
    """The citizen downloads the document: logged (one row per download); the first download
    marks the request delivered."""
    AccessRequestFetch.objects.create(access_request=access_request)
    AccessRequest.objects.filter(pk=access_request.pk, delivered_at__isnull=True).update(
        status=AccessRequestStatus.DELIVERED, delivered_at=timezone.now()
    )
    access_request.refresh_from_db()
    return access_request
