"""Write the council report (.docx) for a period:

    python manage.py council_report --from 2026-01-01 --to 2026-12-31 --out raad-2026.docx
    python manage.py council_report --period 2026-K2 --out raad-2026-k2.docx --organisation bsw

The same document the council's dashboard builds in the background, written here directly."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cases.models import Organisation
from council.docx import write_report
from council.figures import Scope
from council.period import ReportPeriod


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"Geen datum (JJJJ-MM-DD): {value!r}") from exc


class Command(BaseCommand):
    help = "Schrijf de raadsrapportage (.docx) over een periode."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", help="eerste dag, JJJJ-MM-DD")
        parser.add_argument("--to", dest="end", help="laatste dag (inclusief), JJJJ-MM-DD")
        parser.add_argument(
            "--period", help="in plaats van --from/--to: 2026 (jaar), 2026-K2 (kwartaal), 2026-03"
        )
        parser.add_argument("--out", required=True, help="het .docx-bestand dat wordt geschreven")
        parser.add_argument("--organisation", help="code van één organisatie (standaard: alle)")

    def handle(self, *args, **options):
        period = self._period(options)
        organisation = None
        if options["organisation"]:
            organisation = Organisation.objects.filter(code=options["organisation"]).first()
            if organisation is None:
                raise CommandError(f"Onbekende organisatie: {options['organisation']!r}")
        out = Path(options["out"])
        if out.suffix.lower() != ".docx":
            raise CommandError("--out moet een .docx-bestand zijn.")
        if not out.parent.is_dir():
            raise CommandError(f"Map bestaat niet: {out.parent}")
        started = time.monotonic()
        self.stdout.write(f"Raadsrapportage {period.label} ({period.start} t/m {period.end})")

        def progress(message: str) -> None:
            self.stdout.write(f"[{time.monotonic() - started:6.1f}s] {message}")
            self.stdout.flush()

        result = write_report(scope=Scope(period, organisation), out=out, progress=progress)
        self.stdout.write(
            self.style.SUCCESS(
                f"{out}: {result.figures.intake_total} zaken, {result.register_rows} klachten in "
                f"het register, {result.size // 1024} kB, {time.monotonic() - started:.1f}s"
            )
        )

    def _period(self, options) -> ReportPeriod:
        if options["period"]:
            if options["start"] or options["end"]:
                raise CommandError("Gebruik --period óf --from/--to, niet allebei.")
            try:
                return ReportPeriod.parse(options["period"])
            except ValueError as exc:
                raise CommandError(f"Onbekende periode: {options['period']!r}") from exc
        if not (options["start"] and options["end"]):
            raise CommandError("Geef --from en --to (of --period).")
        start, end = _date(options["start"]), _date(options["end"])
        if end < start:
            raise CommandError("--to ligt vóór --from.")
        return ReportPeriod(start, end)
