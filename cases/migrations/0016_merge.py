from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0015_reply_token_label"),
        ("cases", "0014_w18_records_roles"),
    ]

    operations = []
