"""`python manage.py bsn_rekey`: re-encrypt the stored BSNs with the newest key and recompute
their digests (after a key rotation; docs/identity.md), with progress."""

from django.core.management.base import BaseCommand, CommandError

from cases.services.identity import bsn_rekey


class Command(BaseCommand):
    help = (
        "Versleutel de opgeslagen BSN's opnieuw met de nieuwste sleutel en herbereken de "
        "zoekwaarden."
    )

    def handle(self, *args, **options):
        def progress(done, total):
            self.stdout.write(f"  {done}/{total}")

        rekeyed, failed = bsn_rekey(progress=progress)
        self.stdout.write(f"Opnieuw versleuteld: {rekeyed}; niet te ontsleutelen: {failed}.")
        if failed:
            raise CommandError(
                "Niet elk BSN kon worden ontsleuteld: staat de oude sleutel nog in de lijst?"
            )
