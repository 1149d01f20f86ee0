"""RFC 9457 problem details (application/problem+json), in the language of Accept-Language
(LocaleMiddleware has activated it; Dutch by default, English available)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from cases.errors import ActionNotAllowed, CaseActionError, CaseChangedMeanwhile, InvalidInput

PROBLEM_CONTENT_TYPE = "application/problem+json"
TYPE_BASE = "https://loket.example/problems/"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "changed-meanwhile"


class PreconditionRequired(exceptions.APIException):
    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "if-match-required"


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not-allowed-now"


def _titles() -> dict[int, str]:
    return {
        400: _("Ongeldige invoer"),
        401: _("Niet aangemeld"),
        403: _("Geen toegang"),
        404: _("Niet gevonden"),
        405: _("Methode niet toegestaan"),
        406: _("Niet aanvaardbaar"),
        409: _("Niet mogelijk in deze stand"),
        412: _("Intussen gewijzigd"),
        415: _("Niet ondersteund mediatype"),
        428: _("Versie ontbreekt"),
        429: _("Te veel verzoeken"),
    }


def _details() -> dict[int, str]:
    return {
        401: _("Het token ontbreekt of is ongeldig."),
        403: _("Dit token mag deze gegevens niet gebruiken."),
        404: _("Dit object bestaat niet of hoort niet bij uw organisatie."),
        412: _(
            "Het object is intussen gewijzigd. Haal het opnieuw op en stuur de nieuwe versie mee "
            "in If-Match."
        ),
        428: _("Stuur de versie die u las mee in de header If-Match."),
    }


def _domain_exception(exc: Exception) -> exceptions.APIException | None:
    """The services' errors, mapped once for every view."""
    if isinstance(exc, CaseChangedMeanwhile):
        return PreconditionFailed()
    if isinstance(exc, InvalidInput):
        return exceptions.ValidationError({"reason": [str(exc.message)]})
    if isinstance(exc, ActionNotAllowed | CaseActionError):
        return Conflict(str(exc.message))
    return None


def problem_exception_handler(exc, context):
    mapped = _domain_exception(exc)
    if mapped is not None:
        exc = mapped
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = response.status_code
    body = {
        "type": TYPE_BASE + str(getattr(exc, "default_code", "error")).replace("_", "-"),
        "title": _titles().get(code, _("Fout")),
        "status": code,
    }
    detail = _details().get(code)
    if isinstance(exc, exceptions.ValidationError):
        body["detail"] = _("Controleer de velden in 'errors'.")
        body["errors"] = response.data if isinstance(response.data, dict) else {"": response.data}
    elif isinstance(exc, exceptions.Throttled):
        body["detail"] = _("Probeer het over %(seconds)s seconden opnieuw.") % {
            "seconds": int(exc.wait or 1)
        }
    elif code in (409,) and isinstance(exc, Conflict):
        body["detail"] = str(exc.detail)
    else:
        body["detail"] = detail or str(getattr(exc, "detail", "")) or body["title"]
    request = context.get("request")
    if request is not None:
        body["instance"] = request.path
    headers = {k: v for k, v in response.items() if k in ("WWW-Authenticate", "Retry-After")}
    problem = Response(body, status=code, headers=headers, content_type=PROBLEM_CONTENT_TYPE)
    return problem
