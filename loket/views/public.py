"""The citizen's pages: start page, one form per case type, the receipt, the statements."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases import services
from cases.actors import CITIZEN
from cases.deadlines import format_date_en, format_date_nl
from cases.models import Case, CaseType
from cases.services.intake import hash_token, tracking_url
from configuration.selectors import public_case_type, public_form_questions
from loket import ratelimit
from loket.citizen_session import signed_in_citizen
from loket.forms.case_type_form import GenericCaseForm, form_for_case_type
from loket.forms.public import FORMS_BY_SLUG, ChainErrorForm
from loket.public_text import type_term_text

# The receipt page needs the case and its secret link once. They travel in a signed, HttpOnly
# cookie that only /ontvangen/ receives and that expires after an hour: not in a URL (logs,
# history), and not in the session table, so the raw token is never stored on the server
# (only its hash, in the case row; the queued receipt notice carries the link until it is sent).
RECEIPT_COOKIE = "loket_receipt"
RECEIPT_MAX_AGE = 3600

CHOICES = [
    # slug, case type code
    ("vraag", "question"),
    ("klacht", "complaint"),
    ("ketenfout", "chain_error"),
    ("privacy", "privacy_request"),
    ("woo", "woo_request"),
]


# The heading (and page title) of each form, in the words of the start page.
HEADINGS = {
    "vraag": gettext_lazy("Een vraag stellen"),
    "klacht": gettext_lazy("Een klacht indienen"),
    "ketenfout": gettext_lazy("Een fout in uw gegevens melden"),
    "privacy": gettext_lazy("Een privacyverzoek doen"),
    "woo": gettext_lazy("Documenten opvragen (Woo)"),
}


def format_date(day) -> str:
    return format_date_en(day) if translation.get_language() == "en" else format_date_nl(day)


def _submission_refused(request) -> bool:
    """Over either budget: accepted submissions, or (far larger) failed validations."""
    return ratelimit.exceeded_any((ratelimit.SUBMISSIONS, ratelimit.INVALID_SUBMISSIONS), request)


def home(request):
    types = {t.code: t for t in CaseType.objects.filter(is_public=True)}
    choices = [
        (slug, types[code], type_term_text(types[code])) for slug, code in CHOICES if code in types
    ]
    # Issue 22: a public type added in the admin has a form at once, under its own code.
    built_in = {code for _slug, code in CHOICES}
    configured = [t for t in types.values() if t.code not in built_in]
    return render(
        request,
        "loket/home.html",
        {"choices": choices, "configured": sorted(configured, key=lambda t: (t.ordering, t.name))},
    )


def _form_and_type(slug: str):
    """The form class and case type for a slug: a built-in form, or (issue 22) the generic form
    of a public type configured in the admin, whose slug is its code. Both get the type's extra
    questions."""
    built_in = dict(CHOICES)
    base = FORMS_BY_SLUG.get(slug)
    if base is not None:
        case_type = public_case_type(code=built_in[slug])
    elif slug in built_in.values():
        return None, None  # a built-in type has one address, its Dutch slug
    else:
        base, case_type = GenericCaseForm, public_case_type(code=slug)
    if case_type is None:
        return None, None
    questions = list(public_form_questions(case_type=case_type))
    return form_for_case_type(base=base, code=case_type.code, questions=questions), case_type


def _heading(slug: str, case_type: CaseType) -> str:
    if slug in HEADINGS:
        return HEADINGS[slug]
    english = (translation.get_language() or "nl").startswith("en")
    return case_type.name_en if english and case_type.name_en else case_type.name


@never_cache
@require_http_methods(["GET", "POST"])
def submit(request, slug: str):
    form_class, case_type = _form_and_type(slug)
    if form_class is None:
        raise Http404
    if request.method == "POST":
        if _submission_refused(request):
            return ratelimit.limited_response(request, ratelimit.SUBMISSIONS)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            if not ratelimit.hit(ratelimit.SUBMISSIONS, request):
                return ratelimit.limited_response(request, ratelimit.SUBMISSIONS)
            language = translation.get_language() or "nl"
            common = {
                "channel": "web",
                "actor": CITIZEN,
                "preferred_language": "en" if language.startswith("en") else "nl",
                "attachments": form.cleaned_data.get("evidence") or [],
                # Filed while signed in with DigiD (issue 17): bound to that identity in the
                # same transaction, so the case never waits and shows under Mijn zaken.
                "digid_bsn": citizen.bsn if (citizen := signed_in_citizen(request)) else "",
            }
            if isinstance(form, ChainErrorForm):
                submission = services.chain_error_submit(**form.chain_fields(), **common)
            else:
                submission = services.case_submit(
                    case_type=case_type, **form.case_fields(), **common
                )
            response = redirect("loket:receipt")
            response.set_signed_cookie(
                RECEIPT_COOKIE,
                f"{submission.case.pk}:{submission.tracking_token}",
                salt=RECEIPT_COOKIE,
                max_age=RECEIPT_MAX_AGE,
                path=reverse("loket:receipt"),
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
            return response
        # A typing error counts a tenth of an accepted submission (a budget ten times larger).
        ratelimit.hit(ratelimit.INVALID_SUBMISSIONS, request)
    else:
        form = form_class()
    return render(
        request,
        "loket/submit.html",
        {"form": form, "case_type": case_type, "slug": slug, "heading": _heading(slug, case_type)},
        status=400 if request.method == "POST" else 200,
    )


@never_cache
def receipt(request):
    value = request.get_signed_cookie(
        RECEIPT_COOKIE, default="", salt=RECEIPT_COOKIE, max_age=RECEIPT_MAX_AGE
    )
    pk, _, token = value.partition(":")
    case = (
        Case.objects.select_related("case_type")
        .filter(pk=int(pk), tracking_token_hash=hash_token(token))
        .first()
        if pk.isdigit() and token
        else None
    )
    if case is None:
        return redirect("loket:home")
    response = render(
        request,
        "loket/receipt.html",
        {
            "case": case,
            "tracking_url": tracking_url(token),
            "tracking_path": reverse("loket:track", args=[token]),
            "token": token,
            "due_date_text": format_date(case.due_date),
        },
    )
    # Shown once: on a library computer the next person must not find the link by going back
    # to /ontvangen/ (never_cache keeps the page itself out of the browser's cache).
    response.delete_cookie(RECEIPT_COOKIE, path=reverse("loket:receipt"), samesite="Lax")
    return response


def privacy_statement(request):
    return render(request, "loket/privacy.html")


def accessibility_statement(request):
    return render(request, "loket/accessibility.html")


@login_required
def backoffice_home(request):
    return render(request, "loket/backoffice_home.html")
