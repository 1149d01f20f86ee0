"""Sentry set-up and personal-data scrubbing.

`send_default_pii=False` keeps Sentry from adding user and request data by key, but personal data
also turns up *inside* strings: an exception message quoting a form value, a local variable holding
an e-mail address. `scrub_event` walks every string in the event and redacts by value.
"""

from __future__ import annotations

import logging
import re
from typing import Any

REDACTED_EMAIL = "[e-mail]"
REDACTED_PHONE = "[telefoon]"
REDACTED_BSN = "[bsn]"
REDACTED_IBAN = "[iban]"
REDACTED_ADDRESS = "[adres]"

# \w, not [A-Za-z]: addresses at internationalised domains (jan@bücher.de, ana@correo.españa)
# and with non-ASCII local parts are as personal as any other.
_EMAIL = re.compile(r"[\w.%+\-]+@[\w\-]+(?:\.[\w\-]+)*\.\w{2,}")
# Dutch phone numbers as people type them: +31 6 1234 5678, 0031-20-1234567, 06-12345678,
# (020) 123 45 67. Ten digits after the trunk prefix, separators anywhere.
_PHONE = re.compile(
    r"(?<![\w])(?:\+|00)\s?\d{2}[\s\-]?(?:\(0\)\s?)?\d(?:[\s\-]?\d){7,10}(?![\w])"
    r"|(?<![\w])\(?0\d{1,3}\)?(?:[\s\-]?\d){6,8}(?![\w])"
)
# BSN-like: nine digits, optionally written as 123.456.789 or 123 456 789, as the identity card
# prints it (1234.56.782, issue 17; dashes too), and eight digits (a BSN below 100000000 is often
# written without its leading zero).
_BSN = re.compile(
    r"(?<![\w.])\d{3}[.\s]?\d{3}[.\s]?\d{3}(?![\w])"
    r"|(?<![\w.\-])\d{4}[.\s\-]\d{2}[.\s\-]\d{3}(?![\w])"
    r"|(?<!\d)\d{8,9}(?!\d)"
)
# IBAN: country code, check digits, 11 to 30 letters and digits, in groups of four or not
# (NL91ABNA0417164300, NL91 ABNA 0417 1643 00, DE89 3704 0044 0532 0130 00).
_IBAN = re.compile(
    r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b", re.IGNORECASE
)
# Postal addresses: a Dutch postcode (1234 AB) with whatever house number follows, and a street
# name with a common Dutch street suffix and its house number (Dorpsstraat 22, Kerkweg 1-3,
# Molenkade 7a, Laan van Meerdervoort 12).
_POSTCODE = re.compile(r"(?<![\w])[1-9]\d{3}\s?[A-Z]{2}(?:\s+\d{1,5}[a-zA-Z]?)?(?![\w])")
_STREET = re.compile(
    r"\b(?:[\w'.\-]*(?:straat|laan|weg|plein|gracht|kade|dijk|singel|hof|pad|steeg|dreef|"
    r"park|markt|kant|baan|wal|erf|veld|dam|burg|haven|ring|poort|zijde|hoven|brink|wijk|"
    r"dreef|boulevard|allee)|laan\s+van\s+[\w'.\-]+)\s+\d{1,5}(?:\s?[a-zA-Z]\b|[\-/]\d+)?",
    re.IGNORECASE,
)


# The citizen's secret tracking link is a bearer secret: never in logs or events.
_TRACKING = re.compile(r"/volg/[A-Za-z0-9_\-]{16,}")


def scrub_text(value: str) -> str:
    """Redact e-mail addresses, IBANs, postal addresses, phone numbers, BSN-like numbers and
    tracking links. The IBAN goes before the BSN (its digits would look like one), the phone
    number before the BSN (06-12345678 is a phone number, not an eight-digit BSN)."""
    value = _TRACKING.sub("/volg/[link]", value)
    value = _EMAIL.sub(REDACTED_EMAIL, value)
    value = _IBAN.sub(REDACTED_IBAN, value)
    value = _POSTCODE.sub(REDACTED_ADDRESS, value)
    value = _STREET.sub(REDACTED_ADDRESS, value)
    value = _PHONE.sub(REDACTED_PHONE, value)
    value = _BSN.sub(REDACTED_BSN, value)
    return value


def scrub(value: Any, _depth: int = 0) -> Any:
    """Return a copy of `value` with every string (keys included) scrubbed."""
    if _depth > 50:
        return value
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, dict):
        return {scrub(k, _depth + 1): scrub(v, _depth + 1) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(scrub(v, _depth + 1) for v in value)
    return value


def before_send(event: dict, hint: dict | None = None) -> dict:
    """Sentry hook: messages, exception values, frame variables, breadcrumbs, extra, tags."""
    return scrub(event)


def before_breadcrumb(crumb: dict, hint: dict | None = None) -> dict:
    return scrub(crumb)


def sentry_options(*, dsn: str, environment: str) -> dict[str, Any]:
    """Everything `sentry_sdk.init` is given. No request bodies (a failing intake would send the
    form: name, address, "mijn diabetes", an IBAN), no local variables (they hold the same
    values), no default PII (cookies, user, IP); what remains is scrubbed by value."""
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    return {
        "dsn": dsn,
        "environment": environment,
        "integrations": [DjangoIntegration(), CeleryIntegration()],
        "send_default_pii": False,
        "include_local_variables": False,
        "max_request_body_size": "never",
        "before_send": before_send,
        "before_breadcrumb": before_breadcrumb,
        "traces_sample_rate": 0.0,
    }


def init_sentry(*, dsn: str, environment: str) -> None:
    import sentry_sdk

    sentry_sdk.init(**sentry_options(dsn=dsn, environment=environment))


class RedactPersonalDataFilter(logging.Filter):
    """Logging filter: the same redaction for log records (message and arguments)."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except Exception:  # a broken format string must not lose the record
            return True
        record.msg = scrub_text(message)
        record.args = None
        return True
