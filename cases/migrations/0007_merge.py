"""Merges the access log, council reports and deadline-trust branches (built in parallel)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0004_personal_data_access"),
        ("cases", "0005_council_report"),
        ("cases", "0006_deadline_trust"),
    ]

    operations = []
