"""Term calculator: `python manage.py term complaint 2026-12-11` prints the due date last."""

from __future__ import annotations

from datetime import date, timedelta

from django.core.management.base import BaseCommand, CommandError

from cases.calendar import load_calendar
from cases.deadlines import ExtensionSpec, Period, Term, TermUnit, compute_due_date
from cases.models import CaseType


class Command(BaseCommand):
    help = "Bereken de uiterste datum voor een zaaktype en een ontvangstdatum."

    def add_arguments(self, parser):
        parser.add_argument("type", help="code van het zaaktype, bv. complaint")
        parser.add_argument("received", help="ontvangstdatum, JJJJ-MM-DD")
        parser.add_argument(
            "--extend",
            type=int,
            default=0,
            help="verlenging in de eenheid van het zaaktype (bv. 4 voor 4 weken)",
        )
        parser.add_argument("--suspend-days", type=int, default=0, help="aantal dagen opgeschort")
        parser.add_argument("--explain", action="store_true", help="toon de afleiding")
        parser.add_argument("--language", choices=["nl", "en"], default="nl")

    def handle(self, *args, **options):
        case_type = CaseType.objects.filter(code=options["type"]).first()
        if case_type is None:
            codes = ", ".join(CaseType.objects.values_list("code", flat=True))
            raise CommandError(f"Onbekend zaaktype {options['type']!r}; kies uit: {codes}")
        try:
            received = date.fromisoformat(options["received"])
        except ValueError as exc:
            raise CommandError("De datum moet de vorm JJJJ-MM-DD hebben.") from exc
        extensions = []
        if options["extend"]:
            extensions.append(
                ExtensionSpec(term=Term(options["extend"], TermUnit(case_type.extension_unit)))
            )
        suspensions = []
        if options["suspend_days"]:
            start = received + timedelta(days=1)
            suspensions.append(
                Period(start=start, end=start + timedelta(days=options["suspend_days"]))
            )
        result = compute_due_date(
            received_on=received,
            term=Term(case_type.term_amount, TermUnit(case_type.term_unit)),
            calendar=load_calendar(),
            statutory=case_type.is_statutory,
            legal_basis=case_type.law_reference,
            suspensions=suspensions,
            extensions=extensions,
        )
        if options["explain"]:
            for step in result.steps:
                text = step.text_en if options["language"] == "en" else step.text_nl
                self.stdout.write(f"- {text}")
        self.stdout.write(result.due_date.isoformat())
