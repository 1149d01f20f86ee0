"""The BSN of an access request (AVG art. 15) is encrypted at rest like the case's, still finds the
citizen's cases, and the migration moves the old plain values (records 0006)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from cases.identity import bsn_digest
from cases.models import Case, Role
from cases.selectors.access import staff_actor
from records.models import AccessRequest
from records.services.access_request import access_request_build, access_request_create
from tests.factories import build_world, make_staff, valid_bsn

BEFORE = [("records", "0005_w18b_selectielijst_2020")]
AFTER = [("records", "0006_x23f_access_request_bsn_encrypted")]


def _raw_bsn(pk: int):
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_bsn FROM records_accessrequest WHERE id = %s", [pk])
        return cursor.fetchone()[0]


@pytest.mark.django_db
def test_the_bsn_is_stored_encrypted_and_still_finds_the_citizens_cases():
    world = build_world()
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    bsn = valid_bsn(4711)
    case = world.complaint
    case.bsn, case.bsn_digest = bsn, bsn_digest(bsn)
    case.save(update_fields=["bsn", "bsn_digest"])

    request = access_request_create(
        citizen_name="Anna de Vries",
        citizen_bsn=bsn,
        verification="ID-kaart aan de balie gezien",
        actor=staff_actor(user=officer),
    )
    raw = _raw_bsn(request.pk)
    assert raw and bsn not in raw  # a Fernet token, not the number
    assert AccessRequest.objects.get(pk=request.pk).citizen_bsn == bsn

    built = access_request_build(access_request=request, actor=staff_actor(user=officer))
    assert built.case_numbers == [case.number]


@pytest.mark.django_db
def test_a_request_without_bsn_reads_back_empty():
    world = build_world()
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    request = access_request_create(
        citizen_name="Noor Visser",
        citizen_email="noor@voorbeeld.test",
        verification="ID-kaart",
        actor=staff_actor(user=officer),
    )
    assert _raw_bsn(request.pk) is None
    assert AccessRequest.objects.get(pk=request.pk).citizen_bsn == ""


@pytest.mark.django_db(transaction=True)
def test_the_migration_encrypts_the_plain_values_and_gives_them_back_when_reversed():
    world = build_world()
    officer, _ = make_staff(Role.PRIVACY_OFFICER, team=world.teams["regie"])
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    try:
        old = executor.loader.project_state(BEFORE).apps.get_model("records", "AccessRequest")
        kept = old.objects.create(
            citizen_name="Noor Visser",
            citizen_bsn="123456782",
            verification="ID-kaart",
            verified_by_id=officer.pk,
            verified_at=timezone.now(),
        )
        empty = old.objects.create(
            citizen_name="Piet",
            citizen_email="piet@voorbeeld.test",
            verification="ID-kaart",
            verified_by_id=officer.pk,
            verified_at=timezone.now(),
        )
        assert _raw_bsn(kept.pk) == "123456782"

        executor = MigrationExecutor(connection)
        executor.migrate(AFTER)
        assert "123456782" not in _raw_bsn(kept.pk)
        assert AccessRequest.objects.get(pk=kept.pk).citizen_bsn == "123456782"
        assert AccessRequest.objects.get(pk=empty.pk).citizen_bsn == ""

        executor = MigrationExecutor(connection)
        executor.migrate(BEFORE)
        assert _raw_bsn(kept.pk) == "123456782"
        assert _raw_bsn(empty.pk) == ""
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert Case.objects.exists()
