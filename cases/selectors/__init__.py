"""Reads for pages, by topic (CONVENTIONS: selectors own page reads): `access` (who sees what),
`identity` (cases by BSN digest), `backoffice` (worklists, the case page), `chain` (the flow
graph), `notices` (the outbox as a case shows it), `tracking` (the citizen's page), `frontdesk`
(the counter's searches).

The names of the former `cases.selectors` module stay importable from here."""

from cases.selectors.access import (
    attachments_visible_to,
    cases_visible_to,
    staff_actor,
    tasks_visible_to,
)
from cases.selectors.identity import cases_for_bsn

__all__ = [
    "attachments_visible_to",
    "cases_for_bsn",
    "cases_visible_to",
    "staff_actor",
    "tasks_visible_to",
]
