"""Chain-error cases registered without a chain report (the front desk used the ordinary intake
until issue 15; older demo data did the same) get an empty report, so the coordinator can name
the source system and the wrong data elements (triage) and make the correction plan.

The citizen's own words stay in the case description; the report's fields start empty and
triage fills them in. One system event per repaired case says what happened."""

from django.db import migrations
from django.db.models import Exists, OuterRef


def repair(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    CaseEvent = apps.get_model("cases", "CaseEvent")
    ChainReport = apps.get_model("cases", "ChainReport")
    missing = Case.objects.filter(case_type__code="chain_error").exclude(
        Exists(ChainReport.objects.filter(case_id=OuterRef("pk")))
    )
    for case in missing.only("pk").iterator():
        ChainReport.objects.create(case=case)
        CaseEvent.objects.create(
            case=case,
            kind="chain",
            actor_kind="system",
            reason="Ketenfoutmelding aangevuld: bronsysteem en onjuiste gegevens nog vaststellen.",
            data={"repaired": "0010_frontdesk_chain_repair"},
        )


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_advisory_committee"),
    ]

    operations = [
        migrations.RunPython(repair, migrations.RunPython.noop),
    ]
