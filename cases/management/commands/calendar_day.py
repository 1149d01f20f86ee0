"""`python manage.py calendar_day add|remove decree|closing YYYY-MM-DD ["description"]`

Records the change and recomputes the affected open cases and tasks right away, with progress
(the admin does the same in the background)."""

from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from cases.services.calendar import calendar_change_apply, calendar_day_add, calendar_day_remove


class Command(BaseCommand):
    help = "Voeg een gelijkgestelde dag of sluitingsdag toe of verwijder hem, en herbereken."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["add", "remove"])
        parser.add_argument("kind", choices=["decree", "closing"])
        parser.add_argument("date")
        parser.add_argument("description", nargs="?", default="")

    def handle(self, *args, **options):
        try:
            day = date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError("De datum moet de vorm JJJJ-MM-DD hebben.") from exc
        if options["action"] == "add" and not options["description"]:
            raise CommandError("Geef een omschrijving (het besluit of de reden).")
        with transaction.atomic():
            if options["action"] == "add":
                change = calendar_day_add(
                    kind=options["kind"], day=day, description=options["description"]
                )
            else:
                change = calendar_day_remove(kind=options["kind"], day=day)

        def progress(done, total):
            self.stdout.write(f"  {done}/{total}")

        change = calendar_change_apply(change=change, progress=progress)
        self.stdout.write(
            f"Klaar: {change.changed_cases} zaken en {change.changed_tasks} correctieverzoeken "
            "kregen een andere datum."
        )
