"""The yearly complaint register (Awb 9:12a): every complaint of the period with its number,
date, category, outcome and whether it was handled on time — and nothing that identifies a
person. The category is the organisation that handled the complaint, never the free-text
subject (a citizen may write anything there).

This is the one part of the report that lists cases one by one, so it is streamed: rows come
from the database in chunks and are written straight into the .docx's XML (see `splice_rows`),
so a register of tens of thousands of complaints never sits in memory as a document tree.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from xml.sax.saxutils import escape

from django.db.models.functions import TruncDate
from django.utils.translation import gettext as _

from cases.models import Case, CaseStatus, Outcome
from cases.workflow import OPEN_STATUSES
from council.period import month_label
from council.values import Scope

MARKER = "§§REGISTER{}§§"
MONTH_MARKER = "§§MAAND§§"
CHUNK = 2000
# A busy month is split over tables of this size (see below: layout time grows faster than the
# number of rows of a table).
ROWS_PER_TABLE = 500


@dataclass(frozen=True)
class RegisterRow:
    number: str
    received_on: date
    category: str
    outcome: str
    on_time: str

    def cells(self) -> tuple[str, ...]:
        return (
            self.number,
            self.received_on.strftime("%d-%m-%Y"),
            self.category,
            self.outcome,
            self.on_time,
        )


def register_columns() -> list[str]:
    return [_("Nummer"), _("Ontvangen"), _("Categorie"), _("Resultaat"), _("Op tijd")]


def complaints(scope: Scope):
    """The complaints received in the period, oldest first, as plain values (no model
    instances, no text fields other than the number and the organisation's name)."""
    start, end = scope.period.bounds()
    cases = Case.objects.filter(
        case_type__code="complaint", received_at__gte=start, received_at__lt=end
    )
    if scope.organisation is not None:
        cases = cases.filter(organisation=scope.organisation)
    return (
        cases.annotate(received_on=TruncDate("received_at"), resolved_on=TruncDate("resolved_at"))
        .order_by("received_at", "id")
        .values_list(
            "number",
            "received_on",
            "organisation__name",
            "status",
            "outcome",
            "resolved_on",
            "due_date",
        )
    )


def register_rows(scope: Scope, *, today: date) -> Iterator[RegisterRow]:
    outcomes = dict(Outcome.choices)
    for number, received_on, organisation, status, outcome, resolved_on, due in complaints(
        scope
    ).iterator(chunk_size=CHUNK):
        if resolved_on is not None:
            result = str(outcomes.get(outcome, outcome))
            on_time = _("ja") if resolved_on <= due else _("nee")
        elif status == CaseStatus.REJECTED:
            result, on_time = _("niet in behandeling genomen (Awb 9:8)"), _("n.v.t.")
        elif status == CaseStatus.WITHDRAWN:
            result, on_time = _("ingetrokken"), _("n.v.t.")
        elif status in OPEN_STATUSES:
            result = _("in behandeling")
            on_time = _("nee, termijn verstreken") if due < today else _("termijn loopt nog")
        else:  # pragma: no cover - resolved and closed cases carry resolved_at
            result, on_time = str(CaseStatus(status).label), "—"
        yield RegisterRow(
            number, received_on, organisation or _("Nog niet toegewezen"), result, on_time
        )


# --- Streaming the rows into the document ----------------------------------------------------
#
# The document is saved with one template block: a month heading, a caption and a table of a
# header row and one row of markers. The block is cut into four pieces (up to the marker row,
# the marker row, and the rest of the table) and written again for every month, with one copy
# of the marker row per complaint. One table per month (and at most ROWS_PER_TABLE rows), not
# one table of the whole year: a layout engine lays out a table as a whole, and LibreOffice took
# 250 s to convert one table of 6,000 rows and 20 s for the same rows in twelve tables.

_PARAGRAPH_START = re.compile(r"<w:p[ >]")
_ROW_START = re.compile(r"<w:tr[ >]")
_ROW_MARKER = re.compile("(" + re.escape(MARKER).replace(r"\{\}", r"\d") + ")")


@dataclass(frozen=True)
class _Template:
    head: str  # the document up to the block
    block_start: str  # month heading, caption, table start and header row; MONTH_MARKER inside
    row: list[str]  # the marker row, split around its markers
    slots: dict[int, int]  # piece index -> column
    block_end: str  # the end of the table
    tail: str  # the rest of the document

    def month(self, label: str) -> str:
        return self.block_start.replace(MONTH_MARKER, escape(label))

    def render(self, cells: tuple[str, ...]) -> str:
        return "".join(
            escape(cells[self.slots[i]]) if i in self.slots else piece
            for i, piece in enumerate(self.row)
        )


def _template(xml: str) -> _Template:
    month_at = xml.index(MONTH_MARKER)
    block = max(m.start() for m in _PARAGRAPH_START.finditer(xml, 0, month_at))
    marker_at = xml.index(MARKER.format(0), month_at)
    row_start = max(m.start() for m in _ROW_START.finditer(xml, 0, marker_at))
    row_end = xml.index("</w:tr>", marker_at) + len("</w:tr>")
    table_end = xml.index("</w:tbl>", row_end) + len("</w:tbl>")
    pieces = _ROW_MARKER.split(xml[row_start:row_end])
    slots = {i: int(p[len("§§REGISTER")]) for i, p in enumerate(pieces) if p.startswith("§§")}
    return _Template(
        head=xml[:block],
        block_start=xml[block:row_start],
        row=pieces,
        slots=slots,
        block_end=xml[row_end:table_end],
        tail=xml[table_end:],
    )


def _document_xml(template: _Template, rows: Iterable[RegisterRow]) -> Iterator[str]:
    """The document's XML in pieces of at most CHUNK rows."""
    yield template.head
    buffer: list[str] = []
    month, in_table = None, 0
    for item in rows:
        key = (item.received_on.year, item.received_on.month)
        if key != month or in_table == ROWS_PER_TABLE:
            if month is not None:
                buffer.append(template.block_end)
            label = month_label(*key)
            if key == month:
                label = _("%(month)s (vervolg)") % {"month": label}
            buffer.append(template.month(label))
            month, in_table = key, 0
        buffer.append(template.render(item.cells()))
        in_table += 1
        if len(buffer) >= CHUNK:
            yield "".join(buffer)
            buffer.clear()
    if month is not None:
        buffer.append(template.block_end)
    yield "".join(buffer)
    yield template.tail


def splice_rows(source: Path, target: Path, rows: Iterable[RegisterRow]) -> int:
    """Copy the .docx `source` to `target` with the register's template block replaced by one
    table per month of `rows` (ordered by date), every row a copy of the marker row, so each has
    exactly the table's style. Streams: memory does not grow with the number of rows. Returns
    the number of rows written."""
    counted = _Counted(rows)
    with zipfile.ZipFile(source) as zin:
        template = _template(zin.read("word/document.xml").decode("utf-8"))
        with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
            for info in zin.infolist():
                if info.filename != "word/document.xml":
                    zout.writestr(info, zin.read(info.filename), zipfile.ZIP_DEFLATED)
                    continue
                target_info = zipfile.ZipInfo(info.filename, date_time=info.date_time)
                target_info.compress_type = zipfile.ZIP_DEFLATED
                # No ZIP64 header (some Office versions refuse it); a register would have to
                # pass 2 GiB of XML before zipfile asks for one.
                with zout.open(target_info, "w") as out:
                    for piece in _document_xml(template, counted):
                        out.write(piece.encode("utf-8"))
    return counted.count


class _Counted:
    def __init__(self, rows: Iterable[RegisterRow]):
        self.rows, self.count = rows, 0

    def __iter__(self) -> Iterator[RegisterRow]:
        for row in self.rows:
            self.count += 1
            yield row
