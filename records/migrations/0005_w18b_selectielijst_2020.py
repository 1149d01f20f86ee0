"""Correct the seeded retention rules to the result numbers of the Selectielijst gemeenten en
intergemeentelijke organen 2020 (procestypen 6 "Verzoeken behandelen" and 13 "Geschillen
behandelen"), as published by VNG in its reference lists (VNG-Realisatie/VNG-referentielijsten,
src/fixtures/selectielijst_2020_resultaten.json, loaded from the list's own spreadsheet).
"To be confirmed" stays only where the list leaves a choice. docs/records.md explains each."""

from django.db import migrations

SOURCE = "Selectielijst gemeenten en intergemeentelijke organen 2020"

# (case type, outcome, result number, result name, nomination, period, basis,
#  to be confirmed, explanation)
RULES = [
    ("question", "", "6.1.3", "Ingewilligd: informatieverzoek", "destroy", "P1Y", "closed",
     False, "Procestype 6 Verzoeken behandelen, resultaat 6.1.3 (algemeen informatieverzoek): "
     "vernietigen 1 jaar na afhandeling (procestermijn nihil). Een afgewezen vraag is 6.2, "
     "ook 1 jaar."),
    ("complaint", "", "13.1", "Afgehandeld", "destroy", "P5Y", "closed", False,
     "Procestype 13 Geschillen behandelen, resultaat 13.1 (toelichting: klacht): vernietigen "
     "5 jaar na afhandeling. Een klacht die via de ombudsman is afgehandeld is 13.1.2 (10 "
     "jaar); die klacht staat tot dan onder een juridische blokkade."),
    ("chain_error", "", "6.1", "Ingewilligd", "destroy", "P5Y", "closed", True,
     "Procestype 6 Verzoeken behandelen, resultaat 6.1 (verzoek ingewilligd, ook deels): 5 "
     "jaar. Keuze: heeft de correctie financiële gevolgen (belastingaanslag, uitkering), dan "
     "6.1.1 (7 jaar)."),
    ("chain_error", "corrected", "6.1.1", "Ingewilligd: verzoek met financiële consequenties",
     "destroy", "P7Y", "closed", True,
     "Procestype 6, resultaat 6.1.1: correcties in de keten raken vaak belasting- en "
     "uitkeringssystemen, dus 7 jaar (BW boek 2 art. 10 lid 3). Keuze: zonder financiële "
     "gevolgen 6.1 (5 jaar)."),
    ("chain_error", "no_error", "6.2", "Afgewezen", "destroy", "P1Y", "closed", False,
     "Procestype 6, resultaat 6.2 (verzoek afgewezen): geen fout gevonden, 1 jaar."),
    ("privacy_request", "", "6.1", "Ingewilligd", "destroy", "P5Y", "decided", False,
     "Procestype 6 Verzoeken behandelen, resultaat 6.1: verzoek op grond van de AVG "
     "ingewilligd (ook deels), 5 jaar na afhandeling."),
    ("privacy_request", "refused", "6.2", "Afgewezen", "destroy", "P1Y", "decided", False,
     "Procestype 6, resultaat 6.2 (verzoek afgewezen): 1 jaar; bezwaar of beroep houdt de "
     "zaak met een juridische blokkade vast."),
    ("woo_request", "", "6.1", "Ingewilligd", "destroy", "P5Y", "decided", False,
     "Procestype 6, resultaat 6.1 (toelichting noemt het Wob-verzoek): 5 jaar na afhandeling. "
     "Openbaar gemaakte documenten zelf vallen onder procestype 20 Informeren."),
    ("woo_request", "granted", "6.1", "Ingewilligd", "destroy", "P5Y", "decided", False,
     "Procestype 6, resultaat 6.1 (Wob-verzoek): 5 jaar. Eerder geseed als blijvend te "
     "bewaren; de lijst geeft voor het verzoek zelf vernietigen na 5 jaar."),
    ("woo_request", "refused", "6.2", "Afgewezen", "destroy", "P1Y", "decided", False,
     "Procestype 6, resultaat 6.2 (verzoek afgewezen): 1 jaar; bezwaar of beroep houdt de "
     "zaak met een juridische blokkade vast."),
]  # fmt: skip


def apply_rules(CaseType, RetentionRule) -> None:  # noqa: N803 (models passed in)
    """Idempotent; also used by the tests after a flush (after 0002's seed)."""
    types = {t.code: t for t in CaseType.objects.all()}
    for code, outcome, number, name, nomination, period, basis, tbc, text in RULES:
        if code not in types:
            continue
        RetentionRule.objects.update_or_create(
            case_type=types[code],
            outcome=outcome,
            defaults=dict(
                result_number=number,
                result_name=name,
                nomination=nomination,
                period=period,
                basis=basis,
                to_be_confirmed=tbc,
                explanation=f"{text} Bron: {SOURCE}.",
            ),
        )


def forward(apps, schema_editor):
    apply_rules(apps.get_model("cases", "CaseType"), apps.get_model("records", "RetentionRule"))


class Migration(migrations.Migration):
    dependencies = [("records", "0004_w18b_access_request_delivery")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
