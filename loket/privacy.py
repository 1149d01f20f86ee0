"""Which personal data of a citizen a member of staff sees: decided here, in one place.

The decision depends on how the staff member reaches the case, not only on their role:

- a **coordinator** and a **handler in a municipal department** (the case is assigned to their
  organisation) see the contact details they need to handle it;
- a **partner that handles the case** (it was forwarded to the partner's organisation) sees
  the citizen's name and request, not the contact details: the municipality stays the citizen's
  one point of contact and messages go out through the loket (DESIGN.md §2);
- an organisation that reaches the case **only through a correction task** (a partner, or
  another department that owns an affected system) sees only what the correction needs: the
  name, the wrong data element and the right value. The citizen's own description is added only
  when a handler shares it explicitly (`ChainReport.share_description_with_partners`);
- council members, administrators and the front desk see no case here at all (the selectors
  return nothing, or the front desk uses its own pages).

The BSN (issue 17) is shown in full only to a coordinator or handler of a case whose type
requires a verified identity (a privacy request, a chain error): they search the source
registers with it. Everyone else who sees contact details sees it masked, `*****1234`
(`bsn_shown`); the front desk confirms a BSN by searching for it and never needs to read one
back (docs/identity.md).

AVG art. 5(1)(c) (data minimisation) and art. 25 (data protection by design). Every page that
shows any of these fields logs it with `personal_data_access_record`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cases.actors import Actor
from cases.identity import mask_bsn
from cases.models import Case


class Relation(enum.StrEnum):
    COORDINATOR = "coordinator"
    HANDLER = "handler"
    PARTNER_HANDLER = "partner_handler"
    TASK_OWNER = "task_owner"


# Field name -> label. The names are what the access log records.
FIELD_LABELS = {
    "citizen_name": _("Naam"),
    "citizen_email": _("E-mailadres"),
    "citizen_phone": _("Telefoonnummer"),
    "citizen_address": _("Postadres"),
    "bsn": _("BSN"),
    "description": _("Omschrijving van de inwoner"),
    "wrong_value": _("Wat is er fout"),
    "right_value": _("Wat is juist"),
    "noticed_where": _("Waar opgemerkt"),
    "wrong_elements": _("Onjuiste gegevens"),
}
CONTACT_FIELDS = ("citizen_email", "citizen_phone", "citizen_address", "bsn")
CHAIN_FIELDS = ("wrong_elements", "wrong_value", "right_value", "noticed_where")

FIELDS_BY_RELATION: dict[Relation, tuple[str, ...]] = {
    Relation.COORDINATOR: ("citizen_name", *CONTACT_FIELDS, "description", *CHAIN_FIELDS),
    Relation.HANDLER: ("citizen_name", *CONTACT_FIELDS, "description", *CHAIN_FIELDS),
    Relation.PARTNER_HANDLER: ("citizen_name", "description", *CHAIN_FIELDS),
    # Name, the wrong element and the right value: enough to find the record and correct it.
    Relation.TASK_OWNER: ("citizen_name", "wrong_elements", "right_value"),
}


def relation_to_case(actor: Actor, case: Case) -> Relation:
    """How `actor` reaches `case`. Call only for a case the selectors let the actor see: anyone
    else reaches it through a correction task routed to their organisation."""
    if actor.sees_everything:
        return Relation.COORDINATOR
    if case.organisation_id in actor.organisation_ids:
        if case.organisation_id in actor.partner_organisation_ids:
            return Relation.PARTNER_HANDLER
        return Relation.HANDLER
    return Relation.TASK_OWNER


def is_handler(relation: Relation) -> bool:
    """Handlers see and act on the whole case; task owners only on their correction tasks."""
    return relation is not Relation.TASK_OWNER


def visible_fields(relation: Relation, *, chain_report=None) -> tuple[str, ...]:
    fields = FIELDS_BY_RELATION[relation]
    if (
        relation is Relation.TASK_OWNER
        and chain_report is not None
        and chain_report.share_description_with_partners
    ):
        fields = (*fields, "description")
    if chain_report is None:
        fields = tuple(f for f in fields if f not in CHAIN_FIELDS)
    return fields


def bsn_shown(case: Case, relation: Relation) -> str:
    """The BSN as this relation sees it: whole for the handlers of a case that needs a verified
    identity (they look the person up in the registers), masked for everyone else."""
    full = relation in (Relation.COORDINATOR, Relation.HANDLER) and case.case_type.identity_required
    return case.bsn if full else mask_bsn(case.bsn)


@dataclass(frozen=True)
class ShownField:
    name: str
    label: str
    value: str


def personal_data(case: Case, relation: Relation, *, chain_report=None, elements=()) -> list:
    """The personal fields this relation sees, with their values, in display order. Empty
    values are left out (and so not logged as shown)."""
    values = {
        "citizen_name": case.citizen_name,
        "citizen_email": case.citizen_email,
        "citizen_phone": case.citizen_phone,
        "citizen_address": case.citizen_address,
        "bsn": bsn_shown(case, relation),
        "description": case.description,
    }
    if chain_report is not None:
        values.update(
            wrong_elements=", ".join(e.name for e in elements),
            wrong_value=chain_report.wrong_value,
            right_value=chain_report.right_value,
            noticed_where=chain_report.noticed_where,
        )
    return [
        ShownField(name, str(FIELD_LABELS[name]), values.get(name, ""))
        for name in visible_fields(relation, chain_report=chain_report)
        if values.get(name)
    ]
