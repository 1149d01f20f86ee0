"""The citizen's forms through the Django test client: validation of every form, the error
summary, entered values kept, the honeypot, the submission rate limit, the receipt and its notice,
and intake while the broker is down.

Helpers here (`valid_data`, `import_register`, `post_form`) are reused by the other
`test_public_*`, `test_tracking*` and fuzz modules."""

from __future__ import annotations

import html
import re

import pytest
from django.core.cache import cache

from cases.deadlines import format_date_en, format_date_nl
from cases.models import Case, CaseStatus, ChainReport, DataElement, EventKind
from cases.services.intake import hash_token
from notifications.models import NoticeChannel, Notification, NotificationStatus
from tests.factories import (
    SLUGS,
    TYPE_OF_SLUG,
    error_links,
    import_register,
    post_form,
    valid_data,
)

# The fields each form requires (the e-mail field carries the "e-mail or address" rule).
REQUIRED = {
    "vraag": ["subject", "description", "citizen_name", "citizen_email"],
    "klacht": ["subject", "description", "citizen_name", "citizen_email"],
    "ketenfout": ["elements", "wrong_value", "right_value", "citizen_name", "citizen_email"],
    "privacy": ["request_kind", "description", "citizen_name", "citizen_email"],
    "woo": ["subject", "description", "citizen_name", "citizen_email"],
}
GROUPED = {"elements", "request_kind"}  # checkboxes and radios: the link goes to the first one


def ids_in(content: str) -> list[str]:
    return re.findall(r'\sid="([^"]+)"', content)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def register(db):
    import_register()


# --- Validation --------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_empty_form_lists_every_required_field_in_the_summary_with_a_working_link(
    client, register, slug
):
    response = post_form(client, slug, {"website": ""})
    assert response.status_code == 400
    content = response.content.decode()
    links = error_links(content)
    expected = [f"id_{name}_0" if name in GROUPED else f"id_{name}" for name in REQUIRED[slug]]
    assert links == expected
    ids = ids_in(content)
    for target in links:
        assert ids.count(target) == 1, f"link target {target} missing or not unique"
    # Every field with an error says so next to the field, and is marked invalid.
    for name in REQUIRED[slug]:
        assert f'id="id_{name}_error"' in content
    assert 'aria-invalid="true"' in content
    assert "<title>Fout:" in content
    assert Case.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_valid_form_creates_the_case_and_shows_the_receipt(client, register, slug):
    response = post_form(client, slug, valid_data(slug))
    assert response.status_code == 302
    assert response["Location"] == "/ontvangen/"
    case = Case.objects.get()
    assert case.case_type.code == TYPE_OF_SLUG[slug]
    assert case.channel == "web"
    assert case.status == CaseStatus.RECEIVED
    assert case.citizen_name == "Anna de Vries"
    assert case.citizen_phone == "0612345678"
    receipt = client.get("/ontvangen/")
    assert receipt.status_code == 200
    assert case.number in receipt.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("slug", SLUGS)
def test_entered_values_are_kept_when_the_form_has_errors(client, register, slug):
    data = valid_data(
        slug,
        citizen_name="",
        citizen_phone="06-98765432",
        citizen_address="Dorpsstraat 22\n1234 AB Voorbeeld",
    )
    response = post_form(client, slug, data)
    assert response.status_code == 400
    content = response.content.decode()
    assert error_links(content) == ["id_citizen_name"]
    assert 'value="anna@voorbeeld.test"' in content
    assert 'value="06-98765432"' in content
    assert ">\nDorpsstraat 22\n1234 AB Voorbeeld</textarea>" in content
    if "subject" in data:
        assert f'value="{html.escape(data["subject"])}"' in content
    if data.get("description"):
        assert f">\n{html.escape(data['description'])}</textarea>" in content
    if slug == "ketenfout":
        element = DataElement.objects.get(code="adres")
        assert re.search(rf'value="{element.pk}"[^>]*checked', content)
        assert re.search(r'<option value="HEFFING" selected>', content)
        assert ">\nKerkstraat 1</textarea>" in content
    if slug == "privacy":
        assert re.search(r'value="inzage"[^>]*checked', content)
    if slug == "klacht":
        assert 'value="2026-11-02"' in content
        assert 'value="Klantcontactcentrum"' in content


@pytest.mark.django_db
def test_either_an_email_address_or_a_postal_address_is_required(client):
    data = valid_data("vraag", citizen_email="", citizen_address="")
    response = post_form(client, "vraag", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert error_links(content) == ["id_citizen_email"]
    assert "Vul uw e-mailadres of uw postadres in" in content

    data = valid_data("vraag", citizen_email="", citizen_address="Dorpsstraat 22, Voorbeeld")
    assert post_form(client, "vraag", data).status_code == 302
    case = Case.objects.get()
    assert (case.citizen_email, case.citizen_address) == ("", "Dorpsstraat 22, Voorbeeld")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "email", ["anna", "anna@", "@voorbeeld.test", "anna voorbeeld@test", "a" * 250 + "@x.nl"]
)
def test_invalid_email_address_is_refused(client, email):
    response = post_form(client, "vraag", valid_data("vraag", citizen_email=email))
    assert response.status_code == 400
    assert error_links(response.content.decode()) == ["id_citizen_email"]
    assert Case.objects.count() == 0


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phone,stored",
    [
        ("0612345678", "0612345678"),
        ("06 1234 5678", "0612345678"),
        ("06-12345678", "0612345678"),
        ("+31 6 1234 5678", "+31612345678"),
        ("(010) 123 45 67", "0101234567"),
        ("", ""),
    ],
)
def test_phone_numbers_in_any_common_notation_are_accepted_and_normalised(client, phone, stored):
    response = post_form(client, "vraag", valid_data("vraag", citizen_phone=phone))
    assert response.status_code == 302
    assert Case.objects.get().citizen_phone == stored


@pytest.mark.django_db
@pytest.mark.parametrize(
    "phone",
    ["bel me", "0612", "06 1234 5678 9999 0000", "06/12345678", "06 1234 567x", "٠٦١٢٣٤٥٦٧٨"],
)
def test_phone_number_with_letters_or_the_wrong_length_is_refused(client, phone):
    response = post_form(client, "vraag", valid_data("vraag", citizen_phone=phone))
    assert response.status_code == 400
    content = response.content.decode()
    assert error_links(content) == ["id_citizen_phone"]
    assert "Vul een telefoonnummer in met alleen cijfers" in content
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_too_long_values_are_refused_not_truncated(client):
    data = valid_data("vraag", subject="x" * 201, citizen_name="n" * 201)
    response = post_form(client, "vraag", data)
    assert response.status_code == 400
    assert error_links(response.content.decode()) == ["id_subject", "id_citizen_name"]


@pytest.mark.django_db
def test_chain_error_form_requires_the_wrong_data_and_what_is_right(client, register):
    data = valid_data("ketenfout", elements=[], wrong_value="  ", right_value="")
    response = post_form(client, "ketenfout", data)
    assert response.status_code == 400
    assert error_links(response.content.decode()) == [
        "id_elements_0",
        "id_wrong_value",
        "id_right_value",
    ]
    # An element or a system that does not exist is refused, not a server error.
    data = valid_data("ketenfout", elements=["999999", "x"], noticed_system="NOPE")
    response = post_form(client, "ketenfout", data)
    assert response.status_code == 400
    assert error_links(response.content.decode()) == ["id_noticed_system", "id_elements_0"]
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_chain_error_form_offers_systems_in_the_words_a_citizen_knows(client, register):
    from cases.models import System

    System.objects.filter(code="HEFFING").update(public_name="uw aanslag gemeentelijke belastingen")
    content = client.get("/indienen/ketenfout/").content.decode()
    assert '<option value="" selected>Weet ik niet</option>' in content
    assert "uw aanslag gemeentelijke belastingen" in content
    # Systems without a public name show their name and owner.
    assert "Basisregistratie Personen (Burgerzaken)" in content
    for element in DataElement.objects.all():
        assert html.escape(element.name) in content


@pytest.mark.django_db
def test_chain_error_report_stores_every_chain_field(client, register):
    from cases.models import System

    elements = DataElement.objects.filter(code__in=["adres", "huishouden"])
    data = valid_data(
        "ketenfout",
        elements=[str(e.pk) for e in elements],
        source_system="BRP",
        description="Ik ben in januari verhuisd.",
    )
    assert post_form(client, "ketenfout", data).status_code == 302
    report = ChainReport.objects.select_related("case").get()
    assert report.source_system == System.objects.get(code="BRP")
    assert report.noticed_system == System.objects.get(code="HEFFING")
    assert report.noticed_where == "De aanslag van maart"
    assert set(report.elements.all()) == set(elements)
    assert (report.wrong_value, report.right_value) == ("Kerkstraat 1", "Dorpsstraat 22")
    assert report.case.description == "Ik ben in januari verhuisd."
    assert "adres" in report.case.subject.lower()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["inzage", "correctie", "verwijdering", "beperking"])
def test_privacy_request_records_the_kind_of_request(client, kind):
    assert post_form(client, "privacy", valid_data("privacy", request_kind=kind)).status_code == 302
    case = Case.objects.get()
    assert case.case_type.code == "privacy_request"
    assert kind in case.subject


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["", "alles", "inzage; DROP TABLE"])
def test_privacy_request_kind_must_be_one_of_the_four(client, kind):
    response = post_form(client, "privacy", valid_data("privacy", request_kind=kind))
    assert response.status_code == 400
    assert error_links(response.content.decode()) == ["id_request_kind_0"]


@pytest.mark.django_db
@pytest.mark.parametrize("day", ["gisteren", "2026-02-30", "2099-01-01"])
def test_complaint_date_must_be_a_real_date_not_in_the_future(client, day):
    response = post_form(client, "klacht", valid_data("klacht", happened_on=day))
    assert response.status_code == 400
    assert error_links(response.content.decode()) == ["id_happened_on"]


@pytest.mark.django_db
def test_complaint_keeps_the_date_and_who_it_is_about(client):
    assert post_form(client, "klacht", valid_data("klacht")).status_code == 302
    case = Case.objects.get()
    assert case.complained_about == "Klantcontactcentrum"
    assert "2026-11-02" in case.description


@pytest.mark.django_db
def test_unknown_form_is_404(client):
    assert client.get("/indienen/onbekend/").status_code == 404
    assert client.post("/indienen/onbekend/", {}).status_code == 404


@pytest.mark.django_db
def test_control_characters_are_removed_before_saving(client):
    data = valid_data("vraag", subject="Par\x00keer\x07vergunning", description="Regel 1\nRegel 2")
    assert post_form(client, "vraag", data).status_code == 302
    case = Case.objects.get()
    assert case.subject == "Parkeervergunning"
    assert case.description == "Regel 1\nRegel 2"


# --- Honeypot ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_filled_honeypot_creates_no_case_and_shows_an_error(client):
    response = post_form(client, "vraag", valid_data("vraag", website="http://spam.example"))
    assert response.status_code == 400
    content = response.content.decode()
    assert Case.objects.count() == 0
    assert Notification.objects.count() == 0
    # Said at the top (the field itself is invisible), and sending again works for a person.
    assert error_links(content) == []
    assert "Uw formulier is niet verstuurd." in content
    assert 'href="#id_website"' not in content
    # The bot's value is not echoed back into the hidden field.
    assert "spam.example" not in content


@pytest.mark.django_db
def test_honeypot_is_hidden_from_people_and_assistive_technology(client):
    content = client.get("/indienen/vraag/").content.decode()
    honeypot = re.search(r'<div class="honeypot" aria-hidden="true">.*?</div>', content, re.S)
    assert honeypot
    assert 'tabindex="-1"' in honeypot.group(0)
    assert 'autocomplete="off"' in honeypot.group(0)


# --- Rate limit --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_too_many_submissions_get_the_clear_429_page_not_a_500(client):
    for _ in range(10):
        assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    response = post_form(client, "vraag", valid_data("vraag"))
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    content = response.content.decode()
    assert "Even wachten" in content
    assert "Probeer het over 10 minuten opnieuw" in content
    assert Case.objects.count() == 10
    # Reading the form is not limited; another client is not limited either.
    assert client.get("/indienen/vraag/").status_code == 200
    other = post_form(client, "vraag", valid_data("vraag"), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 302


@pytest.mark.django_db
def test_invalid_submissions_count_a_tenth_and_never_lock_out_a_typing_citizen(client):
    # Twenty typing errors (twice the accepted budget) and the citizen still gets through.
    for _ in range(20):
        assert post_form(client, "vraag", {}).status_code == 400
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    assert Case.objects.count() == 1


@pytest.mark.django_db
def test_a_script_posting_invalid_forms_is_still_stopped(client):
    for _ in range(100):
        assert post_form(client, "vraag", {}).status_code == 400
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 429
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_submission_limit_follows_the_setting(client, settings):
    settings.LOKET_SUBMIT_RATE_LIMIT = 2
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 429


@pytest.mark.django_db
def test_a_cache_that_is_down_lets_the_citizen_submit(client, settings):
    # pytest-django's settings fixture resets the cache handler when CACHES changes.
    down = {
        "LOCATION": "unix:///tmp/helper6-no-such-redis.sock",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", **down},
        "ratelimit": {"BACKEND": "loket.ratelimit_cache.RedisWithLocalFallbackCache", **down},
    }
    response = post_form(client, "vraag", valid_data("vraag"))
    assert response.status_code == 302
    assert Case.objects.count() == 1


# --- Receipt, its notice, and the broker ---------------------------------------------------------


@pytest.mark.django_db
def test_receipt_shows_number_due_date_in_words_and_the_secret_link(client):
    response = post_form(client, "klacht", valid_data("klacht"))
    case = Case.objects.get()  # in the database before the receipt is shown
    assert response.status_code == 302
    content = client.get("/ontvangen/").content.decode()
    assert case.number in content
    assert format_date_nl(case.due_date) in content
    link = re.search(r'href="/volg/([A-Za-z0-9_-]+)/"', content)
    assert link
    assert hash_token(link.group(1)) == case.tracking_token_hash
    assert "ontvangstbevestiging per e-mail" in content
    # Neither the number nor the token is in the receipt's URL.
    assert response["Location"] == "/ontvangen/"


@pytest.mark.django_db
def test_receipt_in_english_gives_the_due_date_in_english(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    case = Case.objects.get()
    assert case.preferred_language == "en"
    content = client.get("/ontvangen/").content.decode()
    assert '<html lang="en">' in content
    assert format_date_en(case.due_date) in content


@pytest.mark.django_db
def test_receipt_without_a_submission_goes_back_to_the_start(client):
    response = client.get("/ontvangen/")
    assert response.status_code == 302
    assert response["Location"] == "/"


@pytest.mark.django_db
def test_receipt_notice_is_queued_by_email_when_an_address_is_given(client):
    post_form(client, "vraag", valid_data("vraag"))
    case = Case.objects.get()
    notice = Notification.objects.get(template_key="receipt")
    assert notice.channel == NoticeChannel.EMAIL
    assert notice.recipient == "anna@voorbeeld.test"
    assert notice.reference == f"case:{case.pk}"
    assert notice.context["case_number"] == case.number
    assert case.events.filter(kind=EventKind.SUBMITTED).count() == 1


@pytest.mark.django_db
def test_receipt_goes_by_letter_when_only_a_postal_address_is_given(client):
    data = valid_data("vraag", citizen_email="", citizen_address="Dorpsstraat 22, Voorbeeld")
    post_form(client, "vraag", data)
    notice = Notification.objects.get(template_key="receipt")
    assert notice.channel == NoticeChannel.LETTER
    assert notice.reference == f"case:{Case.objects.get().pk}"
    assert "ontvangstbevestiging per post" in client.get("/ontvangen/").content.decode()


@pytest.fixture
def dead_broker(settings):
    """Point Celery at a broker that is not there, as when Redis is down."""
    from config.celery import app
    from tests.conftest import _reset_broker_pools

    dead = "redis+socket:///tmp/nothing.sock"
    previous = {"task_always_eager": app.conf.task_always_eager, "broker_url": app.conf.broker_url}
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = dead
    app.conf.update(task_always_eager=False, broker_url=dead)
    _reset_broker_pools(app)
    yield
    app.conf.update(**previous)
    _reset_broker_pools(app)


@pytest.mark.django_db
def test_submission_is_accepted_while_the_broker_is_unreachable(
    client, dead_broker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_form(client, "vraag", valid_data("vraag"))
    assert response.status_code == 302
    assert callbacks, "dispatch is scheduled after commit"
    case = Case.objects.get()
    notice = Notification.objects.get(template_key="receipt", reference=f"case:{case.pk}")
    # Not handed over: it stays pending for the outbox sweep.
    assert notice.status == NotificationStatus.PENDING
    assert case.number in client.get("/ontvangen/").content.decode()
