"""Mail backends for worker subprocesses in tests: every message becomes one file, so a test can
count what really left, per recipient and notice, across processes."""

import os
import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend


class CountingFileBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        directory = Path(settings.EMAIL_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        delay = float(os.environ.get("TEST_MAIL_DELAY", "0"))
        for message in email_messages:
            if delay:
                time.sleep(delay)
            key = message.extra_headers.get("X-Loket-Notice", "none").replace(":", "_")
            (directory / f"{key}--{uuid.uuid4().hex}.eml").write_text(message.message().as_string())
        return len(email_messages)


class FailingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise ConnectionRefusedError("SMTP server unreachable")
