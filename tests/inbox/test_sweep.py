"""Nothing stored is forgotten: a message whose hand-over to the broker was lost, or whose
worker died half-way, is processed by the beat sweep."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from inbox.models import InboundMessage, InboundStatus
from inbox.services import inbound_store, inbound_sweep
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db

RAW = b"From: a@voorbeeld.test\r\nSubject: Vraag\r\nMessage-ID: <s1@v>\r\n\r\nHoi\r\n"


def test_sweep_processes_messages_the_broker_never_got(django_capture_on_commit_callbacks):
    TeamFactory(is_fallback=True)
    with django_capture_on_commit_callbacks(execute=False):  # the broker was down
        message, _created = inbound_store(raw=RAW)
    assert inbound_sweep() == 0  # too fresh: its own hand-over may still be under way
    InboundMessage.objects.filter(pk=message.pk).update(
        received_at=timezone.now() - timedelta(minutes=2)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert inbound_sweep() == 1
    message.refresh_from_db()
    assert message.status == InboundStatus.DONE
    assert Case.objects.count() == 1
    assert inbound_sweep() == 0


def test_sweep_takes_back_a_message_a_dead_worker_left_half_way():
    TeamFactory(is_fallback=True)
    message, _created = inbound_store(raw=RAW)
    InboundMessage.objects.filter(pk=message.pk).update(
        status=InboundStatus.PROCESSING,
        claimed_at=timezone.now() - timedelta(minutes=11),
        received_at=timezone.now() - timedelta(minutes=11),
    )
    assert inbound_sweep() == 1
    message.refresh_from_db()
    assert message.status == InboundStatus.DONE
    assert Case.objects.count() == 1
