"""Demo data of later capabilities: the chain register and chain-error cases in every stage."""

from __future__ import annotations

from pathlib import Path

import yaml
from django.contrib.auth import get_user_model
from django.db import transaction

from cases.demo.bsn import demo_bsn

REGISTER = Path(__file__).with_name("ketenregister.yaml")
STORY_EMAIL_DOMAIN = "voorbeeld.example"

EXTRA_TEAMS = [
    ("kredietbank-team", "Schuldhulp Stadsbank", "kredietbank"),
    ("wsw-team", "Werkbedrijf klantcontact", "wsw"),
    ("zorgaanbieder-team", "Cliëntservice Zorggroep", "zorgaanbieder"),
    ("waterschap-team", "Belastingen Waterschap", "waterschap"),
]

# What a citizen calls these systems ("where did you see the wrong data?").
PUBLIC_NAMES = {
    "BRP": "de basisregistratie personen (uw inschrijving bij de gemeente)",
    "HEFFING": "uw aanslag gemeentelijke belastingen",
    "WOZ": "uw WOZ-beschikking",
    "PARKVERG": "uw parkeervergunning",
    "HANDHAV": "een parkeerboete of naheffing",
    "WMO": "uw Wmo-voorziening (hulp bij het huishouden, hulpmiddelen)",
    "PW": "uw bijstandsuitkering",
    "MINIMA": "uw stadspas of minimaregeling",
    "LEERPL": "een brief van leerplicht",
    "AFVALPAS": "uw afvalpas",
    "BSW-HEF": "een aanslag van de belastingsamenwerking (BSV)",
    "BSW-WOZ": "de WOZ-taxatie van de belastingsamenwerking",
    "GGD-JGZ": "het dossier van de jeugdgezondheidszorg (GGD)",
    "WOCO-HUUR": "uw huurcontract bij de woningcorporatie",
    "WS-HEF": "uw aanslag van het waterschap",
    "KWIJTSCH": "uw kwijtschelding",
}


def load_register(stdout) -> None:
    """The example chain register (systems, data elements, flows). Idempotent."""
    from cases.services.chain_import import chain_register_import

    with transaction.atomic():
        result = chain_register_import(data=yaml.safe_load(REGISTER.read_text(encoding="utf-8")))
        if result.changed:
            stdout.write(f"Ketenregister geladen ({result.changed} wijzigingen).")


def extend_demo(stdout) -> None:
    from cases.models import Case, Organisation, RoutingRule, System, Team

    load_register(stdout)
    with transaction.atomic():
        for code, name, org in EXTRA_TEAMS:
            Team.objects.get_or_create(
                code=code,
                defaults={
                    "name": name,
                    "organisation": Organisation.objects.get(code=org),
                    "email": f"{code}@partner.voorbeeld.example",
                },
            )
        for code, public_name in PUBLIC_NAMES.items():
            System.objects.filter(code=code, public_name="").update(public_name=public_name)
        # Chain errors that start in the partners' systems go straight to the partner's team.
        if not RoutingRule.objects.filter(source_system__isnull=False).exists():
            from cases.models import CaseType

            RoutingRule.objects.create(
                position=25,
                case_type=CaseType.objects.get(code="chain_error"),
                source_system=System.objects.get(code="BSW-HEF"),
                team=Team.objects.get(code="regie"),
            )
    # The stories below, once (the demo cases of seed_demo have chain reports of their own).
    if not Case.objects.filter(citizen_email=f"keten0@{STORY_EMAIL_DOMAIN}").exists():
        _chain_cases(stdout)


# long: demo data told as one story
def _chain_cases(stdout) -> None:
    from cases import services
    from cases.actors import CITIZEN
    from cases.models import DataElement, System, TaskStatus
    from cases.selectors.access import staff_actor

    User = get_user_model()
    coordinator = staff_actor(user=User.objects.get(username="regisseur"))
    elements = {e.code: e for e in DataElement.objects.all()}
    systems = {s.code: s for s in System.objects.all()}
    stories = [
        (
            "Lotte Meijer",
            None,
            ["adres"],
            "Verhuisd, maar post gaat naar oud adres",
            "Kerkstraat 1",
            "Molenweg 12",
            "Aanslag van de BSV",
            "received",
        ),
        (
            "Emre Kaya",
            "BRP",
            ["adres"],
            "Oud adres op aanslag en parkeervergunning",
            "Dorpsstraat 4",
            "Stationsplein 9",
            "Brief van de parkeerbeheerder",
            "first_round",
        ),
        (
            "Noor Visser",
            "BRP",
            ["overlijden"],
            "Ik sta ten onrechte als overleden geregistreerd",
            "overleden",
            "in leven",
            "Mijn uitkering is gestopt",
            "second_round",
        ),
        (
            "Daan Smit",
            "WOZ",
            ["woz_waarde"],
            "Verkeerde WOZ-waarde ook bij het waterschap",
            "WOZ 512.000",
            "WOZ 312.000",
            "Aanslag waterschap",
            "done",
        ),
    ]
    stdout.write("Demomeldingen ketenfout aanmaken…")
    for i, (name, source, wrong, subject, wrong_value, right_value, noticed, stage) in enumerate(
        stories
    ):
        with transaction.atomic():
            submission = services.chain_error_submit(
                source_system=systems[source] if source else None,
                elements=[elements[e] for e in wrong],
                wrong_value=wrong_value,
                right_value=right_value,
                noticed_where=noticed,
                channel="web",
                subject=subject,
                description=f"Demomelding. {subject}.",
                citizen_name=name,
                citizen_email=f"keten{i}@{STORY_EMAIL_DOMAIN}",
                # Filed signed in with DigiD (issue 17): the plan may be made. A report still
                # "received" waits for identification, as the demo's new reports do.
                digid_bsn="" if stage == "received" else demo_bsn(100 + i),
                actor=CITIZEN,
            )
            case = submission.case
            if stage == "received":
                continue
            services.case_take(case=case, actor=coordinator)
            tasks = services.correction_plan_create(case=case, actor=coordinator)
            rounds = {"first_round": 0, "second_round": 1, "done": 99}[stage]
            for level in range(rounds + 1):
                for task in [t for t in case.correction_tasks.all() if t.level == level]:
                    if task.status != TaskStatus.REQUESTED:
                        continue
                    services.correction_task_mark_corrected(task=task, actor=coordinator)
                    services.correction_task_verify(task=task, actor=coordinator)
                if not case.correction_tasks.filter(status=TaskStatus.REQUESTED).exists():
                    break
            if stage == "done":
                case.refresh_from_db()
                services.case_resolve(
                    case=case,
                    actor=coordinator,
                    outcome="corrected",
                    answer="Uw gegevens zijn in alle systemen gecorrigeerd.",
                )
            stdout.write(f"  {case.number}: {len(tasks)} systemen ({stage})")
