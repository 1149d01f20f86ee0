"""Reads for the backoffice: work lists of cases and correction tasks, their counts, the case
page. Every queryset starts from the access selectors in `cases.selectors`, applied to the
actor's *handling* roles only (caseworker, coordinator): the front desk has its own pages, and a
user who also works at the front desk does not see every case here because of it.

Each function returns a queryset with its joins applied, so a page costs the same number of
queries whatever the number of rows (CONVENTIONS.md: selectors with pinned query counts).
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from cases.actors import Actor
from cases.models import (
    Case,
    CaseStatus,
    CorrectionTask,
    Extension,
    Role,
    TaskStatus,
)
from cases.selectors.access import attachments_visible_to, cases_visible_to, tasks_visible_to
from cases.selectors.keyset import capped_counts
from cases.workflow import OPEN_STATUSES

HANDLER_ROLES = frozenset({Role.CASEWORKER, Role.COORDINATOR})


def handling_actor(*, actor: Actor) -> Actor:
    """The actor with only the roles that handle cases: what the backoffice may show them."""
    return dataclasses.replace(actor, roles=actor.roles & HANDLER_ROLES)


def may_use_backoffice(*, actor: Actor) -> bool:
    return actor.is_staff and (actor.sees_everything or actor.has_role(*HANDLER_ROLES))


# --- Cases --------------------------------------------------------------------------------------


def backoffice_cases(*, actor: Actor) -> QuerySet[Case]:
    """Every case this actor may open in the backoffice (the case page, attachments, tasks)."""
    if not may_use_backoffice(actor=actor):
        return Case.objects.none()
    return cases_visible_to(actor=handling_actor(actor=actor))


def handled_cases(*, actor: Actor) -> QuerySet[Case]:
    """The cases this actor works as a handler: all for a coordinator, otherwise the cases
    assigned to their organisations. Cases reached only through a correction task are worked
    from the task list, not the case lists.

    Written as the organisation filter alone instead of `backoffice_cases(actor).filter(...)`:
    the visibility rule is `organisation in mine OR EXISTS(routed task)`, and PostgreSQL does
    not simplify `(A OR B) AND A` to `A`, so the composed form scans every case. The result is
    the same set, because assigned cases are always visible; tests check that."""
    if not may_use_backoffice(actor=actor):
        return Case.objects.none()
    if actor.sees_everything:
        return Case.objects.all()
    if not actor.has_role(Role.CASEWORKER):
        return Case.objects.none()
    return Case.objects.filter(organisation_id__in=actor.organisation_ids)


@dataclass(frozen=True)
class Worklist:
    slug: str
    label: str
    description: str


WORKLISTS = (
    Worklist("mijn", _("Mijn zaken"), _("Open zaken die aan u zijn toegewezen.")),
    Worklist("team", _("Mijn team"), _("Open zaken van uw team(s).")),
    Worklist("onverdeeld", _("Onverdeeld"), _("Open zaken zonder behandelaar.")),
    Worklist("binnenkort", _("Binnenkort"), _("De termijn loopt binnen 5 werkdagen af.")),
    Worklist("te-laat", _("Te laat"), _("De termijn is verstreken.")),
    Worklist(
        "wacht-op-inwoner", _("Wacht op inwoner"), _("Wij wachten op informatie van de inwoner.")
    ),
    Worklist("wacht-op-keten", _("Wacht op keten"), _("Correcties in de keten zijn bezig.")),
)
ALL_CASES = Worklist("alle", _("Alle zaken"), _("Ook afgehandelde en gesloten zaken."))
WORKLISTS_BY_SLUG = {w.slug: w for w in (*WORKLISTS, ALL_CASES)}
SOON_WORKING_DAYS = 5


@dataclass(frozen=True)
class ListContext:
    """What the list conditions need besides the actor, computed once per request."""

    today: date
    soon_until: date  # the last day that counts as "due soon"
    # Case types whose clock stops while waiting for the citizen: their stored due date is not
    # running out then, so they are neither "due soon" nor "overdue" (as the deadline sweep).
    suspending_type_ids: frozenset[int]


def _clock_runs(ctx: ListContext) -> Q:
    return ~Q(status=CaseStatus.AWAITING_CITIZEN, case_type_id__in=ctx.suspending_type_ids)


def worklist_condition(*, slug: str, actor: Actor, ctx: ListContext) -> Q:
    """The condition of one work list on top of `handled_cases(actor)`."""
    if slug == "alle":
        return Q()
    open_ = Q(status__in=OPEN_STATUSES)
    conditions = {
        "mijn": Q(assignee_id=actor.user_id),
        "team": Q(team_id__in=actor.team_ids),
        "onverdeeld": Q(assignee__isnull=True),
        "binnenkort": Q(due_date__gte=ctx.today, due_date__lte=ctx.soon_until) & _clock_runs(ctx),
        "te-laat": Q(due_date__lt=ctx.today) & _clock_runs(ctx),
        "wacht-op-inwoner": Q(status=CaseStatus.AWAITING_CITIZEN),
        "wacht-op-keten": Q(status=CaseStatus.AWAITING_CHAIN),
    }
    return open_ & conditions[slug]


def worklist_filter(*, values: dict, case_types, organisations) -> Q:
    """A worklist filter's values (type, status, channel, organisation, due-date range, by the
    form's field names) as a queryset condition."""
    data = values
    condition = Q()
    if data.get("soort"):
        condition &= Q(case_type_id__in=[t.pk for t in case_types if t.code == data["soort"]])
    if data.get("status"):
        condition &= Q(status=data["status"])
    if data.get("kanaal"):
        condition &= Q(channel=data["kanaal"])
    if data.get("organisatie"):
        condition &= Q(
            organisation_id__in=[o.pk for o in organisations if o.code == data["organisatie"]]
        )
    if data.get("van"):
        condition &= Q(due_date__gte=data["van"])
    if data.get("tot"):
        condition &= Q(due_date__lte=data["tot"])
    return condition


def worklist_counts(
    *, actor: Actor, ctx: ListContext, extra: dict[str, QuerySet] | None = None
) -> dict[str, int]:
    """Every work list's size in one query, each counted up to `COUNT_CAP + 1` rows (a value
    above the cap means "more than"), plus the `extra` querysets counted the same way (the list
    on the page with its filters). Each list's subquery carries the open-status filter, so the
    database uses the partial indexes on open cases and stops at the cap: the cost does not
    grow with the number of cases."""
    base = handled_cases(actor=actor)
    lists = {
        w.slug: base.filter(worklist_condition(slug=w.slug, actor=actor, ctx=ctx))
        for w in WORKLISTS
    }
    return capped_counts({**lists, **(extra or {})})


# What a list row shows (and its keyset cursor needs): not the citizen's details or the
# description, which a page of 50 rows would otherwise fetch and build objects from.
ROW_FIELDS = (
    "number",
    "status",
    "subject",
    "due_date",
    "received_at",
    "case_type",
    "team__name",
    "assignee__username",
    "assignee__first_name",
    "assignee__last_name",
    "identity_verified_at",
)


def worklist_rows(*, actor: Actor, slug: str, ctx: ListContext) -> QuerySet[Case]:
    return (
        handled_cases(actor=actor)
        .filter(worklist_condition(slug=slug, actor=actor, ctx=ctx))
        .select_related("case_type", "team", "assignee")
        .only(*ROW_FIELDS)
    )


CASE_NUMBER = re.compile(r"^LDZ-\d{4}-\d{6}$", re.IGNORECASE)


def search_condition(*, actor: Actor, text: str) -> Q:
    """Text search on the number and the subject. The subject is the citizen's own words, so it
    is searched only in cases the actor handles (`handled_cases` already guarantees that).

    A whole case number is looked up through its unique index; digits match the end of a
    number (what people read out on the phone); words are searched in the subject. On
    PostgreSQL the trigram indexes of migration 0008 answer the `LIKE '%…%'` searches; they are
    built on exactly `number` and `UPPER(subject)`, so numbers (always upper case) are matched
    with a case-sensitive lookup on the upper-cased text."""
    text = text.strip()
    if not text:
        return Q()
    if CASE_NUMBER.match(text):
        return Q(number=text.upper())
    if text.isdigit():
        return Q(number__endswith=text.zfill(6) if len(text) <= 6 else text)
    if any(ch.isdigit() for ch in text):
        return Q(number__contains=text.upper()) | Q(subject__icontains=text)
    return Q(subject__icontains=text)


# --- The case page ------------------------------------------------------------------------------


def case_for_page(*, actor: Actor, number: str) -> Case | None:
    """The case with everything the page shows in a fixed number of queries, or None when the
    actor may not see it."""
    return (
        backoffice_cases(actor=actor)
        .select_related(
            "case_type",
            "organisation",
            "team__organisation",
            "assignee",
            "chain_report__source_system__organisation",
            "chain_report__noticed_system",
        )
        .prefetch_related(
            "suspensions",
            Prefetch(
                "extensions",
                queryset=Extension.objects.select_related("created_by").order_by(
                    "created_at", "id"
                ),
            ),
        )
        .filter(number=number)
        .first()
    )


def case_tasks(*, actor: Actor, case: Case, handler: bool) -> list[CorrectionTask]:
    """The correction tasks of `case` the actor sees: every task for a handler of the case, only
    the tasks routed to their organisation otherwise. Upstream tasks are prefetched (for the
    "waits for" line and the chain picture)."""
    tasks = tasks_visible_to(actor=handling_actor(actor=actor)).filter(case=case)
    if not handler:
        tasks = tasks.filter(organisation_id__in=actor.organisation_ids)
    return list(
        tasks.select_related("system__organisation", "organisation", "team", "case")
        .prefetch_related(
            Prefetch(
                "upstream",
                queryset=CorrectionTask.objects.select_related("system__organisation"),
            )
        )
        .order_by("level", "system__code")
    )


def case_attachments(*, actor: Actor, case: Case):
    return (
        attachments_visible_to(actor=handling_actor(actor=actor))
        .filter(case=case)
        .order_by("created_at")
    )


def attachment_for_download(*, actor: Actor, case: Case, pk: int):
    return (
        attachments_visible_to(actor=handling_actor(actor=actor))
        .filter(case=case, pk=pk)
        .select_related("case")
        .first()
    )


def task_for_actor(*, actor: Actor, pk: int) -> CorrectionTask | None:
    if not may_use_backoffice(actor=actor):
        return None
    return (
        tasks_visible_to(actor=handling_actor(actor=actor))
        .select_related("case__case_type", "system", "organisation", "team")
        .prefetch_related(
            Prefetch("upstream", queryset=CorrectionTask.objects.select_related("system"))
        )
        .filter(pk=pk)
        .first()
    )


# --- Correction tasks ---------------------------------------------------------------------------


TASK_LISTS = (
    Worklist(
        "te-corrigeren",
        _("Te corrigeren"),
        _("Correctieverzoeken aan uw organisatie die op een correctie wachten."),
    ),
    Worklist(
        "te-controleren",
        _("Te controleren"),
        _("Gemelde correcties bij zaken van uw organisatie: controleren of terugsturen."),
    ),
    Worklist("betwist", _("Betwist"), _("De eigenaar zegt dat de gegevens juist zijn.")),
    Worklist("te-laat", _("Te laat"), _("De termijn van het correctieverzoek is verstreken.")),
)
TASK_LISTS_BY_SLUG = {w.slug: w for w in TASK_LISTS}


def task_list_condition(*, slug: str, actor: Actor, today: date) -> Q:
    mine = Q() if actor.sees_everything else Q(organisation_id__in=actor.organisation_ids)
    my_cases = Q() if actor.sees_everything else Q(case__organisation_id__in=actor.organisation_ids)
    return {
        "te-corrigeren": mine & Q(status=TaskStatus.REQUESTED),
        "te-controleren": my_cases & Q(status=TaskStatus.CORRECTED),
        "betwist": (mine | my_cases) & Q(status=TaskStatus.DISPUTED)
        if not actor.sees_everything
        else Q(status=TaskStatus.DISPUTED),
        "te-laat": (mine | my_cases) & Q(status=TaskStatus.REQUESTED, due_date__lt=today)
        if not actor.sees_everything
        else Q(status=TaskStatus.REQUESTED, due_date__lt=today),
    }[slug]


def _task_base(actor: Actor) -> QuerySet[CorrectionTask]:
    """The tasks of the task lists: those `tasks_visible_to` gives, written directly. The
    selector reaches "tasks of cases I handle" through `case IN (visible cases)`, a subquery
    over every case with the visibility EXISTS in it; for a caseworker that set is simply the
    tasks routed to their organisation plus the tasks of cases assigned to it (tests check the
    two agree)."""
    if not may_use_backoffice(actor=actor):
        return CorrectionTask.objects.none()
    if actor.sees_everything:
        return CorrectionTask.objects.all()
    if not actor.has_role(Role.CASEWORKER):
        return CorrectionTask.objects.none()
    routed = Q(organisation_id__in=actor.organisation_ids) & ~Q(status=TaskStatus.PENDING)
    return CorrectionTask.objects.filter(
        routed | Q(case__organisation_id__in=actor.organisation_ids)
    )


def task_list_counts(*, actor: Actor, today: date) -> dict[str, int]:
    counts = (
        _task_base(actor)
        .filter(status__in=[TaskStatus.REQUESTED, TaskStatus.CORRECTED, TaskStatus.DISPUTED])
        .aggregate(
            **{
                w.slug.replace("-", "_"): Count(
                    "pk", filter=task_list_condition(slug=w.slug, actor=actor, today=today)
                )
                for w in TASK_LISTS
            }
        )
    )
    return {w.slug: counts[w.slug.replace("-", "_")] or 0 for w in TASK_LISTS}


def task_list_rows(*, actor: Actor, slug: str, today: date) -> QuerySet[CorrectionTask]:
    return (
        _task_base(actor)
        .filter(task_list_condition(slug=slug, actor=actor, today=today))
        .select_related("case__case_type", "case__organisation", "system", "organisation")
        .order_by("due_date", "pk")
    )


# --- Escalations (coordinator) ------------------------------------------------------------------


def escalation_cases(*, actor: Actor, ctx: ListContext) -> QuerySet[Case]:
    return worklist_rows(actor=actor, slug="te-laat", ctx=ctx).order_by("due_date", "pk")


def escalation_tasks(*, actor: Actor, today: date) -> QuerySet[CorrectionTask]:
    return task_list_rows(actor=actor, slug="te-laat", today=today)


def disputed_tasks(*, actor: Actor, today: date) -> QuerySet[CorrectionTask]:
    return task_list_rows(actor=actor, slug="betwist", today=today)
