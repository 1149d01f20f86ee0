# long: the table of every case action with its check, one place by design
"""Actions on a case: the workflow's transitions (take, ask the citizen, resolve, …) and the
operations beside it (forward, assign, extend, note; for chain errors: triage, the plan, a
missed system, sharing the citizen's description)."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cases import checks, services
from cases.actors import Actor
from cases.errors import ActionNotAllowed, CaseActionError, ExtensionRefused
from cases.models import Case
from cases.services.privacy import chain_report_share_description
from loket.forms import backoffice as bo_forms
from loket.views.backoffice.actions import Action, form_context


def _take(*, actor, case, form, **_kw):
    services.case_take(case=case, actor=actor, expected_version=form.cleaned_data["version"])
    return _("U heeft de zaak in behandeling genomen.")


def _reject(*, actor, case, form, **_kw):
    services.case_reject(
        case=case,
        actor=actor,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return _("De zaak is niet in behandeling genomen; de inwoner krijgt bericht.")


def _request_information(*, actor, case, form, **_kw):
    case = services.case_request_information(
        case=case,
        actor=actor,
        question=form.cleaned_data["question"],
        reply_days=form.cleaned_data["reply_days"],
        expected_version=form.cleaned_data["version"],
    )
    return _("De vraag is aan de inwoner verstuurd; antwoord uiterlijk %(date)s.") % {
        "date": case.reply_due_date.strftime("%d-%m-%Y")
    }


def _receive_reply(*, actor, case, form, **_kw):
    services.case_receive_reply(
        case=case,
        actor=actor,
        text=form.cleaned_data["text"],
        expected_version=form.cleaned_data["version"],
    )
    return _("De reactie van de inwoner is vastgelegd; de zaak is weer in behandeling.")


def _committee(*, actor, case, form, **_kw):
    services.case_refer_to_committee(
        case=case,
        actor=actor,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return _(
        "De klacht is voorgelegd aan een adviescommissie; de termijn is nu %(weeks)s weken."
    ) % {"weeks": case.case_type.committee_term_weeks}


def _resolve(*, actor, case, form, **_kw):
    services.case_resolve(
        case=case,
        actor=actor,
        expected_version=form.cleaned_data["version"],
        **form.service_kwargs(),
    )
    return _("De zaak is afgehandeld; de inwoner krijgt het antwoord.")


def _prepare_resolve(item, *, state, context) -> bool:
    """Say why disclosing outcomes are missing while the identity is not verified."""
    if len(context.get("outcomes", ())) < len(context["case_type"].allowed_outcomes):
        item.hint = checks.identity_refusal()
    return True


def _reopen(*, actor, case, form, **_kw):
    services.case_reopen(
        case=case,
        actor=actor,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return _("De zaak is heropend.")


def _withdraw(*, actor, case, form, **_kw):
    services.case_withdraw(
        case=case,
        actor=actor,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return _("De zaak is ingetrokken namens de inwoner.")


def _forward(*, actor, case, form, **_kw):
    team = bo_forms.choice_object(form, "teams", "team")
    services.case_forward(
        case=case,
        actor=actor,
        team=team,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return _("De zaak is doorgestuurd naar %(team)s.") % {"team": team.name}


def _assign(*, actor, case, form, **_kw):
    person = bo_forms.choice_object(form, "people", "assignee")
    services.case_assign(
        case=case, actor=actor, assignee=person, expected_version=form.cleaned_data["version"]
    )
    return _("De zaak is toegewezen aan %(name)s.") % {
        "name": person.get_full_name() or person.get_username()
    }


def _assign_self(*, actor, case, form, **_kw):
    services.case_assign(
        case=case, actor=actor, assignee=actor.user, expected_version=form.cleaned_data["version"]
    )
    return _("De zaak is aan u toegewezen.")


def _extend(*, actor, case, form, **_kw):
    case = services.case_extend(
        case=case,
        actor=actor,
        amount=form.cleaned_data["amount"],
        reason=form.cleaned_data["reason"],
        with_consent=form.cleaned_data.get("with_consent", False),
        expected_version=form.cleaned_data["version"],
    )
    return _("De termijn is verlengd tot %(date)s; de inwoner krijgt bericht.") % {
        "date": case.due_date.strftime("%d-%m-%Y")
    }


def _note(*, actor, case, form, **_kw):
    # A note does not depend on the case's state, so it is not refused for a stale version:
    # two people may write notes at once.
    to_citizen = form.cleaned_data["kind"] == "inwoner"
    services.case_add_note(
        case=case, actor=actor, body=form.cleaned_data["body"], to_citizen=to_citizen
    )
    return _("Het bericht is verstuurd.") if to_citizen else _("De notitie is opgeslagen.")


def _triage(*, actor, case, form, **_kw):
    system = bo_forms.choice_object(form, "systems", "source_system")
    elements = [form.data_elements[v] for v in form.cleaned_data["elements"]]
    services.chain_report_triage(
        case=case,
        actor=actor,
        source_system=system,
        elements=elements,
        expected_version=form.cleaned_data["version"],
    )
    return _("Het bronsysteem en de onjuiste gegevens zijn vastgelegd.")


def _plan(*, actor, case, form, **_kw):
    tasks = services.correction_plan_create(
        case=case, actor=actor, expected_version=form.cleaned_data["version"]
    )
    return _("Het correctieplan is gemaakt: %(n)s systemen.") % {"n": len(tasks)}


def _add_system(*, actor, case, form, **_kw):
    system = bo_forms.choice_object(form, "systems", "system")
    services.correction_task_add(
        case=case,
        actor=actor,
        system=system,
        reason=form.cleaned_data["reason"],
        expected_version=form.cleaned_data["version"],
    )
    return _("%(system)s is aan het correctieplan toegevoegd.") % {"system": system.code}


def _share(*, actor, case, form, **_kw):
    share = form.cleaned_data["share"]
    chain_report_share_description(
        case=case, actor=actor, share=share, expected_version=form.cleaned_data["version"]
    )
    if share:
        return _("De omschrijving van de inwoner is gedeeld met de organisaties die corrigeren.")
    return _("De omschrijving van de inwoner wordt niet meer gedeeld.")


def _prepare_extend(item, *, state, **_kw) -> bool:
    item.hint = state.extension.consent_note if state.extension is not None else ""
    return True


def _prepare_add_system(item, *, context, **_kw) -> bool:
    # Every system is in the plan already: the service would refuse each choice.
    return bool(context["systems"])


def _prepare_share(item, *, state, **_kw) -> bool:
    sharing = state.chain_report.share_description_with_partners
    item.form.initial["share"] = "0" if sharing else "1"
    item.button_override = _("Omschrijving niet meer delen") if sharing else _("Omschrijving delen")
    return True


CASE_ACTIONS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action(
            "in-behandeling",
            gettext_lazy("In behandeling nemen"),
            bo_forms.ConfirmForm,
            _take,
            transition="take",
            simple=True,
            primary=True,
        ),
        Action(
            "aan-mij-toewijzen",
            gettext_lazy("Aan mij toewijzen"),
            bo_forms.ConfirmForm,
            _assign_self,
            simple=True,
        ),
        Action(
            "informatie-vragen",
            gettext_lazy("Informatie vragen aan de inwoner"),
            bo_forms.RequestInformationForm,
            _request_information,
            button=gettext_lazy("Vraag versturen"),
            transition="request_information",
        ),
        Action(
            "reactie-vastleggen",
            gettext_lazy("Reactie van de inwoner vastleggen"),
            bo_forms.ReceiveReplyForm,
            _receive_reply,
            button=gettext_lazy("Reactie vastleggen"),
            transition="receive_reply",
        ),
        Action(
            "verlengen",
            gettext_lazy("Termijn verlengen"),
            bo_forms.ExtendForm,
            _extend,
            button=gettext_lazy("Termijn verlengen"),
            prepare=_prepare_extend,
        ),
        Action(
            "adviescommissie",
            gettext_lazy("Voorleggen aan een adviescommissie"),
            bo_forms.CommitteeForm,
            _committee,
            button=gettext_lazy("Voorleggen"),
        ),
        Action(
            "afhandelen",
            gettext_lazy("Afhandelen"),
            bo_forms.ResolveForm,
            _resolve,
            button=gettext_lazy("Zaak afhandelen"),
            transition="resolve",
            prepare=_prepare_resolve,
        ),
        Action(
            "doorsturen",
            gettext_lazy("Doorsturen naar een ander team"),
            bo_forms.ForwardForm,
            _forward,
            button=gettext_lazy("Doorsturen"),
            needs=("teams",),
        ),
        Action(
            "toewijzen",
            gettext_lazy("Toewijzen aan een behandelaar"),
            bo_forms.AssignForm,
            _assign,
            button=gettext_lazy("Toewijzen"),
            needs=("people",),
        ),
        Action(
            "notitie",
            gettext_lazy("Notitie of bericht aan de inwoner"),
            bo_forms.NoteForm,
            _note,
            button=gettext_lazy("Opslaan"),
        ),
        Action(
            "heropenen",
            gettext_lazy("Heropenen"),
            bo_forms.ReasonForm,
            _reopen,
            button=gettext_lazy("Zaak heropenen"),
            transition="reopen",
        ),
        Action(
            "niet-in-behandeling",
            gettext_lazy("Niet in behandeling nemen"),
            bo_forms.RejectForm,
            _reject,
            button=gettext_lazy("Niet in behandeling nemen"),
            transition="reject",
        ),
        Action(
            "intrekken",
            gettext_lazy("Intrekken namens de inwoner"),
            bo_forms.WithdrawForm,
            _withdraw,
            button=gettext_lazy("Zaak intrekken"),
            transition="withdraw",
        ),
        Action(
            "bron-vaststellen",
            gettext_lazy("Bronsysteem en onjuiste gegevens vaststellen"),
            bo_forms.TriageForm,
            _triage,
            button=gettext_lazy("Vastleggen"),
            needs=("systems", "elements"),
        ),
        Action(
            "correctieplan",
            gettext_lazy("Correctieplan maken"),
            bo_forms.ConfirmForm,
            _plan,
            simple=True,
            primary=True,
        ),
        Action(
            "systeem-toevoegen",
            gettext_lazy("Gemist systeem toevoegen aan het plan"),
            bo_forms.AddSystemForm,
            _add_system,
            button=gettext_lazy("Toevoegen"),
            needs=("systems",),
            prepare=_prepare_add_system,
        ),
        Action(
            "omschrijving-delen",
            gettext_lazy("Omschrijving delen met de organisaties die corrigeren"),
            bo_forms.ShareForm,
            _share,
            simple=True,
            prepare=_prepare_share,
        ),
    )
}


@dataclass(frozen=True)
class PageState:
    """What the case page has loaded already, handed to the checks so offering costs no extra
    queries: the chain report (None: not a chain error), whether a plan exists, the report's
    wrong elements, and the extension check's answer (None: not asked)."""

    chain_report: object = None
    has_tasks: bool = False
    elements: list = field(default_factory=list)
    extension: ExtensionOffer | None = None


def _chain(check):
    def run(*, case, actor, state: PageState):
        if state.chain_report is None:
            raise ActionNotAllowed()
        check(case=case, actor=actor, chain_report=state.chain_report)

    return run


def _extension_check(*, case, actor, state: PageState):
    extension = state.extension if state.extension is not None else extension_offer(actor, case)
    if not extension.offered:
        raise ExtensionRefused(extension.refusal)


# Each action's check: the same function its service calls before it writes (cases.checks).
CASE_CHECKS = {
    "in-behandeling": lambda *, case, actor, state: checks.check_case_take(case=case, actor=actor),
    "aan-mij-toewijzen": lambda *, case, actor, state: checks.check_case_assign(
        case=case, actor=actor, assignee=actor.user
    ),
    "informatie-vragen": lambda *, case, actor, state: checks.check_case_request_information(
        case=case, actor=actor
    ),
    "reactie-vastleggen": lambda *, case, actor, state: checks.check_case_receive_reply(
        case=case, actor=actor
    ),
    "verlengen": _extension_check,
    "adviescommissie": lambda *, case, actor, state: checks.check_case_refer_to_committee(
        case=case, actor=actor
    ),
    "afhandelen": lambda *, case, actor, state: checks.check_case_resolve(case=case, actor=actor),
    "doorsturen": lambda *, case, actor, state: checks.check_case_forward(case=case, actor=actor),
    "toewijzen": lambda *, case, actor, state: checks.check_case_assign(case=case, actor=actor),
    "notitie": lambda *, case, actor, state: checks.check_case_note_add(case=case, actor=actor),
    "heropenen": lambda *, case, actor, state: checks.check_case_reopen(case=case, actor=actor),
    "niet-in-behandeling": lambda *, case, actor, state: checks.check_case_reject(
        case=case, actor=actor
    ),
    "intrekken": lambda *, case, actor, state: checks.check_case_withdraw(case=case, actor=actor),
    "bron-vaststellen": lambda *, case, actor, state: checks.check_chain_report_triage(
        case=case, actor=actor, chain_report=state.chain_report, has_tasks=state.has_tasks
    ),
    "correctieplan": lambda *, case, actor, state: checks.check_correction_plan_create(
        case=case,
        actor=actor,
        chain_report=state.chain_report,
        elements=state.elements,
        has_tasks=state.has_tasks,
    ),
    "systeem-toevoegen": _chain(checks.check_correction_task_add),
    "omschrijving-delen": _chain(checks.check_chain_report_share),
}


def case_offers(actor: Actor, case: Case, *, state: PageState) -> list[Action]:
    """The case actions this actor may take now, in the order the page shows them: exactly those
    whose check (the one the service calls) passes."""
    offered = []
    for slug, action in CASE_ACTIONS.items():
        try:
            CASE_CHECKS[slug](case=case, actor=actor, state=state)
        except CaseActionError:
            continue
        offered.append(action)
    return offered


@dataclass(frozen=True)
class ExtensionOffer:
    """Whether the page offers "Termijn verlengen", asked of the service's own check."""

    refusal: str = ""  # why the term cannot be extended now ("" when it can)
    consent_note: str = ""  # set when only the complainant's written consent makes it possible

    @property
    def offered(self) -> bool:
        return not self.refusal


def extension_offer(actor: Actor, case: Case) -> ExtensionOffer:
    """The same check the service makes before it writes (check_case_extend), so the page never
    offers an extension the service would refuse, and says so before anyone fills in the form:
    first as things are; where the type allows more with written consent (Awb 9:11 lid 2), again
    with that consent, and the form then says the consent is needed."""
    today = timezone.localdate()
    try:
        services.check_case_extend(case=case, actor=actor, amount=1, today=today)
    except CaseActionError as exc:
        without_consent = str(exc.message)
    else:
        return ExtensionOffer()
    if not case.case_type.extension_beyond_with_consent:
        return ExtensionOffer(refusal=without_consent)
    try:
        services.check_case_extend(case=case, actor=actor, amount=1, with_consent=True, today=today)
    except CaseActionError as exc:
        return ExtensionOffer(refusal=str(exc.message))
    return ExtensionOffer(consent_note=without_consent)


def case_action_items(actor, case, *, state: PageState, loaded: dict, offer) -> list:
    """The case's actions whose check passes, each with its form (fresh or sent back)."""
    items = []
    for action in case_offers(actor, case, state=state):
        context = form_context(action, case, actor, loaded)
        item = offer(
            action,
            key=f"case:{action.slug}",
            url=reverse("loket:bo-case-action", args=[case.number, action.slug]),
            version=case.version,
            context=context,
            prefix=action.slug,
        )
        if action.prepare is None or action.prepare(item, state=state, context=context):
            items.append(item)
    return items
