"""Staff sign-in rules that hold for every staff page, the admin included (issue 16, 15)."""

from __future__ import annotations

import time
from urllib.parse import urlencode

from django.conf import settings
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse

from loket.citizen_session import CITIZEN_KEY, citizen_session_touch

# Pages behind the staff sign-in.
STAFF_PREFIXES = ("/werkplek/", "/admin/")
# Seconds between two refreshes of an active session's expiry (a write each time).
TOUCH_EVERY = 60
SEEN_KEY = "_ldz_seen"


def _exempt_paths() -> set[str]:
    return {
        reverse("loket:login"),
        reverse("loket:logout"),
        reverse("loket:login-code"),
        reverse("loket:login-2fa-setup"),
        reverse("admin:logout"),
    }


class StaffSignInMiddleware:
    """A signed-in user reaches staff pages only after the second factor (when required), and
    reaches the admin only with admin rights: anyone else gets a 404 there, not Django's
    "log in with another account". Anonymous visitors of the admin still get its login page,
    which django-axes guards like ours."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith(STAFF_PREFIXES) and request.user.is_authenticated:
            if (
                settings.LOKET_TWO_FACTOR_REQUIRED
                and not request.user.is_verified()
                and path not in _exempt_paths()
            ):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('loket:login-code')}?{query}")
            if path.startswith("/admin/") and not (
                request.user.is_active and request.user.is_staff
            ):
                raise Http404
        return self.get_response(request)


class StaffSessionIdleMiddleware:
    """Slides a signed-in session's expiry while it is used, so it ends SESSION_COOKIE_AGE
    (STAFF_SESSION_IDLE_MINUTES) after the last request. Django would do this with
    SESSION_SAVE_EVERY_REQUEST, at the price of a write per request; once a minute is enough."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(STAFF_PREFIXES) and request.user.is_authenticated:
            now = int(time.time())
            if now - request.session.get(SEEN_KEY, 0) >= TOUCH_EVERY:
                request.session[SEEN_KEY] = now
        return self.get_response(request)


def mark_session_seen(sender, request, user, **kwargs):
    """user_logged_in: the session written at sign-in counts as fresh, so the first pages after
    signing in do not write it again."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN_KEY] = int(time.time())


class CitizenSessionIdleMiddleware:
    """Ends a citizen's DigiD sign-in after DIGID_SESSION_IDLE_MINUTES without a request (DigiD's
    norm is 15), on every page. Staff sign-in in the same browser has
    its own clock (StaffSessionIdleMiddleware) and is left alone."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if CITIZEN_KEY in request.session:
            citizen_session_touch(request)
        return self.get_response(request)
