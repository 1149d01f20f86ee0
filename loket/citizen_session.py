"""A citizen's DigiD sign-in, kept in the session under its own key (issue 17).

Citizens are not Django users: django-digid-eherkenning's own backends would create a `User` per
BSN through a custom user manager, and this project's users are staff (roles, two-factor sign-in,
the admin). A DigiD sign-in is instead a small record in the session: the BSN sealed with a key
derived from SECRET_KEY (the session table is not a place for a BSN in clear), its keyed digest
(what cases are found by), and when the citizen was last seen. Staff sign-in and citizen sign-in
never mix: signing in or out as one leaves the other alone.

DigiD asks that a session ends after at most 15 minutes without activity
(DigiD-checklist, "sessieduur"): `loket.middleware.CitizenSessionIdleMiddleware` drops the record
after settings.DIGID_SESSION_IDLE_MINUTES.
"""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass

from cryptography.fernet import Fernet, InvalidToken
from django.conf import settings

from cases.identity import bsn_digest, mask_bsn, normalise_bsn

CITIZEN_KEY = "_ldz_citizen"
# The case a citizen asked to bind from its tracking page, waiting for the DigiD sign-in.
BIND_KEY = "_ldz_digid_bind"
# Where to go after the DigiD sign-in (a path on this site).
NEXT_KEY = "_ldz_digid_next"
# The BSN typed into the mock identity provider, on its way to the assertion consumer.
MOCK_BSN_KEY = "_ldz_digid_mock_bsn"
# Seconds between two refreshes of "last seen" (a session write each time).
TOUCH_EVERY = 60


@dataclass(frozen=True)
class Citizen:
    bsn: str
    digest: str

    @property
    def masked(self) -> str:
        return mask_bsn(self.bsn)


def _fernet() -> Fernet:
    # Derived, so there is no extra key to manage; rotating SECRET_KEY signs every citizen out,
    # which is what rotating it does to sessions anyway.
    raw = hashlib.sha256(b"ldz-digid-session:" + settings.SECRET_KEY.encode()).digest()
    return Fernet(base64.urlsafe_b64encode(raw))


def now() -> int:
    """The clock the idle timeout reads (tests move it)."""
    return int(time.time())


def seal(value: str) -> str:
    return _fernet().encrypt(value.encode()).decode()


def unseal(value: str) -> str:
    """Raises ValueError for anything not sealed by `seal` under this SECRET_KEY."""
    try:
        return _fernet().decrypt(value.encode()).decode()
    except (InvalidToken, AttributeError) as exc:
        raise ValueError("not sealed here") from exc


def citizen_sign_in(request, *, bsn: str) -> Citizen:
    """Record a DigiD sign-in in this session. A fresh session key against session fixation;
    a staff member signed in in the same browser stays signed in. Raises ValueError for a BSN
    that fails the elfproef."""
    bsn = normalise_bsn(bsn)
    request.session.cycle_key()
    citizen = Citizen(bsn=bsn, digest=bsn_digest(bsn))
    request.session[CITIZEN_KEY] = {
        "bsn": seal(bsn),
        "digest": citizen.digest,
        "seen": now(),
    }
    return citizen


def citizen_sign_out(request) -> None:
    for key in (CITIZEN_KEY, BIND_KEY, NEXT_KEY, MOCK_BSN_KEY):
        request.session.pop(key, None)


def signed_in_citizen(request) -> Citizen | None:
    """The citizen signed in with DigiD in this session, or None."""
    session = getattr(request, "session", None)
    record = session.get(CITIZEN_KEY) if session is not None else None
    if not record:
        return None
    try:
        bsn = unseal(record.get("bsn", ""))
    except ValueError:
        citizen_sign_out(request)
        return None
    return Citizen(bsn=bsn, digest=record.get("digest") or bsn_digest(bsn))


def citizen_session_touch(request) -> bool:
    """Called on every request: False (and signed out) when the citizen was idle too long,
    else refreshes "last seen" at most once a minute. True when a citizen is signed in."""
    record = request.session.get(CITIZEN_KEY)
    if not record:
        return False
    idle = now() - int(record.get("seen", 0))
    if idle >= settings.DIGID_SESSION_IDLE_MINUTES * 60:
        citizen_sign_out(request)
        return False
    if idle >= TOUCH_EVERY:
        request.session[CITIZEN_KEY] = {**record, "seen": now()}
    return True
