"""The backoffice home: what each role can do, with the size of every work list."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from cases.calendar import load_calendar
from cases.models import CaseType, Role
from cases.selectors.backoffice import (
    TASK_LISTS,
    WORKLISTS,
    may_use_backoffice,
    task_list_counts,
    worklist_counts,
)
from cases.selectors.keyset import COUNT_CAP, count_label
from loket.views.backoffice.common import ANY, query_string, staff_required
from loket.views.backoffice.worklists import list_context


def front_desk_only(actor, user) -> bool:
    """The front desk is all this user may use (no work lists, figures or administration)."""
    return (
        actor.has_role(Role.FRONT_DESK)
        and not may_use_backoffice(actor=actor)
        and not actor.has_role(Role.COUNCIL)
        and not actor.has_role(Role.FUNCTIONAL_ADMIN)
        and not user.is_staff
    )


@staff_required(need=ANY)
@never_cache
@require_GET
def home(request):
    actor = request.actor
    if front_desk_only(actor, request.user):
        # Sign-in lands here: a front-desk employee goes straight to registering a contact,
        # not to a page whose only link is "Balie".
        return redirect("loket:frontdesk-register")
    context = {
        "roles": sorted(str(Role(r).label) for r in actor.roles if r in Role.values),
        "handler": may_use_backoffice(actor=actor),
        "coordinator": actor.sees_everything,
        "front_desk": actor.has_role(Role.FRONT_DESK),
        "council": actor.has_role(Role.COUNCIL),
        "functional_admin": actor.has_role(Role.FUNCTIONAL_ADMIN) or request.user.is_staff,
    }
    if context["handler"]:
        today = timezone.localdate()
        ctx = list_context(list(CaseType.objects.all()), load_calendar(), today)
        counts = worklist_counts(actor=actor, ctx=ctx)
        task_counts = task_list_counts(actor=actor, today=today)
        context["worklists"] = [
            {
                "list": w,
                "count": counts[w.slug],
                "label": count_label(counts[w.slug]),
                "url": query_string({"lijst": w.slug}),
            }
            for w in WORKLISTS
        ]
        context["task_lists"] = [
            {"list": w, "count": task_counts[w.slug], "url": query_string({"lijst": w.slug})}
            for w in TASK_LISTS
        ]
        # Counted up to COUNT_CAP + 1: "more than 1000" beyond that.
        context["overdue"] = min(counts["te-laat"], COUNT_CAP)
        context["overdue_capped"] = counts["te-laat"] > COUNT_CAP
        context["overdue_tasks"] = task_counts["te-laat"]
        context["disputed"] = task_counts["betwist"]
    return render(request, "backoffice/home.html", context)
