"""Issue 23: notices never wait behind a council report or a calendar recompute. Three Celery
queues (notices, sweeps, heavy), every task routed to one, one worker per queue in the Procfile
and in `make run`; and, with a real Redis and real workers, a receipt is sent while a year
report is being built."""

from __future__ import annotations

import importlib.util
import re
import time
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from cases import services
from cases.actors import CITIZEN
from cases.models import Role
from council.models import CouncilReport, CouncilReportStatus
from council.period import ReportPeriod
from council.service import council_report_request
from notifications.models import Notification, NotificationStatus
from tests.conftest import LiveWorker
from tests.factories import case_type, make_staff, seed_year

BASE_DIR = Path(__file__).resolve().parents[2]
QUEUES = ("notices", "sweeps", "heavy")


def test_every_task_of_ours_has_a_queue_and_notices_have_their_own():
    from config.celery import app

    app.loader.import_default_modules()
    ours = {name for name in app.tasks if not name.startswith("celery.")}
    routes = settings.CELERY_TASK_ROUTES
    assert ours == set(routes), ours ^ set(routes)
    assert tuple(settings.LOKET_QUEUES) == QUEUES
    assert {route["queue"] for route in routes.values()} == set(QUEUES)
    notices = {name for name, route in routes.items() if route["queue"] == "notices"}
    assert "notifications.tasks.send_notification" in notices
    assert "cases.tasks_reports.build_council_report" not in notices
    assert "cases.tasks.apply_calendar_change" not in notices
    # What the publisher really does with a task name.
    queue = app.amqp.router.route({}, "notifications.tasks.send_notification")["queue"]
    assert queue.name == "notices"


def test_the_procfile_runs_one_worker_per_queue():
    lines = dict(
        line.split(":", 1) for line in (BASE_DIR / "Procfile").read_text().splitlines() if line
    )
    for queue in QUEUES:
        command = lines[f"worker-{queue}"]
        assert re.search(rf"celery -A config worker -Q {queue}\b", command), command
    assert "worker" not in lines  # no worker that takes every queue
    assert {"web", "beat", "mail", "release"} <= set(lines)


def test_make_run_starts_one_worker_per_queue(tmp_path):
    spec = importlib.util.spec_from_file_location("run_dev", BASE_DIR / "scripts" / "run_dev.py")
    run_dev = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(run_dev)
    processes = run_dev.dev_processes(python="python", port="8000", var_dir=tmp_path)
    workers = {name: command for name, command in processes.items() if "worker" in command}
    assert set(workers) == {f"worker-{queue}" for queue in QUEUES}
    for queue in QUEUES:
        command = workers[f"worker-{queue}"]
        assert command[command.index("-Q") + 1] == queue
    assert {"web", "beat", "mail"} <= set(processes)


# --- Live: a real Redis, a worker on `heavy` and one on `notices` ----------------------------


def _wait_for(predicate, timeout=90.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return predicate()


def _lock_connection() -> psycopg.Connection:
    s = connection.settings_dict
    return psycopg.connect(
        dbname=s["NAME"],
        user=s["USER"] or None,
        password=s["PASSWORD"] or None,
        host=s["HOST"] or None,
        port=s["PORT"] or None,
    )


def _waiting_on(lock: psycopg.Connection, table: str) -> int:
    """Backends waiting for a lock on `table` (the report build, stopped by the test's lock)."""
    with lock.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = l.relation "
            "WHERE c.relname = %s AND NOT l.granted",
            [table],
        )
        return cursor.fetchone()[0]


@pytest.fixture
def year_of_cases(transactional_db):
    """Written before the workers start (as the report worker test does)."""
    seed_year(small=True)
    return make_staff(Role.COUNCIL, username="raadslid-queues")[1]


@pytest.fixture
def mail_dir(tmp_path, monkeypatch):
    directory = tmp_path / "mail"
    monkeypatch.setenv("EMAIL_BACKEND", "tests.mail_backends.CountingFileBackend")
    monkeypatch.setenv("EMAIL_FILE_PATH", str(directory))
    return directory


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="holds the report back with a PostgreSQL table lock (SQLite locks the whole file)",
)
def test_a_receipt_is_sent_while_a_year_report_is_being_built(
    year_of_cases, mail_dir, celery_live, tmp_path
):
    council = year_of_cases
    celery_live.stop()
    celery_live.start(name="heavy", queues="heavy")
    notices = LiveWorker(celery_live.broker_url, tmp_path)
    notices.start(name="notices", queues="notices")
    lock = _lock_connection()
    try:
        # The build counts extensions (council.figures._term_changes): while the test holds this
        # lock, the report stays in the middle of being built.
        lock.execute("LOCK TABLE cases_extension IN ACCESS EXCLUSIVE MODE")
        report = council_report_request(
            period=ReportPeriod.year(2025), organisation=None, actor=council
        )

        def building() -> bool:
            report.refresh_from_db()
            return report.status == CouncilReportStatus.RUNNING and _waiting_on(
                lock, "cases_extension"
            )

        assert _wait_for(building), celery_live.log()

        submission = services.case_submit(
            case_type=case_type("question"),
            channel="web",
            subject="Parkeervergunning",
            description="Hoe verleng ik die?",
            citizen_name="Anna de Vries",
            citizen_email="anna@voorbeeld.test",
            actor=CITIZEN,
        )
        receipt = Notification.objects.get(
            reference=f"case:{submission.case.pk}", template_key="receipt"
        )

        def sent() -> bool:
            receipt.refresh_from_db()
            return receipt.status == NotificationStatus.SENT

        assert _wait_for(sent), notices.log()
        key = receipt.idempotency_key.replace(":", "_")
        assert len(list(mail_dir.glob(f"{key}--*.eml"))) == 1
        # ... and the report is still being built, held where it was.
        report.refresh_from_db()
        assert report.status == CouncilReportStatus.RUNNING
        assert _waiting_on(lock, "cases_extension") == 1
    finally:
        lock.rollback()
        lock.close()
        notices.stop()

    def done() -> bool:
        report.refresh_from_db()
        return report.status in (CouncilReportStatus.DONE, CouncilReportStatus.FAILED)

    assert _wait_for(done), celery_live.log()
    assert report.status == CouncilReportStatus.DONE
    assert CouncilReport.objects.count() == 1
