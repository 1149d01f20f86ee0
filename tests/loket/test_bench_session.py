"""`manage.py bench_session`: the harness's signed-in staff session (issue 23), where production
asks every sign-in for a second factor. Only where demo data is allowed."""

from __future__ import annotations

from io import StringIO

import pytest
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.core.management.base import CommandError

from cases.models import Role
from tests.factories import make_staff

WORKLIST = "/werkplek/zaken/?lijst=alle"


def _cookie(username: str) -> str:
    out = StringIO()
    call_command("bench_session", username, stdout=out)
    return out.getvalue().strip()


@pytest.mark.django_db
def test_the_session_passes_the_second_factor_the_list_page_asks_for(client, settings):
    settings.DEMO_DATA_ALLOWED = True
    settings.LOKET_TWO_FACTOR_REQUIRED = True
    user, _actor = make_staff(Role.COORDINATOR, username="regisseur")
    # Signed in with the password alone, the list page sends a staff member to the code page.
    client.force_login(user)
    assert "/werkplek/inloggen/code/" in client.get(WORKLIST)["Location"]
    client.logout()

    name, _, key = _cookie("regisseur").partition("=")
    assert name == settings.SESSION_COOKIE_NAME
    client.cookies[name] = key
    response = client.get(WORKLIST)
    assert response.status_code == 200
    assert response.wsgi_request.user == user
    assert response.wsgi_request.user.is_verified()


@pytest.mark.django_db
def test_refused_where_demo_data_is_not_allowed(settings):
    settings.DEMO_DATA_ALLOWED = False
    make_staff(Role.COORDINATOR, username="regisseur")
    with pytest.raises(CommandError):
        _cookie("regisseur")
    assert not Session.objects.exists()


@pytest.mark.django_db
def test_unknown_or_inactive_users_get_no_session(settings):
    settings.DEMO_DATA_ALLOWED = True
    user, _actor = make_staff(Role.COORDINATOR, username="oud")
    user.is_active = False
    user.save()
    for username in ("oud", "niemand"):
        with pytest.raises(CommandError):
            _cookie(username)
    assert not Session.objects.exists()
