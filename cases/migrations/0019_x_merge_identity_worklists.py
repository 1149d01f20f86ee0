from django.db import migrations


class Migration(migrations.Migration):
    """Merges the identity fields (issue 17) and the work-list indexes (issue 23)."""

    dependencies = [
        ("cases", "0018_x17a_identity"),
        ("cases", "0018_x23b_worklist_indexes"),
    ]

    operations = []
