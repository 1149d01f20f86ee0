"""The front desk (KCC): register a contact on a citizen's behalf with its channel, answer a
question at once, add a contact moment, and find cases by number, name, e-mail or phone."""

from __future__ import annotations

import re

import pytest

from cases.models import Case, CaseStatus, ContactMoment, EventKind, Role
from tests.factories import case_type, make_staff, submit_case


def register_data(code: str = "complaint", **overrides) -> dict:
    data = {
        "channel": "phone",
        "case_type": str(case_type(code).pk),
        "subject": "Boete klopt niet",
        "description": "Inwoner belt over een naheffing die al betaald is.",
        "citizen_name": "Piet Jansen",
        "citizen_phone": "06 1234 5678",
        "citizen_email": "",
        "citizen_address": "",
        "answer": "",
    }
    data.update(overrides)
    return data


def search(client, query: str):
    return client.post("/werkplek/balie/", {"query": query})


def numbers_in(response) -> list[str]:
    return re.findall(r">(LDZ-\d{4}-\d{6})</a>", response.content.decode())


# --- Access ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get("/werkplek/balie/")
    assert response.status_code == 302
    assert response["Location"].startswith("/werkplek/inloggen/")


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.COUNCIL, Role.FUNCTIONAL_ADMIN, Role.CASEWORKER])
def test_staff_without_the_front_desk_role_get_404(client, role):
    user, _actor = make_staff(role)
    client.force_login(user)
    case = submit_case("question")
    for url in (
        "/werkplek/balie/",
        "/werkplek/balie/nieuw/",
        f"/werkplek/balie/zaak/{case.number}/",
    ):
        assert client.get(url).status_code == 404, url
    assert client.post("/werkplek/balie/", {"query": case.number}).status_code == 404
    assert client.post("/werkplek/balie/nieuw/", register_data()).status_code == 404
    assert Case.objects.count() == 1


# --- Registering a contact ---------------------------------------------------------------------


@pytest.mark.django_db
def test_phone_complaint_is_registered_with_its_channel(desk, front_desk):
    response = desk.post("/werkplek/balie/nieuw/", register_data())
    case = Case.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/werkplek/balie/zaak/{case.number}/geregistreerd/"
    assert case.case_type.code == "complaint"
    assert case.channel == "phone"
    assert case.status == CaseStatus.RECEIVED
    assert case.citizen_phone == "0612345678"
    assert case.created_by == front_desk
    submitted = case.events.get(kind=EventKind.SUBMITTED)
    assert submitted.actor == front_desk and submitted.data["channel"] == "phone"
    page = desk.get(response["Location"]).content.decode()
    assert f"Zaak {case.number} is geregistreerd" in page


@pytest.mark.django_db
@pytest.mark.parametrize("channel", ["phone", "counter", "letter", "email"])
def test_every_staff_channel_is_recorded(desk, channel):
    response = desk.post(
        "/werkplek/balie/nieuw/", register_data("question", channel=channel, citizen_email="a@b.nl")
    )
    assert response.status_code == 302
    assert Case.objects.get().channel == channel


@pytest.mark.django_db
def test_web_is_not_a_front_desk_channel(desk):
    response = desk.post("/werkplek/balie/nieuw/", register_data(channel="web"))
    assert response.status_code == 400
    assert 'href="#id_channel_0"' in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_question_answered_at_once_is_registered_and_resolved(desk, front_desk):
    data = register_data(
        "question",
        subject="Openingstijden",
        answered_at_once="on",
        answer="Het stadhuis is open van 9 tot 17 uur.",
    )
    response = desk.post("/werkplek/balie/nieuw/", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.status == CaseStatus.RESOLVED
    assert case.outcome == "answered"
    assert case.answer == "Het stadhuis is open van 9 tot 17 uur."
    assert list(case.events.filter(kind=EventKind.TRANSITION).values_list("transition", flat=True))[
        -2:
    ] == ["take", "resolve"]
    page = desk.get(response["Location"]).content.decode()
    assert "De vraag is direct afgehandeld." in page


@pytest.mark.django_db
def test_answered_at_once_is_refused_for_a_complaint(desk):
    data = register_data("complaint", answered_at_once="on", answer="Excuses aangeboden.")
    response = desk.post("/werkplek/balie/nieuw/", data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "Alleen een vraag kan direct worden afgehandeld." in page
    assert 'href="#id_answered_at_once"' in page
    assert Case.objects.count() == 0
    # What the employee typed is still there.
    assert 'value="Boete klopt niet"' in page
    assert "Excuses aangeboden.</textarea>" in page


@pytest.mark.django_db
def test_answered_at_once_needs_the_answer(desk):
    response = desk.post(
        "/werkplek/balie/nieuw/", register_data("question", answered_at_once="on", answer="")
    )
    assert response.status_code == 400
    assert 'href="#id_answer"' in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_a_way_to_reach_the_citizen_is_required(desk):
    response = desk.post("/werkplek/balie/nieuw/", register_data(citizen_phone=""))
    assert response.status_code == 400
    assert "Vul een telefoonnummer, e-mailadres of postadres in" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_required_fields_are_linked_from_the_summary(desk):
    response = desk.post("/werkplek/balie/nieuw/", {"channel": "phone"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_case_type_0"' in page and 'id="id_case_type_0"' in page
    for name in ("subject", "citizen_name"):
        assert f'href="#id_{name}"' in page
        assert f'id="id_{name}"' in page
    # The description is optional: the subject says enough for a short call.
    assert 'href="#id_description"' not in page


# --- Contact moments ---------------------------------------------------------------------------


@pytest.mark.django_db
def test_contact_moment_is_added_to_an_existing_case(desk, front_desk):
    case = submit_case("complaint")
    url = f"/werkplek/balie/zaak/{case.number}/"
    page = desk.get(url).content.decode()
    assert case.number in page and "Nog geen." in page
    response = desk.post(url, {"channel": "counter", "summary": "Inwoner vroeg naar de stand."})
    assert response.status_code == 302
    contact = ContactMoment.objects.get(case=case)
    assert (contact.channel, contact.summary, contact.created_by) == (
        "counter",
        "Inwoner vroeg naar de stand.",
        front_desk,
    )
    event = case.events.get(kind=EventKind.CONTACT)
    assert event.actor == front_desk and not event.is_public
    page = desk.get(url).content.decode()
    assert "Het contactmoment is vastgelegd." in page
    assert "Inwoner vroeg naar de stand." in page


@pytest.mark.django_db
def test_empty_contact_moment_is_refused(desk):
    case = submit_case("complaint")
    response = desk.post(f"/werkplek/balie/zaak/{case.number}/", {"channel": "phone"})
    assert response.status_code == 200
    assert 'href="#id_summary"' in response.content.decode()
    assert not ContactMoment.objects.exists()


@pytest.mark.django_db
def test_unknown_case_number_is_404(desk):
    assert desk.get("/werkplek/balie/zaak/LDZ-2026-999999/").status_code == 404


# --- Search ------------------------------------------------------------------------------------


@pytest.fixture
def cases_to_find(db):
    return {
        "anna": submit_case("question", citizen_name="Anna de Vries", citizen_phone="06-12345678"),
        "bram": submit_case(
            "complaint",
            citizen_name="Bram Bakker",
            citizen_email="Bram.Bakker@Voorbeeld.test",
            citizen_phone="+31 6 8765 4321",
        ),
        "cees": submit_case("question", citizen_name="Cees Visser", citizen_phone="010 1234567"),
    }


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query,expected",
    [
        ("06 1234 5678", ["anna"]),
        ("0612345678", ["anna"]),
        ("+31 6 12345678", ["anna"]),
        ("06-87654321", ["bram"]),
        ("0031687654321", ["bram"]),
        ("010-1234567", ["cees"]),
        ("anna de vries", ["anna"]),
        ("BAKKER", ["bram"]),
        ("bram.bakker@voorbeeld.test", ["bram"]),
        ("Visser", ["cees"]),
        ("niemand", []),
    ],
)
def test_search_by_phone_name_or_email(desk, cases_to_find, query, expected):
    response = search(desk, query)
    assert response.status_code == 200
    assert sorted(numbers_in(response)) == sorted(cases_to_find[k].number for k in expected)


@pytest.mark.django_db
def test_search_by_case_number_whole_or_its_last_digits(desk, cases_to_find):
    bram = cases_to_find["bram"]
    assert numbers_in(search(desk, bram.number)) == [bram.number]
    assert numbers_in(search(desk, bram.number.lower())) == [bram.number]
    assert numbers_in(search(desk, bram.number[-6:])) == [bram.number]


@pytest.mark.django_db
def test_search_query_is_posted_never_in_the_url(desk, cases_to_find):
    page = desk.get("/werkplek/balie/").content.decode()
    form = re.search(r"<form method=\"post\" novalidate>.*?</form>", page, re.S).group(0)
    assert 'name="query"' in form
    # A query string is ignored: no results, nothing searched.
    response = desk.get("/werkplek/balie/", {"query": "Anna"})
    assert numbers_in(response) == []
    assert "gevonden" not in response.content.decode()


@pytest.mark.django_db
def test_empty_search_shows_an_error(desk, cases_to_find):
    response = search(desk, "   ")
    assert response.status_code == 200
    page = response.content.decode()
    assert 'href="#id_query"' in page
    assert numbers_in(response) == []


# --- Issue 15 point 4: landing, autofocus, the registered page, the header ---------------------


@pytest.mark.django_db
def test_front_desk_staff_land_on_the_front_desk_after_signing_in(client, front_desk):
    response = client.post(
        "/werkplek/inloggen/", {"username": "balie", "password": "secret-pass-123"}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/werkplek/balie/nieuw/"
    assert "Contact registreren" in response.content.decode()


@pytest.mark.django_db
def test_staff_with_more_than_the_front_desk_still_get_the_werkplek_home(client):
    user, _actor = make_staff(Role.CASEWORKER, username="beide")
    from cases.models import Membership

    Membership.objects.create(
        user=user, team=Membership.objects.get(user=user).team, role="front_desk"
    )
    client.force_login(user)
    assert client.get("/werkplek/").status_code == 200


@pytest.mark.django_db
def test_front_desk_forms_put_the_cursor_in_their_first_field(desk):
    register = desk.get("/werkplek/balie/nieuw/").content.decode()
    # The case type comes first, as a radio group (arrow keys), the first option focused.
    assert re.search(r'<input type="radio" name="case_type"[^>]*autofocus', register)
    assert len(re.findall(r"autofocus", register)) == 1
    assert '<select name="case_type"' not in register
    search_page = desk.get("/werkplek/balie/").content.decode()
    assert re.search(r'<input type="text" name="query"[^>]*autofocus', search_page)
    case = submit_case("complaint")
    case_page = desk.get(f"/werkplek/balie/zaak/{case.number}/").content.decode()
    assert re.search(r'<textarea name="summary"[^>]*autofocus', case_page)


@pytest.mark.django_db
def test_refused_form_puts_the_focus_on_the_error_summary(desk):
    page = desk.post("/werkplek/balie/nieuw/", register_data(citizen_name="")).content.decode()
    assert re.search(r'<div class="error-summary"[^>]*autofocus', page)
    assert len(re.findall(r"autofocus", page)) == 1
    assert "js/error-summary.js" in page


@pytest.mark.django_db
def test_registered_page_has_the_search_box_and_the_next_contact(desk):
    response = desk.post("/werkplek/balie/nieuw/", register_data(), follow=True)
    case = Case.objects.get()
    page = response.content.decode()
    assert f"Zaak {case.number} is geregistreerd" in page
    assert 'href="/werkplek/balie/nieuw/"' in page and "Nog een contact registreren" in page
    assert re.search(r'<input type="text" name="query"[^>]*autofocus', page)
    assert 'action="/werkplek/balie/"' in page


@pytest.mark.django_db
def test_without_email_or_address_the_confirmation_says_to_read_out_the_number(desk):
    response = desk.post("/werkplek/balie/nieuw/", register_data(), follow=True)
    case = Case.objects.get()
    page = response.content.decode()
    assert "geen e-mailadres en geen postadres" in page
    assert f"Lees het zaaknummer {case.number} voor" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("extra", "text"),
    [
        ({"citizen_email": "piet@voorbeeld.test"}, "Gaat per e-mail naar de inwoner."),
        ({"citizen_address": "Molenweg 12, Stad"}, "Gaat per brief"),
    ],
)
def test_with_email_or_address_the_confirmation_says_how_the_receipt_goes(desk, extra, text):
    page = desk.post("/werkplek/balie/nieuw/", register_data(**extra), follow=True)
    page = page.content.decode()
    assert text in page
    assert "Lees het zaaknummer" not in page


@pytest.mark.django_db
def test_every_staff_page_has_the_same_links_for_the_same_role(client):
    """A caseworker who also works the front desk sees the same header on the backoffice, the
    front desk and the notices pages."""
    from cases.models import Membership

    user, _actor = make_staff(Role.CASEWORKER, username="beide")
    Membership.objects.create(
        user=user, team=Membership.objects.get(user=user).team, role="front_desk"
    )
    client.force_login(user)
    case = submit_case("complaint")

    def header_links(url):
        page = client.get(url).content.decode()
        nav = re.search(r'<nav aria-label="Hoofdmenu">(.*?)</nav>', page, re.S).group(1)
        return re.findall(r'<a href="([^"]+)"', nav)

    expected = header_links("/werkplek/zaken/")
    assert "/werkplek/balie/" in expected and "/werkplek/zaken/" in expected
    for url in (
        "/werkplek/balie/",
        "/werkplek/balie/nieuw/",
        f"/werkplek/balie/zaak/{case.number}/",
        "/werkplek/balie/brieven/",
        "/werkplek/meldingen/",
        "/werkplek/",
    ):
        assert header_links(url) == expected, url


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("piet@voorbeeld,nl", "Er staat een komma in plaats van een punt."),
        ("piet voorbeeld.nl", "Er staat een spatie in het e-mailadres."),
        ("pietvoorbeeld.nl", "Het apenstaartje (@) ontbreekt"),
        ("piet@voorbeeld", "Na het apenstaartje (@) ontbreekt de punt"),
    ],
)
def test_email_error_says_what_is_wrong(desk, typed, message):
    response = desk.post("/werkplek/balie/nieuw/", register_data(citizen_email=typed))
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert 'href="#id_citizen_email"' in page
    assert not Case.objects.exists()


# --- Issue 16 point 5: the front-desk case page logs the view of personal data ------------------


@pytest.mark.django_db
def test_front_desk_case_page_logs_the_view_of_personal_data(desk, front_desk):
    from cases.models import PersonalDataAccess

    case = submit_case("complaint", citizen_name="Piet Jansen", citizen_phone="0612345678")
    page = desk.get(f"/werkplek/balie/zaak/{case.number}/").content.decode()
    assert "Piet Jansen" in page and "0612345678" in page
    access = PersonalDataAccess.objects.get()
    assert (access.user, access.case, access.view) == (front_desk, case, "frontdesk_case")
    assert access.fields == ["citizen_name", "citizen_phone"]
    # Every view is one row; the redirect after adding a contact moment shows nothing itself.
    desk.post(f"/werkplek/balie/zaak/{case.number}/", {"channel": "phone", "summary": "Belde."})
    assert PersonalDataAccess.objects.count() == 1
    desk.get(f"/werkplek/balie/zaak/{case.number}/")
    assert PersonalDataAccess.objects.count() == 2


@pytest.mark.django_db
def test_registered_page_and_email_errors_are_translated(desk, settings):
    desk.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = desk.post("/werkplek/balie/nieuw/", register_data(), follow=True).content.decode()
    case = Case.objects.get()
    assert f"Case {case.number} has been registered" in page
    assert f"Read out the case number {case.number}" in page
    assert "Register another contact" in page
    page = desk.post("/werkplek/balie/nieuw/", register_data(citizen_email="a@b,nl"))
    assert "There is a comma instead of a full stop." in page.content.decode()
