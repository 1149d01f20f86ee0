from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_merge"),
        ("cases", "0013_w22_admin_labels"),
    ]

    operations = []
