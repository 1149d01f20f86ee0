from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0009_advisory_committee"),
    ]

    operations = [
        migrations.AddField(
            model_name="system",
            name="sensitive",
            field=models.BooleanField(
                default=False,
                help_text=(
                    "Bijzondere persoonsgegevens of sociaal domein (AVG art. 9): de inwoner ziet "
                    "alleen 'een organisatie in het sociaal domein'."
                ),
                verbose_name="gevoelig",
            ),
        ),
    ]
