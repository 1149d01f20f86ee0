"""Issue 15 point 2: the council sees one number for one thing. Every key figure equals the sum
of the table it summarises, every table's total row equals the sum of its rows, in every
report section and on the dashboard. The data set of `test_reports_data` plus a chain-error
case whose chain report is missing (as the front desk made them before issue 15): it counts
once in the intake table, in the key figure and in the chain chapter ("source not yet
known")."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.core.cache import cache

from cases import services
from cases.actors import CITIZEN
from cases.models import CaseType, ChainReport, Role
from council.figures import compute_figures
from council.sections import accountability_section, build_sections
from tests.factories import YEAR, at, make_staff, seed_year

pytestmark = pytest.mark.django_db

# Columns whose total is not the sum of the rows: shares, medians and percentiles.
NOT_ADDITIVE = re.compile(r"%|Aandeel|Mediaan|percentiel|werkdagen|Gemiddeld", re.I)


@pytest.fixture
def seeded_with_a_bare_chain_error():
    seeded = seed_year()
    with at(2025, 6, 2, 11):
        case = services.case_submit(
            case_type=CaseType.objects.get(code="chain_error"),
            channel="phone",
            subject="Verkeerd adres op de aanslag",
            description="Aan de telefoon gemeld.",
            citizen_name="Jan Jansen",
            citizen_phone="0612345678",
            actor=CITIZEN,
        ).case
    ChainReport.objects.filter(case=case).delete()
    return seeded


def number(cell: str) -> int | None:
    """A Dutch integer ("1.234") or None for anything else ("—", "12,5%")."""
    cell = cell.strip()
    if cell == "—":
        return 0
    return int(cell.replace(".", "")) if re.fullmatch(r"\d{1,3}(\.\d{3})*", cell) else None


def column_sums_match(caption, columns, rows, total) -> list[str]:
    """The columns whose total row differs from the sum of the rows."""
    problems = []
    for i, column in enumerate(columns):
        if i == 0 or NOT_ADDITIVE.search(str(column)):
            continue
        expected = number(total[i])
        cells = [number(row[i]) for row in rows]
        if expected is None or any(c is None for c in cells):
            continue
        if sum(cells) != expected:
            problems.append(f"{caption} / {column}: rows {sum(cells)}, total {expected}")
    return problems


def test_every_table_total_is_the_sum_of_its_rows(seeded_with_a_bare_chain_error):
    figures = compute_figures(YEAR)
    problems, checked = [], 0
    for section in [*build_sections(figures), accountability_section(figures)]:
        for figure in section.figures:
            table = figure.table
            if table.total is None:
                continue
            checked += 1
            problems += column_sums_match(table.caption, table.columns, table.rows, table.total)
    assert checked >= 10
    assert problems == []


def key_figures(figures) -> dict[str, str]:
    summary = build_sections(figures)[0]
    return {row[0]: row[1] for row in summary.figures[0].table.rows}


def tables(figures) -> dict[str, object]:
    return {
        figure.table.caption: figure.table
        for section in build_sections(figures)
        for figure in section.figures
    }


def test_every_key_figure_equals_the_table_it_summarises(seeded_with_a_bare_chain_error):
    figures = compute_figures(YEAR)
    key = key_figures(figures)
    by_caption = tables(figures)

    def total(caption_start: str, column: str) -> str:
        table = next(t for c, t in by_caption.items() if c.startswith(caption_start))
        return table.total[table.columns.index(column)]

    received = key["Zaken ontvangen in de periode"]
    assert received == total("Ontvangen zaken per maand", "Totaal")
    assert received == total("Ontvangen zaken per zaaktype en kanaal", "Totaal")
    assert received == total("Stand van de zaken", "Ontvangen")

    resolved = key["Zaken afgehandeld in de periode"]
    assert resolved == total("Tijdigheid en doorlooptijd", "Afgehandeld")
    assert resolved == total("Op tijd afgehandeld per organisatie", "Afgehandeld")
    assert key["Daarvan op tijd afgehandeld"] == total("Tijdigheid en doorlooptijd", "Op tijd (%)")
    assert key["Doorlooptijd in werkdagen (mediaan)"] == total(
        "Tijdigheid en doorlooptijd", "Mediaan (werkdagen)"
    )

    assert key["Klachten ontvangen"] == total("Ontvangen zaken per maand", "Klacht")

    # The defect of issue 15: 5 in the key figures, 14 in the intake table.
    chain = key["Meldingen ketenfout ontvangen"]
    assert chain == total("Ontvangen zaken per maand", "Melding ketenfout")
    assert chain == total("Meldingen ketenfout per bronsysteem", "Meldingen")
    assert chain == total("Meldingen naar aantal getroffen systemen", "Meldingen")
    assert chain == total("Meldingen naar diepste ronde", "Meldingen")
    assert (
        number(chain)
        == figures.intake_by_type()[
            next(t for t, code in figures.type_codes.items() if code == "chain_error")
        ]
    )

    late, open_ = re.fullmatch(
        r"(\S+) van de (\S+)", key["Open zaken vandaag over de termijn"]
    ).groups()
    assert late == total("Open zaken over de termijn per zaaktype", "Over de termijn")
    assert open_ == total("Open zaken over de termijn per zaaktype", "Open zaken")
    assert open_ == total("Open zaken over de termijn per organisatie", "Open zaken")


def html_tables(page: str) -> list[tuple[str, list[str], list[list[str]], list[str] | None]]:
    """Caption, header cells, body rows and the total row of each figure table on the page."""

    def cells(row: str) -> list[str]:
        return [
            unescape(re.sub(r"<[^>]+>", "", c)).strip()
            for c in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]

    found = []
    for table in re.findall(r'<table class="council-table">(.*?)</table>', page, re.S):
        caption = unescape(re.search(r"<caption>(.*?)</caption>", table, re.S).group(1))
        head = cells(re.search(r"<thead>(.*?)</thead>", table, re.S).group(1))
        body = re.search(r"<tbody>(.*?)</tbody>", table, re.S)
        rows = (
            [cells(r) for r in re.findall(r"<tr>(.*?)</tr>", body.group(1), re.S)] if body else []
        )
        rows = [r for r in rows if len(r) == len(head)]
        foot = re.search(r"<tfoot>(.*?)</tfoot>", table, re.S)
        found.append((caption, head, rows, cells(foot.group(1)) if foot else None))
    return found


def test_dashboard_key_figures_and_tables_agree(client, seeded_with_a_bare_chain_error):
    cache.clear()
    client.force_login(make_staff(Role.COUNCIL)[0])
    page = client.get("/werkplek/raad/", {"van": "2025-01-01", "tot": "2025-12-31"})
    assert page.status_code == 200
    found = html_tables(page.content.decode())
    problems = []
    for caption, head, rows, total in found:
        if total is not None:
            problems += column_sums_match(caption, head, rows, total)
    assert problems == []

    by_caption = {caption: (head, total) for caption, head, _rows, total in found}
    summary = next(rows for caption, _h, rows, _t in found if caption == "Kerncijfers")
    key = {row[0]: row[1] for row in summary}

    def total(caption_start: str, column: str) -> str:
        head, row = next(v for c, v in by_caption.items() if c.startswith(caption_start))
        return row[head.index(column)]

    chain = key["Meldingen ketenfout ontvangen"]
    assert chain == total("Ontvangen zaken per maand", "Melding ketenfout")
    assert chain == total("Meldingen ketenfout per bronsysteem", "Meldingen")
    assert key["Zaken ontvangen in de periode"] == total("Ontvangen zaken per maand", "Totaal")
    assert key["Klachten ontvangen"] == total("Ontvangen zaken per maand", "Klacht")
    assert key["Zaken afgehandeld in de periode"] == total(
        "Tijdigheid en doorlooptijd", "Afgehandeld"
    )
