"""Two workers handed the same message at once (a redelivery, the sweep racing the first
hand-over) make one case: the claim is a conditional update inside the processing transaction,
so the second waits for the row lock and then finds the message taken. PostgreSQL only."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from cases.models import Case
from inbox.models import InboundMessage, InboundStatus
from inbox.services import inbound_process
from notifications.models import Notification
from tests.factories import TeamFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="row locks need PostgreSQL (DATABASE_URL)"
)
def test_two_workers_on_one_message_make_one_case():
    TeamFactory(is_fallback=True)
    raw = b"From: a@voorbeeld.test\r\nSubject: Vraag\r\nMessage-ID: <race@v>\r\n\r\nHoi\r\n"
    # Stored as the receiver would, without its own hand-over to a worker.
    message = InboundMessage.objects.create(message_id="<race@v>", raw=raw, size=len(raw))
    results, barrier = [], threading.Barrier(2)

    def worker():
        try:
            barrier.wait()
            results.append(inbound_process(message_id=message.pk))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(results) == ["new-case", "not-claimed"]
    assert Case.objects.count() == 1
    assert Notification.objects.filter(template_key="receipt").count() == 1
    assert InboundMessage.objects.get().status == InboundStatus.DONE
