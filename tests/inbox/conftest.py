"""The SMTP receiver on a free loopback port, for tests that speak real SMTP to it."""

from __future__ import annotations

import smtplib
import socket
from email.message import EmailMessage
from email.utils import make_msgid

import pytest

from tests.factories import TeamFactory


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def receiver(request, transactional_db, settings):
    """The real aiosmtpd receiver in this process (its own thread and event loop). The test
    database is a file (or PostgreSQL), so the receiver's thread sees what it commits.
    Processing is eager unless the test also asks for `celery_live` (a real worker)."""
    from config.celery import app
    from inbox.smtp import make_controller

    eager_before = app.conf.task_always_eager
    if "celery_live" not in request.fixturenames:
        # tests/conftest.py's celery_live restores the value it read after switching the
        # Django setting off, which can leave later tests non-eager; be explicit here.
        settings.CELERY_TASK_ALWAYS_EAGER = True
        app.conf.task_always_eager = True

    settings.MAIL_IN_DOMAIN = "gemeente.test"
    settings.MAIL_IN_LOCAL_PART = "loket"
    from cases.models import Team

    if not Team.objects.filter(is_fallback=True).exists():
        TeamFactory(is_fallback=True)
    port = free_port()
    controller = make_controller(host="127.0.0.1", port=port)
    controller.start()
    try:
        yield ("127.0.0.1", port)
    finally:
        controller.stop()
        if "celery_live" not in request.fixturenames:
            app.conf.task_always_eager = eager_before


def send(receiver, message: EmailMessage | bytes, *, to=("loket@gemeente.test",), sender=None):
    """One SMTP session: EHLO, MAIL, RCPT, DATA, QUIT."""
    host, port = receiver
    with smtplib.SMTP(host, port, timeout=30) as smtp:
        if isinstance(message, bytes):
            return smtp.sendmail(sender or "inwoner@voorbeeld.test", list(to), message)
        return smtp.send_message(message, from_addr=sender, to_addrs=list(to))


def mail(
    *,
    subject="Vraag over mijn aanslag",
    body="Goedemiddag,\n\nIk heb een vraag over mijn aanslag.\n",
    sender="Jan Jansen <jan@voorbeeld.test>",
    to="loket@gemeente.test",
    **headers,
) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    if "Message_ID" not in headers:
        message["Message-ID"] = make_msgid(domain="voorbeeld.test")
    for name, value in headers.items():
        message[name.replace("_", "-")] = value
    message.set_content(body)
    return message
