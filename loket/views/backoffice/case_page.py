"""The case page: everything about one case on one page, and every action on it as a plain POST
form (redirect after post; no JavaScript needed).

Queries are fixed per page whatever the number of events, notes, notices, attachments or tasks:
each of those is one query, the calendar two, the choices of the forms one each.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from cases.calendar import load_calendar
from cases.errors import CaseActionError, CaseChangedMeanwhile
from cases.explain import explain_case_due_date
from cases.models import Case, TaskStatus
from cases.selectors.backoffice import (
    case_attachments,
    case_for_page,
    case_tasks,
    task_for_actor,
)
from cases.selectors.case_page import (
    case_events,
    case_notes_by_pk,
    personal_data_accesses,
    plan_flows,
    team_names_for,
)
from cases.selectors.notices import case_notices
from cases.selectors.tracking import citizen_due_date
from cases.services.privacy import personal_data_access_record
from cases.workflow import OPEN_STATUSES
from cases.workflow_correction import OPEN_TASK_STATUSES
from loket import privacy
from loket.views.backoffice.actions import Offer, form_context
from loket.views.backoffice.case_actions import (
    CASE_ACTIONS,
    PageState,
    case_action_items,
    extension_offer,
)
from loket.views.backoffice.chain_picture import STATE_STYLE, build_picture
from loket.views.backoffice.common import ANY, DueDates, format_date, staff_required
from loket.views.backoffice.task_actions import TASK_ACTIONS, task_offers
from loket.views.backoffice.timeline import build_timeline
from records.selectors import may_break_glass

ACCESS_LOG_ROWS = 20


def case_url(case) -> str:
    return reverse("loket:bo-case", args=[case.number])


def _case_or_404(request, number: str):
    case = case_for_page(actor=request.actor, number=number)
    if case is None:
        raise Http404
    return case


@staff_required(need=ANY)
@never_cache
@require_GET
def case_detail(request, number: str):
    case = case_for_page(actor=request.actor, number=number)
    if case is None:
        return _break_glass_offer(request, number)
    return render_case_page(request, case)


def _break_glass_offer(request, number: str):
    """A case outside the routing of someone who may break the glass: a page that explains and
    links to the form that asks for a reason (records). Shows nothing of the case. Everyone
    else, and a number that does not exist, gets the plain 404."""
    if not may_break_glass(request.actor) or not Case.objects.filter(number=number).exists():
        raise Http404
    return render(request, "records/break_glass_offer.html", {"number": number}, status=403)


def _chain_report(case):
    # A reverse one-to-one loaded by select_related: None when the case has no chain report.
    return getattr(case, "chain_report", None)


def _version_refreshed(data, prefix: str, version: int):
    data = data.copy()
    data[f"{prefix}-version"] = str(version)
    return data


def _offer_factory(bound: dict):
    """Offers with a fresh form, or the bound one sent back with its errors (and opened)."""

    def offer(action, *, key: str, url: str, version: int, context: dict, prefix: str):
        form = bound.get(key)
        if form is None:
            form = action.form_class(prefix=prefix, initial={"version": version}, context=context)
        return Offer(action=action, form=form, url=url, open=key in bound)

    return offer


def _errors_of_forms_not_shown(request, bound, case_actions, task_rows, *, handler) -> None:
    """A form sent for an action that is no longer offered (the case moved on, or it never was
    this user's to take): its errors still reach the user, at the top of the page."""
    shown_keys = {f"case:{o.action.slug}" for o in case_actions}
    for row in task_rows:
        # Handlers see the plan as a compact table: only each row's due action is on this page.
        on_page = ([row["primary"]] if row["primary"] else []) if handler else row["offers"]
        shown_keys |= {f"task:{row['task'].pk}:{o.action.slug}" for o in on_page}
    for key, form in bound.items():
        if key not in shown_keys and form.errors:
            for error in form.non_field_errors() or [
                _("Deze actie kan nu niet worden uitgevoerd.")
            ]:
                messages.error(request, error)


def render_case_page(request, case, *, bound: dict | None = None, status: int = 200):
    """Render the page. `bound` maps an action key ("case:<slug>" or "task:<pk>:<slug>") to a
    bound form to show with its errors (and opened) instead of a fresh one."""
    actor = request.actor
    bound = bound or {}
    language = translation.get_language() or "nl"
    today = timezone.localdate()
    calendar = load_calendar()
    due = DueDates(calendar, today)
    relation = privacy.relation_to_case(actor, case)
    handler = privacy.is_handler(relation)
    report = _chain_report(case)
    elements = list(report.elements.all()) if report is not None else []

    shown = privacy.personal_data(case, relation, chain_report=report, elements=elements)
    personal_data_access_record(
        actor=actor, case=case, view="case_page", fields=[f.name for f in shown]
    )

    tasks = case_tasks(actor=actor, case=case, handler=handler) if report is not None else []
    loaded: dict = {"plan_system_ids": {t.system_id for t in tasks}}

    offer = _offer_factory(bound)
    is_open = case.status in OPEN_STATUSES
    extension = extension_offer(actor, case) if handler and is_open else None
    state = PageState(
        chain_report=report, has_tasks=bool(tasks), elements=elements, extension=extension
    )
    case_actions = case_action_items(actor, case, state=state, loaded=loaded, offer=offer)
    task_rows = [_task_row(actor, case, task, due=due, offer=offer) for task in tasks]

    _errors_of_forms_not_shown(request, bound, case_actions, task_rows, handler=handler)

    context = {
        "case": case,
        "relation": relation,
        "handler": handler,
        "shown": shown,
        "report": report,
        "elements": elements,
        "due": due.for_case(case),
        "due_text": format_date(case.due_date, language),
        "case_actions": case_actions,
        "task_rows": task_rows,
        "is_open": is_open,
        # Not offered: the page still says why (the rule), beside the term.
        "extension_refusal": extension.refusal if extension is not None else "",
    }
    if handler:
        context.update(_handler_context(request, case, tasks, calendar, today, language, loaded))
    return render(request, "backoffice/case.html", context, status=status)


def _task_row(actor, case, task, *, due: DueDates, offer) -> dict:
    """One correction task with the actions this actor may take on it. `primary` is the one
    action that is due (a single button: "Gecorrigeerd melden", "Correctie gecontroleerd");
    `next_step` names the first other action, done on the task page."""
    offers = []
    for action in task_offers(actor, task):
        prefix = f"taak{task.pk}-{action.slug}"
        item = offer(
            action,
            key=f"task:{task.pk}:{action.slug}",
            url=reverse("loket:bo-task-action", args=[case.number, task.pk, action.slug]),
            version=task.version,
            context={"case_type": case.case_type},
            prefix=prefix,
        )
        if action.slug == "gevolgen":
            item.form.initial["hold"] = "0" if task.hold_consequences else "1"
            item.button_override = (
                _("Opschorting gevolgen opheffen")
                if task.hold_consequences
                else _("Gevolgen opschorten")
            )
        offers.append(item)
    primary = next((o for o in offers if o.action.primary and o.action.simple), None)
    # Nothing is due on a task that waits for its upstream systems; holding consequences is
    # possible on every open task and never the next step.
    next_step = (
        next((o for o in offers if not o.action.simple), None)
        if task.status != TaskStatus.PENDING
        else None
    )
    return {
        "task": task,
        # A settled task's date no longer runs: the page shows when it was settled.
        "due": due.info(task.due_date, statutory=False)
        if task.due_date and task.status in OPEN_TASK_STATUSES
        else None,
        "offers": offers,
        "primary": primary,
        "next_step": next_step if primary is None else None,
        "upstream": list(task.upstream.all()),
        "css": STATE_STYLE.get(task.status, ("bo-state-pending", ""))[0],
    }


def _handler_context(request, case, tasks, calendar, today, language, loaded) -> dict:
    """What only handlers of the case see: the timeline, the term's history, attachments and
    the chain picture."""
    actor = request.actor
    team_names = team_names_for(case=case, teams=loaded.get("teams"))
    timeline = build_timeline(
        case_events(case=case),
        case_notices(case=case),
        notes=case_notes_by_pk(case=case),
        teams=team_names,
    )
    picture = None
    if tasks:
        flows = plan_flows(tasks=tasks, today=today)
        picture = build_picture(tasks, flows, today=today)
        targets: dict[int, list[str]] = {}
        codes = {t.system_id: t.system.code for t in tasks}
        for source, target in flows:
            targets.setdefault(source, []).append(codes[target])
        for task in tasks:
            task.delivers_to = sorted(targets.get(task.system_id, []))
    # AVG art. 5(2): the coordinator can show who looked at this citizen's data.
    accesses = (
        personal_data_accesses(case=case, limit=ACCESS_LOG_ROWS) if actor.sees_everything else []
    )
    for access in accesses:
        access.field_text = ", ".join(
            str(privacy.FIELD_LABELS.get(name, _("bijlage"))) for name in access.fields
        )
    return {
        "accesses": accesses,
        "timeline": timeline,
        "explanation": explain_case_due_date(case, language=language, calendar=calendar),
        "extensions": list(case.extensions.all()),
        "suspensions": list(case.suspensions.all()),
        "attachments": list(case_attachments(actor=actor, case=case)),
        "picture": picture,
        "promised_text": format_date(citizen_due_date(case=case), language)
        if citizen_due_date(case=case) != case.due_date
        else "",
        "original_text": format_date(case.original_due_date, language),
        "reply_due_text": format_date(case.reply_due_date, language) if case.reply_due_date else "",
    }


def _run(
    request,
    case,
    *,
    action,
    form,
    key: str,
    prefix: str,
    version_now,
    render_page=None,
    **target,
):
    """Validate, call the service, redirect; or show the page again with what went wrong (the
    case page, or `render_page(request, fresh_case, bound=…, status=…)`)."""
    render_page = render_page or render_case_page
    if form.is_valid():
        try:
            message = action.perform(actor=request.actor, case=case, form=form, **target)
        except CaseChangedMeanwhile as exc:
            # Show the page as it is now, with the user's input kept and the current version,
            # so they can check the new state and submit again if it still makes sense.
            messages.error(request, exc.message)
            fresh = _case_or_404(request, case.number)
            form = action.form_class(
                _version_refreshed(request.POST, prefix, version_now(fresh)),
                prefix=prefix,
                context=form.context,
            )
            form.is_valid()
            return render_page(request, fresh, bound={key: form}, status=409)
        except CaseActionError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, message)
            return redirect(case_url(case))
    return render_page(request, case, bound={key: form}, status=400)


@staff_required
@require_POST
def case_action(request, number: str, action: str):
    case = _case_or_404(request, number)
    spec = CASE_ACTIONS.get(action)
    if spec is None:
        raise Http404
    loaded: dict = {}
    if spec.slug == "systeem-toevoegen":
        loaded["plan_system_ids"] = set(case.correction_tasks.values_list("system_id", flat=True))
    form = spec.form_class(
        request.POST, prefix=spec.slug, context=form_context(spec, case, request.actor, loaded)
    )
    return _run(
        request,
        case,
        action=spec,
        form=form,
        key=f"case:{spec.slug}",
        prefix=spec.slug,
        version_now=lambda fresh: fresh.version,
    )


@staff_required
@require_POST
def task_action(request, number: str, task_pk: int, action: str):
    case = _case_or_404(request, number)
    task = task_for_actor(actor=request.actor, pk=task_pk)
    if task is None or task.case_id != case.pk:
        raise Http404
    spec = TASK_ACTIONS.get(action)
    if spec is None:
        raise Http404
    prefix = f"taak{task.pk}-{spec.slug}"
    form = spec.form_class(request.POST, prefix=prefix, context={"case_type": case.case_type})

    def version_now(_fresh):
        task.refresh_from_db(fields=["version"])
        return task.version

    def render_page(request, fresh_case, *, bound, status):
        # A refused task form comes back on the task page, where all its forms are.
        fresh = task_for_actor(actor=request.actor, pk=task.pk)
        if fresh is None:
            raise Http404
        return render_task_page(request, fresh, bound=bound, status=status)

    return _run(
        request,
        case,
        action=spec,
        form=form,
        key=f"task:{task.pk}:{spec.slug}",
        prefix=prefix,
        version_now=version_now,
        render_page=render_page,
        task=task,
    )


@staff_required
@never_cache
@require_GET
def task_detail(request, pk: int):
    """A correction task on its own page: its details and every action on it. The case page
    shows the plan as a compact table with only the one action that is due per task. The link
    is checked like any other (404 when the task is not the user's to see)."""
    task = task_for_actor(actor=request.actor, pk=pk)
    if task is None:
        raise Http404
    return render_task_page(request, task)


def render_task_page(request, task, *, bound: dict | None = None, status: int = 200):
    """No personal data here (nothing to log): what the owner needs to correct is on the case
    page, under the access log."""
    actor = request.actor
    due = DueDates(load_calendar(), timezone.localdate())
    row = _task_row(actor, task.case, task, due=due, offer=_offer_factory(bound or {}))
    shown_keys = {f"task:{task.pk}:{o.action.slug}" for o in row["offers"]}
    for key, form in (bound or {}).items():
        if key not in shown_keys and form.errors:
            for error in form.non_field_errors() or [
                _("Deze actie kan nu niet worden uitgevoerd.")
            ]:
                messages.error(request, error)
    return render(
        request,
        "backoffice/task.html",
        {"task": task, "case": task.case, "row": row},
        status=status,
    )
