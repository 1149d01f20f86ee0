"""Development: DEBUG on, a generated secret key kept in var/, mail written to var/mail."""

import secrets

from .base import *  # noqa: F403
from .base import VAR_DIR, env

DEBUG = env.bool("DEBUG", default=True)


def _development_secret_key() -> str:
    # Generated once per checkout and kept, so sessions survive restarts; never used in production.
    path = VAR_DIR / "secret_key"
    VAR_DIR.mkdir(exist_ok=True)
    if not path.exists():
        path.write_text(secrets.token_urlsafe(50))
    return path.read_text().strip()


SECRET_KEY = env("SECRET_KEY", default=None) or _development_secret_key()
DEMO_DATA_ALLOWED = True
# Fixed development keys for the encrypted BSN and its digest: the encryption key also derives
# from SECRET_KEY, which is per checkout. Production takes both from the environment.
SALT_KEY = env.list("FIELD_ENCRYPTION_SALT_KEYS", default=["development-bsn-salt-not-secret"])
BSN_HMAC_KEY = env("BSN_HMAC_KEY", default="development-bsn-hmac-key-not-secret")
# The demo logins of `make run` sign in with their password alone: two-factor sign-in is
# exempted here, in the local settings only (production forces it on). Set
# LOKET_TWO_FACTOR_REQUIRED=true to try the enrolment and the code step locally.
LOKET_TWO_FACTOR_REQUIRED = env.bool("LOKET_TWO_FACTOR_REQUIRED", default=False)
# Webhook endpoints may be plain http://127.0.0.1 here (a receiver in a test or on this machine).
WEBHOOK_ALLOW_HTTP_LOOPBACK = True
# DigiD: the mock identity provider (type any valid BSN), so `make run` works offline without a
# DigiD contract. DIGID_MODE=saml tries the real configuration (docs/identity.md).
DIGID_MODE = env("DIGID_MODE", default="mock")
