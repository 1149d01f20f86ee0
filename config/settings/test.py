"""Tests: fast hashing, mail kept in memory, Celery eager unless a test starts a real worker."""

from .base import *  # noqa: F403
from .base import env

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-" + "x" * 20
# Fixed keys for the encrypted BSN and its digest (production takes them from the environment).
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT_KEYS", default=["test-bsn-salt-not-for-production"])
BSN_HMAC_KEY = env("BSN_HMAC_KEY", default="test-bsn-hmac-key-not-for-production")
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# A worker subprocess started by a test gets a file backend through the environment.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.locmem.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default="/tmp/ldz-test-mail")
NOTIFICATION_SWEEP_GRACE_SECONDS = 0
NOTIFICATION_STUCK_SECONDS = env.int("NOTIFICATION_STUCK_SECONDS", default=600)
# Eager for unit tests; the `celery_worker_live` fixture switches to the real broker and worker.
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
CELERY_TASK_EAGER_PROPAGATES = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
LANGUAGE_CODE = "nl"
ALLOWED_HOSTS = ["*"]
MEDIA_ROOT = env("TEST_MEDIA_ROOT", default="/tmp/ldz-test-uploads")

# A file, not :memory:, so a real Celery worker process started by a test sees the same test
# database (PostgreSQL needs nothing: the worker connects to the test database by name).
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-db.sqlite3")}  # noqa: F405
DEMO_DATA_ALLOWED = True

# One store for both aliases (LocMemCache shares by LOCATION), so a test's cache.clear() also
# resets the rate limits. One test process: local memory is shared enough for them.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ldz"},
    "ratelimit": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ldz"},
}
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001", "django_ratelimit.E003"]
# Off by default so the browser tests sign in as before; tests/loket/test_staff_signin.py
# switches it on.
LOKET_TWO_FACTOR_REQUIRED = False
# Webhook endpoints may be plain http://127.0.0.1 here (a receiver in a test or on this machine).
WEBHOOK_ALLOW_HTTP_LOOPBACK = True
# DigiD: the library's mock identity provider (tests/loket/test_digid.py).
DIGID_MODE = "mock"
PRIVATE_MEDIA_ROOT = "/tmp/ldz-test-private"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
