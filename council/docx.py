"""The council report as a Word document (python-docx): title page, numbered chapters, a short
explanation with each figure, tables in one style, charts as PNG with alt text, the complaint
register as an annex, and the document properties set."""

from __future__ import annotations

import io
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Emu, Pt
from matplotlib import font_manager
from PIL import ImageFont

from cases.deadlines import format_date_nl
from council.charts import render_png
from council.figures import Figures, Scope, compute_figures
from council.layout import Chart, Section, Table
from council.register import (
    MARKER,
    MONTH_MARKER,
    register_columns,
    register_rows,
    splice_rows,
)
from council.sections import accountability_section, build_sections

# One table style for every table in the document (python-docx's default template has it).
TABLE_STYLE = "Light List Accent 1"
Progress = Callable[[str], None]
MARGIN = Cm(2.2)
FONT_SIZE = Pt(10)
# Word's default cell margins (0.19 cm left and right) plus a little air.
CELL_PADDING = Cm(0.5)


@dataclass(frozen=True)
class ReportResult:
    figures: Figures
    register_rows: int
    size: int


def _set_language(document, tag: str = "nl-NL") -> None:
    """Dutch proofing language for the whole document; screen readers pick the voice by it."""
    styles = document.styles.element
    rpr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), tag)


def _setup(document) -> None:
    section = document.sections[0]
    section.top_margin = section.bottom_margin = MARGIN
    section.left_margin = section.right_margin = MARGIN
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = FONT_SIZE
    # A table's caption stands above it and stays on the page of the table (a chart's caption
    # stands below the chart: see add_chart, which turns this off for it).
    document.styles["Caption"].paragraph_format.keep_with_next = True
    # A heading never ends a page: it goes with the text it heads. Set here, not left to the
    # template's defaults, so another template cannot lose it.
    for level in (1, 2, 3):
        heading = document.styles[f"Heading {level}"].paragraph_format
        heading.keep_with_next = True
        heading.keep_together = True
    _set_language(document)


def _footer(document, text: str) -> None:
    paragraph = document.sections[0].footer.paragraphs[0]
    paragraph.text = f"{text} — {_('pagina')} "
    paragraph.runs[0].font.size = Pt(8)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    run_properties = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "16")  # half-points: 8 pt, as the footer text
    run_properties.append(size)
    run.append(run_properties)
    text_element = OxmlElement("w:t")
    text_element.text = "1"
    run.append(text_element)
    field.append(run)
    paragraph._p.append(field)


def _title_page(document, figures: Figures) -> None:
    scope = figures.scope
    document.add_paragraph(settings.MUNICIPALITY_NAME, style="Subtitle")
    document.add_paragraph(_("Raadsrapportage Loket Digitale Zaken"), style="Title")
    document.add_paragraph(_("Periode: %(period)s") % {"period": scope.period.label})
    if scope.organisation is not None:
        document.add_paragraph(_("Organisatie: %(name)s") % {"name": scope.organisation.name})
    document.add_paragraph(
        _("Van %(start)s tot en met %(end)s. Opgesteld op %(today)s.")
        % {
            "start": format_date_nl(scope.period.start),
            "end": format_date_nl(scope.period.end),
            "today": format_date_nl(figures.today),
        }
    )
    note = document.add_paragraph(
        _(
            "Deze rapportage bevat alleen tellingen. Er staan geen namen, adressen, "
            "contactgegevens of inhoud van zaken in."
        )
    )
    note.runs[0].italic = True
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _repeat_header(row) -> None:
    """Repeat the header row on every page (and mark it as a header for assistive software)."""
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _caption(document, text: str):
    return document.add_paragraph(text, style="Caption")


@cache
def _font(bold: bool) -> ImageFont.FreeTypeFont:
    # DejaVu Sans (matplotlib ships it) runs wider than Arial and its substitutes, so a column
    # wide enough for a word in DejaVu is wide enough in Word and LibreOffice too.
    path = font_manager.findfont(
        font_manager.FontProperties(family="DejaVu Sans", weight="bold" if bold else "normal")
    )
    return ImageFont.truetype(path, 100)


def text_width(text: str, *, bold: bool = False) -> Emu:
    """How wide `text` is at the body's font size (an upper bound for Arial)."""
    points = _font(bold).getlength(text) / 100 * FONT_SIZE.pt
    return Emu(int(Pt(points)))


def _longest_word(text: str, *, bold: bool) -> int:
    return max((text_width(word, bold=bold) for word in text.split()), default=0)


def column_widths(document, columns: list[str], rows: list[list[str]], text_columns: int):
    """Widths that never break a word of the header ("Opschortinge/n") or a number: each column
    at least as wide as its longest header word and its widest number; what is left goes to the
    text columns. Equal widths (python-docx's default) broke long Dutch header words."""
    section = document.sections[0]
    available = section.page_width - section.left_margin - section.right_margin
    needed = []
    for index, header in enumerate(columns):
        width = _longest_word(header, bold=True)
        for row in rows:
            value = row[index]
            width = max(
                width,
                _longest_word(value, bold=False)
                if index < text_columns
                else text_width(value, bold=True),  # totals are bold
            )
        needed.append(width + CELL_PADDING)
    spare = available - sum(needed)
    if spare < 0:  # too many columns for the page: shrink all alike
        return [Emu(int(w * available / sum(needed))) for w in needed]
    growing = list(range(text_columns)) or list(range(len(columns)))
    return [
        Emu(int(w + (spare / len(growing) if i in growing else 0))) for i, w in enumerate(needed)
    ]


def _set_widths(grid, widths) -> None:
    grid.autofit = False  # fixed layout: Word and LibreOffice keep these widths
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width
        for cell in column.cells:
            cell.width = width


def _fill(cells, values, *, bold: bool = False, text_columns: int = 1) -> None:
    for index, (cell, value) in enumerate(zip(cells, values, strict=True)):
        cell.text = value
        paragraph = cell.paragraphs[0]
        if index >= text_columns:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        if bold:
            for run in paragraph.runs:
                run.bold = True


def add_table(document, table: Table, number: int):
    _caption(document, _("Tabel %(n)s. %(caption)s") % {"n": number, "caption": table.caption})
    grid = document.add_table(rows=1, cols=len(table.columns))
    grid.style = document.styles[TABLE_STYLE]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    columns = table.text_columns
    _fill(grid.rows[0].cells, table.columns, bold=True, text_columns=columns)
    _repeat_header(grid.rows[0])
    for row in table.rows:
        _fill(grid.add_row().cells, row, text_columns=columns)
    if table.total:
        _fill(grid.add_row().cells, table.total, bold=True, text_columns=columns)
    body = [*table.rows, *([table.total] if table.total else [])]
    _set_widths(grid, column_widths(document, table.columns, body, columns))
    if not table.rows:
        document.add_paragraph(_("Geen gegevens in deze periode."))
    document.add_paragraph()
    return grid


def add_chart(document, chart: Chart, number: int) -> None:
    paragraph = document.add_paragraph()
    # The chart stays on the page of its caption, which stands below it.
    paragraph.paragraph_format.keep_with_next = True
    paragraph.paragraph_format.keep_together = True
    shape = paragraph.add_run().add_picture(io.BytesIO(render_png(chart)), width=Cm(16))
    # Word's "alternative text": a summary of the chart, read out by screen readers.
    doc_pr = shape._inline.docPr
    doc_pr.set("descr", chart.alt)
    doc_pr.set("title", chart.title)
    caption = _caption(document, _("Figuur %(n)s. %(title)s") % {"n": number, "title": chart.title})
    # Not chained to the table after it (the style's keep-with-next is for captions above a
    # table): chained, chart, caption, the table's caption and its first rows moved as one
    # block, and the chart was left behind while its caption went to the next page.
    caption.paragraph_format.keep_with_next = False


def _sections(document, sections: list[Section], progress: Progress) -> None:
    tables = charts = 0
    for chapter, section in enumerate(sections, start=1):
        progress(_("  hoofdstuk %(n)s: %(title)s") % {"n": chapter, "title": section.title})
        document.add_heading(f"{chapter}. {section.title}", level=1)
        if section.intro:
            document.add_paragraph(section.intro)
        for number, figure in enumerate(section.figures, start=1):
            if len(section.figures) > 1 or figure.title != section.title:
                document.add_heading(f"{chapter}.{number} {figure.title}", level=2)
            if figure.explanation:
                # The explanation goes with its figure, so the heading above it cannot end
                # a page either.
                explanation = document.add_paragraph(figure.explanation)
                explanation.paragraph_format.keep_with_next = True
            if figure.chart is not None:
                charts += 1
                add_chart(document, figure.chart, charts)
            tables += 1
            add_table(document, figure.table, tables)
        for note in section.notes:
            document.add_paragraph(note, style="List Bullet")


def _register(document, figures: Figures, complaints: int) -> None:
    document.add_page_break()
    period = figures.scope.period.label
    document.add_heading(
        _("Bijlage. Klachtenregister %(period)s (Awb 9:12a)") % {"period": period}, level=1
    )
    document.add_paragraph(
        _(
            "Elke klacht die in de periode binnenkwam, met haar nummer, de datum van "
            "ontvangst, de categorie (de organisatie die de klacht behandelt), het resultaat "
            "en of zij binnen de wettelijke termijn is afgehandeld (Awb 9:11). Het register "
            "bevat geen namen en geen inhoud van klachten."
        )
    )
    if not complaints:
        document.add_paragraph(_("In deze periode zijn geen klachten ontvangen."))
        return
    # One block per month (see register.splice_rows): heading, caption, table.
    document.add_heading(MONTH_MARKER, level=2)
    _caption(document, _("Klachtenregister %(month)s") % {"month": MONTH_MARKER})
    columns = register_columns()
    grid = document.add_table(rows=2, cols=len(columns))
    grid.style = document.styles[TABLE_STYLE]
    _fill(grid.rows[0].cells, columns, bold=True, text_columns=len(columns))
    _repeat_header(grid.rows[0])
    # The marker row is the template for every register row (see register.splice_rows).
    for index, cell in enumerate(grid.rows[1].cells):
        cell.text = MARKER.format(index)
    # Every spliced row copies the marker row's widths; sized for the widest values a register
    # row can hold (number, date), the text columns take the rest.
    sample = [["LDZ-0000-000000", "00-00-0000", "", "", ""]]
    _set_widths(grid, column_widths(document, columns, sample, 0))


def _drop_thumbnail(document) -> None:
    """python-docx's template carries a preview picture of an empty page; Word and file
    managers would show it as this report's thumbnail."""
    relationships = document.part.package.rels
    for rel_id, rel in list(relationships.items()):
        if rel.reltype == RT.THUMBNAIL:
            relationships.pop(rel_id)


def _properties(document, figures: Figures) -> None:
    properties = document.core_properties
    properties.title = _("Raadsrapportage Loket Digitale Zaken %(period)s") % {
        "period": figures.scope.period.label
    }
    properties.subject = _("Cijfers, klachtenregister en ketenfouten, %(period)s") % {
        "period": figures.scope.period.label
    }
    properties.author = settings.MUNICIPALITY_NAME
    properties.last_modified_by = settings.MUNICIPALITY_NAME
    properties.comments = _("Geanonimiseerde cijfers uit het Loket Digitale Zaken.")
    properties.keywords = "raadsrapportage; Awb 9:12a; klachtenregister; ketenfouten"
    properties.language = "nl-NL"
    properties.category = _("Raadsinformatie")
    now = datetime.now(UTC).replace(tzinfo=None)
    properties.created = properties.modified = now
    properties.revision = 1


def _complaint_count(figures: Figures) -> int:
    return sum(
        n for t, n in figures.intake_by_type().items() if figures.type_codes.get(t) == "complaint"
    )


def write_report(
    *, scope: Scope, out: Path, today: date | None = None, progress: Progress | None = None
) -> ReportResult:
    """Compute the figures for `scope` and write the .docx to `out`. Always in Dutch: the
    council's language, whoever started it."""
    progress = progress or (lambda message: None)
    out = Path(out)
    with translation.override("nl"):
        progress(_("Cijfers berekenen…"))
        figures = compute_figures(scope, today=today)
        sections = build_sections(figures)
        progress(_("Document opbouwen en grafieken tekenen…"))
        document = Document()
        _setup(document)
        _footer(
            document,
            _("Raadsrapportage %(period)s — %(municipality)s")
            % {"period": scope.period.label, "municipality": settings.MUNICIPALITY_NAME},
        )
        _title_page(document, figures)
        _sections(document, [*sections, accountability_section(figures)], progress)
        complaints = _complaint_count(figures)
        _register(document, figures, complaints)
        _properties(document, figures)
        _drop_thumbnail(document)
        with tempfile.NamedTemporaryFile(suffix=".docx", dir=out.parent, delete=False) as tmp:
            skeleton = Path(tmp.name)
        try:
            document.save(skeleton)
            progress(_("Klachtenregister schrijven (%(n)s klachten)…") % {"n": complaints})
            if complaints:
                rows = splice_rows(skeleton, out, register_rows(scope, today=figures.today))
            else:
                skeleton.replace(out)
                rows = 0
        finally:
            skeleton.unlink(missing_ok=True)
    progress(_("Klaar: %(path)s") % {"path": out})
    return ReportResult(figures=figures, register_rows=rows, size=out.stat().st_size)
