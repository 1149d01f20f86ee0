"""The chain-error chapter (DESIGN.md §5, Learning): where errors start, how far they spread,
how long each organisation takes to correct, and how often a correction is disputed."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from council.layout import (
    Chart,
    Figure,
    Section,
    Series,
    Table,
    fmt_int,
    fmt_share,
    organisations_sorted,
    stats_cells,
)
from council.values import UNKNOWN, Share, Stats

if TYPE_CHECKING:
    from council.figures import Figures

HOTSPOTS_IN_CHART = 10


def _system_name(figures: Figures, pk: int) -> str:
    return figures.system_names.get(pk) if pk != UNKNOWN else _("Bron nog onbekend")


def _sources(figures: Figures) -> Figure:
    ranked = sorted(
        figures.chain_sources.items(), key=lambda kv: (-kv[1], _system_name(figures, kv[0]))
    )
    total = figures.chain_reports_total
    rows = [
        [
            _system_name(figures, pk),
            figures.organisation_name(figures.system_organisations.get(pk))
            if pk != UNKNOWN
            else "—",
            fmt_int(n),
            fmt_share(Share(total, n)),
        ]
        for pk, n in ranked
    ]
    table = Table(
        _("Meldingen ketenfout per bronsysteem"),
        [_("Bronsysteem"), _("Eigenaar"), _("Meldingen"), _("Aandeel")],
        rows,
        [_("Totaal"), "", fmt_int(total), fmt_share(Share(total, total))],
        text_columns=2,
    )
    chart = None
    top = ranked[:HOTSPOTS_IN_CHART]
    if top:
        named = ", ".join(f"{_system_name(figures, pk)} ({fmt_int(n)})" for pk, n in top[:3])
        chart = Chart(
            "chain_hotspots",
            _("Waar ketenfouten ontstaan"),
            _(
                "Liggend staafdiagram van het aantal meldingen ketenfout per bronsysteem, de "
                "%(count)s systemen met de meeste meldingen. Meeste meldingen: %(named)s. "
                "Totaal %(total)s meldingen. De tabel ernaast geeft alle systemen."
            )
            % {"count": len(top), "named": named, "total": fmt_int(total)},
            [_system_name(figures, pk) for pk, _n in top],
            [Series(_("Meldingen"), [n for _pk, n in top])],
            horizontal=True,
        )
    return Figure(
        _("Waar fouten ontstaan"),
        _(
            "Het bronsysteem is het systeem waar de onjuiste gegevens voor het eerst zijn "
            "vastgelegd; van daaruit verspreiden zij zich via gegevensleveringen. Systemen met "
            "veel meldingen zijn de plekken waar verbetering het meeste oplevert."
        ),
        table,
        chart,
    )


def _spread(figures: Figures) -> list[Figure]:
    total = figures.chain_reports_total
    spread_rows = [
        [
            _("nog geen correctieplan") if n == 0 else fmt_int(n),
            fmt_int(count),
            fmt_share(Share(total, count)),
        ]
        for n, count in sorted(figures.chain_spread.items())
    ]
    depth_rows = [
        [
            _("nog geen correctieplan")
            if depth is None
            else (_("alleen de bron") if depth == 0 else fmt_int(depth)),
            fmt_int(count),
            fmt_share(Share(total, count)),
        ]
        for depth, count in sorted(
            figures.chain_depth.items(), key=lambda kv: -1 if kv[0] is None else kv[0]
        )
    ]
    planned = sum(c for n, c in figures.chain_spread.items() if n)
    systems = sum(n * c for n, c in figures.chain_spread.items())
    average = f"{systems / planned:.1f}".replace(".", ",") if planned else "—"
    return [
        Figure(
            _("Hoe ver fouten zich verspreiden"),
            _(
                "Het aantal systemen waarin een fout moest worden gecorrigeerd, de bron "
                "meegeteld. Gemiddeld %(average)s systemen per melding met een correctieplan."
            )
            % {"average": average},
            Table(
                _("Meldingen naar aantal getroffen systemen"),
                [_("Getroffen systemen"), _("Meldingen"), _("Aandeel")],
                spread_rows,
                [_("Totaal"), fmt_int(total), fmt_share(Share(total, total))],
            ),
        ),
        Figure(
            _("Hoe diep fouten doordringen"),
            _(
                "Hoeveel leveringen de fout verwijderd raakte van de bron: de diepste ronde van "
                "het correctieplan. Ronde 1 is een systeem dat rechtstreeks uit de bron is "
                "gevoed, ronde 2 een systeem daarachter, enzovoort."
            ),
            Table(
                _("Meldingen naar diepste ronde"),
                [_("Diepste ronde"), _("Meldingen"), _("Aandeel")],
                depth_rows,
                [_("Totaal"), fmt_int(total), fmt_share(Share(total, total))],
            ),
        ),
    ]


def _corrections(figures: Figures) -> Figure:
    orgs = organisations_sorted(
        figures, set(figures.correction_speed) | set(figures.correction_open)
    )
    rows = []
    for org in orgs:
        count, median, p90 = stats_cells(figures.correction_speed.get(org, Stats()))
        waiting = figures.correction_open.get(org, Share())
        rows.append(
            [
                figures.organisation_name(org),
                count,
                median,
                p90,
                fmt_int(waiting.total),
                fmt_int(waiting.part),
            ]
        )
    return Figure(
        _("Hoe snel organisaties corrigeren"),
        _(
            "Van het verzoek aan de eigenaar van een systeem tot de gecontroleerde correctie "
            "(of de vaststelling dat het systeem niet getroffen was), in werkdagen, voor "
            "correcties die in de periode zijn afgerond. Rechts de verzoeken die vandaag nog "
            "bij de eigenaar liggen en hoeveel daarvan over hun termijn zijn."
        ),
        Table(
            _("Correctieduur per organisatie (werkdagen)"),
            [
                _("Organisatie"),
                _("Afgerond"),
                _("Mediaan"),
                _("90e percentiel"),
                _("Nu gevraagd"),
                _("Over de termijn"),
            ],
            rows,
        ),
    )


def _disputes(figures: Figures) -> Figure:
    orgs = organisations_sorted(figures, figures.disputes)
    rows = [
        [
            figures.organisation_name(org),
            fmt_int(figures.disputes[org].total),
            fmt_int(figures.disputes[org].part),
            fmt_share(figures.disputes[org]),
        ]
        for org in orgs
    ]
    total = Share(
        sum(s.total for s in figures.disputes.values()),
        sum(s.part for s in figures.disputes.values()),
    )
    return Figure(
        _("Hoe vaak correcties worden betwist"),
        _(
            "Een eigenaar kan een correctieverzoek betwisten als hij vindt dat zijn gegevens "
            "juist zijn; de regisseur beslist dan. Het gaat om verzoeken die in de periode zijn "
            "gedaan, ook als de betwisting inmiddels is beslist."
        ),
        Table(
            _("Betwiste correctieverzoeken per organisatie"),
            [_("Organisatie"), _("Verzoeken"), _("Betwist"), _("Betwist (%)")],
            rows,
            [_("Totaal"), fmt_int(total.total), fmt_int(total.part), fmt_share(total)],
        ),
    )


def chain_section(figures: Figures) -> Section:
    return Section(
        "chain",
        _("Ketenfouten"),
        _(
            "Een ketenfout is een onjuist gegeven dat via leveringen in meerdere systemen terecht "
            "is gekomen, ook bij ketenpartners. Het loket laat de fout in elk systeem "
            "corrigeren (AVG art. 16 en 19). Dit hoofdstuk laat zien waar fouten ontstaan en "
            "hoe de keten ze herstelt, zodat de raad kan sturen op de bron."
        ),
        [_sources(figures), *_spread(figures), _corrections(figures), _disputes(figures)],
    )
