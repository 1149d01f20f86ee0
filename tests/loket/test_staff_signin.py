"""Staff sign-in a CISO signs off (issue 16, point 2) and the admin's 404 (issue 15, point 5).

The django-axes, django-otp and loket imports sit in the tests that need them, so each test can be
run against the code before this change and fail on its own."""

from __future__ import annotations

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Role
from tests.factories import UserFactory, make_staff, start_production

PASSWORD = "secret-pass-123"
LOGIN = "/werkplek/inloggen/"


def sign_in(client, username: str, password: str = PASSWORD, url: str = LOGIN, **extra):
    return client.post(url, {"username": username, "password": password}, **extra)


# --- Lockout (django-axes) ---------------------------------------------------------------------


@pytest.mark.django_db
def test_five_wrong_passwords_lock_the_account_with_a_clear_message(client):
    user, _actor = make_staff(Role.CASEWORKER)
    for _ in range(4):
        assert sign_in(client, user.username, "wrong").status_code == 200  # the form again
    response = sign_in(client, user.username, "wrong")
    assert response.status_code == 429
    page = response.content.decode()
    assert "Inloggen tijdelijk geblokkeerd" in page
    assert "deblokkeren" in page
    # The right password does not help now, not even from another address.
    assert sign_in(client, user.username, REMOTE_ADDR="192.0.2.50").status_code == 429
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_five_wrong_passwords_from_one_address_lock_that_address(client):
    users = [make_staff(Role.CASEWORKER)[0] for _ in range(6)]
    for user in users[:5]:
        sign_in(client, user.username, "wrong", REMOTE_ADDR="198.51.100.66")
    # A sixth account, right password, same address: refused.
    assert sign_in(client, users[5].username, REMOTE_ADDR="198.51.100.66").status_code == 429
    # The same account from elsewhere signs in.
    assert sign_in(client, users[5].username, REMOTE_ADDR="198.51.100.67").status_code == 302


@pytest.mark.django_db
def test_an_ipv6_guesser_cannot_rotate_addresses_within_its_64(client):
    users = [make_staff(Role.CASEWORKER)[0] for _ in range(6)]
    for n, user in enumerate(users[:5]):
        sign_in(client, user.username, "wrong", REMOTE_ADDR=f"2001:db8:5:6::{n + 1:x}")
    assert sign_in(client, users[5].username, REMOTE_ADDR="2001:db8:5:6::99").status_code == 429
    assert sign_in(client, users[5].username, REMOTE_ADDR="2001:db8:5:7::1").status_code == 302


@pytest.mark.django_db
def test_the_admin_login_is_locked_too_and_an_administrator_unlocks_in_the_admin(client):
    admin = UserFactory(username="beheer", is_staff=True, is_superuser=True)
    for _ in range(5):
        response = sign_in(client, "beheer", "wrong", url="/admin/login/")
    assert response.status_code == 429
    assert sign_in(client, "beheer", url="/admin/login/").status_code == 429

    from axes.models import AccessAttempt

    other = UserFactory(username="beheer2", is_staff=True, is_superuser=True)
    client.force_login(other)
    listing = client.get("/admin/axes/accessattempt/")
    assert listing.status_code == 200
    assert "beheer" in listing.content.decode()
    attempt = AccessAttempt.objects.get(username="beheer")
    response = client.post(f"/admin/axes/accessattempt/{attempt.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    client.logout()
    assert sign_in(client, admin.username, url="/admin/login/").status_code == 302


# --- Passwords ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password",
    [
        "Welkom01!",
        "Zomer2026!",
        "gemeente2026",
        "Gemeente2026!!",
        "Welkomwelkom1!",
        "W3lk0m2026!!!",
        "Voorbeeldstad2026!",
        "Herfst-2026-Winter!",
        "korte-zin1",  # eleven characters
    ],
)
def test_weak_and_common_dutch_passwords_are_refused(password, settings):
    settings.MUNICIPALITY_NAME = "Gemeente Voorbeeldstad"
    with pytest.raises(ValidationError):
        validate_password(password)


def test_a_long_own_sentence_is_accepted():
    validate_password("paarse fietsbel onder de brug")
    validate_password("Welkom in de paarse fietsenstalling!")


# --- Sessions ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_staff_session_ends_with_the_browser_and_after_thirty_idle_minutes(client, settings):
    assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    user, _actor = make_staff(Role.CASEWORKER)
    response = sign_in(client, user.username)
    assert response.status_code == 302
    cookie = response.cookies[settings.SESSION_COOKIE_NAME]
    assert not cookie["max-age"] and not cookie["expires"]  # gone when the browser closes
    session = Session.objects.get(session_key=client.session.session_key)
    left = session.expire_date - timezone.now()
    assert timedelta(minutes=29) < left <= timedelta(minutes=30)
    # Idle for longer than that: signed out.
    Session.objects.filter(pk=session.pk).update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/werkplek/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


@pytest.mark.django_db
def test_an_active_session_keeps_sliding(client):
    from loket.middleware import SEEN_KEY

    user, _actor = make_staff(Role.CASEWORKER)
    sign_in(client, user.username)
    session = client.session
    session[SEEN_KEY] = int(time.time()) - 25 * 60  # last refreshed 25 minutes ago
    session.save()
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() + timedelta(minutes=5)
    )
    assert client.get("/werkplek/").status_code == 200
    expire = Session.objects.get(pk=session.session_key).expire_date
    assert expire - timezone.now() > timedelta(minutes=29)


def test_production_forces_two_factor_and_reads_the_idle_minutes():
    result = start_production(
        TRUSTED_PROXY_COUNT="1", LOKET_TWO_FACTOR_REQUIRED="false", STAFF_SESSION_IDLE_MINUTES="15"
    )
    assert result.returncode == 0, result.stderr
    result = start_production(
        TRUSTED_PROXY_COUNT="1",
        LOKET_TWO_FACTOR_REQUIRED="false",
        STAFF_SESSION_IDLE_MINUTES="15",
        PRINT="1",
    )
    assert "2fa=True age=900 close=True" in result.stdout


# --- Two-factor sign-in ------------------------------------------------------------------------


def _code_from_setup_page(client) -> str:
    from django_otp.oath import TOTP

    from loket.views.signin import SETUP_KEY

    key = client.session[SETUP_KEY]
    return f"{TOTP(bytes.fromhex(key)).token():06d}"


@pytest.mark.django_db
def test_staff_enrol_an_app_then_sign_in_with_a_code_or_a_recovery_code(client, settings):
    from django_otp.plugins.otp_static.models import StaticToken

    settings.LOKET_TWO_FACTOR_REQUIRED = True
    user, _actor = make_staff(Role.CASEWORKER)
    assert sign_in(client, user.username).status_code == 302
    # The password alone does not open the werkplek.
    response = client.get("/werkplek/zaken/")
    assert response.status_code == 302
    assert response["Location"].startswith("/werkplek/inloggen/code/?next=")
    response = client.get(response["Location"])
    assert (
        response.status_code == 302 and "/werkplek/inloggen/app-koppelen/" in response["Location"]
    )
    setup = client.get(response["Location"])
    page = setup.content.decode()
    assert "<svg" in page and 'class="otp-secret"' in page
    assert client.post(setup.request["PATH_INFO"], {"code": "000000"}).status_code == 400
    response = client.post(
        "/werkplek/inloggen/app-koppelen/?next=/werkplek/zaken/",
        {"code": _code_from_setup_page(client), "next": "/werkplek/zaken/"},
    )
    assert response.status_code == 200
    codes = re.findall(r"<li><code>([a-z0-9]+)</code></li>", response.content.decode())
    assert len(codes) == 10
    assert client.get("/werkplek/zaken/").status_code == 200

    # Next sign-in: the code step, no enrolment. A wrong code is refused; a recovery code works
    # once.
    client.post("/werkplek/uitloggen/")
    sign_in(client, user.username)
    assert client.get("/werkplek/").status_code == 302
    response = client.post("/werkplek/inloggen/code/", {"code": "123456", "next": "/werkplek/"})
    assert response.status_code == 400
    assert "klopt niet" in response.content.decode()
    response = client.post(
        "/werkplek/inloggen/code/", {"code": codes[0].upper(), "next": "/werkplek/"}
    )
    assert response.status_code == 302 and response["Location"] == "/werkplek/"
    assert client.get("/werkplek/").status_code == 200
    assert not StaticToken.objects.filter(token=codes[0]).exists()


@pytest.mark.django_db
def test_the_superuser_needs_the_second_factor_for_the_admin(client, settings):
    settings.LOKET_TWO_FACTOR_REQUIRED = True
    admin = UserFactory(is_staff=True, is_superuser=True)
    assert sign_in(client, admin.username, url="/admin/login/?next=/admin/").status_code == 302
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/werkplek/inloggen/code/?next=%2Fadmin%2F")


@pytest.mark.django_db
def test_an_off_site_next_is_not_followed_after_the_code(client, settings):
    settings.LOKET_TWO_FACTOR_REQUIRED = True
    user, _actor = make_staff(Role.CASEWORKER)
    sign_in(client, user.username)
    client.get("/werkplek/inloggen/app-koppelen/")
    response = client.post(
        "/werkplek/inloggen/app-koppelen/",
        {"code": _code_from_setup_page(client), "next": "https://evil.example/"},
    )
    assert 'href="https://evil.example/"' not in response.content.decode()


# --- The admin is for administrators -------------------------------------------------------------


@pytest.mark.django_db
def test_staff_without_admin_rights_get_a_404_on_the_admin(client):
    user, _actor = make_staff(Role.CASEWORKER)
    client.force_login(user)
    for url in ("/admin/", "/admin/login/", "/admin/cases/case/"):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "ander account" not in response.content.decode()


@pytest.mark.django_db
def test_anonymous_visitors_get_the_admin_login_and_administrators_the_admin(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert client.get("/admin/login/").status_code == 200
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    assert client.get("/admin/").status_code == 200
