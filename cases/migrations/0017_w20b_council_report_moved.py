"""Council reports moved to their own app (issue 20). The table stays where it is
(`cases_councilreport`); only Django's idea of which app owns the model changes."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("cases", "0016_merge"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="CouncilReport")],
            database_operations=[],
        ),
    ]
