"""Issue 16 point 3: the municipality must not send anyone's text to anyone.

A name with a line break and "Bcc: ..." plus a payment link used to end up, as written, in the
official receipt to whatever address the sender typed. Names are now one line without links, the
receipt quotes only the subject (as a quotation), and an address gets at most three receipts an
hour; the case is still registered, the withheld receipt is on its timeline."""

from __future__ import annotations

from datetime import timedelta
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.cache import cache
from django.utils import timezone

from cases.models import Case
from cases.selectors.notices import case_notices, notice_state
from loket.forms.frontdesk import RegisterContactForm
from notifications.models import Notification, NotificationStatus
from notifications.tasks import send_notification
from tests.factories import build_world, case_type, login, post_form, submit_case, valid_data

pytestmark = pytest.mark.django_db

PHISHING_NAME = (
    "Anna\r\nBcc: slachtoffer@elders.test\r\nBetaal EUR 35 via https://betaal-nu.example/x"
)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


# --- Names: one line, no links, at most 200 characters ----------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Anna\nBcc: slachtoffer@elders.test",
        "Anna\rBcc: slachtoffer@elders.test",
        "Anna\u2028de Vries",
        "Anna https://betaal-nu.example/x",
        "Anna www.betaal-nu.nl",
        "Betaal via betaal-nu.nl/iban",
        "Anna ｗｗｗ．betaal．com",  # full-width letters are links too
        "anna@elders.test",
    ],
)
def test_public_form_refuses_a_name_with_a_line_break_or_a_link(client, name):
    response = post_form(client, "vraag", valid_data("vraag", citizen_name=name))
    assert response.status_code == 400
    assert not Case.objects.exists()
    content = response.content.decode()
    assert "Schrijf de naam op één regel." in content or "zonder internetadres" in content


@pytest.mark.parametrize(
    "name", ["J.P. de Vries-van den Berg", "Ömer Çelik", "Anna O'Brien", "Jan.de Vries"]
)
def test_ordinary_names_are_accepted(client, name):
    assert post_form(client, "vraag", valid_data("vraag", citizen_name=name)).status_code == 302
    assert Case.objects.get().citizen_name == name


def test_name_longer_than_200_characters_is_refused(client):
    response = post_form(client, "vraag", valid_data("vraag", citizen_name="A" * 201))
    assert response.status_code == 400
    assert not Case.objects.exists()


def test_front_desk_form_refuses_the_same_names():
    data = {
        "channel": "phone",
        "case_type": case_type("question").pk,
        "subject": "Vraag",
        "description": "Vraag over de pas.",
        "citizen_phone": "06 12345678",
    }
    for name in ("Anna\nBcc: x@elders.test", "Anna https://betaal-nu.example/x", "A" * 201):
        form = RegisterContactForm(data={**data, "citizen_name": name})
        assert not form.is_valid()
        assert "citizen_name" in form.errors
    assert RegisterContactForm(data={**data, "citizen_name": "Anna de Vries"}).is_valid()


def test_subject_with_a_line_break_is_kept_on_one_line(client):
    data = valid_data("vraag", subject="Parkeren\r\nBcc: x@elders.test")
    assert post_form(client, "vraag", data).status_code == 302
    assert Case.objects.get().subject == "Parkeren Bcc: x@elders.test"


# --- Header injection and what the receipt quotes ---------------------------------------------


def _send_receipt(case) -> mail.EmailMessage:
    notice = Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")
    mail.outbox.clear()
    assert send_notification(notice.pk) == "sent"
    assert len(mail.outbox) == 1
    return mail.outbox[0]


def test_a_name_with_bcc_cannot_reach_any_mail_header():
    """Past the form (the service is the last line for every channel): the name is stored on one
    line and is not in the receipt at all; the message has one recipient and no Bcc."""
    case = submit_case(
        "question",
        citizen_name=PHISHING_NAME,
        citizen_email="anna@voorbeeld.test",
        subject="Vraag\r\nBcc: ander@elders.test",
    )
    case.refresh_from_db()
    assert "\n" not in case.citizen_name and "\r" not in case.citizen_name
    message = _send_receipt(case)
    assert message.recipients() == ["anna@voorbeeld.test"]
    assert message.bcc == [] and message.cc == []
    raw = message.message().as_bytes()
    parsed = message_from_bytes(raw)
    assert parsed.get_all("Bcc") is None and parsed.get_all("Cc") is None
    headers = raw.split(b"\n\n", 1)[0].decode()
    assert "elders.test" not in headers
    assert "betaal-nu" not in raw.decode(errors="replace")


def test_receipt_quotes_the_subject_and_nothing_else_the_citizen_typed():
    case = submit_case(
        "complaint",
        citizen_name="Betaal EUR 35 via IBAN NL91ABNA0417164300",
        citizen_email="anna@voorbeeld.test",
        subject="Lange wachttijd",
        description="Mijn diabetes-pas, betaal hier: https://betaal-nu.example/x",
        complained_about="Medewerker balie",
    )
    message = _send_receipt(case)
    html = message.alternatives[0][0]
    for body in (message.body, html):
        assert "Lange wachttijd" in body
        for typed in ("NL91ABNA", "Betaal EUR", "diabetes", "betaal-nu", "Medewerker balie"):
            assert typed not in body, typed
    assert "„Lange wachttijd”" in message.body
    assert "<q>Lange wachttijd</q>" in html
    assert message.body.startswith("Beste heer, mevrouw,")


def test_english_receipt_quotes_the_subject():
    case = submit_case(
        "question", subject="Parking permit", preferred_language="en", citizen_name="Anna"
    )
    message = _send_receipt(case)
    assert "“Parking permit”" in message.body
    assert message.body.startswith("Dear Sir or Madam,")


# --- At most three receipts per address per hour ----------------------------------------------


def _receipt(case) -> Notification:
    return Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")


def test_fourth_receipt_to_one_address_in_an_hour_is_withheld_but_the_case_is_registered(client):
    for email in ("doel@elders.test", "Doel@Elders.test", "doel@elders.test", "DOEL@elders.test"):
        assert (
            post_form(client, "vraag", valid_data("vraag", citizen_email=email)).status_code == 302
        )
    cases = list(Case.objects.order_by("pk"))
    assert len(cases) == 4
    statuses = [_receipt(c).status for c in cases]
    assert statuses == [NotificationStatus.PENDING] * 3 + [NotificationStatus.NOT_SENT]
    withheld = _receipt(cases[3])
    assert withheld.status_reason == "recipient_limit"
    assert not any(key.startswith("secret_") for key in withheld.context)
    # Another address is not affected.
    post_form(client, "vraag", valid_data("vraag", citizen_email="iemand@anders.test"))
    assert _receipt(Case.objects.latest("pk")).status == NotificationStatus.PENDING


def test_withheld_receipt_is_never_sent():
    cases = [submit_case("question", citizen_email="doel@elders.test") for _ in range(4)]
    withheld = _receipt(cases[3])
    mail.outbox.clear()
    assert send_notification(withheld.pk) == "not-claimed"
    assert mail.outbox == []


def test_the_limit_is_per_hour():
    for _ in range(3):
        submit_case("question", citizen_email="doel@elders.test")
    # The hour counts from when each receipt was queued.
    Notification.objects.filter(template_key="receipt").update(
        created_at=timezone.now() - timedelta(minutes=61)
    )
    later = submit_case("question", citizen_email="doel@elders.test")
    assert _receipt(later).status == NotificationStatus.PENDING


def test_staff_see_the_withheld_receipt_on_the_timeline(client):
    world = build_world(with_chain=False)
    cases = [submit_case("question", citizen_email="doel@elders.test") for _ in range(4)]
    notice = case_notices(case=cases[3]).get(template_key="receipt")
    expected = "niet verstuurd: dit e-mailadres kreeg het afgelopen uur al 3 ontvangstbevestigingen"
    assert notice_state(notification=notice) == expected
    login(client, world, "coordinator")
    page = client.get(f"/werkplek/zaken/{cases[3].number}/").content.decode()
    assert expected in page
