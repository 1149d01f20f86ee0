"""Issue 16 point 5: personal data stays home.

The admin shows no personal data of a case and never a notice's secret link; a notice that failed
for good drops that link; the receipt page shows the link once; staff pages are not kept by the
browser; downloads carry the extension of their real type; photos lose their EXIF; every page has
a Content-Security-Policy without inline script and a Permissions-Policy; the worker probe needs
its CSRF token."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from cases.actors import CITIZEN
from cases.models import Attachment, Case, PersonalDataAccess
from cases.services.attachments import attachments_add
from notifications.models import Notification, NotificationStatus
from notifications.tasks import MAX_ATTEMPTS, send_notification
from tests.factories import build_world, image_bytes, login, post_form, submit_case, valid_data

pytestmark = pytest.mark.django_db

PERSONAL = {
    "citizen_name": "Anna de Vries",
    "citizen_email": "anna@voorbeeld.test",
    "citizen_phone": "0612345678",
    "citizen_address": "Dorpsstraat 22, 1234 AB Voorbeeld",
    "digid_bsn": "123456782",
    "description": "Het gaat over mijn diabetes.",
}


@pytest.fixture(autouse=True)
def _isolated(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "uploads")
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def superuser_client(client):
    user = get_user_model().objects.create_superuser("beheer", "beheer@gemeente.test", "x" * 16)
    client.force_login(user)
    return client


# --- Admin: no personal data, no secret links -------------------------------------------------


def test_admin_case_page_shows_no_personal_data(superuser_client):
    case = submit_case("complaint", **PERSONAL)
    for url in (
        reverse("admin:cases_case_change", args=[case.pk]),
        reverse("admin:cases_case_changelist"),
    ):
        response = superuser_client.get(url)
        assert response.status_code == 200
        page = response.content.decode()
        assert case.number in page
        for value in PERSONAL.values():
            assert value not in page, (url, value)
    # Nothing shown, so nothing to log: the backoffice is where a case is read (and logged).
    assert not PersonalDataAccess.objects.exists()


def test_admin_notice_pages_show_no_secret_link_and_no_address(superuser_client):
    case = submit_case("question", **PERSONAL)
    notice = Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")
    assert notice.status == NotificationStatus.PENDING
    assert "/volg/" in notice.context["secret_tracking_url"]
    for url in (
        reverse("admin:notifications_notification_change", args=[notice.pk]),
        reverse("admin:notifications_notification_changelist"),
    ):
        page = superuser_client.get(url).content.decode()
        assert "/volg/" not in page and "secret_tracking_url" not in page, url
        assert "anna@voorbeeld.test" not in page and "Anna de Vries" not in page, url
    page = superuser_client.get(
        reverse("admin:notifications_notification_change", args=[notice.pk])
    ).content.decode()
    assert case.number in page  # what the administrator does need


def test_notice_that_fails_for_good_drops_its_secret_link(settings):
    settings.EMAIL_BACKEND = "tests.mail_backends.FailingBackend"
    case = submit_case("question", **PERSONAL)
    notice = Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")
    for _attempt in range(MAX_ATTEMPTS):
        Notification.objects.filter(pk=notice.pk).update(next_attempt_at=None)
        send_notification(notice.pk)
    notice.refresh_from_db()
    assert notice.status == NotificationStatus.FAILED
    assert not any(key.startswith("secret_") for key in notice.context)
    assert "/volg/" not in str(notice.context)


def test_notice_error_does_not_keep_the_address(settings):
    settings.EMAIL_BACKEND = "tests.loket.test_personal_data_stays_home.RefusingBackend"
    case = submit_case("question", **PERSONAL)
    notice = Notification.objects.get(reference=f"case:{case.pk}", template_key="receipt")
    send_notification(notice.pk)
    notice.refresh_from_db()
    assert "Recipient refused" in notice.last_error
    assert "anna@voorbeeld.test" not in notice.last_error


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError(f"Recipient refused: {messages[0].to[0]}")


# --- The receipt page shows the link once -----------------------------------------------------


def test_receipt_page_shows_the_link_once_then_forgets_it(client):
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    first = client.get("/ontvangen/")
    assert first.status_code == 200
    assert "/volg/" in first.content.decode()
    cookie = first.cookies["loket_receipt"]
    assert cookie.value == "" and cookie["max-age"] == 0 and cookie["path"] == "/ontvangen/"
    assert "no-store" in first["Cache-Control"]
    # The next person at the same (library) computer finds nothing.
    again = client.get("/ontvangen/")
    assert again.status_code == 302 and again["Location"] == "/"


# --- No-store, CSP and Permissions-Policy -----------------------------------------------------


def test_staff_pages_are_not_stored_by_the_browser(client):
    world = build_world(with_chain=False)
    pages = {
        "front_desk": ["/werkplek/balie/", f"/werkplek/balie/zaak/{world.complaint.number}/"],
        "caseworker": ["/werkplek/", f"/werkplek/zaken/{world.complaint.number}/"],
        "council": ["/werkplek/raad/"],
    }
    for user, urls in pages.items():
        login(client, world, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            assert "no-store" in response["Cache-Control"], url
            assert "private" in response["Cache-Control"], url
        client.logout()


def test_every_page_has_a_csp_without_inline_script_and_a_permissions_policy(client):
    for url in ("/", "/indienen/vraag/", "/privacy/", "/werkplek/inloggen/"):
        response = client.get(url)
        assert response.status_code == 200, url
        csp = response["Content-Security-Policy"]
        directives = dict(
            (part.split()[0], part.split()[1:]) for part in csp.split(";") if part.strip()
        )
        assert directives["script-src"] == ["'self'"], url
        assert directives["object-src"] == ["'none'"] and directives["frame-ancestors"] == [
            "'none'"
        ]
        assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
        policy = response["Permissions-Policy"]
        for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()"):
            assert feature in policy, url
    # Public pages without personal data may be cached.
    assert "no-store" not in client.get("/privacy/").get("Cache-Control", "")


def test_worker_probe_needs_the_csrf_token():
    operator = get_user_model().objects.create_user("operator", password="x" * 16, is_staff=True)
    client = Client(enforce_csrf_checks=True)
    client.force_login(operator)
    assert client.post("/werkplek/controle/worker").status_code == 403
    client.get("/")  # a page with a form sets the CSRF cookie
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post("/werkplek/controle/worker", HTTP_X_CSRFTOKEN=token)
    assert response.status_code == 202


# --- Uploads: the real type's extension, photos without EXIF ----------------------------------


def test_download_name_gets_the_extension_of_the_detected_type(client):
    world = build_world(with_chain=False)
    pdf = SimpleUploadedFile("factuur.html", b"%PDF-1.4\n%%EOF\n", content_type="text/html")
    png = SimpleUploadedFile("C:\\scans\\foto", image_bytes("PNG"), content_type="image/png")
    attachments_add(case=world.complaint, files=[pdf, png], actor=CITIZEN)
    login(client, world, "caseworker")
    names = {}
    for attachment in Attachment.objects.filter(
        case=world.complaint,
        original_name__in=[
            "factuur.html",
            "C:\\scans\\foto",
        ],
    ):
        response = client.get(f"/werkplek/zaken/{world.complaint.number}/bijlagen/{attachment.pk}/")
        assert response.status_code == 200
        names[attachment.original_name] = response["Content-Disposition"]
    assert names["factuur.html"] == 'attachment; filename="factuur.pdf"'
    assert names["C:\\scans\\foto"] == 'attachment; filename="foto.png"'


def test_photo_is_stored_without_exif_gps_or_comment(client):
    photo = image_bytes("JPEG", gps=True)
    with Image.open(io.BytesIO(photo)) as original:
        assert original.getexif().get_ifd(0x8825)  # the test photo does carry a GPS position
    assert b"Telefoon van Anna" in photo and b"Dorpsstraat 22" in photo
    data = {**valid_data("vraag"), "evidence": [SimpleUploadedFile("foto.jpg", photo)]}
    assert post_form(client, "vraag", data).status_code == 302
    attachment = Attachment.objects.get(case=Case.objects.get())
    stored = (Path(settings.MEDIA_ROOT) / attachment.file.name).read_bytes()
    assert b"Telefoon van Anna" not in stored and b"Dorpsstraat 22" not in stored
    assert b"Exif" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert not image.getexif()
        # The orientation tag is gone, so the pixels were turned upright instead.
        assert image.size == (3, 4)
    assert attachment.size == len(stored)


def test_unreadable_photo_is_refused_with_a_clear_message(client):
    fake = b"\xff\xd8\xff\xe0" + b"\x00" * 64
    data = {**valid_data("vraag"), "evidence": [SimpleUploadedFile("foto.jpg", fake)]}
    response = post_form(client, "vraag", data)
    assert response.status_code == 400
    assert "foto.jpg kunnen wij niet openen als foto" in response.content.decode()
    assert not Case.objects.exists()
