"""Personal data outside the cases: AVG 15 access requests and raw mail not linked to a case are
removed by the monthly destruction job when their time is up (issue 18, docs/records.md)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from cases.models import Role
from inbox.models import InboundMessage, InboundStatus
from records.models import AccessRequest, AccessRequestFetch, PendingFileRemoval
from records.tasks import propose_destruction_list
from tests.factories import build_world, make_staff

pytestmark = pytest.mark.django_db

YEARS_AGO_6 = timedelta(days=6 * 366)


def _request(officer, *, ago: timedelta) -> AccessRequest:
    request = AccessRequest.objects.create(
        citizen_name="Noor Visser",
        citizen_email="noor@voorbeeld.test",
        citizen_bsn="123456782",
        verification="ID-kaart",
        verified_by=officer,
        verified_at=timezone.now() - ago,
    )
    request.document.save(f"records/avg15/inzage-{request.pk}.docx", ContentFile(b"PK doc"))
    AccessRequestFetch.objects.create(access_request=request)
    return request


def _mail(n: int, *, ago: timedelta, status=InboundStatus.DONE, case=None) -> InboundMessage:
    return InboundMessage.objects.create(
        message_id=f"<{n}@voorbeeld.test>",
        raw=b"From: noor@voorbeeld.test\r\n\r\nMijn BSN is 123456782",
        sender="noor@voorbeeld.test",
        subject="Vraag van Noor Visser",
        text="Mijn BSN is 123456782",
        status=status,
        received_at=timezone.now() - ago,
        case=case,
    )


def test_the_monthly_job_removes_expired_access_requests_and_unlinked_mail():
    world = build_world()
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["privacy"])
    old = _request(officer, ago=YEARS_AGO_6)
    recent = _request(officer, ago=timedelta(days=30))
    old_path = old.document.name
    old_spam = _mail(1, ago=timedelta(days=400), status=InboundStatus.IGNORED)
    waiting = _mail(2, ago=timedelta(days=400), status=InboundStatus.QUEUED)
    fresh = _mail(3, ago=timedelta(days=30))
    linked = _mail(4, ago=timedelta(days=400), case=world.complaint)

    propose_destruction_list()

    assert not AccessRequest.objects.filter(pk=old.pk).exists()
    assert not AccessRequestFetch.objects.filter(access_request_id=old.pk).exists()
    assert not default_storage.exists(old_path)
    assert not PendingFileRemoval.objects.exists()
    assert AccessRequest.objects.filter(pk=recent.pk).exists()
    assert default_storage.exists(recent.document.name)

    old_spam.refresh_from_db()
    assert bytes(old_spam.raw) == b"" and old_spam.text == "" and old_spam.sender == ""
    assert old_spam.message_id == f"vernietigd-{old_spam.pk}"
    for kept in (waiting, fresh, linked):  # at the front desk, too recent, part of a case
        kept.refresh_from_db()
        assert b"123456782" in bytes(kept.raw) and kept.sender == "noor@voorbeeld.test"

    # A second run changes nothing more.
    propose_destruction_list()
    assert AccessRequest.objects.count() == 1
