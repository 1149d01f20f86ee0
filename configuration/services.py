"""Writes of the configuration app."""

from __future__ import annotations

from django.db import transaction

from cases.actors import Actor
from cases.services.privacy import personal_data_access_record

# An admin search on these fields tells the administrator which cases belong to a person or
# mention a subject: an access to personal data, logged like a view in the backoffice.
SEARCHED_PERSONAL_FIELDS = ("citizen_name", "citizen_email", "citizen_phone", "subject")


def admin_case_search_record(*, actor: Actor, cases) -> int:
    """Log, per case found, that an administrator's search matched it on personal fields. The
    result list itself shows no personal data (cases.admin: administrators see no case)."""
    written = 0
    with transaction.atomic():
        for case in cases:
            if personal_data_access_record(
                actor=actor,
                case=case,
                view="admin_search",
                fields=[f"search:{name}" for name in SEARCHED_PERSONAL_FIELDS],
            ):
                written += 1
    return written
