"""The report's sections: every figure with a short Dutch explanation, its table and, where it
helps, a chart. Built from `Figures` only (no queries)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cases.models import CaseStatus, Channel
from cases.workflow import OPEN_STATUSES
from council.figures import Figures
from council.layout import (
    Chart,
    Figure,
    Section,
    Series,
    Table,
    case_types,
    fmt_days,
    fmt_int,
    fmt_share,
)
from council.period import month_label
from council.sections_chain import chain_section
from council.sections_handling import (
    complaints_section,
    overdue_section,
    term_section,
    timeliness_section,
)

FINISHED = (CaseStatus.RESOLVED, CaseStatus.CLOSED)


def build_sections(figures: Figures) -> list[Section]:
    return [
        summary_section(figures),
        intake_section(figures),
        status_section(figures),
        timeliness_section(figures),
        term_section(figures),
        overdue_section(figures),
        complaints_section(figures),
        chain_section(figures),
    ]


def summary_section(figures: Figures) -> Section:
    resolved, overdue = figures.resolved_total, figures.overdue_total
    complaints = sum(
        n for t, n in figures.intake_by_type().items() if figures.type_codes.get(t) == "complaint"
    )
    rows = [
        [_("Zaken ontvangen in de periode"), fmt_int(figures.intake_total)],
        [_("Zaken afgehandeld in de periode"), fmt_int(resolved.total)],
        [_("Daarvan op tijd afgehandeld"), fmt_share(resolved)],
        [
            _("Doorlooptijd in werkdagen (mediaan)"),
            fmt_days(figures.handling_all.median),
        ],
        [_("Klachten ontvangen"), fmt_int(complaints)],
        [_("Meldingen ketenfout ontvangen"), fmt_int(figures.chain_reports_total)],
        [
            _("Open zaken vandaag over de termijn"),
            _("%(late)s van de %(open)s")
            % {"late": fmt_int(overdue.part), "open": fmt_int(overdue.total)},
        ],
    ]
    table = Table(_("Kerncijfers"), [_("Kerncijfer"), _("Waarde")], rows)
    return Section(
        "summary",
        _("Samenvatting"),
        _(
            "De belangrijkste cijfers van het Loket Digitale Zaken in deze periode. De volgende "
            "hoofdstukken lichten elk cijfer toe. Alle cijfers zijn tellingen: er staan geen "
            "persoonsgegevens en geen inhoud van zaken in deze rapportage."
        ),
        [Figure(_("Kerncijfers"), "", table)],
    )


def _month_table(figures: Figures) -> Table:
    """Cases received per month and case type, with the totals."""
    types = case_types(figures)
    month_rows = []
    for year, month in figures.scope.period.months():
        cells = [figures.intake_month_type.get((year, month, t), 0) for t in types]
        month_rows.append([month_label(year, month), *map(fmt_int, cells), fmt_int(sum(cells))])
    by_type = figures.intake_by_type()
    return Table(
        _("Ontvangen zaken per maand en zaaktype"),
        [_("Maand"), *(figures.type_names[t] for t in types), _("Totaal")],
        month_rows,
        [_("Totaal"), *(fmt_int(by_type.get(t, 0)) for t in types), fmt_int(figures.intake_total)],
    )


def _month_chart(figures: Figures) -> Chart:
    """The intake per month as stacked bars, its text naming the busiest and quietest month."""
    types = case_types(figures)
    months = figures.scope.period.months()
    per_month = figures.intake_by_month()
    busiest = max(months, key=lambda ym: per_month[ym]) if months else None
    quietest = min(months, key=lambda ym: per_month[ym]) if months else None
    alt = _(
        "Gestapeld staafdiagram van het aantal ontvangen zaken per maand, per zaaktype. "
        "Totaal %(total)s zaken; de meeste in %(max_month)s (%(max)s), de minste in "
        "%(min_month)s (%(min)s). De tabel ernaast geeft alle aantallen."
    ) % {
        "total": fmt_int(figures.intake_total),
        "max_month": month_label(*busiest) if busiest else "—",
        "max": fmt_int(per_month.get(busiest, 0)),
        "min_month": month_label(*quietest) if quietest else "—",
        "min": fmt_int(per_month.get(quietest, 0)),
    }
    return Chart(
        "intake_month",
        _("Instroom per maand"),
        alt,
        [month_label(y, m, short=True) for y, m in months],
        [
            Series(
                figures.type_names[t],
                [figures.intake_month_type.get((y, m, t), 0) for y, m in months],
            )
            for t in types
        ],
    )


def _channel_table(figures: Figures) -> Table:
    """Cases received per case type and channel, with the totals."""
    types = case_types(figures)
    channels = list(Channel)
    by_type = figures.intake_by_type()
    by_channel = figures.intake_by_channel()
    channel_rows = [
        [
            figures.type_names[t],
            *(fmt_int(figures.intake_type_channel.get((t, c.value), 0)) for c in channels),
            fmt_int(by_type.get(t, 0)),
        ]
        for t in types
    ]
    return Table(
        _("Ontvangen zaken per zaaktype en kanaal"),
        [_("Zaaktype"), *(c.label for c in channels), _("Totaal")],
        channel_rows,
        [
            _("Totaal"),
            *(fmt_int(by_channel.get(c.value, 0)) for c in channels),
            fmt_int(figures.intake_total),
        ],
    )


def intake_section(figures: Figures) -> Section:
    """What came in: per month and case type, and per channel."""
    month_table = _month_table(figures)
    chart = _month_chart(figures)
    channel_table = _channel_table(figures)
    return Section(
        "intake",
        _("Instroom"),
        _(
            "Hoeveel vragen, klachten, meldingen en verzoeken het loket ontving, wanneer en "
            "langs welke weg. Een zaak telt mee in de maand waarin zij binnenkwam."
        ),
        [
            Figure(
                _("Instroom per maand"),
                _(
                    "Het aantal zaken dat elke maand binnenkwam, verdeeld naar zaaktype. "
                    "Pieken laten zien wanneer het loket extra capaciteit nodig heeft."
                ),
                month_table,
                chart,
            ),
            Figure(
                _("Instroom per kanaal"),
                _(
                    "Langs welke weg inwoners het loket bereikten: de website, de telefoon, de "
                    "balie, een brief of e-mail. Het KCC registreert telefoon, balie en post."
                ),
                channel_table,
            ),
        ],
    )


def status_section(figures: Figures) -> Section:
    columns = [
        _("Zaaktype"),
        _("Ontvangen"),
        _("Nog open"),
        _("Afgehandeld"),
        _("Niet in behandeling genomen"),
        _("Ingetrokken"),
    ]
    open_statuses = set(OPEN_STATUSES)

    def count(t: int | None, statuses) -> int:
        return sum(
            n
            for (type_id, status), n in figures.intake_type_status.items()
            if status in statuses and (t is None or type_id == t)
        )

    def row(label: str, t: int | None) -> list[str]:
        return [
            label,
            fmt_int(count(t, set(CaseStatus))),
            fmt_int(count(t, open_statuses)),
            fmt_int(count(t, FINISHED)),
            fmt_int(count(t, {CaseStatus.REJECTED})),
            fmt_int(count(t, {CaseStatus.WITHDRAWN})),
        ]

    table = Table(
        _("Stand van de zaken die in de periode binnenkwamen"),
        columns,
        [row(figures.type_names[t], t) for t in case_types(figures)],
        row(_("Totaal"), None),
    )
    return Section(
        "status",
        _("Open en afgehandeld"),
        _(
            "Hoe het vandaag staat met de zaken die in de periode binnenkwamen: nog open, "
            "afgehandeld, niet in behandeling genomen (bijvoorbeeld een klacht die volgens "
            "Awb 9:8 niet wordt behandeld) of door de inwoner ingetrokken."
        ),
        [Figure(_("Open en afgehandeld per zaaktype"), "", table)],
    )


def accountability_section(figures: Figures) -> Section:
    """How each figure is counted, so the council can weigh it."""
    period = figures.scope.period
    notes = [
        _(
            "Periode: zaken die binnenkwamen van %(start)s tot en met %(end)s (Nederlandse "
            "tijd). Tijdigheid, doorlooptijd en correctieduur gaan over wat in die periode is "
            "afgehandeld of afgerond; 'nu over de termijn' is de stand op %(today)s."
        )
        % {
            "start": period.start.strftime("%d-%m-%Y"),
            "end": period.end.strftime("%d-%m-%Y"),
            "today": figures.today.strftime("%d-%m-%Y"),
        },
        _(
            "Op tijd: afgehandeld op of vóór de uiterste datum, die rekening houdt met de "
            "wettelijke termijn, wettige verlengingen en opschortingen (Algemene termijnenwet)."
        ),
        _(
            "Werkdagen: maandag tot en met vrijdag, zonder de feestdagen van de Algemene "
            "termijnenwet, de daarmee gelijkgestelde dagen en de sluitingsdagen van de gemeente. "
            "De dag van ontvangst telt niet mee; een zaak die dezelfde dag is afgehandeld duurde "
            "0 werkdagen."
        ),
        _(
            "Mediaan en 90e percentiel: de kleinste waarde waarbij minstens de helft, "
            "respectievelijk 90 procent, van de zaken even snel of sneller klaar was."
        ),
        _(
            "Meldingen ketenfout: alle zaken van het zaaktype melding ketenfout die in de "
            "periode binnenkwamen, langs welk kanaal ook; een melding waarvan de bron nog niet "
            "is vastgesteld telt mee als 'bron nog onbekend'. Kerncijfer, instroomtabel en "
            "hoofdstuk ketenfouten tellen dezelfde zaken."
        ),
        _(
            "Organisatie: de afdeling of ketenpartner bij wie de zaak ligt of die haar "
            "afhandelde; bij correctieverzoeken de eigenaar van het systeem."
        ),
        _(
            "Geen persoonsgegevens: alle cijfers zijn tellingen. Het klachtenregister noemt per "
            "klacht alleen het zaaknummer, de datum, de organisatie, het resultaat en de "
            "tijdigheid."
        ),
    ]
    if figures.scope.organisation is not None:
        notes.insert(
            1,
            _(
                "Alleen zaken die bij %(name)s liggen of lagen, en correctieverzoeken voor "
                "systemen van %(name)s."
            )
            % {"name": figures.scope.organisation.name},
        )
    return Section("accountability", _("Verantwoording"), "", [], notes)
