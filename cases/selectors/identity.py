"""Cases found by the citizen's BSN, through its keyed digest (the BSN column is encrypted and
cannot be searched)."""

from __future__ import annotations

from django.db.models import QuerySet

from cases.identity import bsn_digest
from cases.models import Case


def cases_for_bsn(*, bsn: str, verified_only: bool = True) -> QuerySet[Case]:
    """The cases bound to this BSN, newest first; none for a string that is no valid BSN.

    By default only cases whose identity was verified (DigiD or the counter check): that is what
    a citizen signed in with DigiD may see as their own (Mijn zaken). `verified_only=False` adds
    cases that carry the BSN unverified (moved from the old free-text field), for staff who
    search within what they may see anyway."""
    try:
        digest = bsn_digest(bsn)
    except ValueError:
        return Case.objects.none()
    cases = Case.objects.filter(bsn_digest=digest)
    if verified_only:
        cases = cases.filter(identity_verified_at__isnull=False)
    return cases.select_related("case_type").order_by("-received_at", "-id")
