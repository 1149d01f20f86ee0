"""Middleware that protects every page: the request size limit, no-store for staff pages, the
Permissions-Policy. (The Content-Security-Policy comes from django-csp.)"""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers

# Pages with personal data: staff pages (front desk, backoffice, council, notices) and the
# citizen's own pages after submitting. A shared or library computer must not keep them.
NO_STORE_PREFIXES = ("/werkplek/", "/volg/", "/ontvangen/", "/indienen/")

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "usb",
        "xr-spatial-tracking",
    )
)


class RequestSizeLimitMiddleware:
    """Refuse a request whose Content-Length is over the upload limit before anything reads the
    body (it must come before CsrfViewMiddleware, which reads POST). Without it a 200 MB body is
    read to disk and only then refused by the form. The reverse proxy refuses it even earlier
    (deploy/nginx.conf: client_max_body_size); this is the line for every other way in."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.LOKET_MAX_REQUEST_BYTES:
            return self.refuse(request)
        return self.get_response(request)

    @staticmethod
    def refuse(request):
        # LocaleMiddleware has not run: pick the language from the cookie / Accept-Language.
        language = translation.get_language_from_request(request)
        with translation.override(language):
            response = render(
                request,
                "413.html",
                {"limit_mb": settings.LOKET_MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
            )
        return response


class SecurityHeadersMiddleware:
    """Permissions-Policy on every response; Cache-Control: no-store on every staff page and on
    the citizen's own pages (and on any page shown to a signed-in user)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        signed_in = user is not None and user.is_authenticated
        no_store_already = "no-store" in response.get("Cache-Control", "")
        if (signed_in or request.path.startswith(NO_STORE_PREFIXES)) and not no_store_already:
            add_never_cache_headers(response)
        return response
