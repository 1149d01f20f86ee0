"""Celery tasks of the inbox: process one stored message, re-dispatch the forgotten ones, poll
an IMAP mailbox. Tasks take ids and are idempotent (the message row is claimed first)."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="inbox.tasks.process_inbound", acks_late=True)
def process_inbound(message_id: int) -> str:
    from inbox.services import inbound_process

    return inbound_process(message_id=message_id)


@shared_task(name="inbox.tasks.sweep_inbound", acks_late=True)
def sweep_inbound() -> int:
    from inbox.services import inbound_sweep

    return inbound_sweep()


@shared_task(name="inbox.tasks.poll_imap", acks_late=True)
def poll_imap() -> int:
    """Fetch new mail from the IMAP mailbox (only when MAIL_IN_IMAP_HOST is set)."""
    from inbox.imap import imap_poll
    from inbox.services import inbound_store

    return imap_poll(store=inbound_store)
