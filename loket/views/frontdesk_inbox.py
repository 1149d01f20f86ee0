"""Front desk: the queue of incoming e-mail that could not be placed automatically (no match,
spam flag, over the daily limit, a finished case). An employee attaches it to a case, makes a
new case of it, or discards it; every choice is logged (inbox.InboundAction)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases.errors import CaseActionError
from cases.selectors import cases_visible_to
from inbox.models import InboundMessage
from inbox.services import (
    inbound_attach,
    inbound_create_case,
    inbound_discard,
    inbound_original_viewed,
    queued_messages,
)
from loket.views.frontdesk import _front_desk_actor

QUEUE_LIMIT = 200


@never_cache
@login_required
@require_http_methods(["GET"])
def queue(request):
    _front_desk_actor(request)
    rows = list(queued_messages()[:QUEUE_LIMIT].defer("raw"))
    return render(request, "loket/frontdesk/inbox.html", {"rows": rows})


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def message_detail(request, pk: int):
    actor = _front_desk_actor(request)
    message = get_object_or_404(InboundMessage.objects.defer("raw"), pk=pk)
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "attach":
                number = request.POST.get("case_number", "").strip()
                case = cases_visible_to(actor=actor).filter(number__iexact=number).first()
                if case is None:
                    messages.error(request, _("Geen zaak gevonden met dat nummer."))
                    return redirect("loket:frontdesk-inbox-message", pk=pk)
                inbound_attach(message=message, case=case, actor=actor)
                messages.success(
                    request,
                    _("Het bericht is bij zaak %(number)s gevoegd.") % {"number": case.number},
                )
            elif action == "new_case":
                case = inbound_create_case(message=message, actor=actor)
                messages.success(
                    request, _("Zaak %(number)s is aangemaakt.") % {"number": case.number}
                )
            elif action == "discard":
                inbound_discard(message=message, actor=actor)
                messages.success(request, _("Het bericht is weggegooid."))
            else:
                raise Http404
        except CaseActionError as exc:
            messages.error(request, exc.message)
            return redirect("loket:frontdesk-inbox-message", pk=pk)
        return redirect("loket:frontdesk-inbox")
    return render(request, "loket/frontdesk/inbox_message.html", {"message": message})


@never_cache
@login_required
@require_http_methods(["GET"])
def message_original(request, pk: int):
    """The full original as plain text (headers, quoted history, HTML source): shown as text,
    never rendered, never sniffed by the browser. Opening it is logged."""
    actor = _front_desk_actor(request)
    message = get_object_or_404(InboundMessage, pk=pk)
    inbound_original_viewed(message=message, actor=actor)
    response = HttpResponse(
        bytes(message.raw).decode("utf-8", errors="replace"),
        content_type="text/plain; charset=utf-8",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response["Cache-Control"] = "no-store"
    return response
