"""The destruction certificate (verklaring van vernietiging, Archiefbesluit 1995 art. 8): the
list, the date, who approved it and the counts. No personal data: case numbers and case types
only; the numbers are the municipality's own references, not a person."""

from __future__ import annotations

import io

from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.translation import gettext as _
from docx import Document

from records.models import DestructionList, ItemDecision


def certificate_bytes(dlist: DestructionList) -> bytes:
    doc = Document()
    doc.add_heading(_("Verklaring van vernietiging"), level=1)
    approver = dlist.approved_by.get_full_name() or dlist.approved_by.get_username()
    destroyed = timezone.localtime(dlist.destroyed_at or timezone.now())
    for label, value in (
        (_("Lijst"), dlist.name),
        (_("Voorgesteld op"), dlist.proposed_on.isoformat()),
        (_("Goedgekeurd door (archivaris)"), approver),
        (_("Goedgekeurd op"), timezone.localtime(dlist.approved_at).strftime("%Y-%m-%d %H:%M")),
        (_("Vernietigd op"), destroyed.strftime("%Y-%m-%d %H:%M")),
        (_("Vernietigd"), str(dlist.counts.get("destroyed", 0))),
        (_("Uitgesteld"), str(dlist.counts.get("postponed", 0))),
        (_("Blijvend bewaard"), str(dlist.counts.get("kept", 0))),
    ):
        doc.add_paragraph(f"{label}: {value}")
    doc.add_heading(_("Per zaaktype"), level=2)
    for name, n in sorted(dlist.counts.get("by_type", {}).items()):
        doc.add_paragraph(f"{name}: {n}", style="List Bullet")
    doc.add_heading(_("Vernietigde zaken"), level=2)
    doc.add_paragraph(
        " — ".join(
            (
                _("Zaaknummer"),
                _("Zaaktype"),
                _("Resultaatnummer Selectielijst"),
                _("Termijn verstreken"),
            )
        )
    )
    # One run and a line break per case, all in one paragraph: python-docx inserts a new table
    # row or body paragraph by scanning the siblings before it (quadratic), while a run is
    # appended to its paragraph. A list of 100,000 cases stays within seconds and MBs.
    items = (
        dlist.items.filter(decision=ItemDecision.APPROVED, destroyed_at__isnull=False)
        .order_by("case_number")
        .values_list(
            "case_number", "rule__case_type__name", "rule__result_number", "retention_ends"
        )
    )
    listing = doc.add_paragraph()
    for number, type_name, result, ends in items.iterator(5000):
        listing.add_run(f"{number} — {type_name} — {result} — {ends.isoformat()}").add_break()
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def write_certificate(dlist: DestructionList) -> None:
    """Store the certificate on the list (the caller saves the list)."""
    name = f"records/certificates/vernietiging-{dlist.pk}.docx"
    dlist.certificate.save(name, ContentFile(certificate_bytes(dlist)), save=False)
