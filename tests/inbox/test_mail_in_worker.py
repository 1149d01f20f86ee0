"""E-mail in end to end with a real Celery worker and a real Redis: the receiver stores the
message and hands it over after commit; the worker makes the case (and sends its receipt) or
files the reply. Duplicates are processed once."""

from __future__ import annotations

import time

import pytest

from cases import services
from cases.models import Case, CaseStatus, Role
from inbox.models import InboundMessage, InboundStatus
from notifications.models import Notification, NotificationStatus
from tests.factories import make_staff, submit_case
from tests.inbox.conftest import mail, send


def wait_for(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture
def worker_env(monkeypatch, tmp_path):
    monkeypatch.setenv("MAIL_IN_DOMAIN", "gemeente.test")
    monkeypatch.setenv("EMAIL_BACKEND", "django.core.mail.backends.filebased.EmailBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(tmp_path / "sent"))


def test_mail_in_through_a_real_worker(worker_env, receiver, celery_live):
    send(receiver, mail(Message_ID="<eerste@voorbeeld.test>"))
    assert wait_for(lambda: Case.objects.exists()), celery_live.log()[-3000:]
    case = Case.objects.get()
    assert (case.channel, case.case_type.code) == ("email", "question")
    assert wait_for(
        lambda: Notification.objects.filter(
            reference=f"case:{case.pk}", template_key="receipt", status=NotificationStatus.SENT
        ).exists()
    ), celery_live.log()[-3000:]

    # The same message again (the MTA retried after a lost 250): processed once.
    send(receiver, mail(Message_ID="<eerste@voorbeeld.test>"))
    time.sleep(1)
    assert Case.objects.count() == 1 and InboundMessage.objects.count() == 1

    # A reply to the reply address resumes the clock of a case waiting for the citizen.
    waiting = submit_case("privacy_request", digid_bsn="111222333")  # no identity wait
    _user, actor = make_staff(Role.CASEWORKER, team=waiting.team)
    services.case_request_information(
        case=services.case_take(case=waiting, actor=actor), actor=actor, question="Welke?"
    )
    send(
        receiver,
        mail(body="Mijn antwoord.", sender="anna@elders.test"),
        to=[f"loket+{waiting.reply_token}@gemeente.test"],
    )
    assert wait_for(lambda: Case.objects.get(pk=waiting.pk).status == CaseStatus.IN_PROGRESS), (
        celery_live.log()[-3000:]
    )
    assert not waiting.suspensions.filter(end__isnull=True).exists()
    assert set(InboundMessage.objects.values_list("status", flat=True)) == {InboundStatus.DONE}
