"""Status and role choices. Imports nothing of ours, so models, workflow, actors, checks and
services can all use them without an import inside a function (CONVENTIONS: enums below
everything)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    DEPARTMENT = "department", _("afdeling")
    PARTNER = "partner", _("ketenpartner")


class Role(models.TextChoices):
    FRONT_DESK = "front_desk", _("KCC / balie")
    CASEWORKER = "caseworker", _("behandelaar")
    COORDINATOR = "coordinator", _("regisseur")
    COUNCIL = "council", _("raadslid")
    FUNCTIONAL_ADMIN = "functional_admin", _("functioneel beheerder")
    ARCHIVIST = "archivist", _("archivaris")
    PRIVACY_OFFICER = "privacy_officer", _("privacyfunctionaris")


# The roles that handle cases.
STAFF_HANDLERS = (Role.CASEWORKER, Role.COORDINATOR)


class CaseStatus(models.TextChoices):
    RECEIVED = "received", _("ontvangen")
    IN_PROGRESS = "in_progress", _("in behandeling")
    AWAITING_CITIZEN = "awaiting_citizen", _("wacht op informatie van de inwoner")
    AWAITING_CHAIN = "awaiting_chain", _("wacht op correcties in de keten")
    RESOLVED = "resolved", _("afgehandeld")
    CLOSED = "closed", _("gesloten")
    REJECTED = "rejected", _("niet in behandeling genomen")
    WITHDRAWN = "withdrawn", _("ingetrokken")


OPEN_STATUSES = (
    CaseStatus.RECEIVED,
    CaseStatus.IN_PROGRESS,
    CaseStatus.AWAITING_CITIZEN,
    CaseStatus.AWAITING_CHAIN,
)
# Statuses in which the legal clock runs (awaiting_citizen may suspend it; see services).
CLOCK_STATUSES = OPEN_STATUSES
FINAL_STATUSES = (CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)


class TaskStatus(models.TextChoices):
    PENDING = "pending", _("wacht op eerdere systemen")
    REQUESTED = "requested", _("correctie gevraagd")
    CORRECTED = "corrected", _("gecorrigeerd, wordt gecontroleerd")
    VERIFIED = "verified", _("gecorrigeerd en gecontroleerd")
    NOT_AFFECTED = "not_affected", _("niet getroffen")
    DISPUTED = "disputed", _("betwist")
    CANCELLED = "cancelled", _("geannuleerd")


OPEN_TASK_STATUSES = (
    TaskStatus.PENDING,
    TaskStatus.REQUESTED,
    TaskStatus.CORRECTED,
    TaskStatus.DISPUTED,
)
SETTLED_TASK_STATUSES = (TaskStatus.VERIFIED, TaskStatus.NOT_AFFECTED, TaskStatus.CANCELLED)


class IdentityMethod(models.TextChoices):
    """How the citizen's identity was verified (AVG art. 12(6)); see docs/identity.md."""

    DIGID = "digid", _("DigiD")
    COUNTER = "counter", _("identiteitsbewijs gecontroleerd aan de balie")


class IdentityDocument(models.TextChoices):
    """The kind of document checked at the counter. Only the kind: never its number, never a
    copy (Wet BRP / AVG data minimisation: the check is what we need to prove, not the paper)."""

    PASSPORT = "passport", _("paspoort")
    ID_CARD = "id_card", _("identiteitskaart")
    DRIVING_LICENCE = "driving_licence", _("rijbewijs")
    RESIDENCE_DOCUMENT = "residence_document", _("verblijfsdocument")
