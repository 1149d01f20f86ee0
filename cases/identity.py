"""The citizen service number (BSN): checking, hashing and masking it.

Imports nothing of ours, so models, services, selectors, views and the log scrubber can all use
it. The BSN itself is stored encrypted (`Case.bsn`, Fernet); what we search on is the keyed hash
below, so a database copy without the keys neither shows nor lets anyone test a guessed BSN.
See docs/identity.md.
"""

import hashlib
import hmac
import re

from django.conf import settings

BSN_LENGTH = 9
# Nine digits standing alone: the pattern the log and Sentry scrubbers look for.
BSN_PATTERN = re.compile(r"(?<!\d)\d{9}(?!\d)")
MASK = "*****"


def bsn_is_valid(bsn: str) -> bool:
    """The elfproef (BRP, Logisch Ontwerp BSN): 9·d1 + 8·d2 + … + 2·d8 − 1·d9 is a multiple of
    11, and the number is not all zeros."""
    if len(bsn) != BSN_LENGTH or not bsn.isdigit() or int(bsn) == 0:
        return False
    weights = (9, 8, 7, 6, 5, 4, 3, 2, -1)
    return sum(w * int(d) for w, d in zip(weights, bsn, strict=True)) % 11 == 0


def normalise_bsn(text: str) -> str:
    """The BSN in `text` as nine digits; spaces, dots and dashes between digits are dropped and an
    eight-digit number gets its leading zero back (a BSN printed without it). Raises ValueError
    when the result is not nine digits that pass the elfproef."""
    digits = re.sub(r"[\s.\-]", "", str(text or ""))
    if len(digits) == BSN_LENGTH - 1 and digits.isdigit():
        digits = "0" + digits
    if not bsn_is_valid(digits):
        raise ValueError("not a valid BSN")
    return digits


def looks_like_bsn(text: str) -> bool:
    """Whether a search box input is a BSN (then it is searched by digest only, never as text)."""
    try:
        normalise_bsn(text)
    except ValueError:
        return False
    return True


def bsn_digest(bsn: str) -> str:
    """HMAC-SHA256 of the normalised BSN under settings.BSN_HMAC_KEY, hex (64 characters).

    Keyed, not a plain hash: there are only 10^9 BSNs, so an unkeyed SHA-256 would be reversed
    by trying them all in minutes. Raises ValueError for an invalid BSN."""
    key = settings.BSN_HMAC_KEY
    if not key:
        raise ValueError("BSN_HMAC_KEY is not configured")
    value = normalise_bsn(bsn)
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def mask_bsn(bsn: str) -> str:
    """`*****1234`: the last four digits, enough to compare with a document at the counter.
    Empty in, empty out."""
    bsn = str(bsn or "")
    if not bsn:
        return ""
    return MASK + bsn[-4:]
