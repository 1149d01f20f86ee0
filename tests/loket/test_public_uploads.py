"""Uploads on the public forms: judged by their content, at most 5 files of 10 MB, stored under a
random name, and never served from a guessable URL."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from cases.models import Attachment, Case, EventKind
from tests.factories import error_links, image_bytes, post_form, valid_data

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
# Real images: photos are re-encoded without their metadata when stored, so they must decode.
PNG = image_bytes("PNG")
JPEG = image_bytes("JPEG")
TEN_MB = 10 * 1024 * 1024


def upload(name: str, content: bytes, content_type: str = "application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    cache.clear()
    yield
    cache.clear()


def submit_with(client, files):
    return post_form(client, "vraag", {**valid_data("vraag"), "evidence": files})


@pytest.mark.django_db
def test_pdf_png_and_jpeg_are_accepted_and_stored_under_a_random_name(client, settings):
    files = [
        upload("brief van de gemeente.pdf", PDF),
        upload("foto.png", PNG, "image/png"),
        upload("scan.jpg", JPEG, "image/jpeg"),
    ]
    assert submit_with(client, files).status_code == 302
    case = Case.objects.get()
    stored = list(Attachment.objects.filter(case=case).order_by("id"))
    assert [(a.original_name, a.content_type) for a in stored] == [
        ("brief van de gemeente.pdf", "application/pdf"),
        ("foto.png", "image/png"),
        ("scan.jpg", "image/jpeg"),
    ]
    assert stored[0].size == len(PDF)
    names = set()
    for attachment in stored:
        assert re.fullmatch(r"attachments/[0-9a-f]{32}", attachment.file.name)
        assert "brief" not in attachment.file.name and "foto" not in attachment.file.name
        path = Path(settings.MEDIA_ROOT) / attachment.file.name
        assert path.is_file()
        # Photos are stored re-encoded (without metadata): the size is what is on disk.
        assert attachment.size == path.stat().st_size
        names.add(attachment.file.name)
        assert attachment.from_citizen and attachment.uploaded_by is None
    assert path.read_bytes().startswith(b"\xff\xd8\xff")
    assert len(names) == 3
    event = case.events.get(kind=EventKind.ATTACHMENT)
    assert event.data == {"count": 3} and event.is_public


@pytest.mark.django_db
def test_type_is_judged_by_content_not_by_name(client):
    # A PNG named .pdf is a PNG; the browser's content type is not believed either.
    assert submit_with(client, [upload("brief.pdf", PNG, "application/pdf")]).status_code == 302
    assert Attachment.objects.get().content_type == "image/png"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content",
    [
        b"Dit is gewoon tekst, geen PDF.\n",
        b"<html><script>alert(1)</script></html>",
        b"MZ\x90\x00\x03\x00\x00\x00",  # a Windows executable
        b"PK\x03\x04" + b"\x00" * 30,  # a zip / docx
        b" %PDF-1.4 but not at the start",
    ],
)
def test_anything_else_named_pdf_is_refused_with_a_clear_message(client, content):
    response = submit_with(client, [upload("x.pdf", content, "application/pdf")])
    assert response.status_code == 400
    page = response.content.decode()
    assert error_links(page) == ["id_evidence"]
    assert "x.pdf is geen PDF, PNG of JPEG. Stuur een foto of een PDF-bestand." in page
    assert Case.objects.count() == 0
    assert Attachment.objects.count() == 0


@pytest.mark.django_db
def test_file_over_10_mb_is_refused(client):
    big = PDF + b"0" * (TEN_MB + 1 - len(PDF))
    response = submit_with(client, [upload("groot.pdf", big)])
    assert response.status_code == 400
    assert "groot.pdf is groter dan 10 MB" in response.content.decode()
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_file_of_exactly_10_mb_is_accepted(client):
    exact = PDF + b"0" * (TEN_MB - len(PDF))
    assert submit_with(client, [upload("precies.pdf", exact)]).status_code == 302
    assert Attachment.objects.get().size == TEN_MB


@pytest.mark.django_db
def test_six_files_are_refused_five_are_accepted(client):
    six = [upload(f"bijlage-{n}.pdf", PDF) for n in range(6)]
    response = submit_with(client, six)
    assert response.status_code == 400
    assert "U kunt maximaal 5 bestanden meesturen; u koos er 6." in response.content.decode()
    assert Case.objects.count() == 0

    five = [upload(f"bijlage-{n}.pdf", PDF) for n in range(5)]
    assert submit_with(client, five).status_code == 302
    assert Attachment.objects.count() == 5


@pytest.mark.django_db
def test_empty_file_is_refused(client):
    response = submit_with(client, [upload("leeg.pdf", b"")])
    assert response.status_code == 400
    assert "leeg.pdf is leeg." in response.content.decode()


@pytest.mark.django_db
def test_several_bad_files_each_get_their_own_message_and_ids_stay_unique(client):
    response = submit_with(
        client, [upload("a.pdf", b"tekst"), upload("b.png", b"ook tekst", "image/png")]
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "a.pdf is geen PDF" in page and "b.png is geen PDF" in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), "duplicate ids"
    assert ids.count("id_evidence_error") == 1


@pytest.mark.django_db
def test_a_path_in_the_file_name_is_not_used(client, settings):
    assert submit_with(client, [upload("../../etc/passwd.pdf", PDF)]).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "passwd.pdf"
    assert (Path(settings.MEDIA_ROOT) / attachment.file.name).is_file()


@pytest.mark.django_db
def test_attachments_are_not_served_from_any_guessable_url(client, settings):
    assert submit_with(client, [upload("brief.pdf", PDF)]).status_code == 302
    attachment = Attachment.objects.get()
    name = attachment.file.name
    for url in (
        f"/media/{name}",
        f"/{name}",
        f"/uploads/{name}",
        f"/static/{name}",
        "/media/brief.pdf",
        f"/{Path(settings.MEDIA_ROOT).name}/{name}",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert PDF not in b"".join(response) if response.streaming else PDF not in response.content
    # The storage has no public URL to hand out either.
    assert not settings.MEDIA_URL or settings.MEDIA_URL == "/"
    receipt = client.get("/ontvangen/").content.decode()
    assert name not in receipt and "brief.pdf" not in receipt
