"""Issue 22: notice texts edited in the admin: validated before saving (a syntax error and an
unknown variable are refused with their line), in force for the next notice without a restart,
with history, restore and back-to-standard; a text that fails to render fails the notice."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError

from notifications.models import Channel, NoticeText, Notification, NotificationStatus
from notifications.notice_texts import known_variables
from notifications.services import notification_enqueue
from notifications.services.notice_texts import (
    notice_text_reset,
    notice_text_restore,
    notice_text_save,
)

pytestmark = pytest.mark.django_db

CONTEXT = {
    "case_number": "LDZ-2026-000001",
    "case_type": "Klacht",
    "case_type_code": "complaint",
    "citizen_name": "Anna de Vries",
    "due_date": "2027-01-22",
    "law_reference": "Awb 9:11",
}
GOOD_TEXT = "Beste {{ citizen_name }},\n\nWij hebben zaak {{ case_number }} ontvangen. Nieuwe zin."


def send(key: str, *, language="nl", django_capture_on_commit_callbacks) -> Notification:
    with django_capture_on_commit_callbacks(execute=True):
        notification = notification_enqueue(
            channel=Channel.EMAIL,
            template_key="receipt",
            idempotency_key=key,
            context=CONTEXT,
            recipient="anna@example.nl",
            language=language,
            reference="case:1",
        )
    notification.refresh_from_db()
    return notification


def test_the_receipt_knows_the_variables_of_its_standard_text():
    assert {"case_number", "due_date", "subject", "secret_tracking_url"} <= known_variables(
        "receipt"
    )


def test_an_unknown_variable_is_refused_with_its_line():
    with pytest.raises(ValidationError) as refused:
        notice_text_save(
            template_key="receipt",
            language="nl",
            subject="Ontvangen {{ case_number }}",
            text="Beste heer, mevrouw,\n\nUw bsn is {{ citizen_bsn }}.",
        )
    messages = refused.value.message_dict["text"]
    assert messages == [
        "Regel 3: onbekend gegeven ‘citizen_bsn’. Dit bericht kent: "
        + ", ".join(sorted(known_variables("receipt")))
        + "."
    ]
    assert NoticeText.objects.count() == 0


def test_a_syntax_error_is_refused_with_its_line():
    with pytest.raises(ValidationError) as refused:
        notice_text_save(
            template_key="receipt",
            language="nl",
            subject="Ontvangen {{ case_number }}",
            text="Regel een\nRegel twee\n{% if case_number %}nooit gesloten",
        )
    (message,) = refused.value.message_dict["text"]
    assert message.startswith("Fout in de opmaak op regel 3:")
    with pytest.raises(ValidationError) as refused:
        notice_text_save(
            template_key="receipt",
            language="nl",
            subject="Ontvangen {{ case_number|onbestaand }}",
            text=GOOD_TEXT,
        )
    assert refused.value.message_dict["subject"][0].startswith("Fout in de opmaak op regel 1:")
    assert NoticeText.objects.count() == 0


def test_a_saved_text_counts_for_the_next_notice_and_the_standard_comes_back(
    django_capture_on_commit_callbacks,
):
    user = get_user_model().objects.create_user("beheer")
    first = notice_text_save(
        template_key="receipt",
        language="nl",
        subject="Ontvangen: {{ case_number }}",
        text=GOOD_TEXT,
        user=user,
    )
    send("a", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    message = mail.outbox[-1]
    assert message.subject == "Ontvangen: LDZ-2026-000001"
    assert "Wij hebben zaak LDZ-2026-000001 ontvangen. Nieuwe zin." in message.body
    html = message.alternatives[0][0]
    assert "Nieuwe zin." in html and "<p>Beste Anna de Vries,</p>" in html

    # The English receipt is untouched.
    send("en", language="en", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert "Nieuwe zin." not in mail.outbox[-1].body

    notice_text_reset(template_key="receipt", language="nl", user=user)
    send("b", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert mail.outbox[-1].subject == "Ontvangstbevestiging LDZ-2026-000001"
    assert "Nieuwe zin." not in mail.outbox[-1].body

    notice_text_restore(version=first, user=user)
    send("c", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks)
    assert "Nieuwe zin." in mail.outbox[-1].body
    assert NoticeText.objects.count() == 3  # save, reset, restore: each a version


def test_a_text_that_fails_to_render_fails_the_notice_with_the_reason(
    django_capture_on_commit_callbacks,
):
    # Written past the validation (e.g. by an older version of the code).
    NoticeText.objects.create(
        template_key="receipt", language="nl", subject="x", text="{% if %}kapot"
    )
    notification = send(
        "broken", django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    assert notification.status == NotificationStatus.FAILED
    assert notification.status_reason == "template_error"
    assert "TemplateSyntaxError" in notification.last_error
    assert mail.outbox == []


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.nl", "x")
    client.force_login(user)
    return client


def test_the_admin_screen_shows_the_text_in_force_previews_and_refuses_errors(administrator):
    page = administrator.get(
        "/admin/notifications/noticetext/add/?template_key=receipt&language=nl"
    )
    assert page.status_code == 200
    content = page.content.decode()
    assert "Wij hebben uw {{ case_type|lower }} goed ontvangen." in content  # the standard text
    assert "{% autoescape off %}" not in content
    assert 'formaction="../preview/"' in content
    assert "secret_tracking_url" in content  # the variables it knows

    data = {
        "template_key": "receipt",
        "language": "nl",
        "subject": "Ontvangen: {{ case_number }}",
        "text": GOOD_TEXT,
        "html": "",
    }
    preview = administrator.post("/admin/notifications/noticetext/preview/", data)
    assert preview.status_code == 200
    shown = preview.content.decode()
    assert "Ontvangen: LDZ-2026-000123" in shown
    assert "Wij hebben zaak LDZ-2026-000123 ontvangen. Nieuwe zin." in shown
    assert NoticeText.objects.count() == 0  # a preview saves nothing

    refused = administrator.post(
        "/admin/notifications/noticetext/add/", {**data, "text": "{{ citizen_bsn }}"}
    )
    assert refused.status_code == 200
    assert "onbekend gegeven ‘citizen_bsn’" in refused.content.decode()
    assert NoticeText.objects.count() == 0

    saved = administrator.post("/admin/notifications/noticetext/add/", data)
    assert saved.status_code == 302
    version = NoticeText.objects.get()
    assert (version.text, version.created_by.username) == (GOOD_TEXT, "beheerder")

    listing = administrator.get("/admin/notifications/noticetext/")
    assert listing.status_code == 200
    administrator.post(
        "/admin/notifications/noticetext/",
        {"action": "back_to_standard", "_selected_action": [version.pk]},
    )
    assert NoticeText.objects.order_by("-pk").first().is_standard


def test_a_text_may_not_include_other_templates():
    with pytest.raises(ValidationError) as refused:
        notice_text_save(
            template_key="receipt",
            language="nl",
            subject="Ontvangen",
            text="Beste,\n{% include 'notifications/nl/resolution/body.txt' %}",
        )
    assert refused.value.message_dict["text"] == ["Regel 2: ‘include’ kan niet in een bericht."]
