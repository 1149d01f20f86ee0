"""Writes of notice texts (issue 22). Append-only: saving, restoring an old version and going
back to the standard text each add a version, so the history shows every change and who made
it. The renderer reads the newest version at every render: no worker restart."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from notifications.models import NoticeText
from notifications.notice_texts import validate


def check_notice_text(*, template_key: str, subject: str, text: str, html: str) -> None:
    """Refuse a text with a syntax error or a name the notice does not know (with the line)."""
    problems = validate(template_key=template_key, subject=subject, text=text, html=html)
    if problems:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(problem.message)
        raise ValidationError(errors)


def notice_text_save(
    *, template_key: str, language: str, subject: str, text: str, html: str = "", user=None
) -> NoticeText:
    """A new version of one notice in one language, in force from now on."""
    check_notice_text(template_key=template_key, subject=subject, text=text, html=html)
    return NoticeText.objects.create(
        template_key=template_key,
        language=language,
        subject=subject,
        text=text,
        html=html,
        created_by=user,
    )


def notice_text_restore(*, version: NoticeText, user=None) -> NoticeText:
    """Put an earlier version back in force (as a new version, checked again: the notice's
    variables may have changed since)."""
    if version.is_standard:
        return notice_text_reset(
            template_key=version.template_key, language=version.language, user=user
        )
    return notice_text_save(
        template_key=version.template_key,
        language=version.language,
        subject=version.subject,
        text=version.text,
        html=version.html,
        user=user,
    )


def notice_text_reset(*, template_key: str, language: str, user=None) -> NoticeText:
    """Back to the standard text of the files."""
    return NoticeText.objects.create(
        template_key=template_key, language=language, is_standard=True, created_by=user
    )
