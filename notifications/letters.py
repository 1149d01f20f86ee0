"""Letters for citizens without an e-mail address: the same notice, as a printable .docx."""

from __future__ import annotations

import io

from django.conf import settings
from django.utils import timezone, translation
from django.utils.formats import date_format
from docx import Document
from docx.shared import Cm, Pt

from notifications.models import Notification
from notifications.rendering import render_notice


def render_letter(notification: Notification) -> bytes:
    """A one-page letter: sender, address block (window envelope position), date, subject and
    the notice's plain text."""
    rendered = render_notice(
        template_key=notification.template_key,
        language=notification.language,
        context=notification.context,
    )
    document = Document()
    section = document.sections[0]
    section.top_margin, section.left_margin, section.right_margin = Cm(2), Cm(2.5), Cm(2.5)
    style = document.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)
    sender = document.add_paragraph()
    sender.add_run(settings.MUNICIPALITY_NAME).bold = True
    sender.add_run("\nLoket Digitale Zaken")
    document.add_paragraph()
    for line in notification.recipient.splitlines():
        document.add_paragraph(line).paragraph_format.space_after = Pt(0)
    document.add_paragraph()
    with translation.override(notification.language):
        document.add_paragraph(date_format(timezone.localdate(), "j F Y"))
    document.add_heading(rendered.subject, level=2)
    for block in rendered.text.strip().split("\n\n"):
        document.add_paragraph(block.strip())
    properties = document.core_properties
    properties.title = rendered.subject
    properties.author = settings.MUNICIPALITY_NAME
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
