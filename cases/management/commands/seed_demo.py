"""Demo data for `make run` and the browser tests. Idempotent: running it twice adds nothing."""

from __future__ import annotations

import random
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases.actors import CITIZEN
from cases.demo.bsn import demo_bsn
from cases.demo.organisations import (
    DEMO_PASSWORD,
    ORGANISATIONS,
    ROUTING,
    TEAMS,
    USERS,
)
from cases.models import Case, CaseType, Membership, Organisation, RoutingRule, Team
from cases.selectors.access import staff_actor

DEMO_EMAIL_DOMAIN = "voorbeeld.example"

SUBJECTS = {
    "question": ["Welke gegevens heeft de gemeente van mij?", "Waarom krijg ik post van de BSV?"],
    "complaint": ["Niet teruggebeld over mijn aanslag", "Onvriendelijk behandeld aan de balie"],
    "chain_error": ["Verkeerd adres op mijn aanslag", "Ik sta nog als overleden geregistreerd"],
    "privacy_request": ["Inzage in mijn dossier", "Verwijder mijn oude telefoonnummer"],
    "woo_request": ["Documenten over de parkeervergunningen", "Stukken over de afvalpassen"],
}


def _demo_chain_report(element: str, wrong: str, right: str, where: str):
    def fields() -> dict:
        from cases.models import DataElement

        return {
            "source_system": None,  # "weet ik niet": the coordinator names it at triage
            "elements": list(DataElement.objects.filter(code=element)),
            "wrong_value": wrong,
            "right_value": right,
            "noticed_where": where,
        }

    return fields


DEMO_CHAIN_REPORTS = [
    _demo_chain_report("adres", "Kerkstraat 1", "Molenweg 12", "Aanslag gemeentelijke belastingen"),
    _demo_chain_report("overlijden", "overleden", "in leven", "Brief van de zorgverzekeraar"),
]
NAMES = [
    "Anna de Vries",
    "Mohamed El Amrani",
    "Jan Jansen",
    "Fatma Yilmaz",
    "Sanne Bakker",
    "Kees van Dijk",
    "Noor Visser",
    "Daan Smit",
    "Lotte Meijer",
    "Emre Kaya",
]


class Command(BaseCommand):
    help = "Laad demogegevens: organisaties, teams, routering, demo-accounts en zaken."

    def add_arguments(self, parser):
        parser.add_argument("--logins-only", action="store_true")
        parser.add_argument("--cases", type=int, default=40)

    def handle(self, *args, **options):
        if options["logins_only"]:
            self._print_logins()
            return
        if not getattr(settings, "DEMO_DATA_ALLOWED", False):
            raise CommandError("Demogegevens zijn uitgeschakeld in deze omgeving.")
        with transaction.atomic():
            self._organisations()
            self._users()
        from cases.demo.extend import extend_demo, load_register

        # The register first: the demo's chain-error cases name its data elements.
        load_register(self.stdout)
        if not Case.objects.filter(citizen_email__endswith=DEMO_EMAIL_DOMAIN).exists():
            self._cases(options["cases"])
        else:
            self.stdout.write("Demozaken staan er al; niets toegevoegd.")
        extend_demo(self.stdout)
        self.stdout.write(self.style.SUCCESS("Demogegevens klaar."))

    def _organisations(self):
        orgs = {}
        for code, name, kind, public_name in ORGANISATIONS:
            orgs[code], _ = Organisation.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind, "public_name": public_name}
            )
        for code, name, org, fallback in TEAMS:
            Team.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "organisation": orgs[org],
                    "is_fallback": fallback,
                    "email": f"{code}@gemeente.{DEMO_EMAIL_DOMAIN}",
                },
            )
        if not RoutingRule.objects.exists():
            for position, type_code, team in ROUTING:
                RoutingRule.objects.create(
                    position=position,
                    case_type=CaseType.objects.get(code=type_code),
                    team=Team.objects.get(code=team),
                )

    def _users(self):
        User = get_user_model()
        for username, full_name, team, role, superuser in USERS:
            first, _, last = full_name.partition(" ")
            user, created = User.objects.get_or_create(
                username=username,
                defaults={
                    "first_name": first,
                    "last_name": last,
                    "email": f"{username}@gemeente.{DEMO_EMAIL_DOMAIN}",
                    "is_staff": superuser,
                    "is_superuser": superuser,
                },
            )
            if created:
                user.set_password(DEMO_PASSWORD)
                user.save()
            Membership.objects.get_or_create(user=user, team=Team.objects.get(code=team), role=role)

    # long: demo data told as one story
    def _cases(self, count: int):
        from cases import services

        rng = random.Random(2026)
        types = {t.code: t for t in CaseType.objects.all()}
        User = get_user_model()
        worker = staff_actor(user=User.objects.get(username="regisseur"))
        now = timezone.now()
        plan = [
            "received",
            "in_progress",
            "awaiting_citizen",
            "resolved",
            "closed",
            "rejected",
            "withdrawn",
            "extended",
        ]
        self.stdout.write(f"Demozaken aanmaken ({count})…")
        for i in range(count):
            code = list(types)[i % len(types)]
            name = NAMES[i % len(NAMES)]
            target = plan[i % len(plan)]
            # An extension must be given within the term: those demo cases are recent.
            max_age = 2 if target == "extended" else 25
            received_at = now - timedelta(days=rng.randint(0, max_age), hours=rng.randint(0, 20))
            fields = {
                "channel": rng.choice(["web", "web", "phone", "counter", "email"]),
                "subject": rng.choice(SUBJECTS[code]),
                "description": "Demozaak. " + rng.choice(SUBJECTS[code]),
                "citizen_name": name,
                "citizen_email": f"{name.split()[0].lower()}{i}@{DEMO_EMAIL_DOMAIN}",
                "citizen_phone": f"06-{rng.randint(10000000, 99999999)}",
                "actor": CITIZEN,
                "received_at": received_at,
                # Filed signed in with DigiD (issue 17), except every fifth one: those privacy
                # requests and chain errors show "wacht op identificatie" until the counter.
                "digid_bsn": demo_bsn(i) if target != "received" or i % 5 else "",
            }
            with transaction.atomic():
                if code == "chain_error":
                    # A chain error with what the citizen saw, as every channel records it.
                    submission = services.chain_error_submit(
                        **fields, **DEMO_CHAIN_REPORTS[i % len(DEMO_CHAIN_REPORTS)]()
                    )
                else:
                    submission = services.case_submit(
                        case_type=types[code],
                        complained_about="Medewerker balie" if code == "complaint" else "",
                        **fields,
                    )
                case = submission.case
                if target == "received":
                    continue
                if target == "rejected":
                    services.case_reject(
                        case=case, actor=worker, reason="Dit valt buiten het loket."
                    )
                    continue
                if target == "withdrawn":
                    services.case_withdraw(case=case, actor=CITIZEN, reason="Opgelost.")
                    continue
                case = services.case_take(case=case, actor=worker)
                if target == "awaiting_citizen":
                    services.case_request_information(
                        case=case, actor=worker, question="Kunt u de brief meesturen?"
                    )
                elif target == "extended":
                    services.case_extend(
                        case=case,
                        actor=worker,
                        amount=1,
                        reason="Wij hebben advies nodig van de afdeling.",
                    )
                elif target in ("resolved", "closed"):
                    outcome = types[code].allowed_outcomes[0]
                    services.case_resolve(
                        case=case,
                        actor=worker,
                        outcome=outcome,
                        answer="Wij hebben uw zaak afgehandeld.",
                        hearing_held=False if code == "complaint" else None,
                        hearing_waived_reason="Klager wilde niet gehoord worden."
                        if code == "complaint"
                        else "",
                    )
                    if target == "closed":
                        # Demo history: the reopen window of this case lies in the past.
                        Case.objects.filter(pk=case.pk).update(resolved_at=now - timedelta(days=60))
                        services.case_close(case=case)
            if (i + 1) % 10 == 0:
                self.stdout.write(f"  {i + 1}/{count}")

    def _print_logins(self):
        self.stdout.write(f"  Demo-accounts (wachtwoord voor allemaal: {DEMO_PASSWORD})")
        for username, full_name, _team, role, _su in USERS:
            self.stdout.write(f"    {username:<12} {role:<17} {full_name}")
        self.stdout.write("  Medewerkers loggen in op /werkplek/; de beheerder ook op /admin/.")
        if not settings.LOKET_TWO_FACTOR_REQUIRED:
            self.stdout.write(
                "  Inlogcode (tweestapsinlog) staat uit in de lokale instellingen; "
                "LOKET_TWO_FACTOR_REQUIRED=true zet hem aan."
            )
