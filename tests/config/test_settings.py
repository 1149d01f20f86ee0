"""Production settings: `check --deploy` is clean with the variables set; refusal without them."""

import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "config.settings.production",
    # Random, used only for this check.
    "SECRET_KEY": "kT3v_9Qm2LpZ8xR4wN7cB1yH6dF0sJ5gA-eUo2Wq7Zr1Xp4Lm8Nb6Vc3Ty",
    "ALLOWED_HOSTS": "loket.voorbeeld.nl",
    "DATABASE_URL": "postgres://loket:pw@db.internal:5432/loket",
    "REDIS_URL": "redis://redis.internal:6379/0",
    "SITE_URL": "https://loket.voorbeeld.nl",
    "TRUSTED_PROXY_COUNT": "1",
    "FIELD_ENCRYPTION_SALT_KEYS": "pXq3-only-for-this-check",
    "BSN_HMAC_KEY": "hM4c-only-for-this-check",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    # The test run's own DJANGO_ALLOW_ASYNC_UNSAFE (for Playwright) must not leak in.
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in PRODUCTION_ENV and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_clean_with_the_required_variables():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_required_variables():
    env = {"DJANGO_SETTINGS_MODULE": "config.settings.production"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    for name in ("SECRET_KEY", "DATABASE_URL", "REDIS_URL", "ALLOWED_HOSTS", "TRUSTED_PROXY_COUNT"):
        assert name in result.stderr


def test_celery_worker_without_settings_module_fails_loudly():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.celery"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode != 0
    assert "DJANGO_SETTINGS_MODULE is not set" in result.stderr


def test_language_and_time_zone_defaults(settings):
    assert settings.LANGUAGE_CODE == "nl"
    assert [code for code, _ in settings.LANGUAGES] == ["nl", "en"]
    assert settings.TIME_ZONE == "Europe/Amsterdam"


def test_production_refuses_the_digid_mock():
    """Issue 17: the mock identity provider signs anyone in with any BSN."""
    result = _manage("check", env={**PRODUCTION_ENV, "DIGID_MODE": "mock"})
    assert result.returncode != 0
    assert "DIGID_MODE" in result.stderr
    # Without the variable production is the real DigiD, and the mock's pages do not exist.
    script = (
        "from django.urls import NoReverseMatch, reverse\n"
        "try:\n    reverse('digid-mock:login')\nexcept NoReverseMatch:\n    print('no mock')\n"
        "print(reverse('digid:acs'))"
    )
    result = _manage("shell", "-c", script, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-2:] == ["no mock", "/digid/acs/"]
