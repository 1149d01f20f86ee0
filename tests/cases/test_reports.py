"""The council report: figures from aggregate queries that match the database, the .docx read
back with python-docx, anonymity, the PDF conversion, the command and the task."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path

import docx
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.utils import timezone

from cases.calendar import load_calendar
from cases.deadlines import Calendar, working_days_between
from cases.models import (
    Case,
    CaseType,
    ChainReport,
    Channel,
    CorrectionTask,
    Organisation,
    TaskStatus,
)
from cases.workflow import OPEN_STATUSES
from council.docx import write_report
from council.figures import Scope, Share, WorkingDays, compute_figures, percentile
from council.layout import fmt_int, fmt_pct
from council.models import CouncilReport, CouncilReportStatus
from council.period import ReportPeriod
from council.tasks import build_council_report
from tests.factories import AMS, FIGURE_QUERIES, SECRETS, YEAR, Seeded, seed_year

# --- Helpers ------------------------------------------------------------------------------------


def in_2025(queryset, field="received_at"):
    start = datetime(2025, 1, 1, tzinfo=AMS)
    end = datetime(2026, 1, 1, tzinfo=AMS)
    return queryset.filter(**{f"{field}__gte": start, f"{field}__lt": end})


def tables_by_caption(document) -> dict[str, list[list[str]]]:
    """Each table of the document under the text of the caption above it (without 'Tabel n.')."""
    tables, caption = {}, None
    by_element = {t._tbl: t for t in document.tables}
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            paragraph = docx.text.paragraph.Paragraph(element, document)
            if paragraph.style.name == "Caption":
                caption = (
                    paragraph.text.split(". ", 1)[-1]
                    if paragraph.text.startswith("Tabel")
                    else paragraph.text
                )
        elif element.tag.endswith("}tbl"):
            table = by_element[element]
            tables[caption] = [[cell.text for cell in row.cells] for row in table.rows]
    return tables


def register_tables(document) -> dict[str, list[list[str]]]:
    """The complaint register: one table per month, by the caption's month."""
    return {
        caption.removeprefix("Klachtenregister "): rows
        for caption, rows in tables_by_caption(document).items()
        if caption.startswith("Klachtenregister ")
    }


def rows_by_label(table: list[list[str]]) -> dict[str, list[str]]:
    return {row[0]: row[1:] for row in table[1:]}


@pytest.fixture
def seeded(db) -> Seeded:
    return seed_year()


@pytest.fixture
def report(seeded, tmp_path):
    path = tmp_path / "raad-2025.docx"
    result = write_report(scope=YEAR, out=path)
    return path, result


# --- Pure parts ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "start", "end", "label"),
    [
        ("2025", date(2025, 1, 1), date(2025, 12, 31), "2025"),
        ("2025-K2", date(2025, 4, 1), date(2025, 6, 30), "2e kwartaal 2025"),
        ("2024-q1", date(2024, 1, 1), date(2024, 3, 31), "1e kwartaal 2024"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), "februari 2024"),
    ],
)
def test_period_parse_and_label(text, start, end, label):
    period = ReportPeriod.parse(text)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_free_period_label_and_bounds_in_local_time():
    period = ReportPeriod(date(2025, 3, 30), date(2025, 10, 26))  # both DST switches
    assert period.label == "30 maart 2025 t/m 26 oktober 2025"
    start, end = period.bounds()
    assert start.isoformat() == "2025-03-30T00:00:00+01:00"
    assert end.isoformat() == "2025-10-27T00:00:00+01:00"
    assert period.months()[0] == (2025, 3) and period.months()[-1] == (2025, 10)
    with pytest.raises(ValueError):
        ReportPeriod.parse("volgend jaar")


def test_percentile_is_nearest_rank():
    values = Counter({1: 5, 2: 4, 10: 1})  # ten cases: 1×5, 2×4, 10×1
    assert percentile(values, 0.5) == 1
    assert percentile(values, 0.9) == 2
    assert percentile(Counter({3: 1}), 0.9) == 3
    assert percentile(Counter(), 0.5) is None


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (date(2025, 4, 17), date(2025, 4, 22)),  # Good Friday and Easter Monday
        (date(2025, 5, 2), date(2025, 5, 6)),  # 5 May (Atw, every year)
        (date(2025, 5, 28), date(2025, 6, 3)),  # Ascension Day and the decree day after it
        (date(2025, 12, 24), date(2026, 1, 5)),  # Christmas, New Year, decree day 2 Jan 2026
        (date(2025, 3, 3), date(2025, 3, 3)),
    ],
)
def test_working_day_index_counts_like_the_term_engine(start, end):
    calendar = Calendar(
        decree_days={date(2025, 5, 30): "besluit", date(2026, 1, 2): "besluit"},
        closing_days={date(2025, 12, 31): "oudjaarsdag"},
    )
    index = WorkingDays(calendar)
    index.cover(date(2025, 1, 1), date(2025, 1, 2))  # grows on demand
    expected = working_days_between(start, end, calendar, service_norm=True)
    assert index.between(start, end) == expected


# --- The figures match the database -------------------------------------------------------------


def test_figures_match_independent_orm_counts(seeded):
    figures = compute_figures(YEAR)
    received = in_2025(Case.objects.all())
    types = {t.pk: t for t in CaseType.objects.all()}
    for type_id in types:
        assert (
            figures.intake_by_type().get(type_id, 0)
            == received.filter(case_type_id=type_id).count()
        )
    for channel in Channel:
        assert (
            figures.intake_by_channel().get(channel.value, 0)
            == received.filter(channel=channel).count()
        )
    assert figures.intake_total == received.count() == 11

    resolved = list(in_2025(Case.objects.all(), "resolved_at"))
    assert figures.resolved_total.total == len(resolved) == 7  # q3 came in 2024
    calendar = load_calendar()
    for type_id in types:
        mine = [c for c in resolved if c.case_type_id == type_id]
        on_time = [c for c in mine if timezone.localtime(c.resolved_at).date() <= c.due_date]
        share = figures.on_time_by_type.get(type_id, Share())
        assert (share.total, share.part) == (len(mine), len(on_time))
        days = sorted(
            working_days_between(
                timezone.localtime(c.received_at).date(),
                timezone.localtime(c.resolved_at).date(),
                calendar,
                service_norm=True,
            )
            for c in mine
        )
        if days:
            stats = figures.handling_by_type[type_id]
            assert stats.median == days[(len(days) + 1) // 2 - 1]
            assert stats.p90 == days[-(-len(days) * 9 // 10) - 1]
    for org in Organisation.objects.all():
        mine = [c for c in resolved if c.organisation_id == org.pk]
        if mine:
            on_time = [c for c in mine if timezone.localtime(c.resolved_at).date() <= c.due_date]
            share = figures.on_time_by_organisation[org.pk]
            assert (share.total, share.part) == (len(mine), len(on_time))

    complaints = [c for c in resolved if c.case_type.code == "complaint"]
    assert {k: v.total for k, v in figures.complaint_outcomes.items()} == dict(
        Counter(c.outcome for c in complaints)
    )
    open_now = Case.objects.filter(status__in=OPEN_STATUSES)
    assert figures.overdue_total.total == open_now.count()
    assert figures.overdue_total.part == open_now.filter(due_date__lt=timezone.localdate()).count()
    complaint = CaseType.objects.get(code="complaint").pk
    assert figures.extensions_by_type == {complaint: (1, 1)}
    assert figures.suspensions_by_type == {CaseType.objects.get(code="privacy_request").pk: (1, 1)}


def test_chain_figures_match_the_correction_tasks(seeded):
    figures = compute_figures(YEAR)
    reports = in_2025(ChainReport.objects.all(), "case__received_at")
    assert figures.chain_reports_total == reports.count() == 3
    brp = reports.get(source_system__code="BRP")
    assert figures.chain_sources[brp.source_system_id] == 1
    assert figures.chain_sources[0] == 1  # source still unknown
    spread = Counter(CorrectionTask.objects.filter(case=r.case_id).count() for r in reports)
    assert figures.chain_spread == dict(spread)
    deepest = CorrectionTask.objects.filter(case=brp.case_id).order_by("-level").first().level
    assert figures.chain_depth[deepest] == 1
    assert figures.chain_depth[None] == 1
    # Belastingen owns HEFFING (disputed once, then corrected) and WOZ (requested, open).
    belastingen = Organisation.objects.get(code="belastingen").pk
    assert figures.disputes[belastingen].part == 1
    assert sum(s.part for s in figures.disputes.values()) == 1
    requested = in_2025(CorrectionTask.objects.all(), "requested_at")
    assert sum(s.total for s in figures.disputes.values()) == requested.count()
    settled = in_2025(
        CorrectionTask.objects.filter(status=TaskStatus.VERIFIED), "settled_at"
    ).count()
    assert sum(s.count for s in figures.correction_speed.values()) == settled
    assert (
        figures.correction_open[belastingen].total
        == CorrectionTask.objects.filter(
            organisation_id=belastingen, status=TaskStatus.REQUESTED
        ).count()
    )


def test_organisation_scope_counts_only_that_organisation(seeded):
    burgerzaken = Organisation.objects.get(code="burgerzaken")
    figures = compute_figures(Scope(YEAR.period, burgerzaken))
    assert figures.intake_total == in_2025(Case.objects.filter(organisation=burgerzaken)).count()
    assert set(figures.on_time_by_organisation) == {burgerzaken.pk}
    assert {o for o in figures.disputes} <= {burgerzaken.pk}


@pytest.mark.parametrize("small", [True, False], ids=["2 cases", "13 cases with chains"])
def test_query_count_does_not_depend_on_the_number_of_cases(db, small, django_assert_num_queries):
    seed_year(small=small)
    assert Case.objects.count() == (2 if small else 13)
    with django_assert_num_queries(FIGURE_QUERIES):
        compute_figures(YEAR)


# --- The document -------------------------------------------------------------------------------


def test_document_has_headings_tables_pictures_and_numbers_of_the_database(report):
    path, result = report
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for expected in [
        "1. Samenvatting",
        "2. Instroom",
        "2.1 Instroom per maand",
        "3. Open en afgehandeld",
        "4. Tijdigheid en doorlooptijd",
        "5. Verlengingen en opschortingen",
        "6. Nu over de termijn",
        "7. Klachten",
        "8. Ketenfouten",
        "8.1 Waar fouten ontstaan",
        "8.5 Hoe vaak correcties worden betwist",
        "9. Verantwoording",
        "Bijlage. Klachtenregister 2025 (Awb 9:12a)",
    ]:
        assert expected in headings
    assert any(p.style.name == "Title" for p in document.paragraphs)

    # Three charts, each with alt text that summarises it.
    shapes = document.inline_shapes
    assert len(shapes) == 3
    alts = [s._inline.docPr.get("descr") for s in shapes]
    assert all(alt and len(alt) > 60 for alt in alts)
    assert "meldingen ketenfout per bronsysteem" in alts[2]

    tables = tables_by_caption(document)
    styles = {t.style.name for t in document.tables}
    assert styles == {"Light List Accent 1"}  # one style throughout

    received = in_2025(Case.objects.all())
    channels = rows_by_label(tables["Ontvangen zaken per zaaktype en kanaal"])
    for case_type in CaseType.objects.all():
        row = channels[case_type.name]
        for position, channel in enumerate(Channel):
            count = received.filter(case_type=case_type, channel=channel).count()
            assert row[position] == fmt_int(count)
        assert row[-1] == fmt_int(received.filter(case_type=case_type).count())
    assert channels["Totaal"][-1] == fmt_int(received.count())

    summary = rows_by_label(tables["Kerncijfers"])
    resolved = list(in_2025(Case.objects.all(), "resolved_at"))
    on_time = [c for c in resolved if timezone.localtime(c.resolved_at).date() <= c.due_date]
    assert summary["Zaken ontvangen in de periode"] == [fmt_int(received.count())]
    assert summary["Zaken afgehandeld in de periode"] == [fmt_int(len(resolved))]
    assert summary["Daarvan op tijd afgehandeld"] == [fmt_pct(100 * len(on_time) / len(resolved))]

    sources = rows_by_label(tables["Meldingen ketenfout per bronsysteem"])
    assert sources["Basisregistratie Personen"][:2] == ["Burgerzaken", "1"]
    assert sources["WOZ-administratie"][:2] == ["Belastingen en WOZ", "1"]
    assert sources["Bron nog onbekend"][1] == "1"

    months = rows_by_label(tables["Ontvangen zaken per maand en zaaktype"])
    assert len(months) == 13  # twelve months and the total
    assert months["maart 2025"][-1] == fmt_int(received.filter(received_at__month=3).count())

    outcomes = rows_by_label(tables["Afgehandelde klachten naar resultaat"])
    assert outcomes == {
        "gegrond": ["1", "100,0%"],
        "ongegrond": ["1", "0,0%"],
        "Totaal": ["2", "50,0%"],
    }

    properties = document.core_properties
    assert properties.author == settings.MUNICIPALITY_NAME
    assert "2025" in properties.title and properties.subject
    assert properties.created is not None
    assert result.size == path.stat().st_size


def test_complaint_register_lists_every_complaint_of_the_year(report, seeded):
    path, result = report
    document = docx.Document(str(path))
    months = register_tables(document)
    assert list(months) == ["april 2025", "mei 2025", "september 2025", "december 2025"]
    headings = [p.text for p in document.paragraphs if p.style.name == "Heading 2"]
    assert headings[-4:] == list(months)
    for table in months.values():
        assert table[0] == ["Nummer", "Ontvangen", "Categorie", "Resultaat", "Op tijd"]
    register = [["header"], *(row for table in months.values() for row in table[1:])]
    c = seeded.cases
    declined, late = "niet in behandeling genomen (Awb 9:8)", "nee, termijn verstreken"
    expected = [
        [c["c1"].number, "01-04-2025", "Burgerzaken", "gegrond", "ja"],
        [c["c2"].number, "06-05-2025", "Burgerzaken", "ongegrond", "nee"],
        [c["c3"].number, "01-09-2025", "Burgerzaken", declined, "n.v.t."],
        [c["c4"].number, "15-12-2025", "Belastingen en WOZ", "in behandeling", late],
    ]
    assert register[1:] == expected
    assert result.register_rows == 4


def test_document_contains_no_personal_data_or_free_text(report, seeded):
    path, _result = report
    # Everything a citizen or a caseworker typed, straight from the database.
    typed = []
    for case in Case.objects.all():
        typed += [
            case.citizen_name,
            case.citizen_email,
            case.citizen_phone,
            case.citizen_address,
            case.bsn,
            case.subject,
            case.description,
            case.answer,
            case.complained_about,
            case.complained_about_email,
            case.hearing_waived_reason,
        ]
    for chain in ChainReport.objects.all():
        typed += [chain.wrong_value, chain.right_value, chain.noticed_where]
    typed = {value for value in typed if value} | set(SECRETS)
    assert len(typed) > 100
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    assert "word/document.xml" in parts and "docProps/core.xml" in parts
    for name, content in parts.items():
        if name.endswith(".png"):
            continue  # the charts: pixels drawn from aggregate labels only
        text = content.decode("utf-8")
        for value in typed:
            assert value not in text, f"{value!r} found in {name}"
    # No e-mail address of anyone in the visible text (the XML namespaces hold no "@").
    visible = "".join(
        re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", parts["word/document.xml"].decode())
    )
    assert "Klachtenregister" in visible and "@" not in visible


def test_document_converts_to_pdf_with_libreoffice(report, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        message = (
            "LibreOffice is not installed. Install it with `apt-get install -y "
            "--no-install-recommends libreoffice-writer-nogui` (Debian; .ci/run does this)."
        )
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    path, _result = report
    out = tmp_path / "pdf"
    completed = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path / 'lo-profile'}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
    )
    pdf = out / "raad-2025.pdf"
    assert completed.returncode == 0, completed.stderr
    assert pdf.exists(), completed.stdout + completed.stderr
    assert pdf.read_bytes()[:5] == b"%PDF-"
    assert pdf.stat().st_size > 20_000  # text, tables and three charts


def test_register_streams_thousands_of_complaints(db, tmp_path):
    """More rows than one streamed chunk; the table is still one well-formed table."""
    complaint = CaseType.objects.get(code="complaint")
    base = datetime(2025, 6, 1, 10, tzinfo=AMS)
    Case.objects.bulk_create(
        Case(
            number=f"LDZ-2025-{n:06d}",
            case_type=complaint,
            channel="web",
            subject="x",
            description="x",
            citizen_name="x",
            received_at=base + timedelta(hours=n),  # June to September
            due_date=date(2025, 7, 14),
            original_due_date=date(2025, 7, 14),
        )
        for n in range(1, 2502)
    )
    path = tmp_path / "groot.docx"
    result = write_report(scope=YEAR, out=path)
    assert result.register_rows == 2501
    months = register_tables(docx.Document(str(path)))
    # A busy month continues in a second table (layout engines lay out a table as a whole).
    assert list(months) == [
        "juni 2025",
        "juni 2025 (vervolg)",
        "juli 2025",
        "juli 2025 (vervolg)",
        "augustus 2025",
        "augustus 2025 (vervolg)",
        "september 2025",
    ]
    rows = [row for table in months.values() for row in table[1:]]
    assert [row[0] for row in rows] == [f"LDZ-2025-{n:06d}" for n in range(1, 2502)]
    # A row per hour: July's 744 complaints as 500 and 244, each table with its header.
    assert [len(months["juli 2025"]), len(months["juli 2025 (vervolg)"])] == [501, 245]
    assert rows[-1][2] == "Nog niet toegewezen"


# --- Command and task ---------------------------------------------------------------------------


def test_command_writes_the_report_with_progress(seeded, tmp_path):
    out, path = io.StringIO(), tmp_path / "cmd.docx"
    call_command(
        "council_report",
        "--from",
        "2025-01-01",
        "--to",
        "2025-12-31",
        "--out",
        str(path),
        stdout=out,
    )
    output = out.getvalue()
    assert "Cijfers berekenen" in output and "Klachtenregister schrijven (4 klachten)" in output
    assert "11 zaken, 4 klachten in het register" in output
    assert docx.Document(str(path)).core_properties.title.endswith("2025")

    path = tmp_path / "bsw.docx"
    call_command(
        *("council_report", "--period", "2025-K1", "--organisation", "belastingen"),
        *("--out", str(path)),
        stdout=io.StringIO(),
    )
    text = "\n".join(p.text for p in docx.Document(str(path)).paragraphs)
    assert "Organisatie: Belastingen en WOZ" in text and "1e kwartaal 2025" in text

    with pytest.raises(CommandError, match="Onbekende organisatie"):
        call_command(
            "council_report", "--period", "2025", "--organisation", "x", "--out", str(path)
        )
    with pytest.raises(CommandError, match="vóór"):
        call_command(
            "council_report", "--from", "2025-02-01", "--to", "2025-01-01", "--out", "a.docx"
        )


def test_task_builds_the_report_once_and_keeps_the_file_private(seeded):
    report = CouncilReport.objects.create(
        period_start=date(2025, 1, 1), period_end=date(2025, 12, 31)
    )
    assert build_council_report(report.pk) == CouncilReportStatus.DONE
    report.refresh_from_db()
    assert report.status == CouncilReportStatus.DONE and report.finished_at is not None
    name = report.file.name
    assert name.startswith("council-reports/") and "2025" not in name  # random, no period
    assert Path(settings.MEDIA_ROOT, name).stat().st_size == report.size > 10_000
    document = docx.Document(report.file.open("rb"))
    assert "december 2025" in register_tables(document)
    # Idempotent: a second delivery of the task changes nothing.
    finished = report.finished_at
    assert build_council_report(report.pk) == CouncilReportStatus.DONE
    report.refresh_from_db()
    assert (report.file.name, report.finished_at) == (name, finished)
    assert build_council_report(999_999) == "missing"


def test_task_takes_over_a_stale_report_and_records_failures_without_data(seeded, monkeypatch):
    stale = CouncilReport.objects.create(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        status=CouncilReportStatus.RUNNING,
        started_at=timezone.now() - timedelta(hours=2),
    )
    busy = CouncilReport.objects.create(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 3, 31),
        status=CouncilReportStatus.RUNNING,
        started_at=timezone.now(),
    )
    assert build_council_report(stale.pk) == CouncilReportStatus.DONE
    assert build_council_report(busy.pk) == CouncilReportStatus.RUNNING  # another worker has it

    def explode(**kwargs):
        raise ValueError("Zwaantje Oosterhuis-01x")  # a message quoting data

    monkeypatch.setattr("council.service.write_report", explode)
    failing = CouncilReport.objects.create(
        period_start=date(2025, 1, 1), period_end=date(2025, 1, 31)
    )
    with pytest.raises(ValueError):
        build_council_report(failing.pk)
    failing.refresh_from_db()
    assert failing.status == CouncilReportStatus.FAILED
    assert failing.error == "ValueError"  # the class only, never the message


# --- Page layout (issue 15, point 5: captions, headings, header words) ------------------------


def _keeps_with_next(paragraph) -> bool:
    own = paragraph.paragraph_format.keep_with_next
    if own is not None:
        return own
    style = paragraph.style
    while style is not None:
        if style.paragraph_format.keep_with_next is not None:
            return style.paragraph_format.keep_with_next
        style = style.base_style
    return False


def _body(document):
    """The body's paragraphs and tables in order, as ("p", Paragraph) / ("tbl", Table)."""
    tables = {t._tbl: t for t in document.tables}
    for element in document.element.body.iterchildren():
        if element.tag.endswith("}p"):
            yield "p", docx.text.paragraph.Paragraph(element, document)
        elif element.tag.endswith("}tbl"):
            yield "tbl", tables[element]


def test_chart_caption_stays_with_its_chart_and_no_heading_ends_a_page(report):
    document = docx.Document(str(report[0]))
    body = list(_body(document))
    charts = 0
    for index, (kind, item) in enumerate(body):
        if kind != "p":
            continue
        following = body[index + 1] if index + 1 < len(body) else (None, None)
        if item._p.xpath(".//w:drawing"):
            charts += 1
            # The picture keeps with the caption below it, and holds together.
            assert _keeps_with_next(item)
            assert item.paragraph_format.keep_together
            assert following[0] == "p" and following[1].style.name == "Caption"
            assert following[1].text.startswith("Figuur")
            # The chart's caption is not chained to the next table's caption and rows (that
            # chain moved the caption to the next page without its chart).
            assert not _keeps_with_next(following[1])
        if item.style.name.startswith("Heading"):
            assert _keeps_with_next(item), item.text
            # What a heading keeps with is not an empty line the page could end on.
            assert (
                following[0] == "tbl"
                or following[1].text.strip()
                or following[1]._p.xpath(".//w:drawing")
            )
            # A figure's explanation goes with the chart or table it explains.
            if following[0] == "p" and following[1].style.name == "Normal":
                after = body[index + 2]
                if after[0] == "p" and (
                    after[1]._p.xpath(".//w:drawing") or after[1].style.name == "Caption"
                ):
                    assert _keeps_with_next(following[1]), following[1].text
        if item.style.name == "Caption" and item.text.startswith("Tabel"):
            assert _keeps_with_next(item) and following[0] == "tbl"
    assert charts == 3


def test_table_headers_do_not_break_inside_a_word(report):
    """Every column is at least as wide as its longest header word (in DejaVu Sans Bold, wider
    than Arial) plus Word's cell margins; "Opschortingen" broke as "Opschortinge/n"."""
    from matplotlib import font_manager
    from PIL import ImageFont

    font = ImageFont.truetype(
        font_manager.findfont(font_manager.FontProperties(family="DejaVu Sans", weight="bold")),
        100,
    )
    margins = docx.shared.Cm(0.38)
    document = docx.Document(str(report[0]))
    section = document.sections[0]
    available = section.page_width - section.left_margin - section.right_margin
    seen = set()
    for table in document.tables:
        assert not table.autofit  # fixed layout: the widths below are the widths shown
        widths = [column.width for column in table.columns]
        assert sum(widths) <= available + docx.shared.Cm(0.01)
        for cell, width in zip(table.rows[0].cells, widths, strict=True):
            assert cell.width == width
            for word in cell.text.split():
                needed = docx.shared.Pt(font.getlength(word) / 100 * 10)
                assert width - margins >= needed, (cell.text, word)
                seen.add(word)
    assert "Opschortingen" in seen
