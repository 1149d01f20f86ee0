"""`python manage.py chain_impact SYSTEM ELEMENT [ELEMENT …]`

Prints the affected systems in the order they will be asked to correct, one per line as
LEVEL<TAB>SYSTEM_CODE (the source is level 0; a system's level is its correction round: one more
than the highest level of the systems that feed it). Cycles are reported on stderr."""

from django.core.management.base import BaseCommand, CommandError

from cases.models import DataElement, System
from cases.selectors.chain import chain_impact


class Command(BaseCommand):
    help = "Toon welke systemen een fout in SYSTEM overneemt, in correctievolgorde."

    def add_arguments(self, parser):
        parser.add_argument("system")
        parser.add_argument("elements", nargs="+")

    def handle(self, *args, **options):
        if not System.objects.filter(code=options["system"]).exists():
            raise CommandError(f"Onbekend systeem: {options['system']}")
        known = set(DataElement.objects.values_list("code", flat=True))
        unknown = [e for e in options["elements"] if e not in known]
        if unknown:
            raise CommandError(f"Onbekende gegevens: {', '.join(unknown)}")
        result = chain_impact(source=options["system"], elements=options["elements"])
        for cycle in result.cycles:
            self.stderr.write("cyclus: " + " → ".join((*cycle, cycle[0])))
        for level, code in result.order():
            self.stdout.write(f"{level}\t{code}")
