"""A council report asked for on the dashboard is built by a real Celery worker over a real Redis
(the task is discovered through `cases.tasks`, its argument survives JSON, and it is sent only
after the request's transaction commits)."""

from __future__ import annotations

import io
import os
import time

import docx
import pytest

from cases.models import Role
from council.models import CouncilReport, CouncilReportStatus
from tests.factories import make_staff, seed_year


def _wait_for(predicate, timeout=90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.3)
    return False


@pytest.fixture
def council(transactional_db):
    """Written before the worker starts: on SQLite a service's write transaction would collide
    with the worker sending the notices those services queue."""
    seed_year(small=True)
    return make_staff(Role.COUNCIL, username="raadslid-worker")[0]


def test_report_requested_on_the_dashboard_is_built_by_the_worker(council, celery_live, client):
    client.force_login(council)
    response = client.post(
        "/werkplek/raad/rapportages/", {"van": "2025-01-01", "tot": "2025-12-31"}
    )
    assert response.status_code == 302
    report = CouncilReport.objects.get()

    def done() -> bool:
        report.refresh_from_db()
        return report.status in (CouncilReportStatus.DONE, CouncilReportStatus.FAILED)

    assert _wait_for(done), celery_live.log()
    assert report.status == CouncilReportStatus.DONE, celery_live.log()
    log = celery_live.log()
    assert "cases.tasks_reports.build_council_report" in log
    assert f"[pid {os.getpid()}]" not in log  # built in the worker, not in this process

    download = client.get(f"/werkplek/raad/rapportages/{report.pk}/raadsrapportage.docx")
    assert download.status_code == 200
    document = docx.Document(io.BytesIO(b"".join(download.streaming_content)))
    assert len(document.inline_shapes) >= 1
    assert document.core_properties.title == "Raadsrapportage Loket Digitale Zaken 2025"
