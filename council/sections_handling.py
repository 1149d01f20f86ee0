"""Sections on how cases were handled: timeliness and handling time, extensions and
suspensions, what is overdue now, and the outcome of complaints."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.models import CaseStatus, Outcome
from council.figures import Figures, Share, Stats
from council.layout import (
    Chart,
    Figure,
    Section,
    Series,
    Table,
    case_types,
    fmt_days,
    fmt_int,
    fmt_pct,
    fmt_share,
    organisations_sorted,
    stats_cells,
)


def _type_table(figures: Figures) -> Table:
    """On time and handling time per case type, with the totals."""
    type_rows = []
    for t in case_types(figures):
        share = figures.on_time_by_type.get(t, Share())
        median_p90 = stats_cells(figures.handling_by_type.get(t, Stats()))[1:]
        type_rows.append(
            [
                figures.type_names[t],
                fmt_int(share.total),
                fmt_int(share.part),
                fmt_share(share),
                *median_p90,
            ]
        )
    total = figures.resolved_total
    return Table(
        _("Tijdigheid en doorlooptijd per zaaktype (afgehandeld in de periode)"),
        [
            _("Zaaktype"),
            _("Afgehandeld"),
            _("Op tijd"),
            _("Op tijd (%)"),
            _("Mediaan (werkdagen)"),
            _("90e percentiel (werkdagen)"),
        ],
        type_rows,
        [
            _("Totaal"),
            fmt_int(total.total),
            fmt_int(total.part),
            fmt_share(total),
            fmt_days(figures.handling_all.median),
            fmt_days(figures.handling_all.p90),
        ],
    )


def _organisation_table(figures: Figures, orgs: list) -> Table:
    """On time per organisation, with the totals."""
    total = figures.resolved_total
    org_rows = [
        [
            figures.organisation_name(o),
            fmt_int(figures.on_time_by_organisation[o].total),
            fmt_int(figures.on_time_by_organisation[o].part),
            fmt_share(figures.on_time_by_organisation[o]),
        ]
        for o in orgs
    ]
    return Table(
        _("Op tijd afgehandeld per organisatie"),
        [_("Organisatie"), _("Afgehandeld"), _("Op tijd"), _("Op tijd (%)")],
        org_rows,
        [_("Totaal"), fmt_int(total.total), fmt_int(total.part), fmt_share(total)],
    )


def _organisation_chart(figures: Figures, orgs: list) -> Chart | None:
    """The share on time per organisation as bars, its text naming the best and the worst."""
    if not orgs:
        return None
    shares = {o: figures.on_time_by_organisation[o].percent or 0.0 for o in orgs}
    best, worst = max(orgs, key=shares.get), min(orgs, key=shares.get)
    return Chart(
        "on_time_organisation",
        _("Op tijd afgehandeld per organisatie"),
        _(
            "Liggend staafdiagram van het percentage zaken dat elke organisatie op tijd "
            "afhandelde. Hoogste: %(best)s (%(best_pct)s); laagste: %(worst)s "
            "(%(worst_pct)s). De tabel ernaast geeft de aantallen."
        )
        % {
            "best": figures.organisation_name(best),
            "best_pct": fmt_pct(shares[best]),
            "worst": figures.organisation_name(worst),
            "worst_pct": fmt_pct(shares[worst]),
        },
        [figures.organisation_name(o) for o in orgs],
        [Series(_("Op tijd (%)"), [round(shares[o], 1) for o in orgs])],
        horizontal=True,
        percent=True,
    )


def timeliness_section(figures: Figures) -> Section:
    """Timeliness and handling time, per case type and per organisation, and the penalties."""
    type_table = _type_table(figures)
    orgs = organisations_sorted(figures, figures.on_time_by_organisation)
    org_table = _organisation_table(figures, orgs)
    chart = _organisation_chart(figures, orgs)
    return Section(
        "timeliness",
        _("Tijdigheid en doorlooptijd"),
        _(
            "Een zaak is op tijd afgehandeld als zij uiterlijk op de uiterste datum is "
            "afgehandeld; die datum houdt rekening met wettige verlengingen en opschortingen. "
            "Het gaat om alle zaken die in de periode zijn afgehandeld, ook als zij eerder "
            "binnenkwamen."
        ),
        [
            Figure(
                _("Per zaaktype"),
                _(
                    "De doorlooptijd telt de werkdagen van ontvangst tot afhandeling "
                    "(weekenden, feestdagen en sluitingsdagen tellen niet mee). De mediaan is "
                    "de middelste zaak; bij het 90e percentiel was 9 op de 10 zaken sneller "
                    "klaar."
                ),
                type_table,
            ),
            Figure(
                _("Per organisatie"),
                _(
                    "Welk deel van de zaken elke afdeling of ketenpartner op tijd afhandelde. "
                    "Een zaak telt bij de organisatie die haar afhandelde."
                ),
                org_table,
                chart,
            ),
            _penalties_figure(figures),
        ],
    )


def _penalties_figure(figures: Figures) -> Figure:
    """Awb 4:17: penalties paid for deciding late (issue 18; records.penalties_paid)."""
    count, total = figures.penalties_paid
    return Figure(
        _("Dwangsommen (Awb 4:17)"),
        _(
            "Dwangsommen die het loket betaalde omdat het na een ingebrekestelling te laat "
            "besliste, voor zaken afgehandeld in de periode."
        ),
        Table(
            _("Betaalde dwangsommen"),
            [_("Dwangsommen"), _("Aantal"), _("Bedrag (euro)")],
            [[_("Betaald"), fmt_int(count), fmt_int(total)]],
        ),
    )


def term_section(figures: Figures) -> Section:
    by_type = figures.intake_by_type()
    rows, totals = [], [0, 0, 0, 0, 0]
    for t in case_types(figures):
        extensions, extended = figures.extensions_by_type.get(t, (0, 0))
        suspensions, suspended = figures.suspensions_by_type.get(t, (0, 0))
        values = [by_type.get(t, 0), extended, extensions, suspended, suspensions]
        totals = [a + b for a, b in zip(totals, values, strict=True)]
        rows.append([figures.type_names[t], *map(fmt_int, values)])
    table = Table(
        _("Verlengingen en opschortingen (zaken ontvangen in de periode)"),
        [
            _("Zaaktype"),
            _("Ontvangen"),
            _("Zaken verlengd"),
            _("Verlengingen"),
            _("Zaken opgeschort"),
            _("Opschortingen"),
        ],
        rows,
        [_("Totaal"), *map(fmt_int, totals)],
    )
    return Section(
        "terms",
        _("Verlengingen en opschortingen"),
        _(
            "Hoe vaak de termijn werd verlengd (bijvoorbeeld Awb 9:11 lid 2 bij klachten, AVG "
            "art. 12 lid 3 bij AVG-verzoeken) en hoe vaak de klok stilstond omdat het loket op "
            "informatie van de inwoner wachtte."
        ),
        [Figure(_("Verlengingen en opschortingen per zaaktype"), "", table)],
    )


def overdue_section(figures: Figures) -> Section:
    def rows_for(data, label) -> list[list[str]]:
        return [[label(k), fmt_int(s.total), fmt_int(s.part), fmt_share(s)] for k, s in data]

    columns = [_("Open zaken"), _("Over de termijn"), _("Over de termijn (%)")]
    total = figures.overdue_total
    total_row = [_("Totaal"), fmt_int(total.total), fmt_int(total.part), fmt_share(total)]
    by_type = [
        (t, figures.overdue_by_type[t]) for t in case_types(figures) if t in figures.overdue_by_type
    ]
    orgs = organisations_sorted(figures, figures.overdue_by_organisation)
    by_org = [(o, figures.overdue_by_organisation[o]) for o in orgs]
    today = figures.today.strftime("%d-%m-%Y")
    return Section(
        "overdue",
        _("Nu over de termijn"),
        _(
            "De stand op %(today)s: alle zaken die nu open staan, ongeacht wanneer zij "
            "binnenkwamen, en hoeveel daarvan de uiterste datum al voorbij zijn."
        )
        % {"today": today},
        [
            Figure(
                _("Per zaaktype"),
                "",
                Table(
                    _("Open zaken over de termijn per zaaktype op %(today)s") % {"today": today},
                    [_("Zaaktype"), *columns],
                    rows_for(by_type, lambda t: figures.type_names[t]),
                    total_row,
                ),
            ),
            Figure(
                _("Per organisatie"),
                "",
                Table(
                    _("Open zaken over de termijn per organisatie op %(today)s") % {"today": today},
                    [_("Organisatie"), *columns],
                    rows_for(by_org, figures.organisation_name),
                    total_row,
                ),
            ),
        ],
    )


def complaints_section(figures: Figures) -> Section:
    labels = dict(Outcome.choices)
    rows = [
        [str(labels.get(outcome, outcome or _("onbekend"))), fmt_int(s.total), fmt_share(s)]
        for outcome, s in sorted(figures.complaint_outcomes.items(), key=lambda kv: -kv[1].total)
    ]
    total = Share(
        sum(s.total for s in figures.complaint_outcomes.values()),
        sum(s.part for s in figures.complaint_outcomes.values()),
    )
    complaint_types = [t for t, code in figures.type_codes.items() if code == "complaint"]
    declined = sum(
        figures.intake_type_status.get((t, CaseStatus.REJECTED.value), 0) for t in complaint_types
    )
    table = Table(
        _("Afgehandelde klachten naar resultaat"),
        [_("Resultaat"), _("Afgehandeld"), _("Op tijd (%)")],
        rows,
        [_("Totaal"), fmt_int(total.total), fmt_share(total)],
    )
    return Section(
        "complaints",
        _("Klachten"),
        _(
            "De gemeente registreert klachten en maakt ze jaarlijks openbaar (Awb 9:12a). Het "
            "klachtenregister staat als bijlage achter dit document. %(declined)s klacht(en) "
            "uit de periode zijn niet in behandeling genomen (Awb 9:8)."
        )
        % {"declined": fmt_int(declined)},
        [
            Figure(
                _("Resultaat van afgehandelde klachten"),
                _(
                    "Gegrond, deels gegrond, ongegrond of naar tevredenheid opgelost, voor de "
                    "klachten die in de periode zijn afgehandeld."
                ),
                table,
            )
        ],
    )
