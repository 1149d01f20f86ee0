from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_merge"),
        ("cases", "0012_w21_reply_token"),
    ]

    operations = []
