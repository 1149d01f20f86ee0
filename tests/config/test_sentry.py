"""Personal data is redacted by value before anything reaches Sentry."""

import json

import pytest
import sentry_sdk
from sentry_sdk.transport import Transport

from config.sentry import before_send, scrub_text

EMAIL = "jan.jansen@example.nl"
PHONE = "06-12345678"
BSN = "123456782"


def _event_with_personal_data() -> dict:
    text = f"Aanvraag van {EMAIL}, tel {PHONE}, bsn {BSN}"
    return {
        "message": text,
        "logentry": {"message": text, "params": [EMAIL]},
        "exception": {
            "values": [
                {
                    "type": "ValueError",
                    "value": f"bad input {EMAIL} {PHONE} {BSN}",
                    "stacktrace": {
                        "frames": [
                            {
                                "vars": {
                                    "email": EMAIL,
                                    "phone": PHONE,
                                    "bsn": BSN,
                                    "form": {"data": f"{EMAIL};{PHONE};{BSN}"},
                                }
                            }
                        ]
                    },
                }
            ]
        },
        "breadcrumbs": {"values": [{"message": f"POST by {EMAIL} {PHONE} {BSN}"}]},
        "extra": {"note": [f"{EMAIL}", "+31 6 1234 5678", "123.456.782"]},
    }


def test_before_send_redacts_email_phone_and_bsn_everywhere():
    event = before_send(_event_with_personal_data(), {})
    dumped = json.dumps(event)
    for value in (EMAIL, PHONE, BSN, "+31 6 1234 5678", "123.456.782", "12345678"):
        assert value not in dumped
    assert "[e-mail]" in event["exception"]["values"][0]["value"]
    assert "[telefoon]" in event["exception"]["values"][0]["value"]
    assert "[bsn]" in event["exception"]["values"][0]["stacktrace"]["frames"][0]["vars"]["bsn"]
    assert "[bsn]" in event["message"]
    assert "[e-mail]" in event["breadcrumbs"]["values"][0]["message"]


@pytest.mark.parametrize(
    "text",
    ["Zaak LDZ-2026-000123", "op 2026-12-11 om 12:30", "5 dagen, 1000 zaken", "id 42"],
)
def test_ordinary_numbers_survive(text):
    assert scrub_text(text) == text


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


def test_real_sentry_client_sends_scrubbed_events():
    """The SDK with our hooks, up to the transport (the only part that would leave the machine)."""
    from config.sentry import before_breadcrumb

    transport = CapturingTransport()
    sentry_sdk.init(
        dsn="https://public@sentry.invalid/1",
        transport=transport,
        send_default_pii=False,
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        default_integrations=False,
    )
    try:
        email, phone, bsn = EMAIL, PHONE, BSN  # noqa: F841 — locals Sentry may capture
        sentry_sdk.add_breadcrumb(message=f"form from {email}")
        try:
            raise ValueError(f"Cannot process {email} {phone} {bsn}")
        except ValueError:
            sentry_sdk.capture_exception()
        sentry_sdk.flush()
    finally:
        sentry_sdk.init(dsn=None)
    payload = b"".join(envelope.serialize() for envelope in transport.envelopes).decode()
    assert "Cannot process" in payload
    for value in (EMAIL, PHONE, BSN):
        assert value not in payload


def test_log_records_are_redacted(caplog):
    import logging

    from config.sentry import RedactPersonalDataFilter

    record = logging.LogRecord("x", logging.INFO, __file__, 1, "mail %s", (EMAIL,), None)
    RedactPersonalDataFilter().filter(record)
    assert EMAIL not in record.getMessage()


# --- Issue 16 point 5: a failing intake sends no form body and no local variables -------------

IBAN = "NL91ABNA0417164300"
FORM = {
    "subject": "Vraag over mijn pas",
    "description": "Het gaat om mijn diabetes; betaal terug op NL91 ABNA 0417 1643 00.",
    "citizen_name": "Anna de Vries",
    "citizen_email": "anna@bücher.de",
    "citizen_phone": "06 1234 5678",
    "citizen_address": "Dorpsstraat 22, 1234 AB Voorbeeld",
    "website": "",
}


@pytest.fixture
def sentry_transport(monkeypatch):
    """`init_sentry` exactly as production calls it; only the transport (the HTTP to Sentry)
    is replaced by one that keeps the envelopes."""
    from config.sentry import init_sentry

    transport = CapturingTransport()
    real_init = sentry_sdk.init
    monkeypatch.setattr(sentry_sdk, "init", lambda **kw: real_init(transport=transport, **kw))
    init_sentry(dsn="https://public@sentry.invalid/1", environment="test")
    yield transport
    real_init(dsn=None)


@pytest.mark.django_db
def test_failing_intake_sends_no_request_body_and_no_local_variables(
    client, sentry_transport, monkeypatch
):
    from django.core.cache import cache

    from cases import services

    def failing_submit(**fields):
        description = fields["description"]  # noqa: F841 — a local Sentry used to send
        raise RuntimeError("database went away")

    monkeypatch.setattr(services, "case_submit", failing_submit)
    cache.clear()
    client.raise_request_exception = False
    response = client.post("/indienen/vraag/", FORM)
    assert response.status_code == 500
    sentry_sdk.flush()
    payload = b"".join(e.serialize() for e in sentry_transport.envelopes).decode()
    assert "database went away" in payload  # the event did go out
    for value in ("diabetes", "Anna de Vries", "Dorpsstraat", "1234 AB", IBAN, "ABNA 0417"):
        assert value not in payload, value
    event = json.loads(next(line for line in payload.splitlines() if '"exception"' in line))
    assert not event.get("request", {}).get("data")  # no body, not even a summary
    frames = event["exception"]["values"][0]["stacktrace"]["frames"]
    assert not any("vars" in frame for frame in frames)


@pytest.mark.parametrize(
    "text, hidden",
    [
        (f"refund to {IBAN} failed", IBAN),
        ("refund to NL91 ABNA 0417 1643 00 failed", "ABNA 0417"),
        ("address Dorpsstraat 22, 1234 AB Voorbeeld", "Dorpsstraat 22"),
        ("address Dorpsstraat 22, 1234 AB Voorbeeld", "1234 AB"),
        ("Laan van Meerdervoort 12a", "Meerdervoort 12"),
        ("postcode 1234AB 5", "1234AB"),
        ("bsn 12345674", "12345674"),
        ("bsn 123456782", "123456782"),
        # Issue 17: as the identity card prints it, and typed with dashes.
        ("bsn 1234.56.782 van de kaart", "56.782"),
        ("bsn 1234-56-782", "56-782"),
        ("mail anna@bücher.de", "bücher"),
        ("mail josé@correo.españa", "josé@"),
    ],
)
def test_scrubbing_covers_iban_address_short_bsn_and_international_mail(text, hidden):
    scrubbed = scrub_text(text)
    assert hidden not in scrubbed
    assert "[" in scrubbed


def test_scrubbing_keeps_the_text_around_what_it_redacts():
    assert scrub_text(f"IBAN {IBAN} ok") == "IBAN [iban] ok"
    assert scrub_text("06-12345678") == "[telefoon]"
