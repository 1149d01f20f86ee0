"""Our Message-IDs for outgoing notices: `<ldz.n<pk>.<mac>@<domain>>`.

The MAC (keyed with SECRET_KEY) makes the id unguessable, so a reply that cites it in In-Reply-To
proves it answers that notice: nobody can attach mail to someone else's case by guessing ids.
"""

from __future__ import annotations

import hashlib
import hmac
import re

from django.conf import settings

_ID = re.compile(r"<?ldz\.n(\d{1,12})\.([0-9a-f]{20})@", re.IGNORECASE)


def _mac(pk: int) -> str:
    key = f"ldz-message-id:{settings.SECRET_KEY}".encode()
    return hmac.new(key, str(pk).encode(), hashlib.sha256).hexdigest()[:20]


def notice_message_id(pk: int) -> str:
    return f"<ldz.n{pk}.{_mac(pk)}@{settings.MAIL_IN_DOMAIN}>"


def notice_pk_from_message_id(value: str) -> int | None:
    """The notice a Message-ID of ours names, or None (not ours, or a forged MAC)."""
    match = _ID.search(value or "")
    if match is None:
        return None
    pk = int(match.group(1))
    return pk if hmac.compare_digest(match.group(2).lower(), _mac(pk)) else None


def looks_like_notice_message_id(value: str) -> bool:
    """Shaped like one of ours (whether or not the MAC is right)."""
    return _ID.search(value or "") is not None
