"""What every backoffice page shares: who may enter, the actor on the request, the navigation by
role, and due dates in working days."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.actors import Actor
from cases.deadlines import Calendar, atw_holidays, format_date_en, format_date_nl
from cases.models import Role
from cases.selectors.access import staff_actor
from cases.selectors.backoffice import may_use_backoffice

ANY = "any"
HANDLER = "handler"
COORDINATOR = "coordinator"


def staff_required(view: Callable | None = None, *, need: str = HANDLER):
    """Anonymous users go to the login page; a logged-in user who may not use this page gets a
    404, as for a case they may not see (nothing tells them the page exists). The actor, with
    the roles of the user's memberships, is put on `request.actor` (one query)."""

    def decorate(func):
        @functools.wraps(func)
        def wrapped(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            actor = staff_actor(user=request.user)
            if need == HANDLER and not may_use_backoffice(actor=actor):
                raise Http404
            if need == COORDINATOR and not actor.sees_everything:
                raise Http404
            request.actor = actor
            return func(request, *args, **kwargs)

        return wrapped

    return decorate(view) if view is not None else decorate


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str
    current: bool


def navigation(actor: Actor, path: str) -> list[NavItem]:
    """The links a role needs, in the header of every staff page (backoffice, front desk,
    council, notices), so the same role sees the same links everywhere. Built by
    `loket.context_processors.site` from the actor the page's view put on the request."""
    items: list[tuple[str, str]] = []
    if actor.sees_everything or actor.has_role(Role.COUNCIL):
        items.append((_("Raadsinformatie"), reverse("loket:council")))
    if may_use_backoffice(actor=actor):
        items.append((_("Zaken"), reverse("loket:bo-worklist")))
        items.append((_("Correcties"), reverse("loket:bo-tasks")))
    if actor.sees_everything:
        items.append((_("Escalaties"), reverse("loket:bo-escalations")))
    if actor.has_role(Role.FRONT_DESK) or actor.sees_everything:
        items.append((_("Balie"), reverse("loket:frontdesk")))
    # Records (issue 18): the archivist's destruction lists, the privacy officer's log and
    # access requests.
    if actor.has_role(Role.ARCHIVIST):
        items.append((_("Vernietigingslijsten"), reverse("records:destruction-lists")))
    if actor.has_role(Role.PRIVACY_OFFICER):
        items.append((_("Inzagelog"), reverse("records:access-log")))
        items.append((_("Inzageverzoeken"), reverse("records:access-requests")))
    return [NavItem(label, url, path.startswith(url)) for label, url in items]


def format_date(day: date, language: str) -> str:
    return format_date_en(day) if language.startswith("en") else format_date_nl(day)


@dataclass(frozen=True)
class DueInfo:
    due_date: date
    today: date
    days: int  # working days from today to the due date; negative when overdue
    suspended: bool

    @property
    def overdue(self) -> bool:
        return self.due_date < self.today and not self.suspended

    @property
    def text(self) -> str:
        """In words, never by colour alone: "nog 3 werkdagen", "2 werkdagen te laat"."""
        if self.suspended:
            return _("termijn opgeschort")
        if self.overdue:
            if self.days == 0:
                return _("verstreken")
            return ngettext("%(n)s werkdag te laat", "%(n)s werkdagen te laat", -self.days) % {
                "n": -self.days
            }
        if self.due_date == self.today:
            return _("vandaag de laatste dag")
        return ngettext("nog %(n)s werkdag", "nog %(n)s werkdagen", self.days) % {"n": self.days}


def _weekdays_after(start: date, end: date) -> int:
    """Monday–Friday days d with start < d <= end (end >= start), by arithmetic."""
    days = (end - start).days
    weeks, rest = divmod(days, 7)
    count = weeks * 5
    weekday = start.weekday()
    for offset in range(1, rest + 1):
        if (weekday + offset) % 7 < 5:
            count += 1
    return count


def count_working_days(start: date, end: date, calendar: Calendar, *, service_norm: bool) -> int:
    """The same number as `cases.deadlines.working_days_between`, without walking every day: a
    list of two years ago would otherwise cost 700 steps per row. Weekdays are counted by
    arithmetic; then every holiday, decree day (and, for service norms, closing day) on a
    weekday inside the range is taken off, each once."""
    if end < start:
        return -count_working_days(end, start, calendar, service_norm=service_norm)
    special: set[date] = set()
    for year in range(start.year, end.year + 1):
        special.update(atw_holidays(year))
    special.update(calendar.decree_days)
    if service_norm:
        special.update(calendar.closing_days)
    off = sum(1 for day in special if start < day <= end and day.weekday() < 5)
    return _weekdays_after(start, end) - off


class DueDates:
    """Working days to each due date, from one calendar loaded once per request. Many rows
    share a date, so results are kept per (date, kind of term)."""

    def __init__(self, calendar: Calendar, today: date):
        self.calendar = calendar
        self.today = today
        self._cache: dict[tuple[date, bool], int] = {}

    def days(self, due: date, *, statutory: bool) -> int:
        key = (due, statutory)
        if key not in self._cache:
            # The law counts Atw holidays and decree days; the municipality's own service norms
            # also skip its closing days (DESIGN.md §3).
            self._cache[key] = count_working_days(
                self.today, due, self.calendar, service_norm=not statutory
            )
        return self._cache[key]

    def info(self, due: date, *, statutory: bool, suspended: bool = False) -> DueInfo:
        return DueInfo(
            due_date=due,
            today=self.today,
            days=self.days(due, statutory=statutory),
            suspended=suspended,
        )

    def for_case(self, case) -> DueInfo:
        suspended = case.status == "awaiting_citizen" and case.case_type.suspension_allowed
        return self.info(case.due_date, statutory=case.case_type.is_statutory, suspended=suspended)


def query_string(params: dict, **changes) -> str:
    """The current filters with some changed (for pagination and list tabs)."""
    merged = {k: v for k, v in {**params, **changes}.items() if v not in (None, "")}
    return "?" + urlencode(merged) if merged else ""
