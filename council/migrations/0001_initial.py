"""The council report model, moved here from `cases` (issue 20). State only: the table
`cases_councilreport` already exists and keeps its rows. The content type follows the model so
permissions granted on it stay granted."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import council.models


def move_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="council", model="councilreport").exists():
        return
    ContentType.objects.using(db).filter(app_label="cases", model="councilreport").update(
        app_label="council"
    )


def restore_content_type(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    db = schema_editor.connection.alias
    if ContentType.objects.using(db).filter(app_label="cases", model="councilreport").exists():
        return
    ContentType.objects.using(db).filter(app_label="council", model="councilreport").update(
        app_label="cases"
    )


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("cases", "0017_w20b_council_report_moved"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="CouncilReport",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                        ("period_start", models.DateField(verbose_name="van")),
                        ("period_end", models.DateField(verbose_name="tot en met")),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("pending", "in de wachtrij"),
                                    ("running", "wordt gemaakt"),
                                    ("done", "klaar"),
                                    ("failed", "mislukt"),
                                ],
                                default="pending",
                                max_length=10,
                                verbose_name="status",
                            ),
                        ),
                        (
                            "file",
                            models.FileField(
                                blank=True,
                                upload_to=council.models.council_report_path,
                                verbose_name="bestand",
                            ),
                        ),
                        ("size", models.PositiveIntegerField(default=0, verbose_name="grootte (bytes)")),
                        ("error", models.CharField(blank=True, max_length=300, verbose_name="foutmelding")),
                        ("created_at", models.DateTimeField(auto_now_add=True, verbose_name="aangevraagd op")),
                        ("started_at", models.DateTimeField(blank=True, null=True, verbose_name="gestart op")),
                        ("finished_at", models.DateTimeField(blank=True, null=True, verbose_name="klaar op")),
                        (
                            "organisation",
                            models.ForeignKey(
                                blank=True,
                                help_text="Leeg: de hele gemeente en alle ketenpartners.",
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="cases.organisation",
                                verbose_name="organisatie",
                            ),
                        ),
                        (
                            "requested_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                                verbose_name="aangevraagd door",
                            ),
                        ),
                    ],
                    options={
                        "verbose_name": "raadsrapportage",
                        "verbose_name_plural": "raadsrapportages",
                        "ordering": ["-created_at", "-id"],
                        "db_table": "cases_councilreport",
                    },
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(move_content_type, restore_content_type),
    ]
