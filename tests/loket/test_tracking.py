"""The tracking page: only the secret link finds a case; the token is stored hashed; lookups are
rate limited; the citizen answers an information request and withdraws with a confirmation."""

from __future__ import annotations

import base64
import re
import secrets

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection

from cases import services
from cases.deadlines import format_date_en, format_date_nl
from cases.models import Attachment, Case, CaseStatus, EventKind, Role
from cases.services.intake import hash_token
from notifications.models import Notification
from tests.factories import TeamFactory, image_bytes, make_staff
from tests.loket.test_public_forms import import_register, post_form, valid_data

PNG = image_bytes("PNG")  # a real image: photos are re-encoded when stored


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def caseworker(db):
    """A caseworker in the fallback team, where every new case is routed."""
    team = TeamFactory(is_fallback=True)
    return make_staff(Role.CASEWORKER, team=team)[1]


def file_case(client, slug: str = "vraag", **overrides) -> tuple[Case, str]:
    """File a case through the public form and read the secret link off the receipt."""
    response = post_form(client, slug, valid_data(slug, **overrides))
    assert response.status_code == 302
    receipt = client.get("/ontvangen/").content.decode()
    token = re.search(r'href="/volg/([A-Za-z0-9_-]+)/"', receipt).group(1)
    number = re.search(r'class="case-number">([^<]+)<', receipt).group(1)
    return Case.objects.get(number=number), token


def refreshed(case: Case) -> Case:
    return Case.objects.get(pk=case.pk)


# --- The secret link ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_secret_link_shows_status_due_date_organisation_and_timeline(client, caseworker):
    case, token = file_case(client)
    response = client.get(f"/volg/{token}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f"Uw zaak {case.number}" in page
    assert "Ontvangen. Wij gaan uw zaak bekijken." in page
    assert format_date_nl(case.due_date) in page
    assert case.organisation.display_name in page
    assert "Wij hebben uw zaak ontvangen." in page
    assert '<meta name="robots" content="noindex">' in page
    assert "no-store" in response["Cache-Control"] or "no-cache" in response["Cache-Control"]
    # The citizen's own free text and internal data are not repeated on the page.
    assert case.tracking_token_hash not in page


@pytest.mark.django_db
def test_tracking_page_in_english(client, caseworker):
    case, token = file_case(client)
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    page = client.get(f"/volg/{token}/").content.decode()
    assert '<html lang="en">' in page
    assert format_date_en(case.due_date) in page


@pytest.mark.django_db
def test_wrong_short_or_altered_token_and_the_case_number_show_nothing(client, caseworker):
    case, token = file_case(client)
    wrong = [
        secrets.token_urlsafe(24),
        token[:-1],
        token + "A",
        token[:20],
        "abc",
        case.number,
        hash_token(token),  # the stored hash is not a key either
    ]
    if token.upper() != token:
        wrong.append(token.upper())
    for candidate in wrong:
        for url in (f"/volg/{candidate}/", f"/volg/{candidate}/intrekken/"):
            response = client.get(url)
            assert response.status_code == 404, url
            body = response.content.decode()
            assert case.number not in body
            assert "Anna de Vries" not in body
        cache.clear()  # misses are rate limited; this test is about what a miss shows
    for url in ("/volg/", "/volg//", f"/volg/{case.number}"):
        response = client.get(url, follow=True)  # without the slash: redirected, then 404
        assert response.status_code == 404
        assert case.number not in response.content.decode()


@pytest.mark.django_db
def test_wrong_token_cannot_reply_or_withdraw(client, caseworker):
    case, _token = file_case(client)
    services.case_request_information(
        case=services.case_take(case=case, actor=caseworker), actor=caseworker, question="Welke?"
    )
    wrong = secrets.token_urlsafe(24)
    assert client.post(f"/volg/{wrong}/antwoord/", {"text": "Hier"}).status_code == 404
    assert client.post(f"/volg/{wrong}/intrekken/", {"confirm": "yes"}).status_code == 404
    assert refreshed(case).status == CaseStatus.AWAITING_CITIZEN


@pytest.mark.django_db
def test_token_is_random_at_least_128_bits_and_stored_only_as_its_sha256(client, caseworker):
    case, token = file_case(client)
    other, other_token = file_case(client)
    assert token != other_token
    assert len(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))) >= 16
    import hashlib

    assert case.tracking_token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM cases_case WHERE id = %s", [case.pk])
        row = cursor.fetchone()
    assert row is not None
    assert not any(token in str(value) for value in row)


@pytest.mark.django_db
def test_raw_token_is_kept_nowhere_on_the_server_but_in_the_receipt_notice(client, caseworker):
    """Not in the case row, not in the session table: the receipt page gets it from a signed,
    short-lived cookie in the citizen's own browser. (The pending receipt notice carries the
    link until it is sent.)"""
    case, token = file_case(client)
    with connection.cursor() as cursor:
        cursor.execute("SELECT session_key, session_data FROM django_session")
        sessions = cursor.fetchall()
    from django.contrib.sessions.backends.db import SessionStore

    for key, data in sessions:
        assert token not in data
        assert token not in str(SessionStore(session_key=key).load())
    # The cookie as the form set it (the receipt page deletes it once shown: issue 16).
    submitted = post_form(client, "vraag", valid_data("vraag"))
    cookie = submitted.cookies["loket_receipt"]
    assert cookie["httponly"] and cookie["path"] == "/ontvangen/"
    assert cookie["max-age"] == 3600


@pytest.mark.django_db
def test_tampered_receipt_cookie_shows_no_receipt(client, caseworker):
    case, _token = file_case(client)
    other, other_token = file_case(client)
    client.cookies["loket_receipt"] = f"{case.pk}:{other_token}"  # unsigned: refused
    response = client.get("/ontvangen/")
    assert response.status_code == 302 and response["Location"] == "/"


# --- Rate limit on lookups ---------------------------------------------------------------------


@pytest.mark.django_db
def test_guessing_links_is_rate_limited_with_a_clear_page(client, caseworker):
    _case, token = file_case(client)
    for _ in range(10):
        assert client.get(f"/volg/{secrets.token_urlsafe(24)}/").status_code == 404
    response = client.get(f"/volg/{token}/")  # even the right link waits now
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    page = response.content.decode()
    assert "Even wachten" in page
    assert "Bel de gemeente" in page
    # Another client is not affected.
    assert client.get(f"/volg/{token}/", REMOTE_ADDR="192.0.2.9").status_code == 200


@pytest.mark.django_db
def test_many_lookups_of_a_valid_link_are_rate_limited_too(client, caseworker):
    _case, token = file_case(client)
    for _ in range(60):
        assert client.get(f"/volg/{token}/").status_code == 200
    response = client.get(f"/volg/{token}/")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert client.post(f"/volg/{token}/intrekken/", {"confirm": "yes"}).status_code == 429


# --- Answering an information request ----------------------------------------------------------


@pytest.mark.django_db
def test_citizen_answers_an_information_request_with_text_and_a_file(client, caseworker):
    case, token = file_case(client, "privacy")  # a type whose clock stops while we wait
    case = services.case_take(case=case, actor=caseworker)
    services.case_request_information(
        case=case, actor=caseworker, question="Over welke jaren gaat het?", reply_days=14
    )
    case = refreshed(case)
    assert case.suspensions.filter(end__isnull=True).count() == 1
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Wij hebben informatie van u nodig" in page
    assert "Over welke jaren gaat het?" in page
    assert f"Reageer uiterlijk {format_date_nl(case.reply_due_date)}" in page

    response = client.post(
        f"/volg/{token}/antwoord/",
        {
            "text": "Over 2024 en 2025.",
            "evidence": [SimpleUploadedFile("aanslag.png", PNG, content_type="image/png")],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/volg/{token}/"
    case = refreshed(case)
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.reply_due_date is None
    assert case.suspensions.filter(end__isnull=True).count() == 0  # the clock runs again
    reply = case.events.get(kind=EventKind.REPLY)
    assert reply.reason == "Over 2024 en 2025." and reply.is_public
    assert Attachment.objects.get(case=case).original_name == "aanslag.png"
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Dank u wel. Wij hebben uw antwoord ontvangen." in page
    assert "Wij hebben informatie van u nodig" not in page
    assert "Wij hebben uw reactie ontvangen." in page


@pytest.mark.django_db
def test_empty_reply_shows_the_error_summary_and_changes_nothing(client, caseworker):
    case, token = file_case(client)
    services.case_request_information(
        case=services.case_take(case=case, actor=caseworker), actor=caseworker, question="Welke?"
    )
    response = client.post(f"/volg/{token}/antwoord/", {"text": "  \x00 "})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_text"' in page and 'id="id_text"' in page
    assert refreshed(case).status == CaseStatus.AWAITING_CITIZEN

    response = client.post(
        f"/volg/{token}/antwoord/",
        {"text": "Hier is de brief", "evidence": [SimpleUploadedFile("brief.pdf", b"tekst")]},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "brief.pdf is geen PDF, PNG of JPEG" in page
    assert ">\nHier is de brief</textarea>" in page
    assert refreshed(case).status == CaseStatus.AWAITING_CITIZEN


@pytest.mark.django_db
def test_reply_when_nothing_was_asked_is_refused_politely(client, caseworker):
    case, token = file_case(client)
    response = client.post(f"/volg/{token}/antwoord/", {"text": "Nog een vraag"}, follow=True)
    assert response.status_code == 200
    assert "U mag deze actie bij deze zaak nu niet uitvoeren." in response.content.decode()
    assert not refreshed(case).events.filter(kind=EventKind.REPLY).exists()
    # The form is only offered while we wait for the citizen.
    assert "Antwoord versturen" not in client.get(f"/volg/{token}/").content.decode()


# --- Withdrawing -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_withdraw_asks_for_confirmation_first(client, caseworker):
    case, token = file_case(client)
    page = client.get(f"/volg/{token}/").content.decode()
    assert f'href="/volg/{token}/intrekken/"' in page
    response = client.get(f"/volg/{token}/intrekken/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Weet u zeker dat u uw zaak wilt intrekken?" in page
    assert case.number in page
    assert refreshed(case).status == CaseStatus.RECEIVED
    # A POST without the confirmation does nothing but show the question again.
    response = client.post(f"/volg/{token}/intrekken/", {})
    assert response.status_code == 200
    assert refreshed(case).status == CaseStatus.RECEIVED

    response = client.post(f"/volg/{token}/intrekken/", {"confirm": "yes"})
    assert response.status_code == 302
    case = refreshed(case)
    assert case.status == CaseStatus.WITHDRAWN
    event = case.events.get(transition="withdraw")
    assert event.actor_kind == "citizen" and event.is_public
    assert Notification.objects.filter(
        reference=f"case:{case.pk}", template_key="withdrawn"
    ).exists()
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Uw zaak is ingetrokken." in page
    assert "U heeft uw zaak ingetrokken." in page
    assert f'href="/volg/{token}/intrekken/"' not in page
    # Afterwards the confirmation page just leads back; a second withdrawal changes nothing.
    assert client.get(f"/volg/{token}/intrekken/")["Location"] == f"/volg/{token}/"
    client.post(f"/volg/{token}/intrekken/", {"confirm": "yes"})
    assert refreshed(case).events.filter(transition="withdraw").count() == 1


@pytest.mark.django_db
def test_resolved_case_shows_the_answer(client):
    coordinator = make_staff(Role.COORDINATOR)[1]
    case, token = file_case(client)
    case = services.case_take(case=case, actor=coordinator)
    services.case_resolve(
        case=case, actor=coordinator, outcome="answered", answer="U kunt online verlengen."
    )
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Afgehandeld. U heeft ons antwoord gekregen." in page
    assert "U kunt online verlengen." in page
    assert "Zaak intrekken" not in page


@pytest.mark.django_db
def test_chain_error_page_shows_every_organisation_and_each_correction(client):
    import_register()
    coordinator = make_staff(Role.COORDINATOR)[1]
    case, token = file_case(client, "ketenfout", source_system="BRP")
    case = services.case_take(case=case, actor=coordinator)
    tasks = services.correction_plan_create(case=case, actor=coordinator)
    assert len(tasks) > 1
    page = client.get(f"/volg/{token}/").content.decode()
    assert "Wij laten de fout verbeteren bij alle organisaties die de gegevens hebben." in page
    for task in tasks:
        task.refresh_from_db()
        assert task.system.organisation.display_name.replace("'", "&#x27;") in page
        assert task.system.display_name in page
    assert "Gevraagd om de fout te verbeteren" in page  # the source system
    assert "Wacht tot de fout eerder in de keten is verbeterd" in page  # downstream
