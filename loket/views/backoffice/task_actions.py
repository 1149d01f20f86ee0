"""Actions on a correction task: the owner corrects, says the system is not affected or
disputes; the loket verifies or sends back; the coordinator decides a dispute; a handler asks
the owner to hold consequences."""

from __future__ import annotations

from functools import partial

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import checks, services
from cases.actors import Actor
from cases.errors import CaseActionError
from cases.models import CorrectionTask
from loket.forms import backoffice as bo_forms
from loket.views.backoffice.actions import Action


def _task_kwargs(form):
    return {"expected_version": form.cleaned_data["version"]}


def _mark_corrected(*, actor, task, form, **_kw):
    services.correction_task_mark_corrected(task=task, actor=actor, **_task_kwargs(form))
    return _("%(system)s staat als gecorrigeerd gemeld; het loket controleert het.") % {
        "system": task.system.code
    }


def _verify(*, actor, task, form, **_kw):
    services.correction_task_verify(task=task, actor=actor, **_task_kwargs(form))
    return _("De correctie in %(system)s is gecontroleerd.") % {"system": task.system.code}


def _reject_correction(*, actor, task, form, **_kw):
    services.correction_task_reject(
        task=task, actor=actor, reason=form.cleaned_data["reason"], **_task_kwargs(form)
    )
    return _("Het correctieverzoek voor %(system)s is teruggestuurd naar de eigenaar.") % {
        "system": task.system.code
    }


def _not_affected(*, actor, task, form, **_kw):
    services.correction_task_not_affected(
        task=task, actor=actor, reason=form.cleaned_data["reason"], **_task_kwargs(form)
    )
    return _("%(system)s staat als niet getroffen.") % {"system": task.system.code}


def _dispute(*, actor, task, form, **_kw):
    services.correction_task_dispute(
        task=task, actor=actor, reason=form.cleaned_data["reason"], **_task_kwargs(form)
    )
    return _("De correctie voor %(system)s is betwist; de regisseur beslist.") % {
        "system": task.system.code
    }


def _decide(*, actor, task, form, **_kw):
    uphold = form.cleaned_data["decision"] == "uphold"
    services.correction_task_decide_dispute(
        task=task,
        actor=actor,
        uphold=uphold,
        reason=form.cleaned_data["reason"],
        **_task_kwargs(form),
    )
    if uphold:
        return _("De correctie blijft nodig; %(system)s moet corrigeren.") % {
            "system": task.system.code
        }
    return _("%(system)s staat als niet getroffen.") % {"system": task.system.code}


def _hold(*, actor, task, form, **_kw):
    hold = form.cleaned_data["hold"]
    services.correction_task_hold_consequences(
        task=task, actor=actor, hold=hold, **_task_kwargs(form)
    )
    if hold:
        return _("De eigenaar van %(system)s is gevraagd de gevolgen op te schorten.") % {
            "system": task.system.code
        }
    return _("De opschorting van de gevolgen in %(system)s is opgeheven.") % {
        "system": task.system.code
    }


TASK_ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action(
            "gecorrigeerd",
            gettext_lazy("Gecorrigeerd melden"),
            bo_forms.ConfirmForm,
            _mark_corrected,
            transition="mark_corrected",
            simple=True,
            primary=True,
        ),
        Action(
            "akkoord",
            gettext_lazy("Correctie gecontroleerd"),
            bo_forms.ConfirmForm,
            _verify,
            transition="verify",
            simple=True,
            primary=True,
        ),
        Action(
            "terugsturen",
            gettext_lazy("Correctie afkeuren en terugsturen"),
            bo_forms.ReasonForm,
            _reject_correction,
            button=gettext_lazy("Terugsturen"),
            transition="reject_correction",
        ),
        Action(
            "niet-getroffen",
            gettext_lazy("Niet getroffen"),
            bo_forms.ReasonForm,
            _not_affected,
            button=gettext_lazy("Niet getroffen melden"),
            transition="mark_not_affected",
        ),
        Action(
            "betwisten",
            gettext_lazy("Betwisten: de gegevens zijn juist"),
            bo_forms.ReasonForm,
            _dispute,
            button=gettext_lazy("Betwisten"),
            transition="dispute",
        ),
        Action(
            "beslissen",
            gettext_lazy("Beslissen over de betwisting"),
            bo_forms.DecideDisputeForm,
            _decide,
            button=gettext_lazy("Besluit vastleggen"),
            transition="uphold",
        ),
        Action(
            "gevolgen",
            gettext_lazy("Gevolgen opschorten"),
            bo_forms.HoldForm,
            _hold,
            simple=True,
        ),
    )
}


def _task_check(slug: str, action: Action):
    """The check the task's service calls: its workflow transition, or holding consequences."""
    if slug == "gevolgen":
        return checks.check_correction_task_hold
    return partial(checks.check_correction_task_transition, name=action.transition)


def task_offers(actor: Actor, task: CorrectionTask) -> list[Action]:
    """The task actions whose check passes, in the page's order."""
    offered = []
    for slug, action in TASK_ACTIONS.items():
        try:
            _task_check(slug, action)(task=task, actor=actor)
        except CaseActionError:
            continue
        offered.append(action)
    return offered
