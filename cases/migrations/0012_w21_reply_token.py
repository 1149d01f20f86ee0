import secrets

from django.db import migrations, models

ALPHABET = "abcdefghijklmnopqrstuvwxyz234567"


def fill(apps, schema_editor):
    """Existing cases get a reply token too, so replies to their next notices find them."""
    Case = apps.get_model("cases", "Case")
    for pk in Case.objects.filter(reply_token="").values_list("pk", flat=True).iterator():
        token = "".join(secrets.choice(ALPHABET) for _ in range(26))
        Case.objects.filter(pk=pk).update(reply_token=token)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_merge"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="reply_token",
            field=models.CharField(blank=True, db_index=True, max_length=32),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
