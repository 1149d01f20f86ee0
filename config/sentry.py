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

_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")
# Dutch phone numbers as people type them: +31 6 1234 5678, 0031-20-1234567, 06-12345678,
# (020) 123 45 67. Ten digits after the trunk prefix, separators anywhere.
_PHONE = re.compile(
    r"(?<![\w])(?:\+|00)\s?\d{2}[\s\-]?(?:\(0\)\s?)?\d(?:[\s\-]?\d){7,10}(?![\w])"
    r"|(?<![\w])\(?0\d{1,3}\)?(?:[\s\-]?\d){6,8}(?![\w])"
)
# BSN-like: exactly nine digits, optionally written as 123.456.789 or 123 456 789.
_BSN = re.compile(r"(?<![\w.])\d{3}[.\s]?\d{3}[.\s]?\d{3}(?![\w])|(?<!\d)\d{9}(?!\d)")


# The citizen's secret tracking link is a bearer secret: never in logs or events.
_TRACKING = re.compile(r"/volg/[A-Za-z0-9_\-]{16,}")


def scrub_text(value: str) -> str:
    """Redact e-mail addresses, phone numbers, BSN-like numbers and tracking links."""
    value = _TRACKING.sub("/volg/[link]", value)
    value = _EMAIL.sub(REDACTED_EMAIL, value)
    value = _BSN.sub(REDACTED_BSN, value)
    value = _PHONE.sub(REDACTED_PHONE, value)
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


def init_sentry(*, dsn: str, environment: str) -> None:
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    sentry_sdk.init(
        dsn=dsn,
        environment=environment,
        integrations=[DjangoIntegration(), CeleryIntegration()],
        send_default_pii=False,
        before_send=before_send,
        before_breadcrumb=before_breadcrumb,
        traces_sample_rate=0.0,
    )


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
