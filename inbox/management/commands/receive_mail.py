"""`python manage.py receive_mail`: the SMTP receiver process (Procfile `mail:`)."""

from __future__ import annotations

import signal
import threading

from django.conf import settings
from django.core.management.base import BaseCommand

from inbox.smtp import make_controller


class Command(BaseCommand):
    help = "Ontvang e-mail over SMTP (aiosmtpd) en sla die op voor verwerking."

    def add_arguments(self, parser):
        parser.add_argument("--host", default=settings.MAIL_IN_SMTP_HOST)
        parser.add_argument("--port", type=int, default=settings.MAIL_IN_SMTP_PORT)

    def handle(self, *args, host: str, port: int, **options):
        controller = make_controller(host=host, port=port)
        controller.start()
        self.stdout.write(f"SMTP receiver listening on {host}:{port}", ending="\n")
        self.stdout.flush()
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_a: stop.set())
        signal.signal(signal.SIGINT, lambda *_a: stop.set())
        try:
            stop.wait()
        finally:
            controller.stop()
