"""A signed-in, second-factor-verified staff session for the benchmark harness.

    python manage.py bench_session regisseur
    LIST_COOKIE="$(python manage.py bench_session regisseur)" bash ../shared/peers/sidebyside.sh

Production asks every staff sign-in for a TOTP code, so the harness cannot sign in through the
login form. This command makes the session a real sign-in would leave behind (Django's login
plus django-otp's verified device) and prints it as a Cookie header. It runs only where demo
data is allowed (DEMO_DATA_ALLOWED): it must never mint sessions on a real installation.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model, login
from django.contrib.sessions.backends.base import SessionBase
from django.core.management.base import BaseCommand, CommandError
from django.test import RequestFactory
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

BACKEND = "django.contrib.auth.backends.ModelBackend"


class Command(BaseCommand):
    help = "Maak een ingelogde medewerkerssessie (met tweede factor) voor de benchmark."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Benchmarksessies zijn uitgeschakeld in deze omgeving.")
        user = get_user_model().objects.filter(username=options["username"], is_active=True)
        user = user.first()
        if user is None:
            raise CommandError(f"Geen actieve gebruiker {options['username']!r}.")
        request = RequestFactory().get("/werkplek/")
        request.session = _new_session()
        request.user = user
        login(request, user, backend=BACKEND)
        otp_login(request, _device(user))
        request.session.save()
        self.stdout.write(f"{settings.SESSION_COOKIE_NAME}={request.session.session_key}")


def _new_session() -> SessionBase:
    from importlib import import_module

    return import_module(settings.SESSION_ENGINE).SessionStore()


def _device(user) -> TOTPDevice:
    """The user's confirmed app; a demo account that never enrolled gets one (its key is
    random and shown nowhere: the benchmark needs the verified session, not the codes)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    return device
