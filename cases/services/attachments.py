"""Attachments: evidence from the citizen or staff, stored under a random name."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterable
from datetime import timedelta

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone

from cases.actors import Actor
from cases.models import ATTACHMENT_DIR, Attachment, Case, EventKind
from cases.services.common import record_event

logger = logging.getLogger(__name__)

MAX_FILES = 5
MAX_FILE_SIZE = 10 * 1024 * 1024
# Recognised by their first bytes, never by the name or the browser's content type.
SIGNATURES = {
    b"%PDF-": "application/pdf",
    b"\x89PNG\r\n\x1a\n": "image/png",
    b"\xff\xd8\xff": "image/jpeg",
}


def sniff_content_type(upload: UploadedFile) -> str | None:
    """The real type of an upload from its content, or None when it is none of ours."""
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    for signature, content_type in SIGNATURES.items():
        if head.startswith(signature):
            return content_type
    return None


# A photo larger than this is refused by the form (EvidenceField): re-encoding it would take
# hundreds of megabytes of memory. 50 megapixels is more than any phone camera.
MAX_IMAGE_PIXELS = 50_000_000
IMAGE_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG"}


def image_is_readable(upload: UploadedFile) -> bool:
    """Whether an upload recognised as PNG or JPEG can be opened as one and is not too large
    to re-encode (the check before `strip_metadata`)."""
    from PIL import Image

    upload.seek(0)
    try:
        with Image.open(upload) as image:
            width, height = image.size
            if width * height > MAX_IMAGE_PIXELS:
                return False
            image.verify()
    except Exception:  # Pillow raises many kinds for broken or hostile files
        return False
    finally:
        upload.seek(0)
    return True


def strip_metadata(upload: UploadedFile, content_type: str) -> UploadedFile | ContentFile:
    """A photo without its EXIF (GPS location, camera, time), XMP and comments, re-encoded from
    its pixels; other types unchanged. The orientation tag goes too, so the pixels are turned
    upright first. Re-encoding also drops anything hidden after the image data."""
    image_format = IMAGE_TYPES.get(content_type)
    if image_format is None:
        return upload
    from PIL import Image, ImageOps

    upload.seek(0)
    with Image.open(upload) as original:
        image = ImageOps.exif_transpose(original)
        icc_profile = original.info.get("icc_profile")
    # Nothing of the original's metadata is carried over: Pillow writes only what it is given.
    image.info = {}
    options = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L", "CMYK"):
            image = image.convert("RGB")
        options.update(quality=90)
    out = io.BytesIO()
    image.save(out, format=image_format, **options)
    return ContentFile(out.getvalue(), name=upload.name)


def attachments_add(
    *, case: Case, files: Iterable[UploadedFile], actor: Actor, public: bool = True
) -> list[Attachment]:
    """Store checked uploads with the case (caller holds the transaction). The forms check count,
    size and type with a clear message; this re-checks, because it is the last line."""
    stored = []
    for upload in files:
        content_type = sniff_content_type(upload)
        if content_type is None or upload.size > MAX_FILE_SIZE:
            raise ValueError("unchecked upload")
        if content_type in IMAGE_TYPES and not image_is_readable(upload):
            raise ValueError("unchecked upload")
        stored_file = strip_metadata(upload, content_type)
        attachment = Attachment(
            case=case,
            original_name=(upload.name or "bijlage")[-200:],
            content_type=content_type,
            size=stored_file.size,
            from_citizen=not actor.is_staff,
            uploaded_by=actor.user if actor.is_staff else None,
        )
        attachment.file.save("upload", stored_file, save=False)
        attachment.save()
        stored.append(attachment)
    if stored:
        record_event(
            case=case,
            kind=EventKind.ATTACHMENT,
            actor=actor,
            is_public=public,
            data={"count": len(stored)},
        )
    return stored


ORPHAN_GRACE = timedelta(hours=1)
SWEEP_CHUNK = 1000


def attachments_sweep_orphans(*, grace: timedelta = ORPHAN_GRACE) -> int:
    """Delete stored upload files that no attachment row refers to.

    A file is written while its transaction is still open (`attachments_add`); when that
    transaction rolls back (a form that fails after the upload, a crash), the row is gone but the
    file stays: a citizen's evidence without a case, which nobody could ever open or delete.
    Files younger than `grace` are left alone, because their transaction may still be running.
    Returns how many files were deleted. Logs counts only, never names."""
    storage = Attachment._meta.get_field("file").storage
    try:
        _directories, names = storage.listdir(ATTACHMENT_DIR)
    except FileNotFoundError:
        return 0
    cutoff = timezone.now() - grace
    deleted = 0
    for start in range(0, len(names), SWEEP_CHUNK):
        paths = [f"{ATTACHMENT_DIR}/{name}" for name in names[start : start + SWEEP_CHUNK]]
        known = set(Attachment.objects.filter(file__in=paths).values_list("file", flat=True))
        for path in paths:
            if path in known:
                continue
            try:
                if storage.get_modified_time(path) >= cutoff:
                    continue
                storage.delete(path)
            except FileNotFoundError:
                continue  # deleted meanwhile
            deleted += 1
    if deleted:
        logger.warning("Deleted %d upload file(s) without an attachment row", deleted)
    return deleted
