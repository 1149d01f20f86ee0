"""Times the backoffice's work lists and case page through the real HTTP stack (gunicorn, the
whole middleware, sessions, templates) on PostgreSQL with 100,000 cases.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench python bench/backoffice.py \
        [--cases 100000] [--requests 50] [--workers 2]

The database is created and migrated if needed; demo organisations, teams and logins come from
`seed_demo`, the cases from `seed_volume` (skipped when the database already holds enough).
gunicorn listens on 127.0.0.1 only; a caseworker and a coordinator log in through the login
form with a cookie jar (urllib, no extra packages) and each page is requested `--requests`
times after a short warm-up. Output, one line per page:

    caseworker worklist=team p50=12.3ms p95=20.1ms n=50
"""

from __future__ import annotations

import argparse
import http.cookiejar
import os
import re
import secrets
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# Production-like: DEBUG off, no debug toolbar or query logging; plain static storage (no
# collectstatic needed) and a local cache (the backoffice uses none; rate limits are public).
SETTINGS = """
from config.settings.local import *  # noqa: F401,F403
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
"""
WORKLISTS = [
    "mijn",
    "team",
    "onverdeeld",
    "binnenkort",
    "te-laat",
    "wacht-op-inwoner",
    "wacht-op-keten",
    "alle",
]
USERS = {"caseworker": "behandelaar", "coordinator": "regisseur"}


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def prepare(cases: int) -> dict[str, list[str]]:
    """Migrate, seed, and pick the case numbers each user's case page is timed on."""
    import django

    django.setup()
    from django.core.management import call_command

    from cases.models import Case
    from cases.selectors.access import staff_actor
    from cases.selectors.backoffice import handled_cases

    call_command("migrate", verbosity=0)
    log("Demo organisations, teams and logins…")
    call_command("seed_demo", cases=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    existing = Case.objects.count()
    if existing < cases:
        call_command("seed_volume", cases=cases - existing, stdout=sys.stderr)
    else:
        log(f"{existing:,} cases present; not seeding.")
    from django.contrib.auth import get_user_model

    User = get_user_model()
    numbers = {}
    for role, username in USERS.items():
        actor = staff_actor(user=User.objects.get(username=username))
        # Open and closed cases alike, spread over the table.
        pks = list(handled_cases(actor=actor).order_by("?").values_list("number", flat=True)[:100])
        numbers[role] = pks
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    connection.close()
    return numbers


def start_gunicorn(port: int, workers: int, settings_dir: str) -> subprocess.Popen:
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ldz_bench_settings",
            "PYTHONPATH": f"{settings_dir}:{ROOT}",
            "PYTHONUNBUFFERED": "1",
        }
    )
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise RuntimeError("gunicorn exited")
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/werkplek/inloggen/", timeout=30)
                return process
            except OSError:  # refused while booting, or a timeout on the first request
                time.sleep(0.5)
        raise RuntimeError("gunicorn did not start")
    except BaseException:
        stop(process)
        raise


def stop(process: subprocess.Popen) -> None:
    """Stop the gunicorn we started: its own process group (master and workers), nothing else."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


class Client:
    """A browser in miniature: a cookie jar and the login form's CSRF token."""

    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar())
        )

    def get(self, path: str) -> tuple[int, bytes]:
        with self.opener.open(self.base + path, timeout=30) as response:
            return response.status, response.read()

    def login(self, username: str, password: str) -> None:
        _status, body = self.get("/werkplek/inloggen/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
        data = urllib.parse.urlencode(
            {"csrfmiddlewaretoken": token.decode(), "username": username, "password": password}
        ).encode()
        with self.opener.open(self.base + "/werkplek/inloggen/", data=data, timeout=30) as r:
            if not r.url.rstrip("/").endswith("/werkplek"):
                raise RuntimeError(f"login failed for {username}: ended at {r.url}")


def measure(client: Client, paths: list[str], *, warmup: int = 5) -> list[float]:
    for path in paths[:warmup]:
        client.get(path)
    timings = []
    for path in paths:
        started = time.perf_counter()
        status, body = client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        if status != 200 or b"<h1" not in body:
            raise RuntimeError(f"unexpected response for {path}: {status}")
    return timings


def page_url(client: Client, first: str, number: int) -> str:
    """The URL of page `number`, reached as a user does: through the "volgende" links (the
    pages are read by keyset, so there is no page number to jump to)."""
    url = first
    for _ in range(number - 1):
        _status, body = client.get(url)
        found = re.search(rb'<a href="([^"]+)" rel="next">', body)
        if not found:
            break
        url = first.split("?")[0] + found.group(1).decode().replace("&amp;", "&")
    return url


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20, method="inclusive")[-1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=0, help="0: a free port")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
    requests = max(1, min(args.requests, 1000))  # bounded: this is a benchmark, not a load test

    settings_dir = tempfile.mkdtemp(prefix="ldz-bench-settings-")
    Path(settings_dir, "ldz_bench_settings.py").write_text(SETTINGS)
    sys.path.insert(0, settings_dir)
    os.environ["DJANGO_SETTINGS_MODULE"] = "ldz_bench_settings"
    os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
    os.environ.setdefault("LDZ_VAR_DIR", tempfile.mkdtemp(prefix="ldz-bench-var-"))
    ensure_database(url)
    numbers = prepare(args.cases)

    port = args.port
    if not port:
        import socket

        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
    server = start_gunicorn(port, args.workers, settings_dir)
    from cases.demo.organisations import DEMO_PASSWORD

    def machine() -> str:
        # Wall times depend on what else runs: say so next to the figures.
        return f"cpus={os.cpu_count()} load1={os.getloadavg()[0]:.2f}"

    print(f"# {args.cases:,} cases, {args.workers} gunicorn workers, {machine()}", flush=True)
    try:
        for role, username in USERS.items():
            client = Client(f"http://127.0.0.1:{port}")
            client.login(username, DEMO_PASSWORD)
            pages = [("home", "/werkplek/")]
            pages += [(f"worklist={slug}", f"/werkplek/zaken/?lijst={slug}") for slug in WORKLISTS]
            pages += [
                ("worklist=alle&page=20", page_url(client, "/werkplek/zaken/?lijst=alle", 20))
            ]
            pages += [("search=subject", "/werkplek/zaken/?lijst=alle&q=aanslag")]
            pages += [("tasks", "/werkplek/correcties/")]
            if role == "coordinator":
                pages += [("escalations", "/werkplek/escalaties/")]
            for name, path in pages:
                timings = measure(client, [path] * requests)
                print(
                    f"{role} {name} p50={statistics.median(timings):.1f}ms "
                    f"p95={p95(timings):.1f}ms n={len(timings)}",
                    flush=True,
                )
            case_paths = [f"/werkplek/zaken/{n}/" for n in numbers[role]]
            case_paths = (case_paths * (requests // max(1, len(case_paths)) + 1))[:requests]
            timings = measure(client, case_paths)
            print(
                f"{role} case_page p50={statistics.median(timings):.1f}ms "
                f"p95={p95(timings):.1f}ms n={len(timings)}",
                flush=True,
            )
        print(f"# done, {machine()}", flush=True)
    finally:
        stop(server)


if __name__ == "__main__":
    main()
