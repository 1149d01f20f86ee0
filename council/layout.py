"""What a report shows, independent of where: tables, charts and explanations that the .docx
and the dashboard both render, so the page and the document can never disagree."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from council.values import UNKNOWN, Share, Stats

if TYPE_CHECKING:
    from council.figures import Figures


@dataclass
class Table:
    caption: str
    columns: list[str]  # the first column holds the row headers
    rows: list[list[str]]
    total: list[str] | None = None
    text_columns: int = 1  # leading columns that hold text (left-aligned); the rest are numbers


@dataclass
class Series:
    name: str
    values: list[float]


@dataclass
class Chart:
    key: str
    title: str
    alt: str  # a summary of what the chart shows, for screen readers and Word's alt text
    categories: list[str]
    series: list[Series]
    horizontal: bool = False
    percent: bool = False


@dataclass
class Figure:
    title: str
    explanation: str
    table: Table
    chart: Chart | None = None


@dataclass
class Section:
    key: str
    title: str
    intro: str = ""
    figures: list[Figure] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # bullet points (the definitions)


# --- Dutch number formats (fixed, not the server's locale) -----------------------------------


def fmt_int(n: int | None) -> str:
    return "—" if n is None else f"{n:,}".replace(",", ".")


def fmt_pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%".replace(".", ",")


def fmt_share(share: Share) -> str:
    return fmt_pct(share.percent)


def fmt_days(value: int | None) -> str:
    return "—" if value is None else fmt_int(value)


def stats_cells(s: Stats) -> list[str]:
    return [fmt_int(s.count), fmt_days(s.median), fmt_days(s.p90)]


# --- Orders shared by the sections ----------------------------------------------------------


def case_types(figures: Figures) -> list[int]:
    """Case types in their configured order (the reference query is ordered)."""
    return list(figures.type_names)


def organisations_sorted(figures: Figures, keys) -> list[int]:
    """By name; cases not (yet) with an organisation last."""
    return sorted(keys, key=lambda pk: (pk == UNKNOWN, figures.organisation_name(pk).lower()))
