"""Front desk (KCC): register a phone, counter, letter or e-mail contact in under a minute,
find existing cases, add contact moments."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from cases import services
from cases.checks import check_identity_verify
from cases.enums import IdentityMethod
from cases.errors import CaseActionError
from cases.identity import looks_like_bsn, mask_bsn
from cases.models import Role
from cases.selectors.access import cases_visible_to, staff_actor
from cases.selectors.frontdesk import (
    SEARCH_LIMIT,
    case_contacts,
    case_numbers,
    frontdesk_case,
    frontdesk_search,
    pending_letters,
)
from cases.services.privacy import personal_data_access_record
from loket.forms.frontdesk import (
    ContactMomentForm,
    IdentityCheckForm,
    RegisterContactForm,
    SearchForm,
)

# The citizen's personal data the front-desk case page shows (templates/loket/frontdesk/case.html).
# The BSN only masked (*****1234): the front desk confirms a BSN by searching for it.
FRONT_DESK_FIELDS = ("citizen_name", "citizen_phone", "bsn")


def _front_desk_actor(request):
    actor = staff_actor(user=request.user)
    if not (actor.has_role(Role.FRONT_DESK) or actor.sees_everything):
        raise Http404
    # As on the backoffice pages: base.html shows this role's links from the actor.
    request.actor = actor
    return actor


def search_cases(actor, query: str):
    return frontdesk_search(actor=actor, query=query, limit=SEARCH_LIMIT)


@login_required
@require_http_methods(["GET", "POST"])
def search(request):
    actor = _front_desk_actor(request)
    form = SearchForm(request.POST or None)
    results = None
    bsn_search = False
    if request.method == "POST" and form.is_valid():
        query = form.cleaned_data["query"]
        results = list(search_cases(actor, query))
        bsn_search = looks_like_bsn(query)
        if bsn_search:
            # A search by BSN reveals which cases belong to that person: logged per case found
            # (AVG art. 5(2)); the BSN itself is in neither the log nor the URL.
            for case in results:
                personal_data_access_record(
                    actor=actor, case=case, view="frontdesk_bsn_search", fields=["bsn"]
                )
    return render(
        request,
        "loket/frontdesk/search.html",
        {"form": form, "results": results, "bsn_search": bsn_search},
    )


@login_required
@require_http_methods(["GET", "POST"])
def register(request):
    actor = _front_desk_actor(request)
    form = RegisterContactForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if form.is_chain_error:
                # The same service as the web form: the case gets its chain report at once.
                submission = services.chain_error_submit(
                    actor=actor, **form.case_fields(), **form.chain_fields()
                )
            elif data["answered_at_once"]:
                submission = services.case_register_answered(
                    actor=actor,
                    case_type=data["case_type"],
                    answer=data["answer"],
                    **form.case_fields(),
                )
            else:
                submission = services.case_submit(
                    actor=actor, case_type=data["case_type"], **form.case_fields()
                )
        except CaseActionError as exc:
            form.add_error(None, exc.message)
        else:
            case = submission.case
            if data["answered_at_once"]:
                messages.success(request, _("De vraag is direct afgehandeld."))
            return redirect("loket:frontdesk-registered", number=case.number)
    return render(
        request,
        "loket/frontdesk/register.html",
        {"form": form, "groups": form.groups(), "only_for": form.only_for()},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_GET
def registered(request, number: str):
    """After registering: the number to read out, how the receipt reaches the citizen (or that
    it does not), the search box and the next contact. Shows no personal data."""
    actor = _front_desk_actor(request)
    case = cases_visible_to(actor=actor).select_related("case_type").filter(number=number).first()
    if case is None:
        raise Http404
    return render(
        request,
        "loket/frontdesk/registered.html",
        {
            "case": case,
            "receipt_by": receipt_channel(case),
            "search_form": SearchForm(),
        },
    )


def receipt_channel(case) -> str:
    """How the receipt (Awb 9:6) reaches the citizen: "email", "letter" or "none"."""
    if case.citizen_email:
        return "email"
    if case.citizen_address:
        return "letter"
    return "none"


@login_required
@require_http_methods(["GET", "POST"])
def case_detail(request, number: str):
    actor = _front_desk_actor(request)
    case = frontdesk_case(actor=actor, number=number)
    if case is None:
        raise Http404
    form = ContactMomentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_add_contact(case=case, actor=actor, **form.cleaned_data)
        except CaseActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Het contactmoment is vastgelegd."))
            return redirect("loket:frontdesk-case", number=case.number)
    return _case_page(request, actor, case, form=form, identity_form=IdentityCheckForm())


def counter_check_offered(case, actor) -> bool:
    """The same check `identity_verify` makes for a counter check (cases.checks)."""
    try:
        check_identity_verify(case=case, actor=actor, method=IdentityMethod.COUNTER)
    except CaseActionError:
        return False
    return True


def _case_page(request, actor, case, *, form, identity_form, status=200):
    contacts = case_contacts(case=case)
    # The page shows the citizen's name and phone number: log the view (AVG art. 5(2), as the
    # backoffice case page does), only when it renders, not for the redirect after a POST.
    personal_data_access_record(
        actor=actor,
        case=case,
        view="frontdesk_case",
        fields=[name for name in FRONT_DESK_FIELDS if getattr(case, name)],
    )
    return render(
        request,
        "loket/frontdesk/case.html",
        {
            "case": case,
            "form": form,
            "contacts": contacts,
            "bsn_masked": mask_bsn(case.bsn),
            "identity_form": identity_form if counter_check_offered(case, actor) else None,
        },
        status=status,
    )


@login_required
@require_POST
def identity_check(request, number: str):
    """The front-desk employee saw an identity document (issue 17, AVG art. 12(6))."""
    actor = _front_desk_actor(request)
    case = frontdesk_case(actor=actor, number=number)
    if case is None:
        raise Http404
    form = IdentityCheckForm(request.POST)
    if form.is_valid():
        try:
            services.identity_verify(
                case=case,
                method=IdentityMethod.COUNTER,
                bsn=form.cleaned_data["bsn"],
                document=form.cleaned_data["document"],
                actor=actor,
            )
        except CaseActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("De identiteit is vastgesteld; de termijn loopt weer."))
            return redirect("loket:frontdesk-case", number=case.number)
    return _case_page(
        request, actor, case, form=ContactMomentForm(), identity_form=form, status=400
    )


# --- Letters ----------------------------------------------------------------------------------


def _pending_letters():
    return pending_letters()


@login_required
@require_http_methods(["GET"])
def letters(request):
    """Notices for citizens without an e-mail address, to print and post."""
    _front_desk_actor(request)
    rows = list(_pending_letters().order_by("created_at")[:200])
    case_ids = {int(r.reference.split(":")[1]) for r in rows if r.reference.startswith("case:")}
    numbers = case_numbers(case_ids=case_ids)
    items = [
        (
            row,
            numbers.get(int(row.reference.split(":")[1]))
            if row.reference.startswith("case:")
            else "",
        )
        for row in rows
    ]
    return render(request, "loket/frontdesk/letters.html", {"items": items})


@login_required
@require_http_methods(["GET"])
def letter_download(request, pk: int):
    from django.http import HttpResponse

    from notifications.letters import render_letter

    _front_desk_actor(request)
    letter = _pending_letters().filter(pk=pk).first()
    if letter is None:
        raise Http404
    response = HttpResponse(
        render_letter(letter),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="brief-{letter.pk}.docx"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["POST"])
def letter_posted(request, pk: int):
    from notifications.services import letter_mark_posted

    _front_desk_actor(request)
    letter = _pending_letters().filter(pk=pk).first()
    if letter is None:
        raise Http404
    letter_mark_posted(notification=letter, user=request.user)
    messages.success(request, _("De brief staat als verstuurd geregistreerd."))
    return redirect("loket:frontdesk-letters")
