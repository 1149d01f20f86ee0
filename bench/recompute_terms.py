"""Times recomputing 100,000 open cases after a calendar change, on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench_terms \
        python bench/recompute_terms.py [--cases 100000]

Writes open cases received over the 12 weeks before a Friday (due dates from the real term
engine), adds that Friday as a decree day and times the background job that recomputes every
open case whose term spans it (batches of 500, rows locked per batch, events and notices for the
dates that move, and one task per batch that sends its notices).

Issue 23's figure (100,000 spanning cases, <= 30 s) is `--spread-days 5`: every case spans the day,
and the questions (working-day terms, a fifth here) move. `--profile 40` prints where the time goes.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import time
from datetime import date, timedelta
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from deadline_sweep import ensure_database, log, start_broker  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument(
        "--spread-days",
        type=int,
        default=84,
        help="received over this many days before the changed day (5: every case spans it)",
    )
    parser.add_argument(
        "--profile", type=int, default=0, help="print this many cProfile lines (cumulative)"
    )
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

    from cases.calendar import load_calendar
    from cases.models import CalendarChange, CaseType, DecreeDay
    from cases.services.calendar import calendar_change_apply
    from cases.services.deadlines import term_for_received

    call_command("migrate", verbosity=0)
    day = date(2027, 3, 12)  # a Friday
    DecreeDay.objects.filter(date=day).delete()
    types = list(CaseType.objects.all())
    calendar = load_calendar()

    @cache
    def due(type_index: int, received: date) -> date:
        return term_for_received(
            case_type=types[type_index], received=received, calendar=calendar
        ).due_date

    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE cases_case, notifications_notification CASCADE")
        buffer = io.StringIO()
        for i in range(args.cases):
            t = i % len(types)
            received = day - timedelta(days=1 + i % args.spread_days)
            d = due(t, received).isoformat()
            buffer.write(
                f"T-{i:09d}\t{types[t].pk}\tweb\tOnderwerp\tOmschrijving\tInwoner {i}\t"
                f"i{i}@example.nl\t\t\t\tnl\t\t\t\t\t\t{received.isoformat()} 09:00:00+00\t"
                f"{d}\t{d}\t{d}\t\t1\t{received.isoformat()} 09:00:00+00\tin_progress\tf\t\n"
            )
        buffer.seek(0)
        columns = (
            "number, case_type_id, channel, subject, description, citizen_name, citizen_email, "
            "citizen_phone, citizen_address, bsn_digest, preferred_language, complained_about, "
            "complained_about_email, outcome, answer, hearing_waived_reason, received_at, "
            "due_date, original_due_date, promised_due_date, tracking_token_hash, version, "
            "updated_at, status, advisory_committee, reply_token"
        )
        with cursor.cursor.copy(f"COPY cases_case ({columns}) FROM STDIN") as copy:
            copy.write(buffer.read())
        cursor.execute("ANALYZE cases_case")
    log(f"{args.cases:,} open cases written")
    DecreeDay.objects.create(date=day, decree="Benchmark")
    change = CalendarChange.objects.create(kind="decree", action="added", date=day)
    profiler = cProfile.Profile() if args.profile else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    change = calendar_change_apply(
        change=change,
        progress=lambda done, total: log(f"  {done}/{total}") if done % 10000 == 0 else None,
    )
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        pstats.Stats(profiler, stream=sys.stderr).sort_stats("cumulative").print_stats(args.profile)
    per_case = seconds * 1000 / max(1, change.processed)
    print(
        f"open_cases={args.cases} spanning_day={change.processed} "
        f"changed={change.changed_cases} recompute_seconds={seconds:.1f} "
        f"per_case_ms={per_case:.2f}"
    )


if __name__ == "__main__":
    main()
