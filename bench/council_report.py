"""Times the council's year report over 1,000,000 cases on PostgreSQL, with its peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench_report \
        python bench/council_report.py [--cases 1000000] [--keep]

The database is created (and migrated) if it does not exist; its cases are replaced (--keep
reuses the cases of an earlier run). Everything is written with COPY (this is a benchmark, not
the intake path): a year (2025) of cases of every type and channel with realistic outcomes and
handling times, and in proportion their extensions (3%), suspensions (4%), chain-error reports
(8% of the cases) with 1-6 correction tasks each, disputes (3% of the tasks) and one event per
case. About 5% are complaints, so the Awb 9:12a register lists ~50,000 of them.

The report is then built in a fresh process, so its peak RSS (ru_maxrss) is the report's own:

    cases=1000000 report_seconds=… peak_rss_mb=… baseline_rss_mb=… register_rows=… docx_kb=…
    cases=1000000 figures_seconds=… (the dashboard's share: the aggregate queries only)
    cases=1000000 python_heap_peak_mb=… (tracemalloc, a second run)
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from deadline_sweep import ensure_database, log  # noqa: E402

YEAR = 2025
CHUNK = 100_000
NULL = "\\N"  # COPY's NULL
# (type code, share in ‰, days to the due date, outcomes)
TYPES = [
    ("question", 550, 7, ["answered"]),
    ("complaint", 50, 42, ["well_founded", "partly_founded", "unfounded", "settled"]),
    ("chain_error", 80, 31, ["corrected", "partly_granted", "no_error"]),
    ("privacy_request", 200, 31, ["granted", "partly_granted", "refused"]),
    ("woo_request", 120, 28, ["granted", "partly_granted", "refused"]),
]
CHANNELS = ["web"] * 12 + ["phone"] * 4 + ["counter", "counter", "letter", "email", "email"]


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: kilobytes


def _type_for(i: int) -> tuple:
    slot, start = (i * 7919) % 1000, 0
    for spec in TYPES:
        start += spec[1]
        if slot < start:
            return spec
    return TYPES[0]


def _copy(cursor, table: str, columns: str, rows) -> int:
    """COPY the rows (tab-separated lines) in chunks; returns the count."""
    count, buffer = 0, io.StringIO()

    def flush():
        buffer.seek(0)
        with cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
            copy.write(buffer.read())
        buffer.seek(0)
        buffer.truncate()

    for line in rows:
        buffer.write(line)
        count += 1
        if count % CHUNK == 0:
            flush()
            log(f"  {table}: {count:,}")
    flush()
    return count


def fill(cursor, n: int) -> dict[str, int]:
    from cases.models import CaseType, Organisation, System, Team

    type_ids = dict(CaseType.objects.values_list("code", "pk"))
    orgs = list(Organisation.objects.order_by("code").values_list("pk", flat=True))
    teams = dict(Team.objects.values_list("organisation_id", "pk"))
    systems = list(System.objects.order_by("code").values_list("pk", "code", "organisation_id"))
    log("Emptying cases…")
    cursor.execute("TRUNCATE cases_case, cases_councilreport RESTART IDENTITY CASCADE")
    for table in ("cases_correctiontask", "cases_caseevent", "cases_extension"):
        cursor.execute(f"ALTER SEQUENCE {table}_id_seq RESTART WITH 1")
    start = datetime(YEAR, 1, 1, 7, 0)  # UTC: 08:00 in Amsterdam in winter
    cases_meta: list[tuple] = []  # (received, status, due) for the dependent tables; ints/dates

    def cases():
        for i in range(1, n + 1):
            code, _share, term, outcomes = _type_for(i)
            received = start + timedelta(days=(i * 13) % 365, minutes=(i * 7919) % 600)
            due = received.date() + timedelta(days=term)
            roll = (i * 104729) % 100
            org = orgs[i % len(orgs)]
            outcome, resolved, closed = "", "\\N", "\\N"
            if roll < 85:
                handling = (i * 31) % (term * 3 // 2 + 1)  # ~2/3 on time
                done = received + timedelta(days=handling, hours=5)
                resolved = done.isoformat() + "+00"
                status = "closed" if done.date() < date(YEAR, 12, 1) else "resolved"
                closed = resolved if status == "closed" else "\\N"
                outcome = outcomes[i % len(outcomes)]
            elif roll < 90:
                status = "rejected"
            elif roll < 93:
                status = "withdrawn"
            else:
                status = "in_progress"
            cases_meta.append((code, received, status, due))
            stamp = received.isoformat() + "+00"
            yield (
                f"B-{i:09d}\t{type_ids[code]}\t{CHANNELS[i % len(CHANNELS)]}\tOnderwerp {i}\t"
                f"Omschrijving {i}\tInwoner {i}\t\t\t\t\tnl\t\t\t{outcome}\t\t\t{stamp}\t"
                f"{due}\t{due}\t{due}\t\t1\t{stamp}\t{status}\t{resolved}\t{closed}\t{org}\t"
                f"{teams.get(org, NULL)}\n"
            )

    counts = {}
    counts["cases"] = _copy(
        cursor,
        "cases_case",
        "number, case_type_id, channel, subject, description, citizen_name, citizen_email, "
        "citizen_phone, citizen_address, bsn_digest, preferred_language, complained_about, "
        "complained_about_email, outcome, answer, hearing_waived_reason, received_at, due_date, "
        "original_due_date, promised_due_date, tracking_token_hash, version, updated_at, status, "
        "resolved_at, closed_at, organisation_id, team_id",
        cases(),
    )

    def events():
        for case_id, (_code, received, _status, due) in enumerate(cases_meta, start=1):
            yield (
                f"{case_id}\tsubmitted\t\\N\tcitizen\t\t\treceived\t{due}\t\tt\t{{}}\t"
                f"{received.isoformat()}+00\n"
            )

    event_columns = (
        "case_id, kind, actor_id, actor_kind, transition, from_status, to_status, due_date, "
        "reason, is_public, data, created_at"
    )
    counts["events"] = _copy(cursor, "cases_caseevent", event_columns, events())

    def extensions():
        for case_id, (_code, received, _status, due) in enumerate(cases_meta, start=1):
            if case_id % 33 == 0:
                new = due + timedelta(days=28)
                yield (
                    f"{case_id}\t4\tweeks\tMeer tijd nodig\tf\t{received.date()}\t{due}\t{new}\t"
                    f"\\N\t{received.isoformat()}+00\n"
                )

    counts["extensions"] = _copy(
        cursor,
        "cases_extension",
        "case_id, amount, unit, reason, with_consent, notified_on, previous_due_date, "
        "new_due_date, created_by_id, created_at",
        extensions(),
    )

    def suspensions():
        for case_id, (_code, received, _status, _due) in enumerate(cases_meta, start=1):
            if case_id % 25 == 0:
                begin = received.date() + timedelta(days=2)
                yield (
                    f"{case_id}\t{begin}\t{begin + timedelta(days=9)}\tWacht op informatie\t"
                    f"{received.isoformat()}+00\n"
                )

    counts["suspensions"] = _copy(
        cursor, "cases_suspension", 'case_id, start, "end", reason, created_at', suspensions()
    )

    chain_cases = [
        (case_id, meta)
        for case_id, meta in enumerate(cases_meta, start=1)
        if meta[0] == "chain_error"
    ]

    def reports():
        for case_id, _meta in chain_cases:
            source = "\\N" if case_id % 20 == 0 else systems[case_id % 7][0]
            yield f"{case_id}\t{source}\tfout\tjuist\t\t\\N\tf\n"

    counts["chain_reports"] = _copy(
        cursor,
        "cases_chainreport",
        "case_id, source_system_id, wrong_value, right_value, noticed_where, noticed_system_id, "
        "share_description_with_partners",
        reports(),
    )
    disputes: list[tuple[int, int, str, datetime]] = []

    def tasks():
        task_id = 0
        for case_id, (_code, received, status, _due) in chain_cases:
            if case_id % 20 == 0:
                continue  # source unknown: no plan yet
            width = 1 + case_id % 6
            first = case_id % len(systems)
            for k in range(width):
                system_id, system_code, org = systems[(first + k * 5) % len(systems)]
                task_id += 1
                level = 0 if k == 0 else 1 + (k - 1) // 2
                requested = received + timedelta(days=1 + 3 * level)
                settled = requested + timedelta(days=2 + (task_id * 7) % 15)
                finished = status in ("resolved", "closed")
                task_status = "verified" if finished else "requested"
                settled_text = settled.isoformat() + "+00" if finished else "\\N"
                if task_id % 33 == 0:
                    disputes.append((case_id, task_id, system_code, requested + timedelta(days=1)))
                yield (
                    f"{case_id}\t{system_id}\t{org}\t{teams.get(org, NULL)}\t{level}\t{level}\t"
                    f"[]\t[]\t{requested.date() + timedelta(days=14)}\t"
                    f"{requested.isoformat()}+00\t{settled_text}\tf\t\tf\t1\t"
                    f"{received.isoformat()}+00\t{task_status}\n"
                )

    counts["tasks"] = _copy(
        cursor,
        "cases_correctiontask",
        "case_id, system_id, organisation_id, team_id, level, distance, path, element_codes, "
        "due_date, requested_at, settled_at, hold_consequences, reason, added_manually, version, "
        "created_at, status",
        tasks(),
    )

    def dispute_events():
        for case_id, task_id, code, when in disputes:
            data = json.dumps(
                {"task": task_id, "system": code, "from": "requested", "to": "disputed"}
            )
            yield (
                f"{case_id}\tcorrection\t\\N\tstaff\t\t\tawaiting_chain\t\\N\t\tf\t{data}\t"
                f"{when.isoformat()}+00\n"
            )

    counts["disputes"] = _copy(cursor, "cases_caseevent", event_columns, dispute_events())
    for table in (
        "cases_case",
        "cases_caseevent",
        "cases_extension",
        "cases_suspension",
        "cases_chainreport",
        "cases_correctiontask",
    ):
        cursor.execute(f"ANALYZE {table}")
    return counts


def setup_register() -> None:
    """Organisations, systems and flows of the example register, one team per organisation."""
    import yaml

    from cases.models import Organisation, Team
    from cases.services.chain_import import chain_register_import

    register = ROOT / "cases" / "demo" / "ketenregister.yaml"
    chain_register_import(data=yaml.safe_load(register.read_text(encoding="utf-8")))
    for org in Organisation.objects.all():
        Team.objects.get_or_create(
            code=f"{org.code}-bench", defaults={"organisation": org, "name": f"Team {org.name}"}
        )


def measure(n: int) -> None:
    """In a fresh process: build the year report, then time the figures alone, then measure the
    Python heap with tracemalloc in a second build."""
    import django

    django.setup()
    import tracemalloc

    import council.charts  # noqa: F401 — matplotlib loaded before the baseline
    from council.docx import write_report
    from council.figures import Scope, compute_figures
    from council.period import ReportPeriod

    scope = Scope(ReportPeriod.year(YEAR))
    baseline = rss_mb()
    with tempfile.TemporaryDirectory() as directory:
        out = Path(directory) / "raad.docx"
        started = time.perf_counter()
        result = write_report(scope=scope, out=out, progress=log)
        seconds = time.perf_counter() - started
        peak = rss_mb()
        print(
            f"cases={n} report_seconds={seconds:.1f} peak_rss_mb={peak:.0f} "
            f"baseline_rss_mb={baseline:.0f} register_rows={result.register_rows} "
            f"docx_kb={result.size // 1024}",
            flush=True,
        )
        started = time.perf_counter()
        compute_figures(scope)
        print(f"cases={n} figures_seconds={time.perf_counter() - started:.1f}", flush=True)
        tracemalloc.start()
        write_report(scope=scope, out=out)
        _current, heap_peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(f"cases={n} python_heap_peak_mb={heap_peak / 2**20:.0f}", flush=True)


def prepare(n: int, keep: bool) -> None:
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from cases.models import Case

    call_command("migrate", verbosity=0)
    if keep and Case.objects.count() == n:
        log(f"Reusing {n:,} cases.")
        return
    setup_register()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        counts = fill(cursor.cursor, n)
    log(f"Filled in {time.perf_counter() - started:.0f}s: {counts}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="reuse the cases of an earlier run")
    parser.add_argument("--phase", choices=["fill", "measure"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
    if args.phase == "fill":
        prepare(args.cases, args.keep)
        return
    if args.phase == "measure":
        measure(args.cases)
        return
    ensure_database(url)
    # Each phase in its own process, started from this small one: Linux carries the peak RSS
    # of a parent over into the child it forks, so the filling (a million rows of bookkeeping)
    # must not be the report's parent.
    command = [sys.executable, __file__, "--cases", str(args.cases)]
    subprocess.run([*command, "--phase", "fill", *(["--keep"] if args.keep else [])], check=True)
    subprocess.run([*command, "--phase", "measure"], check=True)


if __name__ == "__main__":
    main()
