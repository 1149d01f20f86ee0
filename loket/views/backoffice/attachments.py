"""Attachments are personal data: streamed only by this view, after the access check, never from
a guessable or public URL (the file's name on disk is random and outside the static space)."""

from __future__ import annotations

from django.http import FileResponse, Http404
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.selectors.backoffice import attachment_for_download, backoffice_cases
from cases.services.privacy import personal_data_access_record
from loket.views.backoffice.common import staff_required


@staff_required
@never_cache
@require_GET
def attachment_download(request, number: str, pk: int):
    actor = request.actor
    case = backoffice_cases(actor=actor).filter(number=number).first()
    if case is None:
        raise Http404
    attachment = attachment_for_download(actor=actor, case=case, pk=pk)
    if attachment is None:
        raise Http404
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404 from exc
    personal_data_access_record(
        actor=actor, case=case, view="attachment", fields=[f"attachment:{attachment.pk}"]
    )
    # Always a download with the type recognised at upload, never rendered in the browser.
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.download_name,
        content_type=attachment.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
