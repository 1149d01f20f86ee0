"""Issue 22, done when: the functional administrator, in a real Chromium, (1) creates a case type
with two extra questions and two results, which a citizen then files on the public page (axe
clean) and a caseworker takes and resolves, while the counter's default type stays the question;
(2) edits the Dutch receipt, previews it, sees the new sentence in the receipt of a case filed
right after (no restart), and restores the standard text.

Notices run in eager mode here (the test settings' CELERY_TASK_ALWAYS_EAGER with the locmem mail
backend): the live server commits for real, so the receipt is rendered by the task after commit,
reading the saved text from the database as a worker would."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.cache import cache

from cases.models import Case, CaseStatus, CaseType, Role
from configuration.selectors import counter_default_case_type
from notifications.models import NoticeText
from tests.conftest import axe_violations
from tests.factories import TeamFactory, make_staff

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "secret-pass-123"


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def administrator():
    return get_user_model().objects.create_superuser("beheerder", "beheer@gemeente.test", PASSWORD)


def admin_log_in(page) -> None:
    page.goto("/admin/login/?next=/admin/")
    page.fill("input[name=username]", "beheerder")
    page.fill("input[name=password]", PASSWORD)
    page.locator("input[type=submit], button[type=submit]").first.click()
    page.wait_for_url(re.compile(r"/admin/$"))


def staff_log_in(page, username: str) -> None:
    page.goto("/werkplek/inloggen/")
    page.get_by_label("Gebruikersnaam").fill(username)
    page.get_by_label("Wachtwoord").fill(PASSWORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()
    assert "/werkplek/inloggen/" not in page.url


def fill_contact(page) -> None:
    page.get_by_role("textbox", name=re.compile("^Uw naam")).fill("Anna de Vries")
    page.get_by_role("textbox", name=re.compile("^Uw e-mailadres")).fill("anna@voorbeeld.test")


def test_administrator_creates_a_case_type_a_citizen_files_it_a_caseworker_resolves_it(
    page, administrator
):
    team = TeamFactory(is_fallback=True)
    make_staff(Role.CASEWORKER, team=team, username="behandelaar")

    admin_log_in(page)
    page.goto("/admin/cases/casetype/add/")
    page.fill("input[name=code]", "openbare_ruimte")
    page.fill("input[name=name]", "Melding openbare ruimte")
    page.fill("input[name=name_en]", "Report about public space")
    page.fill("input[name=ordering]", "0")  # sorts first: must not become the counter default
    page.fill("input[name=term_amount]", "5")
    page.select_option("select[name=term_unit]", "working_days")
    page.select_option("select[name=term_basis]", "service_norm")
    page.check("input[name=allowed_outcomes][value=answered]")
    page.check("input[name=allowed_outcomes][value=settled]")
    page.fill("input[name=questions-0-label_nl]", "Waar is het?")
    page.fill("input[name=questions-0-label_en]", "Where is it?")
    page.fill("input[name=questions-0-help_nl]", "Straat en huisnummer of een plek.")
    page.check("input[name=questions-0-required]")
    page.fill("input[name=questions-1-label_nl]", "Is het gevaarlijk?")
    page.fill("input[name=questions-1-label_en]", "Is it dangerous?")
    page.select_option("select[name=questions-1-kind]", "yes_no")
    page.fill("input[name=questions-1-ordering]", "2")
    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/cases/casetype/$"))
    case_type = CaseType.objects.get(code="openbare_ruimte")
    assert case_type.allowed_outcomes == ["answered", "settled"]
    assert case_type.questions.count() == 2

    # The citizen, on the public page at once.
    page.context.clear_cookies()
    page.goto("/")
    page.get_by_role("link", name=re.compile("Melding openbare ruimte")).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Melding openbare ruimte"
    assert axe_violations(page) == []
    page.get_by_role("button", name="Versturen").click()  # empty: the error summary
    assert "Beantwoord de vraag ‘Waar is het?’." in page.locator(".error-summary").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("textbox", name=re.compile("^Waar gaat het over")).fill("Losse stoeptegel")
    page.get_by_role("textbox", name=re.compile("^Vertel wat er aan de hand is")).fill(
        "Een tegel ligt los voor de bakker."
    )
    page.get_by_role("textbox", name=re.compile("^Waar is het")).fill("Dorpsstraat 3")
    page.get_by_role("radio", name="Ja").check()
    fill_contact(page)
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url(re.compile(r"/ontvangen/"))
    assert axe_violations(page) == []
    case = Case.objects.get(case_type=case_type)
    assert "Waar is het?: Dorpsstraat 3" in case.description
    assert "Is het gevaarlijk?: Ja" in case.description

    # The caseworker takes and resolves it with one of the two results.
    page.context.clear_cookies()
    staff_log_in(page, "behandelaar")
    page.goto(f"/werkplek/zaken/{case.number}/")
    page.get_by_role("button", name="In behandeling nemen").click()
    assert "U heeft de zaak in behandeling genomen." in page.locator(".messages").inner_text()
    details = page.locator("details.bo-action", has=page.locator("summary:text-is('Afhandelen')"))
    details.locator("summary").click()
    details.get_by_label("naar tevredenheid opgelost", exact=True).check()
    details.get_by_label("Antwoord aan de inwoner").fill("De tegel ligt weer vast.")
    details.locator("button[type=submit]").click()
    assert "De zaak is afgehandeld" in page.locator(".messages").inner_text()
    case.refresh_from_db()
    assert (case.status, case.outcome) == (CaseStatus.RESOLVED, "settled")

    # The counter's default type is unchanged: still the question.
    assert counter_default_case_type().code == "question"


def test_administrator_edits_the_dutch_receipt_previews_it_and_restores_the_standard(
    page, administrator
):
    TeamFactory(is_fallback=True)
    admin_log_in(page)
    page.goto("/admin/notifications/noticetext/add/?template_key=receipt&language=nl")
    text = page.locator("textarea[name=text]")
    assert "Wij hebben uw {{ case_type|lower }} goed ontvangen." in text.input_value()
    text.fill(
        text.input_value().replace(
            "Met vriendelijke groet,",
            "Wij zijn elke dinsdag ook open tot acht uur 's avonds.\n\nMet vriendelijke groet,",
        )
    )
    with page.context.expect_page() as opened:
        page.get_by_role("button", name="Voorbeeld bekijken").click()
    preview = opened.value
    preview.wait_for_load_state()
    shown = preview.locator("#preview-text").inner_text()
    assert "Wij zijn elke dinsdag ook open tot acht uur 's avonds." in shown
    assert "LDZ-2026-000123" in shown  # the demo case
    preview.close()
    assert NoticeText.objects.count() == 0  # a preview saves nothing

    page.locator("input[name=_save]").click()
    page.wait_for_url(re.compile(r"/admin/notifications/noticetext/$"))
    assert NoticeText.objects.count() == 1

    # A citizen files a question; the receipt (rendered after commit) has the new sentence.
    mail.outbox.clear()
    citizen = page.context.browser.new_context(
        base_url=page.url.split("/admin/")[0], locale="nl-NL"
    )
    public = citizen.new_page()
    public.goto("/indienen/vraag/")
    public.get_by_role("textbox", name=re.compile("^Waar gaat uw vraag over")).fill("Paspoort")
    public.get_by_role("textbox", name=re.compile("^Uw vraag")).fill("Wanneer is het klaar?")
    fill_contact(public)
    public.get_by_role("button", name="Versturen").click()
    public.wait_for_url(re.compile(r"/ontvangen/"))
    (receipt,) = [m for m in mail.outbox if m.to == ["anna@voorbeeld.test"]]
    assert "Wij zijn elke dinsdag ook open tot acht uur 's avonds." in receipt.body
    assert "Wij zijn elke dinsdag" in receipt.alternatives[0][0]

    # Back to the standard text, from the version list.
    page.goto("/admin/notifications/noticetext/")
    page.locator("input[name=_selected_action]").first.check()
    page.select_option("select[name=action]", "back_to_standard")
    page.locator("button[name=index]").click()
    assert "De standaardtekst is weer in gebruik." in page.locator(".messagelist").inner_text()
    mail.outbox.clear()
    public.goto("/indienen/vraag/")
    public.get_by_role("textbox", name=re.compile("^Waar gaat uw vraag over")).fill("Rijbewijs")
    public.get_by_role("textbox", name=re.compile("^Uw vraag")).fill("Wanneer is het klaar?")
    fill_contact(public)
    public.get_by_role("button", name="Versturen").click()
    public.wait_for_url(re.compile(r"/ontvangen/"))
    (receipt,) = [m for m in mail.outbox if m.to == ["anna@voorbeeld.test"]]
    assert "Wij zijn elke dinsdag" not in receipt.body
    assert "Dit is de ontvangstbevestiging van artikel 9:6" in receipt.body
    citizen.close()
