"""Work lists: cases by list (mine, my team, unassigned, due soon, overdue, waiting), correction
tasks, and the coordinator's escalations. Each page costs the same number of queries at 10 rows
as at 100,000: the counts of all lists are one aggregate query, the page of rows one query with
its joins, the calendar two small ones (loaded once, for every row's working days)."""

from __future__ import annotations

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
from cases.workflow import OPEN_STATUSES
from cases.workflow_correction import OPEN_TASK_STATUSES
from loket.forms.backoffice import SORT_FIELDS, WorklistFilterForm
from loket.views.backoffice.common import COORDINATOR, DueDates, query_string, staff_required

PAGE_SIZE = 50
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
    rows = []
    for case in cases:
        assignee = case.assignee
        rows.append(
            {
                "number": case.number,
                "url": url.replace("NUMBER", case.number),
                "type": case.case_type.name,
                "subject": case.subject,
                "status": case.status_label,
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


# long: to split at its section comments (issue 20 step 4, not done yet)
@staff_required
@never_cache
@require_GET
def worklist(request):
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
    statuses = list(CaseStatus) if slug == ALL_CASES.slug else list(OPEN_STATUSES)
    form = WorklistFilterForm(
        request.GET, case_types=case_types, organisations=organisations, statuses=statuses
    )
    rows = worklist_rows(actor=actor, slug=slug, ctx=ctx)
    sort = "uiterste"
    filtering = False
    if form.is_valid():
        condition = _filters(form, case_types, organisations)
        text = form.cleaned_data.get("q", "")
        rows = rows.filter(condition & search_condition(actor=actor, text=text))
        sort = form.cleaned_data.get("sorteer") or sort
        filtering = bool(condition) or bool(text.strip())
    rows = rows.order_by(*SORT_FIELDS[sort])
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("pagina"))
    due = DueDates(calendar, today)
    items = list_rows(page.object_list, due)
    params = {k: v for k, v in request.GET.items() if k != "pagina"}
    counts = worklist_counts(actor=actor, ctx=ctx)
    tabs = [
        {
            "list": w,
            "count": counts.get(w.slug),
            "url": query_string({"lijst": w.slug}),
            "current": w.slug == slug,
        }
        for w in (*WORKLISTS, ALL_CASES)
    ]
    return render(
        request,
        "backoffice/worklist.html",
        {
            "current": current,
            "count": counts.get(slug),
            "tabs": tabs,
            "form": form,
            "filtering": filtering,
            "page": page,
            "items": items,
            "params": params,
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
