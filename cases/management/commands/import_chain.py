"""`python manage.py import_chain FILE` — load a chain register from YAML or JSON."""

import json
from pathlib import Path

import yaml
from django.core.management.base import BaseCommand, CommandError

from cases.services.chain_import import ChainImportError, chain_register_import


class Command(BaseCommand):
    help = "Importeer het ketenregister (organisaties, systemen, gegevens, leveringen)."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"Bestand niet gevonden: {path}")
        text = path.read_text(encoding="utf-8")
        try:
            data = json.loads(text) if path.suffix.lower() == ".json" else yaml.safe_load(text)
        except (json.JSONDecodeError, yaml.YAMLError) as exc:
            raise CommandError(f"Het bestand is geen geldige YAML of JSON: {exc}") from exc
        self.stdout.write(f"Controleren van {path.name}…")
        try:
            result = chain_register_import(data=data)
        except ChainImportError as exc:
            raise CommandError(
                f"Het bestand is geweigerd ({len(exc.problems)} problemen):\n- "
                + "\n- ".join(exc.problems)
            ) from exc
        if not result.changed:
            self.stdout.write("Niets gewijzigd: het register was al gelijk aan het bestand.")
        for label, count in result.created.items():
            self.stdout.write(f"  nieuw: {count} {label}")
        for label, count in result.updated.items():
            self.stdout.write(f"  bijgewerkt: {count} {label}")
        self.stdout.write(self.style.SUCCESS("Import klaar."))
