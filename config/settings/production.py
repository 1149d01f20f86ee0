"""Production: every required variable must be set; refuses to start otherwise."""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import env

_REQUIRED = [
    "SECRET_KEY",
    "ALLOWED_HOSTS",
    "DATABASE_URL",
    "REDIS_URL",
    "SITE_URL",
    # Issue 17: without them the BSN could be neither encrypted nor found (docs/identity.md).
    "FIELD_ENCRYPTION_SALT_KEYS",
    "BSN_HMAC_KEY",
]
_missing = [name for name in _REQUIRED if not env(name, default="")]
# Said explicitly, 0 included: behind a proxy, 0 puts every citizen on one rate-limit counter.
if env("TRUSTED_PROXY_COUNT", default="").strip() == "":
    _missing.append("TRUSTED_PROXY_COUNT")
if _missing:
    raise ImproperlyConfigured(
        "Production settings need these environment variables: " + ", ".join(_missing)
    )

# DigiD (issue 17): the mock identity provider lets anyone type any BSN; it never runs here.
if env("DIGID_MODE", default="saml") != "saml":
    raise ImproperlyConfigured(
        "Production settings refuse DIGID_MODE=" + env("DIGID_MODE") + ": DigiD must be 'saml' "
        "(the mock identity provider lets anyone sign in with any BSN)."
    )

DEBUG = False
SECRET_KEY = env("SECRET_KEY")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
EMAIL_BACKEND = env("EMAIL_BACKEND", default="django.core.mail.backends.smtp.EmailBackend")
SENTRY_ENVIRONMENT = env("SENTRY_ENVIRONMENT", default="production")
# Every staff role signs in with a second factor in production, the superuser included; no
# variable turns it off.
LOKET_TWO_FACTOR_REQUIRED = True
DIGID_MODE = "saml"
# The AuthnRequest is a form our page posts to DigiD (HTTP-POST binding): allow that origin.
CONTENT_SECURITY_POLICY["DIRECTIVES"]["form-action"] = [  # noqa: F405
    "'self'",
    *env.list("DIGID_FORM_ACTION", default=["https://digid.nl", "https://*.digid.nl"]),
]
