from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0011_merge"),
        ("cases", "0010_w19_task_updated_at"),
    ]

    operations = []
