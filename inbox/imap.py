"""IMAP poller for municipalities that keep a mailbox instead of relaying to our SMTP receiver.

Each unseen message is stored (inbound_store, idempotent by Message-ID) and only then flagged
\\Seen, so a crash between the two at worst stores it twice, which the Message-ID makes a no-op.
"""

from __future__ import annotations

import imaplib
import logging
from collections.abc import Callable

from django.conf import settings

logger = logging.getLogger(__name__)

BATCH = 200


def _connect() -> imaplib.IMAP4:
    host, port = settings.MAIL_IN_IMAP_HOST, settings.MAIL_IN_IMAP_PORT
    if settings.MAIL_IN_IMAP_SSL:
        return imaplib.IMAP4_SSL(host, port, timeout=30)
    return imaplib.IMAP4(host, port, timeout=30)


def imap_poll(*, store: Callable[..., object]) -> int:
    """Store up to BATCH unseen messages with `store` (the inbox's `inbound_store`, handed in by
    the task so this module needs nothing above it); returns how many were fetched."""
    if not settings.MAIL_IN_IMAP_HOST:
        return 0
    fetched = 0
    with _connect() as imap:
        imap.login(settings.MAIL_IN_IMAP_USER, settings.MAIL_IN_IMAP_PASSWORD)
        imap.select(settings.MAIL_IN_IMAP_FOLDER)
        _status, data = imap.uid("SEARCH", None, "UNSEEN")
        uids = (data[0] or b"").split()[:BATCH]
        for uid in uids:
            # BODY.PEEK does not set \Seen; we set it ourselves after the row is stored.
            _status, parts = imap.uid("FETCH", uid, "(BODY.PEEK[])")
            raw = next((p[1] for p in parts if isinstance(p, tuple) and len(p) > 1), None)
            if not raw or len(raw) > settings.MAIL_IN_MAX_BYTES:
                logger.warning("IMAP message %s empty or too large; left unseen", uid)
                continue
            store(raw=raw, source="imap")
            imap.uid("STORE", uid, "+FLAGS", "(\\Seen)")
            fetched += 1
    return fetched
