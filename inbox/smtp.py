"""The SMTP receiver (aiosmtpd): an MTA relays the loket's mail here.

The session is answered 250 only after the raw message is committed to the database, so a
message the MTA was told we have is never lost; processing happens in the worker. A message
over MAIL_IN_MAX_BYTES is refused with 552 (at MAIL FROM when the client announces SIZE,
otherwise at the end of DATA) without being kept in memory.
"""

from __future__ import annotations

import asyncio
import logging

from aiosmtpd.controller import Controller
from django.conf import settings
from django.db import close_old_connections

logger = logging.getLogger(__name__)


def _store(raw: bytes, mail_from: str, rcpt_tos: list[str]) -> None:
    from inbox.services import inbound_store

    close_old_connections()
    try:
        inbound_store(raw=raw, source="smtp", envelope_sender=mail_from or "", recipients=rcpt_tos)
    finally:
        close_old_connections()


class InboxHandler:
    async def handle_DATA(self, server, session, envelope) -> str:
        raw = envelope.original_content or b""
        if isinstance(envelope.content, bytes) and not raw:
            raw = envelope.content
        try:
            # The ORM is synchronous: run it in a thread, off the event loop.
            await asyncio.to_thread(_store, raw, envelope.mail_from, list(envelope.rcpt_tos))
        except Exception:
            logger.exception("Could not store an incoming message")
            # 451: the MTA keeps the message and tries again later.
            return "451 4.3.0 Tijdelijke fout, probeer het later opnieuw"
        return "250 2.0.0 OK: ontvangen"


def make_controller(*, host: str | None = None, port: int | None = None) -> Controller:
    return Controller(
        InboxHandler(),
        hostname=host or settings.MAIL_IN_SMTP_HOST,
        port=port if port is not None else settings.MAIL_IN_SMTP_PORT,
        data_size_limit=settings.MAIL_IN_MAX_BYTES,
        # 8-bit and UTF-8 headers arrive as bytes and are stored untouched.
        enable_SMTPUTF8=True,
        decode_data=False,
        ident="Loket Digitale Zaken",
    )


__all__ = ["InboxHandler", "make_controller"]
