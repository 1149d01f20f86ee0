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
