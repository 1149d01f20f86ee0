"""The citizen's tracking page, reached only through the secret link (the case number alone
shows nothing)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from cases import services
from cases.actors import CITIZEN
from cases.errors import CaseActionError
from cases.explain import explain_case_due_date
from cases.models import CaseStatus
from cases.selectors.tracking import citizen_due_date, citizen_events, citizen_messages
from cases.services.intake import case_find_by_token
from cases.workflow import OPEN_STATUSES
from loket import ratelimit
from loket.citizen_chain import citizen_chain
from loket.citizen_session import BIND_KEY, signed_in_citizen
from loket.forms.fields import CleanCharField, EvidenceField
from loket.public_text import AWAITING_IDENTITY_TEXT, STATUS_TEXT, citizen_timeline
from loket.views.digid import begin_sign_in, bind_and_show
from loket.views.public import format_date
from records.services.access_request import access_request_fetch, access_request_for_case


class ReplyForm(forms.Form):
    text = CleanCharField(
        label=gettext_lazy("Uw antwoord"), max_length=10_000, widget=forms.Textarea
    )
    evidence = EvidenceField(
        label=gettext_lazy("Bestanden meesturen"),
        help_text=gettext_lazy("Maximaal 5 bestanden van 10 MB: PDF, PNG of JPEG."),
    )


def _case_or_404(request, token: str):
    """The case of this secret link, or the response to send instead: a 404 page that tells the
    citizen what to do and shows nothing of any case, or the wait page once this client has
    missed too often. A valid link always opens: misses (anyone's, behind a shared address) must
    never lock a citizen out of their own case; the 192-bit token is what stops guessing."""
    case = case_find_by_token(token)
    if case is not None:
        return case, None
    if not ratelimit.hit(ratelimit.TRACKING_MISSES, request):
        return None, ratelimit.limited_response(request, ratelimit.TRACKING_MISSES)
    return None, render(request, "loket/track_not_found.html", status=404)


def link_urls(token: str) -> dict[str, str]:
    """Where the page and its actions are for the holder of the secret link."""
    return {
        "page": reverse("loket:track", args=[token]),
        "reply": reverse("loket:track-reply", args=[token]),
        "withdraw": reverse("loket:track-withdraw", args=[token]),
        "export": reverse("loket:track-access-export", args=[token]),
    }


def tracking_context(*, case, token: str | None, urls: dict[str, str], reply_form=None) -> dict:
    """What the tracking page shows of a case: the same for the secret link and for Mijn zaken
    (issue 17). `urls` says where the page and its actions (reply, withdraw, the AVG 15 download)
    are for this visitor: under the secret link, or under Mijn zaken for the citizen signed in
    with DigiD. `token` is the secret link's, None under Mijn zaken."""
    events = citizen_timeline(citizen_events(case=case))
    chain = citizen_chain(case=case)
    messages_to_citizen = citizen_messages(case=case)
    return {
        "case": case,
        "token": token,
        "urls": urls,
        "status_text": AWAITING_IDENTITY_TEXT
        if case.awaiting_identity
        else STATUS_TEXT[case.status],
        "events": events,
        "organisations": chain.organisations,
        "open_checks_text": chain.open_checks_text,
        "notes": messages_to_citizen,
        "due_date_text": format_date(citizen_due_date(case=case)),
        "explanation": explain_case_due_date(case, language=translation.get_language() or "nl")
        if case.is_open
        else None,
        "reply_due_text": format_date(case.reply_due_date) if case.reply_due_date else "",
        "can_reply": case.status == CaseStatus.AWAITING_CITIZEN,
        "can_withdraw": case.status in OPEN_STATUSES,
        "reply_form": reply_form or ReplyForm(),
        "access_export": access_request_for_case(case=case),
    }


def _page(request, case, token, reply_form=None, status=200):
    return render(
        request,
        "loket/track.html",
        tracking_context(case=case, token=token, urls=link_urls(token), reply_form=reply_form),
        status=status,
    )


@never_cache
@require_http_methods(["GET"])
def track(request, token: str):
    case, refusal = _case_or_404(request, token)
    if refusal:
        return refusal
    return _page(request, case, token)


@never_cache
@require_http_methods(["POST"])
def reply(request, token: str):
    case, refusal = _case_or_404(request, token)
    if refusal:
        return refusal
    return reply_to_case(
        request,
        case=case,
        urls=link_urls(token),
        page=lambda form: _page(request, case, token, form, 400),
    )


def reply_to_case(request, *, case, urls: dict[str, str], page):
    """The citizen's answer to our question, from the secret link or from Mijn zaken: `page(form)`
    renders the case's page again with the form's errors."""
    form = ReplyForm(request.POST, request.FILES)
    if not form.is_valid():
        return page(form)
    try:
        services.case_receive_reply(
            case=case,
            actor=CITIZEN,
            text=form.cleaned_data["text"],
            attachments=form.cleaned_data.get("evidence") or [],
        )
    except CaseActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Dank u wel. Wij hebben uw antwoord ontvangen."))
    return redirect(urls["page"])


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw(request, token: str):
    case, refusal = _case_or_404(request, token)
    if refusal:
        return refusal
    return withdraw_case(request, case=case, urls=link_urls(token))


def withdraw_case(request, *, case, urls: dict[str, str]):
    """Ask, then withdraw: from the secret link or from Mijn zaken."""
    if request.method == "POST" and request.POST.get("confirm") == "yes":
        try:
            services.case_withdraw(
                case=case, actor=CITIZEN, reason=_("Ingetrokken door de inwoner")
            )
        except CaseActionError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Uw zaak is ingetrokken."))
        return redirect(urls["page"])
    if case.status not in OPEN_STATUSES:
        return redirect(urls["page"])
    return render(request, "loket/withdraw.html", {"case": case, "urls": urls})


@never_cache
@require_http_methods(["GET"])
def access_export(request, token: str):
    """The citizen's AVG 15 overview, released by the privacy officer: only the document of the
    request recorded on this very case (found by the case's secret link, never by its number or
    the request's id). Each download is logged."""
    case, refusal = _case_or_404(request, token)
    if refusal:
        return refusal
    return access_export_of(case)


def access_export_of(case):
    """The released AVG 15 overview of the request recorded on this case (a 404 without one),
    its download logged."""
    item = access_request_for_case(case=case)
    if item is None:
        raise Http404
    access_request_fetch(access_request=item)
    return FileResponse(
        item.document.open("rb"), as_attachment=True, filename=f"inzage-{case.number}.docx"
    )


@never_cache
@require_http_methods(["POST"])
def bind_digid(request, token: str):
    """ "Inloggen met DigiD om uw identiteit te bevestigen" on the receipt and the tracking page:
    only the holder of the secret link reaches this case. Signed in already: bind now; else
    remember the case (not the secret) in the session and bind on return from DigiD."""
    case, refusal = _case_or_404(request, token)
    if refusal:
        return refusal
    citizen = signed_in_citizen(request)
    if citizen is not None:
        return bind_and_show(request, citizen=citizen, case=case)
    request.session[BIND_KEY] = case.pk
    return begin_sign_in(request, next_path=reverse("loket:mijn-zaken"))
