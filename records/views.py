"""Staff pages of the records app."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cases.selectors_backoffice import case_for_page
from loket.views.backoffice.common import staff_required
from records.services.penalty import notice_of_default_register


@staff_required
@require_POST
def notice_of_default(request, number: str):
    case = case_for_page(request.actor, number)
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
