"""Work lists: cases by list (mine, my team, unassigned, due soon, overdue, waiting), correction
tasks, and the coordinator's escalations. Each page costs the same number of queries at 10 rows
as at 100,000: the counts of all lists are one aggregate query, the page of rows one query with
its joins, the calendar two small ones (loaded once, for every row's working days)."""

from __future__ import annotations

from contextlib import nullcontext

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.calendar import load_calendar
from cases.deadlines import Term, TermUnit, add_term
from cases.models import CaseStatus, CaseType, Organisation
from cases.models.case import AWAITING_IDENTITY_LABEL
from cases.selectors.backoffice import (
    ALL_CASES,
    SOON_WORKING_DAYS,
    TASK_LISTS,
    TASK_LISTS_BY_SLUG,
    WORKLISTS,
    WORKLISTS_BY_SLUG,
    ListContext,
    disputed_tasks,
    escalation_cases,
    escalation_tasks,
    search_condition,
    task_list_counts,
    task_list_rows,
    worklist_counts,
    worklist_filter,
    worklist_rows,
)
from cases.selectors.keyset import (
    COUNT_CAP,
    KeysetPage,
    count_label,
    keyset_page,
    through_indexes,
)
from cases.workflow import OPEN_STATUSES
from cases.workflow_correction import OPEN_TASK_STATUSES
from loket.forms.backoffice import SORT_FIELDS, WorklistFilterForm
from loket.views.backoffice.common import COORDINATOR, DueDates, query_string, staff_required

PAGE_SIZE = 50
# The query-string keys of paging: the cursors and the page number shown.
PAGING_PARAMS = frozenset({"pagina", "na", "voor"})
RESULT_COUNT = "__result"
ESCALATION_LIMIT = 50


def list_context(case_types, calendar, today) -> ListContext:
    return ListContext(
        today=today,
        soon_until=add_term(
            today, Term(SOON_WORKING_DAYS, TermUnit.WORKING_DAYS), calendar, service_norm=True
        ),
        suspending_type_ids=frozenset(t.pk for t in case_types if t.suspension_allowed),
    )


def list_rows(cases, due: DueDates) -> list[dict]:
    """Display values of each row, prepared here: a list page renders up to 50 rows, and plain
    dictionary lookups in the template cost a fraction of per-row `{% url %}`, date filters
    and attribute chains."""
    url = reverse("loket:bo-case", args=["NUMBER"])
    # The status labels translated once per page: `get_status_display()` hashes every lazy
    # label of the choices on each call (a sixth of the page's time at 50 rows).
    statuses = {value: str(label) for value, label in CaseStatus.choices}
    awaiting = str(AWAITING_IDENTITY_LABEL)
    rows = []
    for case in cases:
        assignee = case.assignee
        rows.append(
            {
                "number": case.number,
                "url": url.replace("NUMBER", case.number),
                "type": case.case_type.name,
                "subject": case.subject,
                "status": (
                    awaiting if case.awaiting_identity else statuses.get(case.status, case.status)
                ),
                "due_iso": case.due_date.isoformat(),
                "due_date": f"{case.due_date.day}-{case.due_date.month}-{case.due_date.year}",
                # Working days matter only while the case is open.
                "due": due.for_case(case) if case.is_open else None,
                "team": case.team.name if case.team else "—",
                "assignee": (assignee.get_full_name() or assignee.get_username())
                if assignee
                else "",
                "received_iso": case.received_at.isoformat(),
                "received": _short_date(timezone.localtime(case.received_at)),
            }
        )
    return rows


def task_rows(tasks, due: DueDates) -> list[dict]:
    """Display values of each correction task row (see `list_rows`)."""
    url = reverse("loket:bo-case", args=["NUMBER"])
    rows = []
    for task in tasks:
        open_ = task.status in OPEN_TASK_STATUSES and task.due_date is not None
        rows.append(
            {
                "number": task.case.number,
                "url": f"{url.replace('NUMBER', task.case.number)}#taak-{task.pk}",
                "type": task.case.case_type.name,
                "system": f"{task.system.code} — {task.system.name}",
                "hold": task.hold_consequences,
                "owner": task.organisation.name,
                "round": task.level + 1,
                "status": task.get_status_display(),
                "due": due.info(task.due_date, statutory=False) if open_ else None,
                "due_iso": task.due_date.isoformat() if task.due_date else "",
                "due_date": _short_date(task.due_date) if task.due_date else "",
            }
        )
    return rows


def _short_date(day) -> str:
    return f"{day.day}-{day.month}-{day.year}"


def _organisations(actor):
    if actor.sees_everything:
        return list(Organisation.objects.order_by("name"))
    return list(Organisation.objects.filter(pk__in=actor.organisation_ids).order_by("name"))


def _filters(form, case_types, organisations):
    """The filter form's values as a queryset condition."""
    return worklist_filter(
        values=form.cleaned_data, case_types=case_types, organisations=organisations
    )


def _filtered_rows(request, *, actor, slug, ctx, case_types, organisations):
    """The list's rows with the filter form applied: (form, rows, sort, filtering)."""
    statuses = list(CaseStatus) if slug == ALL_CASES.slug else list(OPEN_STATUSES)
    form = WorklistFilterForm(
        request.GET, case_types=case_types, organisations=organisations, statuses=statuses
    )
    rows = worklist_rows(actor=actor, slug=slug, ctx=ctx)
    sort, filtering = "uiterste", False
    if form.is_valid():
        condition = _filters(form, case_types, organisations)
        text = form.cleaned_data.get("q", "")
        rows = rows.filter(condition & search_condition(actor=actor, text=text))
        sort = form.cleaned_data.get("sorteer") or sort
        filtering = bool(condition) or bool(text.strip())
    return form, rows, sort, filtering


def _page_number(request) -> int:
    try:
        return max(1, min(int(request.GET.get("pagina", "1")), 1_000_000))
    except ValueError:
        return 1


def _page_links(params: dict, page: KeysetPage) -> dict[str, str]:
    """ "Vorige" and "volgende" as keyset cursors: the sort key of the first or last row shown.
    The page number travels along only to say "Pagina 3"; the cursor decides the rows."""
    return {
        "previous": query_string(params, voor=page.first_key, pagina=page.number - 1)
        if page.has_previous
        else "",
        "next": query_string(params, na=page.last_key, pagina=page.number + 1)
        if page.has_next
        else "",
    }


def _tabs(counts: dict, slug: str) -> list[dict]:
    return [
        {
            "list": w,
            "count": count_label(counts.get(w.slug)),
            "url": query_string({"lijst": w.slug}),
            "current": w.slug == slug,
        }
        for w in (*WORKLISTS, ALL_CASES)
    ]


def _page_and_counts(request, rows, *, actor, ctx, sort, form):
    """The page of rows by keyset, and the tabs' counts with this list's (filtered) size in one
    query, each capped. A text search finds its rows through the trigram indexes: the page sorts
    those rather than walk the due-date index past every case that does not match, and keeps off
    whole-table scans, as the counts always do (see keyset._ordered and keyset.through_indexes)."""
    searching = form.is_valid() and bool(form.cleaned_data.get("q", "").strip())
    with through_indexes() if searching else nullcontext():
        page = keyset_page(
            rows,
            order=SORT_FIELDS[sort],
            after=request.GET.get("na", ""),
            before=request.GET.get("voor", ""),
            size=PAGE_SIZE,
            number=_page_number(request),
            sort_matches=searching,
        )
    counts = worklist_counts(actor=actor, ctx=ctx, extra={RESULT_COUNT: rows})
    return page, counts


@staff_required
@never_cache
@require_GET
def worklist(request):
    """One work list, a page at a time by keyset (`na`/`voor` cursors), with capped counts:
    the same queries and about the same time on page 20 as on page 1, at 1,000 cases as at
    1,000,000."""
    actor = request.actor
    slug = request.GET.get("lijst") or "mijn"
    current = WORKLISTS_BY_SLUG.get(slug)
    if current is None:
        raise Http404
    today = timezone.localdate()
    calendar = load_calendar()
    case_types = list(CaseType.objects.all())
    organisations = _organisations(actor)
    ctx = list_context(case_types, calendar, today)
    form, rows, sort, filtering = _filtered_rows(
        request, actor=actor, slug=slug, ctx=ctx, case_types=case_types, organisations=organisations
    )
    page, counts = _page_and_counts(request, rows, actor=actor, ctx=ctx, sort=sort, form=form)
    items = list_rows(page.rows, DueDates(calendar, today))
    params = {k: v for k, v in request.GET.items() if k not in PAGING_PARAMS}
    total = counts[RESULT_COUNT]
    return render(
        request,
        "backoffice/worklist.html",
        {
            "current": current,
            "count": count_label(counts.get(slug)),
            "tabs": _tabs(counts, slug),
            "form": form,
            "filtering": filtering,
            "page": page,
            "total": min(total, COUNT_CAP),
            "total_capped": total > COUNT_CAP,
            "items": items,
            "params": params,
            "page_query": _page_links(params, page),
        },
    )


@staff_required
@never_cache
@require_GET
def task_list(request):
    actor = request.actor
    slug = request.GET.get("lijst") or TASK_LISTS[0].slug
    current = TASK_LISTS_BY_SLUG.get(slug)
    if current is None:
        raise Http404
    today = timezone.localdate()
    calendar = load_calendar()
    due = DueDates(calendar, today)
    counts = task_list_counts(actor=actor, today=today)
    page = Paginator(task_list_rows(actor=actor, slug=slug, today=today), PAGE_SIZE).get_page(
        request.GET.get("pagina")
    )
    items = task_rows(page.object_list, due)
    tabs = [
        {
            "list": w,
            "count": counts[w.slug],
            "url": query_string({"lijst": w.slug}),
            "current": w.slug == slug,
        }
        for w in TASK_LISTS
    ]
    params = {"lijst": slug}
    return render(
        request,
        "backoffice/tasks.html",
        {
            "current": current,
            "count": counts[slug],
            "tabs": tabs,
            "page": page,
            "items": items,
            "page_query": {
                "previous": query_string(params, pagina=page.previous_page_number())
                if page.has_previous()
                else "",
                "next": query_string(params, pagina=page.next_page_number())
                if page.has_next()
                else "",
            },
        },
    )


@staff_required(need=COORDINATOR)
@never_cache
@require_GET
def escalations(request):
    actor = request.actor
    today = timezone.localdate()
    calendar = load_calendar()
    case_types = list(CaseType.objects.all())
    ctx = list_context(case_types, calendar, today)
    due = DueDates(calendar, today)
    overdue_cases = escalation_cases(actor=actor, ctx=ctx)
    overdue_tasks = escalation_tasks(actor=actor, today=today)
    disputes = disputed_tasks(actor=actor, today=today)
    return render(
        request,
        "backoffice/escalations.html",
        {
            "cases": list_rows(overdue_cases[:ESCALATION_LIMIT], due),
            "cases_count": overdue_cases.count(),
            "tasks": task_rows(overdue_tasks[:ESCALATION_LIMIT], due),
            "tasks_count": overdue_tasks.count(),
            "disputes": task_rows(disputes[:ESCALATION_LIMIT], due),
            "disputes_count": disputes.count(),
            "limit": ESCALATION_LIMIT,
        },
    )
