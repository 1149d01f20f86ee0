"""The approved list is destroyed by a real Celery worker over a real Redis: the task is
discovered through `records.tasks`, sent only after the approval commits."""

from __future__ import annotations

import io
import os
import time

import pytest
from django.core.management import call_command
from django.utils import timezone

from cases.models import Case, Role
from records.models import DestructionList, ItemDecision, ListStatus, Nomination, RetentionRule
from records.services.retention import destruction_item_review, destruction_list_propose
from tests.factories import build_world, make_staff


@pytest.fixture
def proposed(transactional_db):
    # Written before the worker starts (SQLite: one writer at a time).
    build_world()
    call_command("seed_volume", cases=60, days=730, batch=60, stdout=io.StringIO())
    RetentionRule.objects.filter(nomination=Nomination.DESTROY).update(period="P1M")
    user, actor = make_staff(Role.ARCHIVIST, username="archivaris-worker")
    dlist = destruction_list_propose(today=timezone.localdate())
    for item in dlist.items.all():
        destruction_item_review(item=item, decision=ItemDecision.APPROVED, actor=actor)
    return user, dlist


def test_approval_starts_the_destruction_in_the_worker(proposed, celery_live, client):
    user, dlist = proposed
    client.force_login(user)
    response = client.post(f"/werkplek/archief/vernietigingslijsten/{dlist.pk}/goedkeuren/")
    assert response.status_code == 302

    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if DestructionList.objects.get(pk=dlist.pk).status == ListStatus.DESTROYED:
            break
        time.sleep(0.3)
    dlist.refresh_from_db()
    assert dlist.status == ListStatus.DESTROYED, celery_live.log()
    log = celery_live.log()
    assert "records.tasks.destroy_list" in log
    assert f"[pid {os.getpid()}]" not in log
    case_ids = list(dlist.items.values_list("case_id", flat=True))
    assert not Case.objects.filter(pk__in=case_ids).exclude(citizen_name="").exists()
    assert dlist.certificate
