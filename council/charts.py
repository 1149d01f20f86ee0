"""Charts as PNG images with matplotlib's Agg backend (no display, safe in a worker)."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # before pyplot: a worker has no display

from django.utils.translation import gettext as _  # noqa: E402
from matplotlib.figure import Figure as MplFigure  # noqa: E402
from matplotlib.ticker import MaxNLocator  # noqa: E402

from council.layout import Chart, fmt_int  # noqa: E402

# Okabe–Ito: distinguishable with the common colour-vision deficiencies.
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000")


def render_png(chart: Chart, *, dpi: int = 150) -> bytes:
    """The chart as a PNG. Uses the object-oriented API (no pyplot state), so concurrent
    renders in one process cannot draw into each other's figure."""
    categories = chart.categories
    height = max(3.0, 0.35 * len(categories) + 1.2) if chart.horizontal else 3.6
    figure = MplFigure(figsize=(7.0, height), dpi=dpi)
    axes = figure.add_subplot()
    positions = list(range(len(categories)))
    if chart.horizontal:
        values = chart.series[0].values
        bars = axes.barh(positions, values, color=PALETTE[0])
        axes.set_yticks(positions, categories, fontsize=8)
        axes.invert_yaxis()  # first category on top, as in the table beside it
        if chart.percent:
            axes.set_xlim(0, 100)
            axes.set_xlabel("%")
        else:
            axes.xaxis.set_major_locator(MaxNLocator(integer=True))
        labels = [
            f"{v:.0f}%" if chart.percent else fmt_int(int(v)) for v in values
        ]  # the value at the end of each bar
        axes.bar_label(bars, labels=labels, padding=3, fontsize=8)
        axes.margins(x=0.12)
    else:
        bottom = [0.0] * len(categories)
        for index, series in enumerate(chart.series):
            axes.bar(
                positions,
                series.values,
                bottom=bottom,
                label=series.name,
                color=PALETTE[index % len(PALETTE)],
            )
            bottom = [b + v for b, v in zip(bottom, series.values, strict=True)]
        axes.set_xticks(positions, categories, fontsize=8, rotation=45 if len(positions) > 6 else 0)
        if len(chart.series) > 1:
            axes.legend(fontsize=7, frameon=False, ncols=min(3, len(chart.series)))
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylabel(_("aantal"))
    axes.set_title(chart.title, fontsize=10)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()
