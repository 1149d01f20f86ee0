"""Times the API's task list for one organisation with 10,000 correction tasks, through the real
HTTP stack (gunicorn, the whole middleware, bearer authentication, throttling) on PostgreSQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench python bench/api_tasks.py \
        [--tasks 10000] [--other-tasks 10000] [--requests 200] [--workers 2]

The database is created and migrated if needed; the example chain register gives the systems.
Tasks are bulk-inserted (set-up, not the domain): `--tasks` for the tax cooperation (bsw, two
systems, so one case per two tasks) and `--other-tasks` spread over other organisations, so the
organisation filter has work to do. One partner token is made through the admin's service.
Output, one line per request kind, the first the figure the issue asks for:

    api tasks p50=8.1ms p95=12.3ms n=200
"""

from __future__ import annotations

import argparse
import json
import os
import secrets
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.backoffice import SETTINGS, ensure_database, p95, start_gunicorn, stop  # noqa: E402

SETTINGS_API = SETTINGS + '\nAPI_THROTTLE_RATE = "1000000/min"\n'


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def seed(tasks: int, other_tasks: int) -> tuple[str, int]:
    """Migrate, load the register, bulk-insert cases and tasks; returns (raw token, a task id)."""
    import django

    django.setup()
    from datetime import timedelta

    import yaml
    from django.core.management import call_command
    from django.db import connection, transaction
    from django.utils import timezone

    from api.models import TokenScope
    from api.services import api_token_create
    from cases.actors import CITIZEN
    from cases.models import Case, CaseType, CorrectionTask, Organisation, System, TaskStatus
    from cases.services import case_submit
    from cases.services.chain_import import chain_register_import

    call_command("migrate", verbosity=0)
    if not System.objects.filter(code="BSW-HEF").exists():
        register = ROOT / "cases" / "demo" / "ketenregister.yaml"
        chain_register_import(data=yaml.safe_load(register.read_text()))
    bsw = Organisation.objects.get(code="bsw")
    have = CorrectionTask.objects.filter(organisation=bsw).count()
    if have < tasks:
        log(f"Seeding {tasks - have:,} tasks for bsw and {other_tasks:,} for others…")
        template = case_submit(
            case_type=CaseType.objects.get(code="chain_error"),
            channel="web",
            subject="Bench",
            description="Bench",
            citizen_name="Bench",
            citizen_email="bench@example.nl",
            actor=CITIZEN,
        ).case
        fields = {
            f.attname: getattr(template, f.attname)
            for f in Case._meta.concrete_fields
            if f.attname not in ("id", "number", "tracking_token_hash")
        }
        bsw_systems = list(System.objects.filter(organisation=bsw).order_by("code"))
        others = list(System.objects.exclude(organisation=bsw).order_by("code"))
        per_case = len(bsw_systems)
        n_cases = (tasks - have) // per_case + other_tasks // len(others) + 2
        stamp = secrets.token_hex(3).upper()
        statuses = [TaskStatus.REQUESTED] * 6 + [TaskStatus.CORRECTED, TaskStatus.VERIFIED] * 2
        now = timezone.now()
        with transaction.atomic():
            cases = Case.objects.bulk_create(
                [Case(number=f"B{stamp}-{i:07d}", **fields) for i in range(n_cases)],
                batch_size=2000,
            )
            rows, made, other_made = [], 0, 0
            for case in cases:
                if made < tasks - have:
                    for system in bsw_systems:
                        rows.append((case, system))
                        made += 1
                elif other_made < other_tasks:
                    for system in others[: min(len(others), other_tasks - other_made)]:
                        rows.append((case, system))
                        other_made += 1
            CorrectionTask.objects.bulk_create(
                [
                    CorrectionTask(
                        case=case,
                        system=system,
                        organisation_id=system.organisation_id,
                        status=statuses[n % len(statuses)],
                        element_codes=["adres"],
                        due_date=(now + timedelta(days=n % 30)).date(),
                        requested_at=now,
                    )
                    for n, (case, system) in enumerate(rows)
                ],
                batch_size=2000,
            )
            # Spread the sync timestamps as months of work would (auto_now gave them all "now").
            with connection.cursor() as cursor:
                cursor.execute(
                    "UPDATE cases_correctiontask SET updated_at = updated_at - (id % 86400) * "
                    "interval '1 minute'"
                    if connection.vendor == "postgresql"
                    else "SELECT 1"
                )
    else:
        log(f"{have:,} bsw tasks present; not seeding.")
    new = api_token_create(
        organisation=bsw,
        name=f"bench-{secrets.token_hex(3)}",
        scope=TokenScope.PARTNER_TASKS,
        expires_at=timezone.now() + timedelta(days=1),
    )
    some = CorrectionTask.objects.filter(organisation=bsw, status=TaskStatus.REQUESTED).first()
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    log(
        f"{CorrectionTask.objects.filter(organisation=bsw).count():,} bsw tasks, "
        f"{CorrectionTask.objects.count():,} tasks in all"
    )
    connection.close()
    return new.raw, some.pk


def get(base: str, path: str, token: str) -> tuple[int, dict]:
    request = urllib.request.Request(base + path, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return response.status, json.loads(response.read())


def measure(base: str, paths: list[str], token: str, *, warmup: int = 10) -> list[float]:
    for path in paths[:warmup]:
        get(base, path, token)
    timings = []
    for path in paths:
        started = time.perf_counter()
        status, _body = get(base, path, token)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200:
            raise RuntimeError(f"unexpected response for {path}: {status}")
    return timings


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--other-tasks", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
    requests = max(1, min(args.requests, 2000))

    settings_dir = tempfile.mkdtemp(prefix="ldz-bench-settings-")
    Path(settings_dir, "ldz_bench_settings.py").write_text(SETTINGS_API)
    sys.path.insert(0, settings_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ldz_bench_settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("LDZ_VAR_DIR", tempfile.mkdtemp(prefix="ldz-bench-var-"))
    ensure_database(url)
    token, task_id = seed(args.tasks, args.other_tasks)

    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = start_gunicorn(port, args.workers, settings_dir)
    base = f"http://127.0.0.1:{port}"
    machine = f"cpus={os.cpu_count()} load1={os.getloadavg()[0]:.2f}"
    print(f"# {args.tasks:,} tasks for one organisation, {args.workers} workers, {machine}")
    try:
        _status, first = get(base, "/api/v1/tasks/", token)
        assert len(first["results"]) == 50, first
        # Pages deep into the list, by following the cursor.
        cursors, body = [], first
        while body["next"] and len(cursors) < 50:
            path = body["next"].split(base, 1)[-1]
            cursors.append(path)
            _status, body = get(base, path, token)
        kinds = [
            ("api tasks", ["/api/v1/tasks/"] * requests),
            ("api tasks status=requested", ["/api/v1/tasks/?status=requested"] * requests),
            (
                "api tasks updated_since",
                ["/api/v1/tasks/?updated_since=2026-01-01T00:00:00Z"] * requests,
            ),
            ("api tasks next pages", (cursors * (requests // max(1, len(cursors)) + 1))[:requests]),
            ("api task detail", [f"/api/v1/tasks/{task_id}/"] * requests),
        ]
        for name, paths in kinds:
            timings = measure(base, paths, token)
            print(
                f"{name} p50={statistics.median(timings):.1f}ms p95={p95(timings):.1f}ms "
                f"n={len(timings)}",
                flush=True,
            )
        print(f"# done, cpus={os.cpu_count()} load1={os.getloadavg()[0]:.2f}", flush=True)
    finally:
        stop(server)


if __name__ == "__main__":
    main()
