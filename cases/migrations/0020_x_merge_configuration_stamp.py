from django.db import migrations


class Migration(migrations.Migration):
    """Merges the configuration stamp (issue 23, intake) into the identity and work-list line."""

    dependencies = [
        ("cases", "0018_x23a_configuration_stamp"),
        ("cases", "0019_x_merge_identity_worklists"),
    ]

    operations = []
