"""Issue 16 point 4: slow clients must not take the site down.

gunicorn is started with the shipped configuration (config/gunicorn.conf.py, as the Procfile
does) on 127.0.0.1 with 2 workers. Ten connections start a POST and then send their body
slowly (not at all); /healthz must still answer within a second. With the old sync workers the
first two such connections held both workers and /healthz timed out."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import database_url_for_worker

BASE_DIR = Path(__file__).resolve().parents[2]
SLOW_CONNECTIONS = 10
# Measured on the development VM (2 cores, shared): with the old Procfile (sync workers, 2 of
# them) all eight /healthz probes timed out after 1 s; with this configuration the slowest took
# 0.27 s.


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float) -> tuple[int, float]:
    """(status, seconds) of a plain GET; raises on timeout."""
    start = time.monotonic()
    with socket.create_connection(("127.0.0.1", port), timeout=timeout) as conn:
        conn.settimeout(timeout)
        conn.sendall(
            f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".encode()
        )
        head = conn.recv(64)
    return int(head.split()[1]), time.monotonic() - start


@pytest.fixture
def gunicorn_server(redis_url, transactional_db, tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DATABASE_URL": database_url_for_worker(),
        "REDIS_URL": redis_url,
        "WEB_BIND": "127.0.0.1",
        "PORT": str(port),
        "WEB_CONCURRENCY": "2",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "-c", "config/gunicorn.conf.py"],
        cwd=BASE_DIR,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        # Up and warm: each worker imports the URLconf and views on its first request, which
        # is not what this test measures. Six quick answers in a row reach both workers.
        deadline = time.monotonic() + 30
        quick = 0
        while quick < 6:
            try:
                status, seconds = _get(port, "/healthz", timeout=5)
                quick = quick + 1 if status == 200 and seconds < 0.5 else 0
            except OSError:
                quick = 0
                time.sleep(0.2)
            assert process.poll() is None, (tmp_path / "gunicorn.log").read_text()
            assert time.monotonic() < deadline, "gunicorn did not start"
        yield port
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()


def test_healthz_answers_within_a_second_while_ten_clients_send_slow_bodies(gunicorn_server):
    port = gunicorn_server
    slow = []
    try:
        for _ in range(SLOW_CONNECTIONS):
            conn = socket.create_connection(("127.0.0.1", port), timeout=2)
            # A CSRF cookie of the right shape makes Django read the body (to find the form's
            # token): without one the request is refused before its body is touched.
            conn.sendall(
                b"POST /indienen/vraag/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                b"Content-Type: application/x-www-form-urlencoded\r\n"
                b"Cookie: csrftoken=abcdefghijklmnopqrstuvwxyzABCDEF\r\n"
                b"Content-Length: 100000\r\n\r\nsubject=a"
            )
            slow.append(conn)
        time.sleep(0.5)  # every slow request is now inside Django, waiting for its body
        timings = []
        for _ in range(5):
            status, seconds = _get(port, "/healthz", timeout=1.0)
            assert status == 200
            timings.append(seconds)
        assert max(timings) < 1.0, timings
    finally:
        for conn in slow:
            conn.close()


def test_the_procfile_runs_the_shipped_configuration():
    web = next(
        line for line in (BASE_DIR / "Procfile").read_text().splitlines() if line.startswith("web:")
    )
    assert "-c config/gunicorn.conf.py" in web
    config: dict = {}
    exec((BASE_DIR / "config" / "gunicorn.conf.py").read_text(), config)
    assert config["worker_class"] == "gthread" and config["threads"] >= 4
    assert config["timeout"] <= 60 and config["body_timeout"] <= 30
