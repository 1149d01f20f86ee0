"""Staff pages of the records app: the notice of default (caseworker), the access log and the
access requests (privacy officer), break the glass (any staff member)."""

from __future__ import annotations

import csv
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from cases.models import Case, Role
from cases.selectors.backoffice import case_for_page
from cases.services.privacy import personal_data_access_record
from loket.views.backoffice.common import staff_required
from records.models import (
    AccessRequest,
    BreakGlassAccess,
    DestructionItem,
    DestructionList,
    ItemDecision,
    NoticeOfDefault,
)
from records.selectors import access_log, may_break_glass
from records.services.access_request import (
    access_request_build,
    access_request_create,
    access_request_review,
)
from records.services.penalty import notice_of_default_register, penalty_decision_register
from records.services.retention import destruction_item_review, destruction_list_approve
from records.tasks import destroy_list

ANY_STAFF = "any"  # staff_required checks nothing more; the view checks the role
LOG_ROWS = 200


@staff_required
@require_POST
def notice_of_default(request, number: str):
    case = case_for_page(actor=request.actor, number=number)
    if case is None:
        raise Http404
    try:
        received_on = date.fromisoformat(request.POST.get("received_on", ""))
    except ValueError:
        messages.error(request, _("Ongeldige datum."))
        return redirect("loket:bo-case", number)
    try:
        notice_of_default_register(case=case, received_on=received_on, actor=request.actor)
    except PermissionDenied:
        raise Http404 from None
    except ValueError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("De ingebrekestelling is geregistreerd."))
    return redirect("loket:bo-case", number)


@staff_required
@require_POST
def penalty_decision(request, number: str):
    case = case_for_page(actor=request.actor, number=number)
    if case is None or case.resolved_at is None:
        raise Http404
    try:
        penalty_decision_register(case=case, actor=request.actor)
    except (PermissionDenied, NoticeOfDefault.DoesNotExist):
        raise Http404 from None
    messages.success(request, _("Het besluit over de dwangsom is verstuurd."))
    return redirect("loket:bo-case", number)


def _privacy_officer(request) -> None:
    if not request.actor.has_role(Role.PRIVACY_OFFICER):
        raise Http404


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        return None


@staff_required(need=ANY_STAFF)
@never_cache
def access_log_page(request):
    _privacy_officer(request)
    filters = {
        "person": request.GET.get("persoon", "").strip(),
        "case_number": request.GET.get("zaak", "").strip(),
        "staff": request.GET.get("medewerker", "").strip(),
        "start": _day(request.GET.get("van", "")),
        "end": _day(request.GET.get("tot", "")),
    }
    rows = access_log(**filters)
    if request.GET.get("formaat") == "csv":
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="inzagelog.csv"'
        writer = csv.writer(response)
        writer.writerow(["tijdstip", "medewerker", "zaak", "scherm", "gegevens"])
        for row in rows.iterator(2000):
            writer.writerow(
                [
                    timezone.localtime(row.accessed_at).isoformat(),
                    row.user.get_username(),
                    row.case_number,
                    row.view,
                    " ".join(row.fields),
                ]
            )
        return response
    shown = list(rows[:LOG_ROWS])
    glass = list(
        BreakGlassAccess.objects.filter(case_number__in={r.case_number for r in shown}).order_by(
            "-at"
        )
    )
    return render(
        request,
        "records/access_log.html",
        {"rows": shown, "limit": LOG_ROWS, "glass": glass, "filters": request.GET},
    )


@staff_required(need=ANY_STAFF)
@never_cache
@require_http_methods(["GET", "POST"])
def access_requests(request):
    _privacy_officer(request)
    if request.method == "POST":
        try:
            created = access_request_create(
                citizen_name=request.POST.get("naam", ""),
                citizen_email=request.POST.get("email", ""),
                citizen_bsn=request.POST.get("bsn", ""),
                verification=request.POST.get("verificatie", ""),
                case_number=request.POST.get("zaaknummer", ""),
                actor=request.actor,
            )
            access_request_build(access_request=created, actor=request.actor)
        except ValueError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("Het overzicht is opgesteld; controleer het."))
        return redirect("records:access-requests")
    return render(
        request,
        "records/access_requests.html",
        {"requests": AccessRequest.objects.select_related("verified_by", "reviewed_by")[:50]},
    )


@staff_required(need=ANY_STAFF)
@require_POST
def access_request_release(request, pk: int):
    _privacy_officer(request)
    access_request_review(
        access_request=get_object_or_404(AccessRequest, pk=pk), actor=request.actor
    )
    return redirect("records:access-requests")


@staff_required(need=ANY_STAFF)
@never_cache
def access_request_document(request, pk: int):
    _privacy_officer(request)
    item = get_object_or_404(AccessRequest, pk=pk)
    if not item.document:
        raise Http404
    return FileResponse(item.document.open("rb"), as_attachment=True, filename=f"inzage-{pk}.docx")


@staff_required(need=ANY_STAFF)
@never_cache
@require_http_methods(["GET", "POST"])
def break_the_glass(request, number: str):
    """A case outside this staff member's routing: shown only after a reason, which is kept.
    Only for those who may break the glass (`may_break_glass`); a 404 for everyone else."""
    if not may_break_glass(request.actor):
        raise Http404
    case = get_object_or_404(Case.objects.select_related("case_type"), number=number)
    if case_for_page(actor=request.actor, number=number) is not None:
        return redirect("loket:bo-case", number)
    reason = request.POST.get("reden", "").strip() if request.method == "POST" else ""
    if not reason:
        return render(
            request, "records/break_glass.html", {"case": case, "asked": request.method == "POST"}
        )
    BreakGlassAccess.objects.create(
        user=request.user,
        case=case,
        case_number=case.number,
        reason=reason[:300],
        at=timezone.now(),
    )
    fields = ["citizen_name", "citizen_email", "citizen_phone", "citizen_address"]
    personal_data_access_record(actor=request.actor, case=case, view="break_glass", fields=fields)
    return render(
        request, "records/break_glass.html", {"case": case, "reason": reason, "shown": True}
    )


# --- The archivist's destruction lists ----------------------------------------------------------

ITEMS_PER_PAGE = 100


def _archivist(request) -> None:
    if not request.actor.has_role(Role.ARCHIVIST):
        raise Http404


@staff_required(need=ANY_STAFF)
@never_cache
def destruction_lists(request):
    _archivist(request)
    return render(
        request,
        "records/destruction_lists.html",
        {"lists": DestructionList.objects.select_related("approved_by")[:50]},
    )


@staff_required(need=ANY_STAFF)
@never_cache
def destruction_list_page(request, pk: int):
    _archivist(request)
    dlist = get_object_or_404(DestructionList, pk=pk)
    page = Paginator(
        dlist.items.select_related("rule__case_type").order_by("retention_ends", "case_number"),
        ITEMS_PER_PAGE,
    ).get_page(request.GET.get("pagina"))
    pending = dlist.items.filter(decision=ItemDecision.PENDING).count()
    return render(
        request,
        "records/destruction_list.html",
        {"list": dlist, "page": page, "pending": pending, "decisions": ItemDecision},
    )


@staff_required(need=ANY_STAFF)
@require_POST
def destruction_item_decide(request, pk: int, item_pk: int):
    _archivist(request)
    item = get_object_or_404(DestructionItem, pk=item_pk, destruction_list_id=pk)
    try:
        destruction_item_review(
            item=item,
            decision=request.POST.get("oordeel", ""),
            reason=request.POST.get("reden", ""),
            postponed_until=_day(request.POST.get("tot", "")),
            actor=request.actor,
        )
    except ValueError as error:
        messages.error(request, f"{item.case_number}: {error}")
    return redirect(
        f"{reverse('records:destruction-list', args=[pk])}?pagina={request.POST.get('pagina', 1)}"
    )


@staff_required(need=ANY_STAFF)
@require_POST
def destruction_list_decide(request, pk: int):
    _archivist(request)
    dlist = get_object_or_404(DestructionList, pk=pk)
    try:
        destruction_list_approve(destruction_list=dlist, actor=request.actor)
    except ValueError as error:
        messages.error(request, str(error))
    else:
        # The destruction runs in the worker after the commit (acks late: a killed worker's
        # job is redelivered and completes the list).
        transaction.on_commit(lambda: destroy_list.delay(dlist.pk))
        messages.success(request, _("De lijst is goedgekeurd; de vernietiging loopt."))
    return redirect("records:destruction-list", pk)


@staff_required(need=ANY_STAFF)
@never_cache
def destruction_certificate(request, pk: int):
    _archivist(request)
    dlist = get_object_or_404(DestructionList, pk=pk)
    if not dlist.certificate:
        raise Http404
    return FileResponse(
        dlist.certificate.open("rb"), as_attachment=True, filename=f"vernietiging-{pk}.docx"
    )
