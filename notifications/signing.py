"""The bytes a webhook posts and their signature: pure functions, below the services and the
delivery task, which both need them (docs/webhooks.md)."""

from __future__ import annotations

import hashlib
import hmac
import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from notifications.models import WebhookDelivery

SIGNATURE_VERSION = "v1"


def webhook_body(delivery: WebhookDelivery) -> bytes:
    """The exact bytes that are posted and signed."""
    body = {"id": str(delivery.delivery_id), **delivery.payload}
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def webhook_signature(*, secret: str, timestamp: int, body: bytes) -> str:
    """HMAC-SHA256 over `<timestamp>.<body>` with the endpoint's secret (docs/webhooks.md)."""
    message = str(timestamp).encode() + b"." + body
    digest = hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()
    return f"{SIGNATURE_VERSION}={digest}"
