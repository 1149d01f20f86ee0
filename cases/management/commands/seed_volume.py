# long: volume generator, one linear recipe
"""Fill the database with many realistic cases for benchmarks and demos, fast.

    python manage.py seed_volume --cases 100000

Cases are spread over the last two years in every state, with their events, and a few
extensions and suspensions; chain errors get their report, and those waiting for the chain a
requested correction task. This bypasses the services on purpose (bulk inserts; one service
call per case would take hours for 100,000) but keeps the data consistent with them:

- due dates come from the term engine, computed once per (case type, received date) and again
  for the cases with an extension or suspension, with the same inputs `case_term` uses;
- numbers are LDZ-YYYY-NNNNNN in order of receipt, taken from `CaseNumberSequence` (a block per
  year is reserved under a row lock, so intake running at the same time never gets a duplicate);
- each state has the events the services would have written, with their dates.
"""

from __future__ import annotations

import contextlib
import random
import time
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from cases.calendar import load_calendar
from cases.deadlines import ExtensionSpec, Period, Term, TermUnit, add_term, compute_due_date
from cases.models import (
    Case,
    CaseEvent,
    CaseNumberSequence,
    CaseStatus,
    CaseType,
    ChainReport,
    CorrectionTask,
    DataElement,
    EventKind,
    Extension,
    Membership,
    Organisation,
    Role,
    RoutingRule,
    Suspension,
    System,
    TaskStatus,
    Team,
)
from cases.services.deadlines import term_for_received

FIRST_NAMES = [
    "Anna", "Mohamed", "Jan", "Fatma", "Sanne", "Kees", "Noor", "Daan", "Lotte", "Emre",
    "Sophie", "Youssef", "Femke", "Bram", "Aylin", "Ruben", "Iris", "Thijs", "Mila", "Sem",
]  # fmt: skip
LAST_NAMES = [
    "de Vries", "El Amrani", "Jansen", "Yilmaz", "Bakker", "van Dijk", "Visser", "Smit",
    "Meijer", "Kaya", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks",
]  # fmt: skip
SUBJECTS = {
    "question": [
        "Welke gegevens heeft de gemeente van mij?",
        "Waarom krijg ik post van de belastingsamenwerking?",
        "Aan wie geeft de gemeente mijn adres door?",
        "Hoe lang bewaart u mijn gegevens?",
    ],
    "complaint": [
        "Niet teruggebeld over mijn aanslag",
        "Onvriendelijk behandeld aan de balie",
        "Mijn e-mail is na weken nog niet beantwoord",
        "Van het kastje naar de muur gestuurd",
    ],
    "chain_error": [
        "Verkeerd adres op mijn aanslag",
        "Ik sta nog als overleden geregistreerd",
        "Verkeerde WOZ-waarde ook bij het waterschap",
        "Oude gezinssamenstelling bij de bijstand",
    ],
    "privacy_request": [
        "Inzage in mijn dossier",
        "Verwijder mijn oude telefoonnummer",
        "Welke gegevens deelt u met de GGD?",
    ],
    "woo_request": [
        "Documenten over de parkeervergunningen",
        "Stukken over de afvalpassen",
        "Verslagen van het overleg over de BSV",
    ],
}
CHANNELS = ["web"] * 6 + ["phone", "phone", "counter", "email", "letter"]
# Share of open cases per open state; awaiting_chain only for chain errors.
OPEN_STATES = [
    (CaseStatus.RECEIVED, 25),
    (CaseStatus.IN_PROGRESS, 50),
    (CaseStatus.AWAITING_CITIZEN, 12),
    (CaseStatus.AWAITING_CHAIN, 13),
]


STATUS_FIELD = Case._meta.get_field("status")


@contextlib.contextmanager
def explicit_timestamps():
    """Let bulk_create store the historical times we give (created_at, updated_at) instead of
    "now": auto_now/auto_now_add are switched off for the duration, and back on after."""
    fields = [
        CaseEvent._meta.get_field("created_at"),
        Case._meta.get_field("updated_at"),
        Extension._meta.get_field("created_at"),
        Suspension._meta.get_field("created_at"),
        CorrectionTask._meta.get_field("created_at"),
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    try:
        for f in fields:
            f.auto_now = f.auto_now_add = False
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


class Command(BaseCommand):
    help = "Vul de database snel met veel realistische zaken (voor benchmarks en demo's)."

    def add_arguments(self, parser):
        parser.add_argument("--cases", type=int, required=True)
        parser.add_argument("--days", type=int, default=730, help="Over hoeveel dagen terug.")
        parser.add_argument("--batch", type=int, default=5000)
        parser.add_argument("--seed", type=int, default=2026)

    def handle(self, *args, **options):
        total = options["cases"]
        if total < 1:
            raise CommandError("--cases moet minstens 1 zijn.")
        self.rng = random.Random(options["seed"])
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.calendar = load_calendar()
        self.term_cache: dict[tuple[int, date], date] = {}
        self._load_reference()
        started = time.monotonic()
        received = sorted(
            self.now - timedelta(seconds=self.rng.randint(0, options["days"] * 86400))
            for _ in range(total)
        )
        numbers = self._reserve_numbers(received)
        self.stdout.write(f"{total:,} zaken aanmaken over {options['days']} dagen…")
        counts: Counter = Counter()
        done = 0
        with explicit_timestamps():
            for start in range(0, total, options["batch"]):
                chunk = received[start : start + options["batch"]]
                with transaction.atomic():  # one commit per batch, not one per insert
                    counts += self._batch(chunk, numbers[start : start + len(chunk)])
                done += len(chunk)
                elapsed = time.monotonic() - started
                self.stdout.write(f"  {done:,}/{total:,} zaken ({elapsed:.0f} s)")
        states = ", ".join(f"{s}: {n:,}" for s, n in sorted(counts.items()))
        self.stdout.write(
            self.style.SUCCESS(
                f"Klaar: {total:,} zaken in {time.monotonic() - started:.0f} s ({states})."
            )
        )

    # --- Reference data -------------------------------------------------------------------------

    def _load_reference(self) -> None:
        self.types = list(CaseType.objects.all())
        if not self.types:
            raise CommandError("Geen zaaktypen: voer eerst `migrate` uit.")
        if not Team.objects.exists():
            self._demo_teams()
        teams = list(Team.objects.select_related("organisation"))
        rules = {
            r.case_type_id: r.team
            for r in RoutingRule.objects.filter(is_active=True, source_system__isnull=True)
            .select_related("team")
            .order_by("-position")
        }
        fallback = next((t for t in teams if t.is_fallback), teams[0])
        self.route = {t.pk: rules.get(t.pk, fallback) for t in self.types}
        # One in ten cases was forwarded to another team (a department or a partner).
        self.teams = [t for t in teams if not t.is_fallback] or teams
        workers: dict[int, list[int]] = defaultdict(list)
        for m in Membership.objects.filter(role=Role.CASEWORKER).select_related("team"):
            workers[m.team.organisation_id].append(m.user_id)
        self.workers = {org: sorted(set(ids)) for org, ids in workers.items()}
        self.systems = list(System.objects.all())
        self.elements = list(DataElement.objects.all())
        self.org_teams: dict[int, Team] = {}
        for t in sorted(teams, key=lambda t: t.code):
            self.org_teams.setdefault(t.organisation_id, t)

    def _demo_teams(self) -> None:
        from cases.demo.organisations import ORGANISATIONS, TEAMS

        orgs = {}
        for code, name, kind, public_name in ORGANISATIONS:
            orgs[code], _ = Organisation.objects.get_or_create(
                code=code, defaults={"name": name, "kind": kind, "public_name": public_name}
            )
        for code, name, org, fallback in TEAMS:
            Team.objects.get_or_create(
                code=code,
                defaults={"name": name, "organisation": orgs[org], "is_fallback": fallback},
            )

    def _reserve_numbers(self, received: list[datetime]) -> list[str]:
        """Reserve a block of numbers per year under the sequence's row lock."""
        per_year = Counter(timezone.localdate(r).year for r in received)
        first: dict[int, int] = {}
        with transaction.atomic():
            for year, count in sorted(per_year.items()):
                CaseNumberSequence.objects.get_or_create(year=year)
                sequence = CaseNumberSequence.objects.select_for_update().get(year=year)
                first[year] = sequence.last_number + 1
                sequence.last_number += count
                sequence.save(update_fields=["last_number"])
        numbers = []
        for r in received:
            year = timezone.localdate(r).year
            numbers.append(f"LDZ-{year}-{first[year]:06d}")
            first[year] += 1
        return numbers

    # --- Cases ----------------------------------------------------------------------------------

    def _due(self, case_type: CaseType, received: date) -> date:
        key = (case_type.pk, received)
        if key not in self.term_cache:
            self.term_cache[key] = term_for_received(
                case_type=case_type, received=received, calendar=self.calendar
            ).due_date
        return self.term_cache[key]

    def _full_term(self, case_type, received, *, suspensions=(), extensions=()) -> date:
        return compute_due_date(
            received_on=received,
            term=Term(case_type.term_amount, TermUnit(case_type.term_unit)),
            calendar=self.calendar,
            statutory=case_type.is_statutory,
            legal_basis=case_type.law_reference,
            suspensions=list(suspensions),
            extensions=list(extensions),
        ).due_date

    def _at(self, day: date, hour: int | None = None) -> datetime:
        hour = self.rng.randint(8, 17) if hour is None else hour
        moment = datetime(day.year, day.month, day.day, hour, self.rng.randint(0, 59))
        return min(timezone.make_aware(moment), self.now)

    def _after(self, earlier: datetime, day: date) -> datetime:
        """A moment on `day`, but after `earlier` (events stay in the order they happened)."""
        return min(max(self._at(day), earlier + timedelta(minutes=1)), self.now)

    def _state(self, case_type, due: date) -> str:
        rng = self.rng
        if due >= self.today:
            if rng.random() < 0.85:
                states = [
                    (s, w)
                    for s, w in OPEN_STATES
                    if s != CaseStatus.AWAITING_CHAIN or case_type.code == "chain_error"
                ]
                return rng.choices([s for s, _ in states], [w for _, w in states])[0]
        elif rng.random() < 0.02:  # a few run late
            return rng.choice([CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS])
        roll = rng.random()
        if roll < 0.05:
            return CaseStatus.REJECTED
        if roll < 0.10:
            return CaseStatus.WITHDRAWN
        return CaseStatus.RESOLVED  # or closed, decided by the reopen window

    # long: volume generator, one linear recipe
    def _batch(self, received_list: list[datetime], numbers: list[str]) -> Counter:
        rng = self.rng
        plans = []
        for received_at, number in zip(received_list, numbers, strict=True):
            case_type = rng.choice(self.types)
            received = timezone.localdate(received_at)
            due = self._due(case_type, received)
            status = self._state(case_type, due)
            team = self.route[case_type.pk]
            if rng.random() < 0.1:
                team = rng.choice(self.teams)
            first = rng.choice(FIRST_NAMES)
            name = f"{first} {rng.choice(LAST_NAMES)}"
            case = Case(
                number=number,
                case_type=case_type,
                channel=rng.choice(CHANNELS),
                subject=rng.choice(SUBJECTS.get(case_type.code, ["Vraag over mijn gegevens"])),
                description="Volumezaak. " + rng.choice(SUBJECTS.get(case_type.code, [""])),
                citizen_name=name,
                citizen_email=f"{first.lower()}.{number[-6:]}@voorbeeld.example",
                citizen_phone=f"06{rng.randint(10000000, 99999999)}",
                complained_about="Medewerker balie" if case_type.code == "complaint" else "",
                team=team,
                organisation_id=team.organisation_id,
                received_at=received_at,
                due_date=due,
                original_due_date=due,
                promised_due_date=due,
                # No secret link: nobody could follow these cases (and an empty value keeps the
                # index on the hash cheap to fill).
                tracking_token_hash="",
                status=status,
                updated_at=received_at,
            )
            plans.append(self._plan(case, case_type, received, status))
        Case.objects.bulk_create([p["case"] for p in plans], batch_size=5000)
        events, extensions, suspensions, reports, tasks = [], [], [], [], []
        for p in plans:
            for e in p["events"]:
                e.case = p["case"]
                e.case_id = p["case"].pk
            events += p["events"]
            for obj in (*p["extensions"], *p["suspensions"]):
                obj.case_id = p["case"].pk
            extensions += p["extensions"]
            suspensions += p["suspensions"]
            if p["report"] is not None:
                p["report"].case_id = p["case"].pk
                reports.append(p["report"])
            if p["task"] is not None:
                p["task"].case_id = p["case"].pk
                tasks.append(p["task"])
        CaseEvent.objects.bulk_create(events, batch_size=10000)
        Extension.objects.bulk_create(extensions, batch_size=2000)
        Suspension.objects.bulk_create(suspensions, batch_size=2000)
        ChainReport.objects.bulk_create(reports, batch_size=2000)
        if reports and self.elements:
            through = ChainReport.elements.through
            through.objects.bulk_create(
                [
                    through(chainreport_id=r.pk, dataelement_id=rng.choice(self.elements).pk)
                    for r in reports
                ],
                batch_size=5000,
            )
        CorrectionTask.objects.bulk_create(tasks, batch_size=2000)
        return Counter(p["case"].status for p in plans)

    # long: volume generator, one linear recipe
    def _plan(self, case: Case, case_type: CaseType, received: date, status: str) -> dict:
        """The case's history as the services would have written it."""
        rng = self.rng
        events: list[CaseEvent] = []
        extensions: list[Extension] = []
        suspensions: list[Suspension] = []
        worker = self._worker(case)

        def event(kind, at, *, transition="", source="", target="", actor=None, **extra):
            events.append(
                CaseEvent(
                    kind=kind,
                    actor_id=actor,
                    actor_kind="staff"
                    if actor
                    else ("citizen" if kind == "submitted" else "system"),
                    transition=transition,
                    from_status=source,
                    to_status=target,
                    due_date=case.due_date,
                    is_public=kind != EventKind.NOTE,
                    created_at=at,
                    **extra,
                )
            )

        event(
            EventKind.SUBMITTED,
            case.received_at,
            target=CaseStatus.RECEIVED,
            data={"channel": case.channel, "team": case.team.code},
        )
        if status == CaseStatus.RECEIVED:
            return self._result(case, events, extensions, suspensions, case_type)
        if status in (CaseStatus.REJECTED, CaseStatus.WITHDRAWN):
            at = max(
                case.received_at,
                self._at(min(received + timedelta(days=rng.randint(1, 10)), self.today)),
            )
            name = "reject" if status == CaseStatus.REJECTED else "withdraw"
            event(
                EventKind.TRANSITION,
                at,
                transition=name,
                source=CaseStatus.RECEIVED,
                target=status,
                actor=worker if name == "reject" else None,
                reason="Valt buiten het loket." if name == "reject" else "Niet meer nodig.",
            )
            case.closed_at = at
            case.updated_at = at
            return self._result(case, events, extensions, suspensions, case_type)

        taken = max(
            case.received_at,
            self._at(min(received + timedelta(days=rng.randint(0, 3)), self.today)),
        )
        case.assignee_id = worker
        event(
            EventKind.TRANSITION,
            taken,
            transition="take",
            source=CaseStatus.RECEIVED,
            target=CaseStatus.IN_PROGRESS,
            actor=worker,
        )
        case.updated_at = taken
        # A few extensions, given within the first term as the law asks.
        if case_type.extension_max_count and rng.random() < 0.04:
            amount = rng.randint(1, max(1, case_type.extension_max_amount))
            notified = min(received + timedelta(days=rng.randint(2, 10)), self.today)
            previous = case.due_date
            case.due_date = self._full_term(
                case_type,
                received,
                extensions=[
                    ExtensionSpec(
                        term=Term(amount, TermUnit(case_type.extension_unit)), notified_on=notified
                    )
                ],
            )
            case.promised_due_date = case.due_date
            at = self._after(taken, notified)
            extensions.append(
                Extension(
                    amount=amount,
                    unit=case_type.extension_unit,
                    reason="Wij hebben advies nodig van een andere afdeling.",
                    notified_on=notified,
                    previous_due_date=previous,
                    new_due_date=case.due_date,
                    created_by_id=worker,
                    created_at=at,
                )
            )
            event(
                EventKind.EXTENDED,
                at,
                actor=worker,
                reason="Wij hebben advies nodig van een andere afdeling.",
                data={
                    "amount": amount,
                    "unit": case_type.extension_unit,
                    "previous_due_date": previous.isoformat(),
                    "with_consent": False,
                },
            )
        if status == CaseStatus.AWAITING_CITIZEN:
            asked = max(taken.date(), self.today - timedelta(days=rng.randint(0, 10)))
            case.reply_due_date = asked + timedelta(days=case_type.default_reply_term_days)
            if case_type.suspension_allowed:
                suspensions.append(
                    Suspension(
                        start=asked,
                        reason="Wacht op informatie van de inwoner",
                        created_at=self._after(taken, asked),
                    )
                )
                # An open suspension counts up to today (cases.services.deadlines.case_term).
                case.due_date = self._full_term(
                    case_type,
                    received,
                    suspensions=[Period(asked, max(self.today, asked))],
                    extensions=self._specs(extensions),
                )
            event(
                EventKind.TRANSITION,
                self._after(taken, asked),
                transition="request_information",
                source=CaseStatus.IN_PROGRESS,
                target=CaseStatus.AWAITING_CITIZEN,
                actor=worker,
                reason="Kunt u de brief meesturen?",
                data={"reply_due_date": case.reply_due_date.isoformat()},
            )
        elif status == CaseStatus.AWAITING_CHAIN:
            event(
                EventKind.TRANSITION,
                self._after(taken, taken.date()),
                transition="await_chain",
                source=CaseStatus.IN_PROGRESS,
                target=CaseStatus.AWAITING_CHAIN,
                actor=worker,
            )
        elif status == CaseStatus.RESOLVED:
            self._resolve(case, case_type, received, taken, worker, event, suspensions)
        return self._result(case, events, extensions, suspensions, case_type)

    def _resolve(self, case, case_type, received, taken, worker, event, suspensions):
        rng = self.rng
        # Some were suspended a while on the way (suspension types only).
        if case_type.suspension_allowed and rng.random() < 0.05:
            start = taken.date() + timedelta(days=rng.randint(1, 5))
            end = start + timedelta(days=rng.randint(3, 20))
            if end <= self.today:
                suspensions.append(
                    Suspension(
                        start=start,
                        end=end,
                        reason="Wacht op informatie van de inwoner",
                        created_at=self._at(start),
                    )
                )
                case.due_date = self._full_term(
                    case_type, received, suspensions=[Period(start, end)]
                )
                case.promised_due_date = case.due_date
        latest = min(case.due_date, self.today)
        span = max(0, (latest - taken.date()).days)
        resolved_on = taken.date() + timedelta(days=rng.randint(0, span))
        resolved_at = self._after(taken, resolved_on)
        case.resolved_at = resolved_at
        case.outcome = rng.choice(case_type.allowed_outcomes or [""])
        case.answer = "Wij hebben uw zaak afgehandeld."
        if case_type.requires_hearing:
            case.hearing_held = rng.random() < 0.6
            if not case.hearing_held:
                case.hearing_waived_reason = "Klager wilde niet gehoord worden."
        event(
            EventKind.TRANSITION,
            resolved_at,
            transition="resolve",
            source=CaseStatus.IN_PROGRESS,
            target=CaseStatus.RESOLVED,
            actor=worker,
            data={"outcome": case.outcome, "hearing_held": case.hearing_held},
        )
        case.updated_at = resolved_at
        window = timedelta(days=case_type.reopen_window_days)
        if resolved_at + window < self.now:
            closed_at = min(resolved_at + window + timedelta(hours=rng.randint(1, 20)), self.now)
            # The state field is protected against assignment; a bulk seed sets the state the
            # transitions would have reached, through the field's own setter.
            STATUS_FIELD.set_state(case, CaseStatus.CLOSED)
            case.closed_at = closed_at
            case.updated_at = closed_at
            event(
                EventKind.TRANSITION,
                closed_at,
                transition="close",
                source=CaseStatus.RESOLVED,
                target=CaseStatus.CLOSED,
            )

    @staticmethod
    def _specs(extensions: list[Extension]) -> list[ExtensionSpec]:
        return [
            ExtensionSpec(term=Term(e.amount, TermUnit(e.unit)), notified_on=e.notified_on)
            for e in extensions
        ]

    def _worker(self, case: Case) -> int | None:
        ids = self.workers.get(case.organisation_id)
        return self.rng.choice(ids) if ids else None

    def _result(self, case, events, extensions, suspensions, case_type) -> dict:
        report = task = None
        if case_type.code == "chain_error":
            source = self.rng.choice(self.systems) if self.systems else None
            report = ChainReport(
                source_system=source,
                wrong_value="Kerkstraat 1",
                right_value="Molenweg 12",
                noticed_where="Aanslag gemeentelijke belastingen",
            )
            if case.status == CaseStatus.AWAITING_CHAIN and source is not None:
                requested = case.updated_at
                task = CorrectionTask(
                    system=source,
                    organisation_id=source.organisation_id,
                    team=self.org_teams.get(source.organisation_id),
                    status=TaskStatus.REQUESTED,
                    level=0,
                    path=[source.code],
                    requested_at=requested,
                    due_date=add_term(
                        timezone.localdate(requested),
                        Term(10, TermUnit.WORKING_DAYS),
                        self.calendar,
                        service_norm=True,
                    ),
                    created_at=requested,
                )
        return {
            "case": case,
            "events": events,
            "extensions": extensions,
            "suspensions": suspensions,
            "report": report,
            "task": task,
        }


__all__ = ["Command", "explicit_timestamps"]
