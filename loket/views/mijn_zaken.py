"""Mijn zaken (issue 17): a citizen signed in with DigiD sees every case bound to their BSN, the
ones filed online and the ones registered at the counter with a verified BSN, each on the same
page the secret tracking link shows. Only by the BSN digest in the session: a case number of
someone else's case, guessed or not, is a 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.selectors import cases_for_bsn
from cases.selectors.tracking import citizen_case_for_bsn
from loket.citizen_session import signed_in_citizen
from loket.public_text import STATUS_TEXT
from loket.views.digid import begin_sign_in
from loket.views.public import format_date
from loket.views.tracking import tracking_context


@never_cache
@require_GET
def case_list(request):
    citizen = signed_in_citizen(request)
    if citizen is None:
        return begin_sign_in(request, next_path=reverse("loket:mijn-zaken"))
    cases = cases_for_bsn(bsn=citizen.bsn)
    rows = [(case, STATUS_TEXT[case.status], format_date(case.due_date)) for case in cases]
    return render(request, "loket/mijn_zaken.html", {"rows": rows})


@never_cache
@require_GET
def case_detail(request, number: str):
    citizen = signed_in_citizen(request)
    if citizen is None:
        return begin_sign_in(request, next_path=reverse("loket:mijn-zaak", args=[number]))
    case = citizen_case_for_bsn(bsn=citizen.bsn, number=number)
    if case is None:
        raise Http404
    context = tracking_context(case=case, token=None)
    return render(request, "loket/track.html", {**context, "from_mijn_zaken": True})
