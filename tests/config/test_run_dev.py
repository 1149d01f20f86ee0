"""`make run` with another port: the links in receipts and e-mails point at that port (issue 15,
point 5)."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]


def _run_dev():
    spec = importlib.util.spec_from_file_location("run_dev", BASE_DIR / "scripts" / "run_dev.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _clean_environ(**extra: str) -> dict[str, str]:
    # The test run's own settings module and URL must not leak into the child.
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DJANGO_SETTINGS_MODULE", "SITE_URL", "PORT", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(extra)
    return env


def _tracking_url(env: dict[str, str]) -> str:
    """The secret link a receipt would carry, as the child processes of `make run` build it."""
    result = subprocess.run(
        [
            sys.executable,
            "manage.py",
            "shell",
            "-c",
            "from cases.services.intake import tracking_url; print(tracking_url('abc'))",
        ],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_make_run_on_port_8200_puts_port_8200_in_receipt_links():
    env = _run_dev().dev_environment(_clean_environ(PORT="8200"))
    assert env["SITE_URL"] == "http://127.0.0.1:8200"
    assert _tracking_url(env) == "http://127.0.0.1:8200/volg/abc/"


def test_make_run_keeps_an_explicit_site_url_and_defaults_to_8000():
    run_dev = _run_dev()
    explicit = run_dev.dev_environment(_clean_environ(PORT="8200", SITE_URL="https://loket.test"))
    assert explicit["SITE_URL"] == "https://loket.test"
    assert run_dev.dev_environment(_clean_environ())["SITE_URL"] == "http://127.0.0.1:8000"


def test_development_settings_follow_port_without_the_script():
    env = _clean_environ(PORT="8200", DJANGO_SETTINGS_MODULE="config.settings.local")
    assert _tracking_url(env) == "http://localhost:8200/volg/abc/"
