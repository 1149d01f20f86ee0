"""Rendering notices from editable files under templates/notifications/<language>/<key>/."""

from __future__ import annotations

from dataclasses import dataclass

from django.template import TemplateDoesNotExist
from django.template.loader import render_to_string
from django.utils import translation

from notifications.notice_texts import render_source, text_in_force, text_to_html


class TemplateMissing(Exception):
    pass


@dataclass(frozen=True)
class RenderedNotice:
    subject: str
    text: str
    html: str


def render_notice(*, template_key: str, language: str, context: dict) -> RenderedNotice:
    edited = text_in_force(template_key=template_key, language=language)
    if edited is not None:
        return render_edited(edited, context=context, language=language)
    base = f"notifications/{language}/{template_key}"
    with translation.override(language):
        try:
            subject = render_to_string(f"{base}/subject.txt", context).strip()
            text = render_to_string(f"{base}/body.txt", context)
        except TemplateDoesNotExist as exc:
            raise TemplateMissing(f"{base}") from exc
        try:
            html = render_to_string(f"{base}/body.html", context)
        except TemplateDoesNotExist:
            html = ""
    return RenderedNotice(subject=" ".join(subject.split()), text=text, html=html)


def render_edited(edited, *, context: dict, language: str) -> RenderedNotice:
    """A text the administrator saved (issue 22), rendered like the files."""
    with translation.override(language):
        subject = render_source(edited.subject, context, autoescape=False)
        text = render_source(edited.text, context, autoescape=False)
        html = (
            render_source(edited.html, context, autoescape=True)
            if edited.html.strip()
            else text_to_html(text, language)
        )
    return RenderedNotice(subject=" ".join(subject.split()), text=text, html=html)


def without_secrets(context: dict) -> dict:
    """The context minus its `secret_*` keys (a citizen's tracking link): they are kept only for
    as long as the notice may still be sent."""
    return {k: v for k, v in context.items() if not k.startswith("secret_")}
