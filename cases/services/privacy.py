"""Personal data in the backoffice: the access log and sharing the citizen's own words with the
organisations that correct a chain error."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from cases.actors import Actor
from cases.checks import check_chain_report_share
from cases.errors import CaseChangedMeanwhile
from cases.models import Case, ChainReport, EventKind, PersonalDataAccess
from cases.services.common import lock_case, record_event, save_case


def personal_data_access_record(
    *, actor: Actor, case: Case, view: str, fields: Sequence[str]
) -> PersonalDataAccess | None:
    """Log that `actor` was shown `fields` of `case` on `view` (one insert). Nothing is written
    when no personal field was shown. The names of the fields are logged, never their values."""
    if not fields or not actor.is_staff:
        return None
    return PersonalDataAccess.objects.create(
        user=actor.user, case=case, case_number=case.number, view=view, fields=list(fields)
    )


def chain_report_share_description(
    *, case: Case, actor: Actor, share: bool, expected_version: int | None = None
) -> ChainReport:
    """A handler of the case (the loket) shares the citizen's own description with the
    organisations that correct the error, or stops sharing it. By default they see only the
    name, the wrong element and the right value (AVG art. 5(1)(c), data minimisation)."""
    with transaction.atomic():
        case = lock_case(case, expected_version=expected_version)
        report = ChainReport.objects.select_for_update().filter(case=case).first()
        check_chain_report_share(case=case, actor=actor, chain_report=report)
        if report.share_description_with_partners == share:
            # Someone else did it already: the page they saw was stale.
            raise CaseChangedMeanwhile()
        report.share_description_with_partners = share
        report.save(update_fields=["share_description_with_partners"])
        # Bump the version: an open page elsewhere still shows the old choice.
        save_case(case)
        record_event(
            case=case,
            kind=EventKind.CHAIN,
            actor=actor,
            reason=_("Omschrijving gedeeld met de ketenpartners")
            if share
            else _("Omschrijving niet meer gedeeld met de ketenpartners"),
            data={"share_description_with_partners": share},
        )
    return report
