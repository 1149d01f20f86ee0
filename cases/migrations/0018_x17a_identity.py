# Issue 17 (x17a): the identity of the citizen (AVG art. 12(6)). The BSN moves from the plain
# `citizen_bsn` column into the encrypted `bsn` column with its keyed digest.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import cases.fields

IDENTITY_REQUIRED = ("privacy_request", "chain_error")


def seed(apps, schema_editor):
    """The requirement (AVG art. 12(6)) on the seeded types; idempotent (tests/conftest.py runs
    it again after a transactional test flushed the tables)."""
    apps.get_model("cases", "CaseType").objects.filter(code__in=IDENTITY_REQUIRED).update(
        identity_required=True
    )


def forwards(apps, schema_editor):
    """Seed the requirement and move the old plain-text BSNs into the encrypted column with their
    digest. A value that fails the elfproef is no BSN and is dropped. None is marked verified:
    the old field could be typed by anyone (docs/identity.md)."""
    from cases.identity import bsn_digest, normalise_bsn

    seed(apps, schema_editor)
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(citizen_bsn="").only("pk", "citizen_bsn").iterator():
        try:
            bsn = normalise_bsn(case.citizen_bsn)
        except ValueError:
            continue
        Case.objects.filter(pk=case.pk).update(bsn=bsn, bsn_digest=bsn_digest(bsn))


def backwards(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    for case in Case.objects.exclude(bsn_digest="").only("pk", "bsn").iterator():
        Case.objects.filter(pk=case.pk).update(citizen_bsn=case.bsn or "")


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0017_w20b_council_report_moved"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='case',
            name='bsn',
            field=cases.fields.BsnField(blank=True, max_length=9, null=True, verbose_name='BSN'),
        ),
        migrations.AddField(
            model_name='case',
            name='bsn_digest',
            field=models.CharField(blank=True, db_default='', db_index=True, default='', editable=False, max_length=64, verbose_name='controlewaarde BSN'),
        ),
        migrations.AddField(
            model_name='case',
            name='identity_checked_by',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='identiteit gecontroleerd door'),
        ),
        migrations.AddField(
            model_name='case',
            name='identity_document',
            field=models.CharField(blank=True, choices=[('passport', 'paspoort'), ('id_card', 'identiteitskaart'), ('driving_licence', 'rijbewijs'), ('residence_document', 'verblijfsdocument')], db_default='', default='', help_text='Alleen de soort document: nooit het documentnummer of een kopie.', max_length=20, verbose_name='gecontroleerd identiteitsbewijs'),
        ),
        migrations.AddField(
            model_name='case',
            name='identity_method',
            field=models.CharField(blank=True, choices=[('digid', 'DigiD'), ('counter', 'identiteitsbewijs gecontroleerd aan de balie')], db_default='', default='', max_length=10, verbose_name='identiteit vastgesteld via'),
        ),
        migrations.AddField(
            model_name='case',
            name='identity_verified_at',
            field=models.DateTimeField(blank=True, null=True, verbose_name='identiteit vastgesteld op'),
        ),
        migrations.AddField(
            model_name='casetype',
            name='identity_required',
            field=models.BooleanField(default=False, help_text='AVG art. 12 lid 6: zaken van dit type kunnen pas inhoudelijk worden afgehandeld (inzage, correctie) als de identiteit van de inwoner is vastgesteld met DigiD of aan de balie met een identiteitsbewijs.', verbose_name='identiteit vaststellen vóór besluit'),
        ),
        migrations.AddField(
            model_name='suspension',
            name='for_identity',
            field=models.BooleanField(db_default=False, default=False, verbose_name='wacht op identificatie'),
        ),
        migrations.AlterField(
            model_name='caseevent',
            name='kind',
            field=models.CharField(choices=[('submitted', 'ingediend'), ('transition', 'status gewijzigd'), ('assigned', 'toegewezen'), ('forwarded', 'doorgestuurd'), ('extended', 'termijn verlengd'), ('suspended', 'termijn opgeschort'), ('resumed', 'termijn hervat'), ('due_date_changed', 'uiterste datum gewijzigd'), ('note', 'notitie'), ('message', 'bericht aan inwoner'), ('contact', 'contactmoment'), ('reply', 'reactie van inwoner'), ('attachment', 'bijlage toegevoegd'), ('correction', 'correctieverzoek'), ('chain', 'ketenanalyse'), ('identity', 'identiteit vastgesteld')], max_length=20, verbose_name='soort'),
        ),
        migrations.RunPython(forwards, backwards),
        migrations.RemoveField(model_name="case", name="citizen_bsn"),
    ]
