"""The IMAP poller against a fake mailbox (imaplib's calls, no network): unseen messages are
stored, then flagged \\Seen; a second poll stores nothing new; too large stays unseen."""

from __future__ import annotations

import pytest

from cases.models import Case
from inbox import imap
from inbox.models import InboundMessage
from inbox.services import inbound_store
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db


class FakeMailbox:
    def __init__(self, messages: dict[bytes, bytes]):
        self.messages = messages
        self.seen: set[bytes] = set()
        self.logged_in = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    def login(self, user, password):
        self.logged_in = (user, password)

    def select(self, folder):
        assert folder == "INBOX"

    def uid(self, command, *args):
        if command == "SEARCH":
            unseen = [uid for uid in self.messages if uid not in self.seen]
            return "OK", [b" ".join(unseen)]
        if command == "FETCH":
            uid = args[0]
            assert args[1] == "(BODY.PEEK[])"  # fetching must not mark it seen
            return "OK", [(uid + b" (UID " + uid + b" BODY[] {n}", self.messages[uid]), b")"]
        if command == "STORE":
            self.seen.add(args[0])
            return "OK", [b""]
        raise AssertionError(command)


def test_imap_poll_stores_then_flags_seen(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    TeamFactory(is_fallback=True)
    settings.MAIL_IN_IMAP_HOST = "imap.gemeente.test"
    settings.MAIL_IN_IMAP_USER, settings.MAIL_IN_IMAP_PASSWORD = "loket", "geheim"
    settings.MAIL_IN_MAX_BYTES = 5000
    box = FakeMailbox(
        {
            b"1": b"From: a@voorbeeld.test\r\nSubject: Vraag\r\nMessage-ID: <i1@v>\r\n\r\nHoi\r\n",
            b"2": b"From: b@voorbeeld.test\r\nMessage-ID: <i2@v>\r\n\r\n" + b"x" * 6000,
        }
    )
    monkeypatch.setattr(imap, "_connect", lambda: box)
    with django_capture_on_commit_callbacks(execute=True):
        assert imap.imap_poll(store=inbound_store) == 1
    assert box.logged_in == ("loket", "geheim")
    assert box.seen == {b"1"}  # the oversized one stays unseen for a person to look at
    message = InboundMessage.objects.get()
    assert message.source == "imap"
    assert Case.objects.get().citizen_email == "a@voorbeeld.test"
    assert imap.imap_poll(store=inbound_store) == 0
    assert InboundMessage.objects.count() == 1


def test_imap_poll_is_off_without_a_host(settings):
    settings.MAIL_IN_IMAP_HOST = ""
    assert imap.imap_poll(store=inbound_store) == 0
