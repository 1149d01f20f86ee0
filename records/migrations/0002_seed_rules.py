"""Seed the retention rules for our case types. Every choice is explained in docs/records.md;
the result numbers could not be checked against the published list when this was written, so
each rule is seeded as "to be confirmed" until the archivist confirms it in the admin."""

from django.db import migrations

# (case type, outcome, result number, result name, nomination, period, basis, explanation)
RULES = [
    ("question", "", "1.1.2", "Informatieverzoek afgehandeld", "destroy", "P1Y", "closed",
     "Een vraag zonder besluit: korte bewaartermijn na afsluiten."),
    ("complaint", "", "11.1.2", "Klacht behandeld", "destroy", "P5Y", "closed",
     "Klachtbehandeling (Awb hoofdstuk 9): vijf jaar, zodat een klacht bij de ombudsman nog "
     "kan worden onderzocht."),
    ("chain_error", "", "11.1.2", "Verzoek tot correctie behandeld", "destroy", "P5Y", "closed",
     "Correctie van gegevens in de keten: vijf jaar na afsluiten (herhaalde fout)."),
    ("chain_error", "corrected", "11.1.1", "Verzoek tot correctie toegekend", "destroy", "P10Y",
     "closed", "Gegevens gecorrigeerd in basisregistraties: de Selectielijst laat een keuze "
     "tussen 5 en 10 jaar; wij kiezen 10 jaar tot bevestiging."),
    ("privacy_request", "", "11.1.2", "Verzoek op grond van de AVG afgehandeld", "destroy",
     "P5Y", "decided", "Besluit op een AVG-verzoek: vijf jaar na het besluit (bezwaar en "
     "beroep verlopen)."),
    ("woo_request", "", "11.1.2", "Woo-verzoek afgehandeld", "destroy", "P5Y", "decided",
     "Besluit op een Woo-verzoek: vijf jaar na het besluit."),
    ("woo_request", "granted", "11.1.1", "Woo-verzoek toegekend", "keep", "", "decided",
     "Openbaar gemaakte informatie kan blijvend te bewaren zijn (actieve openbaarmaking); de "
     "Selectielijst laat de keuze aan de gemeente."),
]  # fmt: skip


def seed(apps, schema_editor):
    seed_rules(apps.get_model("cases", "CaseType"), apps.get_model("records", "RetentionRule"))


def seed_rules(CaseType, RetentionRule) -> None:  # noqa: N803 (models passed in)
    """Idempotent; also used by the tests after a flush (transactional tests empty the tables)."""
    types = {t.code: t for t in CaseType.objects.all()}
    for code, outcome, number, name, nomination, period, basis, text in RULES:
        if code not in types:
            continue
        RetentionRule.objects.get_or_create(
            case_type=types[code],
            outcome=outcome,
            defaults=dict(
                result_number=number,
                result_name=name,
                nomination=nomination,
                period=period,
                basis=basis,
                to_be_confirmed=True,
                explanation=text,
            ),
        )


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial"), ("cases", "0002_seed_case_types_and_decree_days")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
