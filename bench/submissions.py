"""Submissions per second through the public question form, served by gunicorn as in production.

    python bench/submissions.py [--workers 2] [--clients 4] [--duration 20] [--max 50000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket python bench/submissions.py

Without DATABASE_URL the database is a fresh SQLite file in a temporary directory. With it, a
fresh database `<name>_bench_<pid>` is created on that server and dropped afterwards (the named
database itself is not touched). The script migrates it, collects the static files (the release
step of the Procfile), starts a real Redis (broker and rate-limit cache, as in production; no
Celery worker, so the receipts stay queued) and gunicorn on 127.0.0.1 with DEBUG off. Then each
of K client threads loops until the time or the count runs out: GET the form (CSRF cookie and
token), POST a valid question, expect the redirect to the receipt and GET the receipt. Only the
loopback interface is used.

One line on stdout, e.g.

    backend=sqlite workers=2 clients=4 submissions=812 errors=0 duration=20.0s rate=40.6/s \
        p50=45ms p95=120ms cases_in_db=812

p50/p95 are the latencies of the POST (the submission itself); errors counts failed rounds
(e.g. a 500), and their kinds go to stderr with the first error lines of the server log.
`--sqlite-transaction-mode immediate` shows what Django's IMMEDIATE mode does for concurrent
writers on SQLite. Progress goes to stderr.
"""

from __future__ import annotations

import argparse
import http.client
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HOST = "127.0.0.1"
MAX_DURATION = 300.0
MAX_CLIENTS = 64
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# --- Database ---------------------------------------------------------------------------------


class Database:
    """A fresh database for this run: an SQLite file, or a new PostgreSQL database."""

    def __init__(self, base_url: str, directory: Path, sqlite_mode: str = ""):
        self.base_url = base_url
        self.mode = ""
        self.postgres = base_url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            parsed = urllib.parse.urlparse(base_url)
            self.name = f"{parsed.path.lstrip('/') or 'loket'}_bench_{os.getpid()}"
            self.admin_url = parsed._replace(path="/postgres").geturl()
            self.url = parsed._replace(path=f"/{self.name}").geturl()
            self.backend = "postgresql"
        else:
            self.url = f"sqlite:///{directory / 'bench.sqlite3'}"
            if sqlite_mode:
                # Django's SQLite option; django-environ reads it from the URL's query.
                self.url += f"?transaction_mode={sqlite_mode.upper()}"
                self.mode = f" transaction_mode={sqlite_mode}"
            self.backend = "sqlite"

    def create(self) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgres:
            import psycopg

            with psycopg.connect(self.admin_url, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


# --- Clients ----------------------------------------------------------------------------------


class Stats:
    def __init__(self, limit: int):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.errors: list[str] = []
        self.limit = limit
        self.started = 0

    def claim(self) -> bool:
        """Reserve one submission; False once the bounded count is reached."""
        with self.lock:
            if self.started >= self.limit:
                return False
            self.started += 1
            return True

    def ok(self, seconds: float) -> None:
        with self.lock:
            self.latencies.append(seconds)

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


def request(port: int, method: str, path: str, *, body: str = "", headers=None):
    conn = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        conn.request(method, path, body=body or None, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.getheaders(), response.read().decode()
    finally:
        conn.close()


def cookies_from(headers, jar: dict[str, str]) -> None:
    for name, value in headers:
        if name.lower() == "set-cookie":
            key, _, rest = value.partition("=")
            jar[key.strip()] = rest.split(";", 1)[0]


def client_loop(port: int, number: int, deadline: float, stats: Stats) -> None:
    jar: dict[str, str] = {}
    n = 0
    while time.monotonic() < deadline and stats.claim():
        n += 1
        try:
            cookie = "; ".join(f"{k}={v}" for k, v in jar.items())
            status, headers, page = request(
                port, "GET", "/indienen/vraag/", headers={"Cookie": cookie} if cookie else {}
            )
            cookies_from(headers, jar)
            token = CSRF_INPUT.search(page)
            if status != 200 or not token:
                stats.error(f"GET form: {status}")
                continue
            body = urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": token.group(1),
                    "subject": f"Vraag {number}-{n}",
                    "description": "Wanneer wordt het grofvuil in mijn straat opgehaald?",
                    "citizen_name": f"Inwoner {number}",
                    "citizen_email": f"inwoner{number}@voorbeeld.test",
                    "citizen_phone": "06 1234 5678",
                    "citizen_address": "",
                    "website": "",
                }
            )
            started = time.perf_counter()
            status, headers, _ = request(
                port,
                "POST",
                "/indienen/vraag/",
                body=body,
                headers={
                    "Cookie": "; ".join(f"{k}={v}" for k, v in jar.items()),
                    "Content-Type": "application/x-www-form-urlencoded",
                },
            )
            elapsed = time.perf_counter() - started
            cookies_from(headers, jar)
            location = dict((k.lower(), v) for k, v in headers).get("location", "")
            if status != 302 or not location.endswith("/ontvangen/"):
                stats.error(f"POST: {status}")
                continue
            status, headers, page = request(
                port,
                "GET",
                "/ontvangen/",
                headers={"Cookie": "; ".join(f"{k}={v}" for k, v in jar.items())},
            )
            if status != 200 or not re.search(r"LDZ-\d{4}-\d{6}", page):
                stats.error(f"GET receipt: {status}")
                continue
            stats.ok(elapsed)
        except Exception as exc:  # a benchmark counts failures, it does not stop on them
            stats.error(f"{type(exc).__name__}: {exc}")


# --- Server -----------------------------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def wait_until_up(port: int, process: subprocess.Popen, log_path: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited:\n{log_path.read_text()}")
        try:
            if request(port, "GET", "/indienen/vraag/")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not come up:\n{log_path.read_text()}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers")
    parser.add_argument("--clients", type=int, default=4, help="client threads")
    parser.add_argument("--duration", type=float, default=20.0, help="seconds (max 300)")
    parser.add_argument("--max", type=int, default=50_000, help="stop after this many")
    parser.add_argument(
        "--sqlite-transaction-mode",
        choices=["deferred", "immediate"],
        default="",
        help="SQLite only: override the project's transaction mode for this run",
    )
    args = parser.parse_args()
    duration = min(max(args.duration, 1.0), MAX_DURATION)
    clients = min(max(args.clients, 1), MAX_CLIENTS)

    directory = Path(tempfile.mkdtemp(prefix="ldz-bench-submit-"))
    database = Database(os.environ.get("DATABASE_URL", ""), directory, args.sqlite_transaction_mode)
    from config.embedded_redis import start_embedded_redis, stop_embedded_redis

    redis_server, redis_url = start_embedded_redis(directory / "redis")
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.local",
        "DEBUG": "false",
        "ALLOWED_HOSTS": HOST,
        "LDZ_VAR_DIR": str(directory / "var"),
        "DATABASE_URL": database.url,
        "REDIS_URL": redis_url,
        # One client address sends every submission: lift the per-client limit for the run.
        "LOKET_SUBMIT_RATE_LIMIT": "1000000000",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    }
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    python = sys.executable
    gunicorn = shutil.which("gunicorn", path=str(Path(python).parent)) or "gunicorn"
    server = None
    try:
        database.create()
        log(f"Migrating a fresh {database.backend} database…")
        run([python, "manage.py", "migrate", "--noinput"], env)
        run([python, "manage.py", "collectstatic", "--noinput"], env)
        port = free_port()
        log_path = directory / "gunicorn.log"
        log(f"Starting gunicorn with {args.workers} workers on {HOST}:{port}…")
        server = subprocess.Popen(
            [
                gunicorn,
                "config.wsgi",
                "--bind",
                f"{HOST}:{port}",
                "--workers",
                str(args.workers),
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=env,
            stdout=log_path.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until_up(port, server, log_path)

        log(f"{clients} clients submitting for {duration:.0f}s…")
        stats = Stats(args.max)
        started = time.monotonic()
        deadline = started + duration
        threads = [
            threading.Thread(target=client_loop, args=(port, n, deadline, stats), daemon=True)
            for n in range(clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=duration + 60)
        elapsed = time.monotonic() - started
        in_db = run(
            [
                python,
                "manage.py",
                "shell",
                "--verbosity",
                "0",
                "-c",
                "from cases.models import Case; print(Case.objects.count())",
            ],
            env,
        ).strip()

        done = len(stats.latencies)
        latencies = sorted(stats.latencies) or [0.0]
        p95 = latencies[min(len(latencies) - 1, int(len(latencies) * 0.95))]
        print(
            f"backend={database.backend}{database.mode} workers={args.workers} clients={clients} "
            f"submissions={done} errors={len(stats.errors)} duration={elapsed:.1f}s "
            f"rate={done / elapsed:.1f}/s p50={statistics.median(latencies) * 1000:.0f}ms "
            f"p95={p95 * 1000:.0f}ms cases_in_db={in_db}",
            flush=True,
        )
        if stats.errors:
            kinds: dict[str, int] = {}
            for message in stats.errors:
                kinds[message] = kinds.get(message, 0) + 1
            log("errors: " + ", ".join(f"{k} ×{v}" for k, v in sorted(kinds.items())))
            failures = [line for line in log_path.read_text().splitlines() if "Error" in line][:5]
            if failures:
                log("server log:\n" + "\n".join(failures))
    finally:
        if server is not None and server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
                server.wait()
        stop_embedded_redis(redis_server)
        database.drop()
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    main()
