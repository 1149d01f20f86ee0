"""Two-factor sign-in for staff (issue 16): after the password, a TOTP code from an authenticator
app, or one of ten single-use recovery codes. Staff without an app enrol on first sign-in.

django-otp provides the devices (TOTP and static), their throttling (each wrong code doubles the
wait) and the "verified" mark in the session; the pages are our own, so they look and read like
the rest of the werkplek and work without JavaScript. django-two-factor-auth brings its own
login wizard in place of our login page (which w15a's post-login routing builds on), phone and
SMS methods we do not want, and more templates to keep accessible; hence django-otp.
"""

from __future__ import annotations

import base64
import secrets

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from loket.forms.signin import CodeForm

RECOVERY_CODES = 10
SETUP_KEY = "_ldz_totp_setup_key"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _verify(user, code: str):
    """The device that accepts `code`, or None. Six digits are tried on the app, anything else
    on the recovery codes (a used recovery code is deleted by django-otp)."""
    with transaction.atomic():
        for device in devices_for_user(user, confirmed=True, for_verify=True):
            is_totp = isinstance(device, TOTPDevice)
            if is_totp == code.isdigit() and device.verify_token(code):
                return device
    return None


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def code(request):
    """The second step: ask for the code; without an app yet, enrol first."""
    if not TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{_setup_url()}?{request.GET.urlencode()}")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = _verify(request.user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        form.add_error("code", _wrong_code())
    return render(
        request,
        "backoffice/login_code.html",
        {"form": form, "next": _next_url(request)},
        status=400 if form.errors else 200,
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def setup(request):
    """Enrolment: a new secret as a QR code and as text; the first correct code confirms it and
    shows the recovery codes, once."""
    if TOTPDevice.objects.filter(user=request.user, confirmed=True).exists():
        return redirect(f"{_code_url()}?{request.GET.urlencode()}")
    key = request.session.get(SETUP_KEY)
    if not key:
        key = secrets.token_hex(20)
        request.session[SETUP_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        entered = form.cleaned_data["code"]
        # One step of clock drift either way, as django-otp's TOTPDevice allows by default.
        if entered.isdigit() and TOTP(bytes.fromhex(key)).verify(int(entered), tolerance=1):
            device, codes = _enrol(request.user, key)
            del request.session[SETUP_KEY]
            otp_login(request, device)
            return render(
                request,
                "backoffice/login_recovery_codes.html",
                {"codes": codes, "next": _next_url(request)},
            )
        form.add_error("code", _wrong_code())
    device = TOTPDevice(user=request.user, key=key, name="app")
    secret = base64.b32encode(bytes.fromhex(key)).decode()
    return render(
        request,
        "backoffice/login_setup.html",
        {
            "form": form,
            "next": _next_url(request),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(scale=4, border=4),
            "secret_groups": [secret[i : i + 4] for i in range(0, len(secret), 4)],
        },
        status=400 if form.errors else 200,
    )


def _enrol(user, key: str) -> tuple[TOTPDevice, list[str]]:
    """The confirmed app and a fresh set of recovery codes (earlier ones stop working)."""
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        device = TOTPDevice.objects.create(user=user, key=key, name="app", confirmed=True)
        StaticDevice.objects.filter(user=user).delete()
        recovery = StaticDevice.objects.create(user=user, name="herstelcodes", confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=recovery, token=c) for c in codes)
    return device, codes


def _wrong_code() -> str:
    return _("Deze code klopt niet of is verlopen. Probeer de nieuwste code uit de app.")


def _code_url() -> str:
    return reverse("loket:login-code")


def _setup_url() -> str:
    return reverse("loket:login-2fa-setup")


def locked_out(request, credentials, *args, **kwargs):
    """AXES_LOCKOUT_CALLABLE: the page after too many wrong passwords, for the werkplek's sign-in
    and the admin's alike (429, like django-axes' own)."""
    return render(
        request,
        "backoffice/locked_out.html",
        {
            "failure_limit": settings.AXES_FAILURE_LIMIT,
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
        status=429,
    )
