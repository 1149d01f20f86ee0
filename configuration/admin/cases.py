"""Case search by number, name, e-mail, phone and subject, without showing personal data."""

from __future__ import annotations

import re

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from cases.admin import (
    CaseAdmin,
)
from cases.models import (
    Case,
)
from cases.selectors.access import staff_actor
from cases.services.intake import normalise_phone
from configuration.services import SEARCHED_PERSONAL_FIELDS, admin_case_search_record

CASE_NUMBER = re.compile(r"^\s*LDZ-\d{4}-\d+\s*$", re.I)

admin.site.unregister(Case)


@admin.register(Case)
class SearchableCaseAdmin(CaseAdmin):
    """Search by number, and by the citizen's name, e-mail, phone and the subject. The list still
    shows no personal data; a search that is not a case number is logged per case found
    (PersonalDataAccess, view "admin_search"), because finding a person's cases is an access."""

    search_fields = ["number", *SEARCHED_PERSONAL_FIELDS]
    search_help_text = _(
        "Zoek op zaaknummer, naam, e-mailadres, telefoonnummer of onderwerp. Zoeken op iets "
        "anders dan een zaaknummer wordt vastgelegd in het inzagelogboek."
    )

    def get_search_results(self, request, queryset, search_term):
        results, duplicates = super().get_search_results(request, queryset, search_term)
        term = search_term.strip()
        if not term or CASE_NUMBER.match(term):
            return results, duplicates
        phone = normalise_phone(term)
        if len(phone) >= 6:  # "06 1234 5678" finds the stored "0612345678"
            results = results | queryset.filter(citizen_phone__contains=phone)
        # The page shows at most list_per_page cases; those are the ones the search disclosed.
        admin_case_search_record(
            actor=staff_actor(user=request.user), cases=list(results[: self.list_per_page])
        )
        return results, duplicates


# --- Chain register ----------------------------------------------------------------------------
