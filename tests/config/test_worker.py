"""A task started from a web request is executed by a real worker over a real Redis."""

import os
import time

from notifications.models import WorkerProbe
from tests.factories import UserFactory


def _wait_for(predicate, timeout=30.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


def test_task_from_web_request_runs_in_the_worker(celery_live, client):
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    response = client.post("/werkplek/controle/worker")
    assert response.status_code == 202
    probe_id = response.json()["probe"]
    assert _wait_for(lambda: WorkerProbe.objects.get(pk=probe_id).completed_at is not None), (
        celery_live.log()
    )
    probe = WorkerProbe.objects.get(pk=probe_id)
    # Executed in the worker process, not eagerly in this one.
    assert f"pid {os.getpid()}" not in probe.worker_hostname
    assert probe.worker_hostname.startswith("w1@")
    status = client.get(f"/werkplek/controle/worker/{probe_id}").json()
    assert status["done"] is True


def test_probe_endpoints_are_not_for_anonymous_users(client, db):
    assert client.post("/werkplek/controle/worker").status_code == 404
