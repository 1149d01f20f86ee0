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
from cases.models import Attachment, Case, CaseStatus, CorrectionTask, EventKind, Role
from cases.services.intake import hash_token
from notifications.models import Notification
from tests.factories import (
    TeamFactory,
    image_bytes,
    import_register,
    make_staff,
    post_form,
    valid_data,
)

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
    response = client.get(f"/volg/{secrets.token_urlsafe(24)}/")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    page = response.content.decode()
    assert "Even wachten" in page
    assert "Bel de gemeente" in page
    # Another client is not affected.
    other = client.get(f"/volg/{secrets.token_urlsafe(24)}/", REMOTE_ADDR="192.0.2.9")
    assert other.status_code == 404


@pytest.mark.django_db
def test_misses_never_lock_out_a_valid_link(client, caseworker):
    """Ten wrong links from the same address (a library, a proxy) used to lock the right link
    out for ten minutes."""
    case, token = file_case(client)
    for _ in range(12):
        assert client.get(f"/volg/{secrets.token_urlsafe(24)}/").status_code in (404, 429)
    response = client.get(f"/volg/{token}/")
    assert response.status_code == 200
    assert case.number in response.content.decode()
    assert client.post(f"/volg/{token}/intrekken/", {"confirm": "yes"}).status_code != 429


@pytest.mark.django_db
def test_many_lookups_of_a_valid_link_are_not_limited(client, caseworker):
    _case, token = file_case(client)
    for _ in range(70):
        assert client.get(f"/volg/{token}/").status_code == 200


# --- Answering an information request ----------------------------------------------------------


@pytest.mark.django_db
def test_citizen_answers_an_information_request_with_text_and_a_file(client, caseworker):
    case, token = file_case(client, "privacy")  # a type whose clock stops while we wait
    case = signed_in_with_digid(case)
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


def _main(page: str) -> str:
    """The page's main content without markup, so a name in a hidden input or an attribute
    cannot pass for text the citizen reads."""
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main)).replace("&#x27;", "'")


@pytest.mark.django_db
def test_chain_page_names_only_systems_whose_owner_confirmed_the_person_is_in_it(client):
    """Issue 15 point 3: the plan is the register's reach, not this person's data. Open checks
    are one sentence with a count; "not affected" disappears; a sensitive system is never named,
    also after its correction."""
    import_register()
    coordinator = make_staff(Role.COORDINATOR)[1]
    case, token = file_case(client, "ketenfout", source_system="BRP")
    case = signed_in_with_digid(case)
    case = services.case_take(case=case, actor=coordinator)
    tasks = services.correction_plan_create(case=case, actor=coordinator)
    by_code = {t.system.code: t for t in tasks}
    assert {"PW", "WMO", "JEUGD", "PARKVERG"} <= set(by_code)

    def owners_open():
        return (
            CorrectionTask.objects.filter(
                case=case, status__in=["pending", "requested", "disputed"]
            )
            .values("system__organisation")
            .distinct()
            .count()
        )

    text = _main(client.get(f"/volg/{token}/").content.decode())
    for task in tasks:
        assert task.system.name not in text
    assert "Wacht tot de fout eerder in de keten is verbeterd" not in text
    count = owners_open()
    assert count > 5
    assert f"Wij vragen nog bij {count} organisaties na of uw gegevens daar ook staan." in text

    # The source confirms; a parking system and the social domain's benefit system correct; the
    # WOZ says the person is not in it.
    brp = by_code["BRP"]
    services.correction_task_mark_corrected(task=brp, actor=coordinator)
    services.correction_task_verify(task=brp, actor=coordinator)
    CorrectionTask.objects.filter(pk=by_code["PARKVERG"].pk).update(status="corrected")
    CorrectionTask.objects.filter(pk=by_code["PW"].pk).update(status="verified")
    CorrectionTask.objects.filter(pk=by_code["WOZ"].pk).update(status="not_affected")
    text = _main(client.get(f"/volg/{token}/").content.decode())
    assert "Burgerzaken Basisregistratie Personen: Verbeterd" in text
    assert "Parkeren en Handhaving Parkeervergunningen: Verbeterd, wij controleren het" in text
    assert "een organisatie in het sociaal domein uw gegevens: Verbeterd" in text
    for hidden in ("Participatiewet", "Sociaal Domein", "WOZ-administratie", "Had de fout niet"):
        assert hidden not in text
    for code in ("JEUGD", "WMO", "MAGAZIJN", "HEFFING"):
        assert by_code[code].system.name not in text
    count = owners_open()
    assert f"Wij vragen nog bij {count} organisaties na" in text


@pytest.mark.django_db
def test_one_open_check_reads_in_the_singular(client):
    import_register()
    coordinator = make_staff(Role.COORDINATOR)[1]
    case, token = file_case(client, "ketenfout", source_system="BRP")
    case = signed_in_with_digid(case)
    case = services.case_take(case=case, actor=coordinator)
    services.correction_plan_create(case=case, actor=coordinator)
    case.correction_tasks.exclude(system__code="BRP").update(status="not_affected")
    text = _main(client.get(f"/volg/{token}/").content.decode())
    assert "Wij vragen nog bij 1 organisatie na of uw gegevens daar ook staan." in text
    assert "Basisregistratie Personen" not in text


@pytest.mark.django_db
def test_resolved_page_answer_first_dates_it_names_and_one_entry_per_reply(client, caseworker):
    """Issue 15 point 5: after resolution the answer comes first; the extension's entry names
    its date (the page no longer shows a due date "above"); a reply with a file is one entry."""
    case, token = file_case(client, "privacy")
    case = signed_in_with_digid(case)
    case = services.case_take(case=case, actor=caseworker)
    case = services.case_extend(case=case, actor=caseworker, amount=1, reason="Drukte.")
    extended_to = refreshed(case).due_date
    services.case_request_information(
        case=refreshed(case), actor=caseworker, question="Over welke jaren?", reply_days=14
    )
    client.post(
        f"/volg/{token}/antwoord/",
        {
            "text": "Over 2024.",
            "evidence": [SimpleUploadedFile("aanslag.png", PNG, content_type="image/png")],
        },
    )
    case = refreshed(case)
    assert case.events.filter(is_public=True, kind=EventKind.ATTACHMENT).exists()
    services.case_resolve(
        case=case, actor=caseworker, outcome="granted", answer="Hierbij uw gegevens."
    )
    page = client.get(f"/volg/{token}/").content.decode()
    answer = page.index("Hierbij uw gegevens.")
    assert answer < page.index("Stand van zaken:")
    assert answer < page.index("Wat is er gebeurd?")
    timeline = page[
        page.index('<ol class="timeline">') : page.index(
            "</ol>", page.index('<ol class="timeline">')
        )
    ]
    entries = re.findall(r"<li>.*?</li>", timeline, re.S)
    assert "Uiterlijk:" not in page  # no due date shown once resolved …
    assert "hierboven" not in timeline  # … so no entry points at one
    assert any(
        f"De uiterste datum is verschoven naar {format_date_nl(extended_to)}." in e for e in entries
    )
    reply_entries = [e for e in entries if "reactie" in e or "Bestanden" in e]
    assert len(reply_entries) == 1, reply_entries
    assert "Wij hebben uw reactie ontvangen." in reply_entries[0]


def signed_in_with_digid(case):
    """The citizen binds DigiD on the tracking page (x17b's link; here the service it calls), so
    the case may be decided (AVG art. 12(6), issue 17)."""
    return services.identity_verify(case=case, method="digid", bsn="111222333")
