"""The citizen's pages in a real Chromium: filing each case type (a question on a phone), the
receipt, the tracking link, answering an information request, withdrawing with the confirmation
step; and axe-core on every public page in Dutch and in English."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from cases import services
from cases.deadlines import format_date_en, format_date_nl
from cases.models import Attachment, Case, CaseStatus, ChainReport, EventKind, Role
from loket import ratelimit
from tests.conftest import axe_violations
from tests.factories import TeamFactory, image_bytes, import_register, make_staff

pytestmark = pytest.mark.django_db(transaction=True)

PNG = image_bytes("PNG")  # a real image: photos are re-encoded when stored
PDF = b"%PDF-1.4\n%%EOF\n"
PHONE = {"width": 390, "height": 844}


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def phone_page(chromium, live_server):
    """A phone-sized, touch viewport (iPhone 12-ish)."""
    context = chromium.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def caseworker():
    """Every new case is routed to the fallback team; this caseworker is in it."""
    team = TeamFactory(is_fallback=True)
    return make_staff(Role.CASEWORKER, team=team)[1]


def fits_the_screen(page) -> bool:
    """No sideways scrolling (WCAG 1.4.10 reflow)."""
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def fill_contact(page, *, email: str = "anna@voorbeeld.test", address: str = "") -> None:
    page.get_by_role("textbox", name=re.compile("^Uw naam")).fill("Anna de Vries")
    if email:
        page.get_by_role("textbox", name=re.compile("^Uw e-mailadres")).fill(email)
    page.get_by_role("textbox", name=re.compile("^Uw telefoonnummer")).fill("06 1234 5678")
    if address:
        page.get_by_role("textbox", name=re.compile("^Uw postadres")).fill(address)


def submit_and_read_receipt(page) -> tuple[Case, str]:
    page.get_by_role("button", name="Versturen").click()
    # A regex: the browser keeps a #fragment from an error-summary link across the redirect.
    page.wait_for_url(re.compile(r"/ontvangen/"))
    assert page.get_by_role("heading", level=1).inner_text() == "Wij hebben uw zaak ontvangen"
    number = page.locator(".case-number").inner_text()
    case = Case.objects.get(number=number)
    assert format_date_nl(case.due_date) in page.locator("main").inner_text()
    link = page.locator(".tracking-link a")
    token = re.fullmatch(r"/volg/([A-Za-z0-9_-]+)/", link.get_attribute("href")).group(1)
    assert link.inner_text().endswith(f"/volg/{token}/")
    return case, token


def request_information(case: Case, actor, question: str) -> None:
    case = services.case_take(case=case, actor=actor)
    services.case_request_information(case=case, actor=actor, question=question)


# --- A citizen, start to finish, on a phone -------------------------------------------------------


def test_citizen_asks_a_question_on_a_phone_answers_and_withdraws(phone_page, caseworker):
    page = phone_page
    page.goto("/")
    assert fits_the_screen(page)
    page.get_by_role("link", name=re.compile("Een vraag stellen")).click()
    page.wait_for_url("**/indienen/vraag/")
    assert fits_the_screen(page)

    # First a mistake: the question itself is forgotten. The summary links to the field.
    page.get_by_role("textbox", name=re.compile("^Waar gaat uw vraag over")).fill("Verhuizing")
    fill_contact(page)
    page.get_by_role("button", name="Versturen").click()
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    summary.get_by_role("link", name=re.compile("^Uw vraag")).click()
    assert page.evaluate("document.activeElement.id") == "id_description"
    assert page.locator("#id_subject").input_value() == "Verhuizing"  # kept
    assert page.locator("#id_citizen_name").input_value() == "Anna de Vries"
    assert fits_the_screen(page)

    page.locator("#id_description").fill("Waarom staat mijn oude adres nog op de aanslag?")
    case, token = submit_and_read_receipt(page)
    assert case.case_type.code == "question"
    assert case.channel == "web"
    assert case.description == "Waarom staat mijn oude adres nog op de aanslag?"
    assert fits_the_screen(page)

    page.locator(".tracking-link a").click()
    page.wait_for_url(f"**/volg/{token}/")
    assert case.number in page.get_by_role("heading", level=1).inner_text()
    assert "Ontvangen. Wij gaan uw zaak bekijken." in page.locator(".panel").inner_text()
    assert fits_the_screen(page)

    # The caseworker asks for information; the citizen answers with a photo.
    request_information(case, caseworker, "Kunt u een foto van de aanslag sturen?")
    page.reload()
    reply = page.get_by_role("region", name="Wij hebben informatie van u nodig")
    assert "Kunt u een foto van de aanslag sturen?" in reply.inner_text()
    reply.get_by_role("textbox", name=re.compile("^Uw antwoord")).fill("Hierbij de foto.")
    reply.locator("#id_evidence").set_input_files(
        {"name": "aanslag.png", "mimeType": "image/png", "buffer": PNG}
    )
    assert fits_the_screen(page)
    reply.get_by_role("button", name="Antwoord versturen").click()
    page.wait_for_url(f"**/volg/{token}/")
    assert "Dank u wel. Wij hebben uw antwoord ontvangen." in page.locator(".messages").inner_text()
    assert page.get_by_role("region", name="Wij hebben informatie van u nodig").count() == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.events.get(kind=EventKind.REPLY).reason == "Hierbij de foto."
    assert Attachment.objects.get(case=case).content_type == "image/png"

    # Withdrawing asks first; "no" changes nothing, "yes" withdraws.
    page.get_by_role("link", name="Zaak intrekken").click()
    page.wait_for_url(f"**/volg/{token}/intrekken/")
    assert "Weet u zeker" in page.get_by_role("heading", level=1).inner_text()
    assert fits_the_screen(page)
    page.get_by_role("link", name="Nee, terug").click()
    page.wait_for_url(f"**/volg/{token}/")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    page.get_by_role("link", name="Zaak intrekken").click()
    page.get_by_role("button", name="Ja, trek mijn zaak in").click()
    page.wait_for_url(f"**/volg/{token}/")
    assert "Uw zaak is ingetrokken." in page.locator(".messages").inner_text()
    assert "U heeft uw zaak ingetrokken." in page.locator(".panel").inner_text()
    assert page.get_by_role("link", name="Zaak intrekken").count() == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN


# --- Every other case type --------------------------------------------------------------------


def test_citizen_files_a_complaint_with_a_document(page, caseworker):
    page.goto("/")
    page.get_by_role("link", name=re.compile("Een klacht indienen")).click()
    page.get_by_role("textbox", name=re.compile("^Waar gaat uw klacht over")).fill("Behandeling")
    page.get_by_role("textbox", name=re.compile("^Wat is er gebeurd")).fill(
        "Ik werd aan de balie afgesnauwd."
    )
    page.locator("#id_happened_on").fill("2026-11-02")
    page.get_by_role("textbox", name=re.compile("^Over wie of welke afdeling")).fill("De balie")
    page.locator("#id_evidence").set_input_files(
        {"name": "brief.pdf", "mimeType": "application/pdf", "buffer": PDF}
    )
    fill_contact(page)
    case, token = submit_and_read_receipt(page)
    assert case.case_type.code == "complaint"
    assert case.complained_about == "De balie"
    assert "2026-11-02" in case.description
    assert Attachment.objects.get(case=case).original_name == "brief.pdf"
    assert "ontvangstbevestiging per e-mail" in page.locator("main").inner_text()
    page.locator(".tracking-link a").click()
    assert case.number in page.get_by_role("heading", level=1).inner_text()


def test_citizen_reports_wrong_data_in_the_chain(page, caseworker):
    import_register()
    page.goto("/")
    page.get_by_role("link", name=re.compile("Een fout in uw gegevens melden")).click()
    page.get_by_label("Waar zag u de fout?").select_option(
        label="Heffingen gemeentelijke belastingen (Belastingen en WOZ)"
    )
    page.get_by_role("checkbox", name="Adres / verblijfplaats").check()
    page.get_by_role("checkbox", name="Samenstelling huishouden").check()
    page.get_by_role("textbox", name=re.compile(r"^Wat staat er nu")).fill("Kerkstraat 1")
    page.get_by_role("textbox", name=re.compile("^Wat is juist")).fill("Dorpsstraat 22")
    fill_contact(page)
    case, token = submit_and_read_receipt(page)
    assert case.case_type.code == "chain_error"
    report = ChainReport.objects.get(case=case)
    assert report.noticed_system.code == "HEFFING"
    assert report.source_system is None  # "Weet ik niet": triage finds it
    assert sorted(report.elements.values_list("code", flat=True)) == ["adres", "huishouden"]
    assert (report.wrong_value, report.right_value) == ("Kerkstraat 1", "Dorpsstraat 22")
    page.locator(".tracking-link a").click()
    assert case.number in page.get_by_role("heading", level=1).inner_text()


def test_citizen_makes_a_privacy_request_with_only_a_postal_address(page, caseworker):
    page.goto("/")
    page.get_by_role("link", name=re.compile("Uw gegevens inzien")).click()
    page.get_by_role("radio", name=re.compile(r"verbetert \(correctie\)")).check()
    page.get_by_role("textbox", name=re.compile("^Toelichting")).fill("Mijn geboortedatum.")
    fill_contact(page, email="", address="Dorpsstraat 22\n1234 AB Voorbeeld")
    case, token = submit_and_read_receipt(page)
    assert case.case_type.code == "privacy_request"
    assert "correctie" in case.subject
    assert case.citizen_email == ""
    assert "ontvangstbevestiging per post" in page.locator("main").inner_text()
    page.locator(".tracking-link a").click()
    assert case.number in page.get_by_role("heading", level=1).inner_text()


def test_citizen_asks_for_documents_under_the_woo(page, caseworker):
    page.goto("/")
    page.get_by_role("link", name=re.compile(r"Documenten opvragen \(Woo\)")).click()
    page.get_by_role("textbox", name=re.compile("^Over welk onderwerp")).fill("Parkeerbeleid")
    page.get_by_role("textbox", name=re.compile("^Welke documenten zoekt u")).fill(
        "Alle nota's over betaald parkeren uit 2025."
    )
    fill_contact(page)
    case, token = submit_and_read_receipt(page)
    assert case.case_type.code == "woo_request"
    assert case.subject == "Parkeerbeleid"
    page.locator(".tracking-link a").click()
    assert case.number in page.get_by_role("heading", level=1).inner_text()


# --- axe-core on every public page, in both languages ------------------------------------------


def _limit_tracking_for_this_browser() -> None:
    """Use up the tracking-miss budget of the live server's client (127.0.0.1)."""
    request = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1")
    for _ in range(ratelimit.TRACKING_MISSES.count):
        ratelimit.hit(ratelimit.TRACKING_MISSES, request)


def _check(page, results: dict, label: str, lang: str) -> None:
    assert page.locator("html").get_attribute("lang") == lang, label
    other = "English" if lang == "nl" else "Nederlands"
    assert page.get_by_role("button", name=other).count() == 1, f"no language switch on {label}"
    results[f"{lang} {label}"] = axe_violations(page)


def test_every_public_page_has_no_serious_axe_violations_in_both_languages(page, caseworker):
    import_register()
    results: dict[str, list] = {}
    for lang in ("nl", "en"):
        cache.clear()  # each language files its own forms
        page.goto("/")
        if lang == "en":
            page.get_by_role("button", name="English").click()
            page.wait_for_load_state()
        _check(page, results, "start", lang)

        for slug in ("vraag", "klacht", "ketenfout", "privacy", "woo"):
            page.goto(f"/indienen/{slug}/")
            _check(page, results, f"form {slug}", lang)
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()
            assert page.locator(".error-summary").count() == 1
            _check(page, results, f"form {slug} with errors", lang)

        page.goto("/indienen/vraag/")
        page.locator("#id_subject").fill("Vraag")
        page.locator("#id_description").fill("Wanneer wordt het afval opgehaald?")
        page.locator("#id_citizen_name").fill("Anna de Vries")
        page.locator("#id_citizen_email").fill("anna@voorbeeld.test")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/ontvangen/"))
        case = Case.objects.get(number=page.locator(".case-number").inner_text())
        date_text = format_date_en(case.due_date) if lang == "en" else format_date_nl(case.due_date)
        assert date_text in page.locator("main").inner_text()
        _check(page, results, "receipt", lang)
        tracking = page.locator(".tracking-link a").get_attribute("href")

        page.goto(tracking)
        _check(page, results, "tracking", lang)
        request_information(case, caseworker, "Welke wijk bedoelt u?")
        page.reload()
        _check(page, results, "tracking with information request", lang)
        page.locator("#id_text").fill("  ")
        page.locator("#reply-title ~ form button[type=submit]").click()
        page.wait_for_load_state()
        assert page.locator(".error-summary").count() == 1
        _check(page, results, "tracking reply with errors", lang)

        page.goto(tracking + "intrekken/")
        _check(page, results, "withdraw confirmation", lang)
        page.goto("/privacy/")
        _check(page, results, "privacy statement", lang)
        page.goto("/toegankelijkheid/")
        _check(page, results, "accessibility statement", lang)

        _limit_tracking_for_this_browser()
        # A valid link always opens; the next miss gets the wait page.
        response = page.goto("/volg/" + "x" * 32 + "/")
        assert response.status == 429
        _check(page, results, "rate limited", lang)
        cache.clear()

    assert len(results) == 2 * 19
    assert {label: found for label, found in results.items() if found} == {}


def test_language_switch_keeps_the_page_and_sets_lang(page):
    page.goto("/indienen/klacht/")
    assert page.locator("html").get_attribute("lang") == "nl"
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.url.endswith("/indienen/klacht/")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("button", name="Nederlands").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_english_pages_are_translated(page):
    page.goto("/indienen/vraag/")
    dutch = page.get_by_role("heading", level=1).inner_text()
    dutch_button = page.locator("main form button[type=submit]").inner_text()
    page.get_by_role("button", name="English").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", level=1).inner_text() != dutch
    assert page.locator("main form button[type=submit]").inner_text() != dutch_button


def test_public_pages_reflow_at_320_css_pixels(chromium, live_server, caseworker):
    """WCAG 1.4.10: no sideways scrolling at 320 px wide (a small phone, or 400% zoom)."""
    import_register()
    context = chromium.new_context(
        base_url=live_server.url, locale="nl-NL", viewport={"width": 320, "height": 640}
    )
    page = context.new_page()
    try:
        too_wide = []
        paths = ["/", "/privacy/", "/toegankelijkheid/", "/volg/" + "x" * 32 + "/"]
        paths += [
            f"/indienen/{slug}/" for slug in ("vraag", "klacht", "ketenfout", "privacy", "woo")
        ]
        for path in paths:
            page.goto(path)
            if not fits_the_screen(page):
                too_wide.append(path)
            if path.startswith("/indienen/"):
                page.locator("main form button[type=submit]").click()
                page.wait_for_load_state()
                if not fits_the_screen(page):
                    too_wide.append(path + " (errors)")
        cache.clear()
        page.goto("/indienen/vraag/")
        page.locator("#id_subject").fill("Vraag")
        page.locator("#id_description").fill("Wanneer?")
        page.locator("#id_citizen_name").fill("Anna")
        page.locator("#id_citizen_email").fill("anna@voorbeeld.test")
        page.locator("main form button[type=submit]").click()
        page.wait_for_url(re.compile(r"/ontvangen/"))
        if not fits_the_screen(page):
            too_wide.append("receipt")
        tracking = page.locator(".tracking-link a").get_attribute("href")
        case = Case.objects.get()
        request_information(case, caseworker, "Welke straat?")
        for path in (tracking, tracking + "intrekken/"):
            page.goto(path)
            if not fits_the_screen(page):
                too_wide.append(path)
        assert too_wide == []
    finally:
        context.close()
