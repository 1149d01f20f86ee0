"""Upload files of a rolled-back transaction do not stay on disk: the daily sweep deletes files
that no attachment row refers to, once they are older than the grace period."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from cases.actors import CITIZEN
from cases.models import ATTACHMENT_DIR, Attachment
from cases.services.attachments import attachments_add
from cases.tasks import sweep_orphan_uploads
from tests.factories import submit_case

pytestmark = pytest.mark.django_db


def pdf(name="bewijs.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n% bewijs\n", content_type="application/pdf")


def age(path: Path, hours: float) -> None:
    then = time.time() - hours * 3600
    os.utime(path, (then, then))


def test_sweep_deletes_only_old_files_without_a_row(settings, tmp_path, caplog):
    settings.MEDIA_ROOT = str(tmp_path)
    case = submit_case("complaint")
    kept = attachments_add(case=case, files=[pdf("kept.pdf")], actor=CITIZEN)[0]

    class Rollback(Exception):
        pass

    with pytest.raises(Rollback), transaction.atomic():
        attachments_add(case=case, files=[pdf("lost.pdf"), pdf("lost2.pdf")], actor=CITIZEN)
        raise Rollback  # e.g. a later step of the same form failed
    directory = tmp_path / ATTACHMENT_DIR
    files = sorted(directory.iterdir())
    assert len(files) == 3 and Attachment.objects.count() == 1
    orphans = [f for f in files if f.name != Path(kept.file.name).name]
    # Young orphans may belong to a transaction still running: left alone.
    assert sweep_orphan_uploads() == 0
    for path in files:  # the kept file is old too: its row protects it
        age(path, hours=2)
    with caplog.at_level("WARNING"):
        assert sweep_orphan_uploads() == 2
    assert [f.name for f in directory.iterdir()] == [Path(kept.file.name).name]
    assert not any(path.exists() for path in orphans)
    assert "lost" not in caplog.text  # counts only, no names
    kept.refresh_from_db()
    assert kept.file.read().startswith(b"%PDF-")
    assert sweep_orphan_uploads() == 0  # idempotent


def test_sweep_without_any_upload_directory(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "empty")
    assert sweep_orphan_uploads() == 0
