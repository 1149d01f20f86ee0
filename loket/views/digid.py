"""DigiD sign-in for citizens (issue 17): our own thin step around django-digid-eherkenning.

The library gives us the SAML client (the AuthnRequest, the artifact resolution against DigiD,
metadata, certificates) and, for development and tests, a mock identity provider where one
types a BSN. Its own assertion consumer views would log a Django `User` in, created per BSN by a
custom user manager; here citizens are not users, so the assertion consumer below takes the BSN
and records it in the session (`loket.citizen_session`), apart from any staff sign-in.

settings.DIGID_MODE picks the identity provider: "mock" (local settings and tests; production
refuses it) or "saml" (the real DigiD, configured by `manage.py digid_configure`).
"""

from __future__ import annotations

import logging
from urllib.parse import urlencode

from digid_eherkenning.choices import SectorType
from digid_eherkenning.mock.idp.views.digid import DigiDMockIDPBSNLoginView
from digid_eherkenning.saml2.digid import DigiDClient
from digid_eherkenning.views.digid import DigiDLoginView
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from furl import furl
from onelogin.saml2.utils import OneLogin_Saml2_Error, OneLogin_Saml2_ValidationError

from cases.actors import CITIZEN
from cases.errors import CaseActionError
from cases.models import Case
from cases.services.identity import identity_verify
from loket.citizen_session import (
    BIND_KEY,
    MOCK_BSN_KEY,
    NEXT_KEY,
    Citizen,
    citizen_sign_in,
    citizen_sign_out,
    seal,
    unseal,
)

logger = logging.getLogger(__name__)


def _safe_path(request, url: str | None) -> str:
    """`url` when it is a path on this site, else ""."""
    if url and url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=set()):
        return url
    return ""


def begin_sign_in(request, *, next_path: str):
    """The response that sends the citizen to DigiD, coming back to `next_path` afterwards."""
    request.session[NEXT_KEY] = next_path
    if settings.DIGID_MODE == "mock":
        # The library's mock identity provider: a page where one types a BSN (MockBSNView),
        # which then redirects to `acs`.
        params = {
            "acs": request.build_absolute_uri(reverse("digid:acs")),
            "next": request.build_absolute_uri(next_path),
            "cancel": request.build_absolute_uri(reverse("loket:home")),
        }
        return redirect(f"{reverse('digid-mock:login')}?{urlencode(params)}")
    # The real DigiD: the library renders the AuthnRequest as a form that its static script
    # posts to DigiD (HTTP-POST binding); DigiD sends the citizen back to `acs` with an artifact.
    return SignInView.as_view()(request)


class SignInView(DigiDLoginView):
    def get_level_of_assurance(self):
        # settings.DIGID_LOA, never the request: the citizen must not pick a lower level.
        return settings.DIGID_LOA


@never_cache
@require_GET
def sign_in(request):
    next_path = _safe_path(request, request.GET.get("next")) or reverse("loket:mijn-zaken")
    return begin_sign_in(request, next_path=next_path)


class MockBSNView(DigiDMockIDPBSNLoginView):
    """The mock identity provider's "type your BSN" page, except that the BSN goes to the
    assertion consumer sealed in the session instead of in the query string (the library's
    mock puts it in the URL, and so in the development server's request log)."""

    def get_success_url(self):
        self.request.session[MOCK_BSN_KEY] = seal(str(self.bsn))
        success_url = furl(self.acs_url)
        success_url.args["next"] = self.next_url
        return str(success_url)


def _mock_bsn(request) -> str | None:
    try:
        return unseal(request.session.pop(MOCK_BSN_KEY, ""))
    except ValueError:
        return None


def _saml_bsn(request) -> str | None:
    """DigiD 3.3.3 step 5-7: resolve the artifact with DigiD (signed SOAP over mutual TLS) and
    take the BSN from the NameID (`s00000000:<bsn>`). None when the citizen cancelled or the
    answer does not hold a BSN; the reason is logged without the BSN."""
    artifact = request.GET.get("SAMLart")
    if not artifact:
        return None
    try:
        name_id = DigiDClient().artifact_resolve(request, artifact).get_nameid()
    except (OneLogin_Saml2_ValidationError, OneLogin_Saml2_Error) as exc:
        logger.warning("DigiD sign-in did not succeed: %s", getattr(exc, "code", type(exc)))
        return None
    sector, _sep, number = (name_id or "").partition(":")
    if sector != SectorType.bsn:
        logger.warning("DigiD answered without a BSN (sector %s)", sector)
        return None
    return number


@never_cache
@require_GET
def assertion_consumer(request):
    """Where DigiD (or the mock) sends the citizen back. Only the configured identity provider
    counts: in "saml" mode only a resolved artifact signs anyone in."""
    bsn = _mock_bsn(request) if settings.DIGID_MODE == "mock" else _saml_bsn(request)
    try:
        citizen = citizen_sign_in(request, bsn=bsn or "")
    except ValueError:
        messages.error(
            request,
            _("Inloggen met DigiD is niet gelukt. Probeer het later opnieuw of kijk op digid.nl."),
        )
        return redirect("loket:home")
    next_path = request.session.pop(NEXT_KEY, "") or reverse("loket:mijn-zaken")
    case_pk = request.session.pop(BIND_KEY, None)
    case = Case.objects.filter(pk=case_pk).first() if case_pk is not None else None
    if case is not None:
        return bind_and_show(request, citizen=citizen, case=case)
    messages.success(request, _("U bent ingelogd met DigiD."))
    return redirect(next_path)


def bind_and_show(request, *, citizen: Citizen, case: Case):
    """Bind the DigiD identity to the case the citizen holds the tracking link of, and show the
    case under Mijn zaken (the tracking secret itself is not kept on the server)."""
    try:
        identity_verify(case=case, method="digid", bsn=citizen.bsn, actor=CITIZEN)
    except CaseActionError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Uw identiteit is bevestigd met DigiD."))
    return redirect("loket:mijn-zaak", number=case.number)


@never_cache
@require_POST
def sign_out(request):
    """Ends the DigiD sign-in of this browser (not DigiD's own session: single logout is not
    implemented, see docs/identity.md)."""
    citizen_sign_out(request)
    messages.success(request, _("U bent uitgelogd bij DigiD."))
    return redirect("loket:home")
