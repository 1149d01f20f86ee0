"""Who works on the case, as the citizen's tracking page shows it (DESIGN.md §5, transparency).

The correction plan is the register's reach, not this person's data: most systems in it may never
have held anything about them. So the citizen sees a system by name only once its owner has
confirmed the person is in it (corrected or verified); the checks still open are one sentence
with a count; systems whose owner reported "niet getroffen" are left out. A system marked
sensitive (AVG art. 9, social domain) is never named, also after the correction: that someone is
registered there is itself sensitive."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.models import Case, CorrectionTask, TaskStatus
from loket.public_text import TASK_TEXT

# The owner said: this person is in our system (and we corrected it).
CONFIRMED = (TaskStatus.CORRECTED, TaskStatus.VERIFIED)
# Still asking whether the person is in it at all.
UNCONFIRMED = (TaskStatus.PENDING, TaskStatus.REQUESTED, TaskStatus.DISPUTED)


@dataclass
class CitizenOrganisation:
    name: str
    # (what the citizen calls the system, plain-words state, status code for the style)
    systems: list[tuple[str, str, str]] = field(default_factory=list)


@dataclass
class CitizenChain:
    organisations: list[CitizenOrganisation]
    open_checks: int

    @property
    def open_checks_text(self) -> str:
        if not self.open_checks:
            return ""
        return ngettext(
            "Wij vragen nog bij %(count)s organisatie na of uw gegevens daar ook staan.",
            "Wij vragen nog bij %(count)s organisaties na of uw gegevens daar ook staan.",
            self.open_checks,
        ) % {"count": self.open_checks}


def citizen_chain(*, case: Case) -> CitizenChain:
    """The handling organisation first, then every owner that confirmed the person is in its
    system; sensitive systems each as "een organisatie in het sociaal domein". One query."""
    tasks = list(
        CorrectionTask.objects.filter(case=case)
        .select_related("system__organisation")
        .order_by("level", "system__code")
    )
    organisations: list[CitizenOrganisation] = []
    by_org: dict[int, CitizenOrganisation] = {}
    if case.organisation_id:
        handling = CitizenOrganisation(case.organisation.display_name)
        organisations.append(handling)
        by_org[case.organisation_id] = handling
    unconfirmed_owners: set[int] = set()
    for task in tasks:
        system = task.system
        if task.status in UNCONFIRMED:
            unconfirmed_owners.add(system.organisation_id)
            continue
        if task.status not in CONFIRMED:
            continue  # not affected, or stopped: nothing of this person there
        line = (system.display_name, str(TASK_TEXT[task.status]), task.status)
        if system.sensitive:
            organisations.append(
                CitizenOrganisation(
                    _("een organisatie in het sociaal domein"),
                    [(_("uw gegevens"), line[1], line[2])],
                )
            )
            continue
        entry = by_org.get(system.organisation_id)
        if entry is None:
            entry = by_org[system.organisation_id] = CitizenOrganisation(
                system.organisation.display_name
            )
            organisations.append(entry)
        entry.systems.append(line)
    # An owner already named above may still check another of its systems: it counts too, the
    # sentence is about organisations the loket is still asking.
    return CitizenChain(organisations=organisations, open_checks=len(unconfirmed_owners))
