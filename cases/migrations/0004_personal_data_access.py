# The access log of personal data (issue 6, backoffice): who saw which personal fields of which
# case, when. Sibling of 0005 and 0006 (all on 0003); a merge migration joins them.

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_chain_register"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="PersonalDataAccess",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("case_number", models.CharField(max_length=20, verbose_name="zaaknummer")),
                ("view", models.CharField(max_length=40, verbose_name="scherm")),
                ("fields", models.JSONField(default=list, verbose_name="getoonde gegevens")),
                (
                    "accessed_at",
                    models.DateTimeField(
                        default=django.utils.timezone.now, verbose_name="tijdstip"
                    ),
                ),
                (
                    "case",
                    models.ForeignKey(
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="personal_data_accesses",
                        to="cases.case",
                        verbose_name="zaak",
                    ),
                ),
                (
                    "user",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="medewerker",
                    ),
                ),
            ],
            options={
                "verbose_name": "inzage persoonsgegevens",
                "verbose_name_plural": "inzages persoonsgegevens",
                "ordering": ["-accessed_at", "-id"],
                "indexes": [
                    models.Index(fields=["case", "accessed_at"], name="pda_case_time_idx"),
                    models.Index(fields=["user", "accessed_at"], name="pda_user_time_idx"),
                ],
            },
        ),
    ]
