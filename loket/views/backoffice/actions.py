"""What every action on a case or a correction task has in common: its description (form,
service call, message), the form as offered on the page, and the choices forms need.

The actions themselves live in `case_actions` and `task_actions`. Offering is a convenience; the
services decide (permission, state, version) and refuse with a `CaseActionError` whose message
the page shows. Which workflow transitions are offered comes from django-fsm
(`get_available_user_status_transitions`, with the Actor as the "user"), so the page offers
exactly what the workflow would allow this actor now.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from cases.actors import Actor
from cases.checks import allowed_outcomes, assignable_people
from cases.models import Case, DataElement, System, Team


@dataclass(frozen=True)
class Action:
    slug: str
    label: object  # lazy text
    form_class: type
    perform: Callable[..., str]
    button: object = None
    # Transition name when this action is a workflow transition (offered from django-fsm).
    transition: str = ""
    # Shown as a single button (no fields besides the version).
    simple: bool = False
    primary: bool = False
    needs: tuple[str, ...] = field(default_factory=tuple)
    # Adjusts the offered form to the case (initial value, button text, hint); returns False
    # when the form has nothing to choose from, so the action is not offered.
    prepare: Callable[..., bool] | None = None

    @property
    def button_label(self):
        return self.button or self.label


@dataclass
class Offer:
    """An action offered on the page, with its (unbound or bound) form."""

    action: Action
    form: object
    url: str
    open: bool = False
    note: str = ""  # why the action is not possible now (form then not shown)
    hint: str = ""  # what the form needs to succeed, shown above it
    button_override: str = ""

    @property
    def button_label(self):
        return self.button_override or self.action.button_label


def form_context(action: Action, case: Case, actor: Actor, loaded: dict) -> dict:
    """The choices an action's form needs, loaded once per request into `loaded`."""
    context = {"case_type": case.case_type}
    if action.slug == "afhandelen":
        context["outcomes"] = allowed_outcomes(case=case)
    for need in action.needs:
        if need not in loaded:
            loaded[need] = _load(need, case, actor)
        context[need] = loaded[need]
    if action.slug == "systeem-toevoegen":
        in_plan = loaded.get("plan_system_ids", set())
        context["systems"] = [s for s in context["systems"] if s.pk not in in_plan]
    return context


def _load(need: str, case: Case, actor: Actor):
    if need == "teams":
        return list(Team.objects.select_related("organisation").exclude(pk=case.team_id))
    if need == "people":
        # The same set case_assign accepts (cases.checks).
        return list(assignable_people(case=case))
    if need == "systems":
        return list(System.objects.select_related("organisation").order_by("code"))
    if need == "elements":
        return list(DataElement.objects.order_by("name"))
    raise KeyError(need)
