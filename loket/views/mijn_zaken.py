"""Mijn zaken (issue 17): a citizen signed in with DigiD sees every case bound to their BSN, the
ones filed online and the ones registered at the counter with a verified BSN, each on the same
page the secret tracking link shows, with the same actions (answer our question, withdraw, fetch
the AVG 15 overview). Only by the BSN digest in the session: a case number of someone else's
case, guessed or not, is a 404."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from cases.selectors import cases_for_bsn
from cases.selectors.tracking import citizen_case_for_bsn
from loket.citizen_session import signed_in_citizen
from loket.public_text import STATUS_TEXT
from loket.views.digid import begin_sign_in
from loket.views.public import format_date
from loket.views.tracking import (
    access_export_of,
    reply_to_case,
    tracking_context,
    withdraw_case,
)


def own_case_urls(number: str) -> dict[str, str]:
    """Where the page and its actions are under Mijn zaken."""
    return {
        "page": reverse("loket:mijn-zaak", args=[number]),
        "reply": reverse("loket:mijn-zaak-reply", args=[number]),
        "withdraw": reverse("loket:mijn-zaak-withdraw", args=[number]),
        "export": reverse("loket:mijn-zaak-access-export", args=[number]),
    }


def _own_case(request, number: str):
    """(case, None) for the signed-in citizen's own case; (None, response) otherwise: the DigiD
    sign-in for a visitor who is not signed in (a POST is not replayed: they land on the case's
    page), a 404 for any case that is not theirs."""
    citizen = signed_in_citizen(request)
    if citizen is None:
        return None, begin_sign_in(request, next_path=reverse("loket:mijn-zaak", args=[number]))
    case = citizen_case_for_bsn(bsn=citizen.bsn, number=number)
    if case is None:
        raise Http404
    return case, None


def _page(request, case, reply_form=None, status=200):
    context = tracking_context(
        case=case, token=None, urls=own_case_urls(case.number), reply_form=reply_form
    )
    return render(request, "loket/track.html", context, status=status)


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
    case, refusal = _own_case(request, number)
    if refusal:
        return refusal
    return _page(request, case)


@never_cache
@require_http_methods(["POST"])
def reply(request, number: str):
    case, refusal = _own_case(request, number)
    if refusal:
        return refusal
    return reply_to_case(
        request,
        case=case,
        urls=own_case_urls(case.number),
        page=lambda form: _page(request, case, form, 400),
    )


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request, number: str):
    case, refusal = _own_case(request, number)
    if refusal:
        return refusal
    return withdraw_case(request, case=case, urls=own_case_urls(case.number))


@never_cache
@require_GET
def access_export(request, number: str):
    case, refusal = _own_case(request, number)
    if refusal:
        return refusal
    return access_export_of(case)
