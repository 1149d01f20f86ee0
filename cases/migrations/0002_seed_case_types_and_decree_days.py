"""Ship the five case types of DESIGN.md §3 and the decree days in force (Atw art. 3 lid 3).

Administrators can add case types and the next decree in the admin."""

from datetime import date

from django.db import migrations

DECREE_DAYS = [
    (date(2023, 4, 28), "Besluit gelijkstelling dagen Atw 2023"),
    (date(2023, 5, 19), "Besluit gelijkstelling dagen Atw 2023"),
    (date(2024, 5, 10), "Besluit gelijkstelling dagen Atw 2024"),
    (date(2024, 12, 27), "Besluit gelijkstelling dagen Atw 2024"),
    (date(2025, 5, 30), "Besluit gelijkstelling dagen Atw 2025"),
    (date(2026, 1, 2), "Besluit gelijkstelling dagen Atw 2026"),
    (date(2026, 5, 15), "Besluit gelijkstelling dagen Atw 2026"),
    (date(2027, 5, 7), "Besluit gelijkstelling dagen Atw 2027"),
    (date(2028, 4, 28), "Besluit gelijkstelling dagen Atw 2028"),
    (date(2028, 5, 26), "Besluit gelijkstelling dagen Atw 2028"),
]

CASE_TYPES = [
    {
        "code": "question",
        "name": "Vraag",
        "name_en": "Question",
        "description": "Een vraag over hoe de gemeente of een partner met uw gegevens omgaat.",
        "term_amount": 5,
        "term_unit": "working_days",
        "term_basis": "service_norm",
        "law_reference": "Servicenorm gemeente",
        "extension_max_count": 1,
        "extension_max_amount": 5,
        "extension_unit": "working_days",
        "extension_rule": "Servicenorm: een vraag mag één keer met ten hoogste 5 werkdagen "
        "worden verlengd, met bericht aan de inwoner.",
        "suspension_allowed": False,
        "allowed_outcomes": ["answered"],
        "reopen_window_days": 14,
        "ordering": 1,
    },
    {
        "code": "complaint",
        "name": "Klacht",
        "name_en": "Complaint",
        "description": "Een klacht over hoe u bent behandeld.",
        "term_amount": 6,
        "term_unit": "weeks",
        "term_basis": "statute",
        "law_reference": "Awb 9:11",
        "extension_max_count": 1,
        "extension_max_amount": 4,
        "extension_unit": "weeks",
        "extension_notify_accused": True,
        "extension_beyond_with_consent": True,
        "extension_rule": "Awb 9:11 lid 2: de afhandeling van een klacht mag één keer met ten "
        "hoogste vier weken worden verdaagd, met schriftelijk bericht aan klager en beklaagde; "
        "verder uitstel alleen met schriftelijke instemming van de klager.",
        "suspension_allowed": False,
        "allowed_outcomes": ["well_founded", "partly_founded", "unfounded", "settled"],
        "requires_hearing": True,
        "reopen_window_days": 14,
        "ordering": 2,
    },
    {
        "code": "chain_error",
        "name": "Melding ketenfout",
        "name_en": "Wrong data report",
        "description": "Een fout in uw gegevens die ook bij andere organisaties terecht is "
        "gekomen.",
        "term_amount": 1,
        "term_unit": "months",
        "term_basis": "statute",
        "law_reference": "AVG art. 12 lid 3, 16 en 19",
        "extension_max_count": 1,
        "extension_max_amount": 2,
        "extension_unit": "months",
        "extension_notice_within_amount": 1,
        "extension_notice_within_unit": "months",
        "extension_rule": "AVG art. 12 lid 3: de termijn mag met ten hoogste twee maanden worden "
        "verlengd, met opgave van redenen binnen een maand na ontvangst van het verzoek.",
        "suspension_allowed": True,
        "allowed_outcomes": ["corrected", "partly_granted", "no_error"],
        "reopen_window_days": 30,
        "ordering": 3,
    },
    {
        "code": "privacy_request",
        "name": "AVG-verzoek",
        "name_en": "Privacy request",
        "description": "Inzage, correctie, verwijdering of beperking van uw gegevens.",
        "term_amount": 1,
        "term_unit": "months",
        "term_basis": "statute",
        "law_reference": "AVG art. 12 lid 3",
        "extension_max_count": 1,
        "extension_max_amount": 2,
        "extension_unit": "months",
        "extension_notice_within_amount": 1,
        "extension_notice_within_unit": "months",
        "extension_rule": "AVG art. 12 lid 3: de termijn mag met ten hoogste twee maanden worden "
        "verlengd, met opgave van redenen binnen een maand na ontvangst van het verzoek.",
        "suspension_allowed": True,
        "allowed_outcomes": ["granted", "partly_granted", "refused"],
        "reopen_window_days": 14,
        "ordering": 4,
    },
    {
        "code": "woo_request",
        "name": "Woo-verzoek",
        "name_en": "Freedom of information request",
        "description": "Een verzoek om documenten van de gemeente (Wet open overheid).",
        "term_amount": 4,
        "term_unit": "weeks",
        "term_basis": "statute",
        "law_reference": "Woo art. 4.4",
        "extension_max_count": 1,
        "extension_max_amount": 2,
        "extension_unit": "weeks",
        "extension_rule": "Woo art. 4.4 lid 1: de termijn mag één keer met ten hoogste twee weken "
        "worden verdaagd, met bericht voordat de eerste termijn is verstreken.",
        "suspension_allowed": True,
        "allowed_outcomes": ["granted", "partly_granted", "refused"],
        "reopen_window_days": 14,
        "ordering": 5,
    },
]


def seed(apps, schema_editor):
    DecreeDay = apps.get_model("cases", "DecreeDay")
    CaseType = apps.get_model("cases", "CaseType")
    for day, decree in DECREE_DAYS:
        DecreeDay.objects.get_or_create(date=day, defaults={"decree": decree})
    for spec in CASE_TYPES:
        spec = dict(spec)
        CaseType.objects.get_or_create(code=spec.pop("code"), defaults=spec)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
