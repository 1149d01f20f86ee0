# The BSN of an access request (AVG art. 15) moves from a plain column into an encrypted one, as
# the case's BSN did in cases 0018: no BSN in clear in the database (DESIGN, docs/identity.md).
# The old values are encrypted as they were typed (the request's search normalises them).

from django.db import migrations

import cases.fields


def forwards(apps, schema_editor):
    AccessRequest = apps.get_model("records", "AccessRequest")
    rows = AccessRequest.objects.exclude(citizen_bsn="").only("pk", "citizen_bsn")
    for row in rows.iterator():
        AccessRequest.objects.filter(pk=row.pk).update(bsn=row.citizen_bsn)


def backwards(apps, schema_editor):
    AccessRequest = apps.get_model("records", "AccessRequest")
    for row in AccessRequest.objects.exclude(bsn=None).only("pk", "bsn").iterator():
        AccessRequest.objects.filter(pk=row.pk).update(citizen_bsn=row.bsn or "")


class Migration(migrations.Migration):
    dependencies = [("records", "0005_w18b_selectielijst_2020")]

    operations = [
        migrations.AddField(
            model_name="accessrequest",
            name="bsn",
            field=cases.fields.BsnField(blank=True, max_length=9, null=True, verbose_name="BSN"),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="accessrequest", name="citizen_bsn"),
        migrations.RenameField(model_name="accessrequest", old_name="bsn", new_name="citizen_bsn"),
    ]
