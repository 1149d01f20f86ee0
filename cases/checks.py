"""One check per action: `check_<thing>_<verb>(*, case, actor, …)` raises a `CaseActionError`
(with the message the user sees) when this actor may not take the action on the case now.

The service calls its check before it writes (on the locked row); the backoffice page lists
exactly the actions whose check passes (Zulip's `check_*` / `do_*` split). So each rule has one
home: never re-derive "may this actor …" in a view.

Checks never write. Arguments the page has already loaded (whether the case has correction
tasks, its chain report) may be passed in so offering costs no extra queries; left out, the
check reads them itself.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_fsm import can_proceed, has_transition_perm

from cases.actors import Actor
from cases.calendar import load_calendar, received_on
from cases.deadlines import Term, TermUnit, compute_due_date
from cases.enums import OPEN_STATUSES, OPEN_TASK_STATUSES, CaseStatus, IdentityMethod, Role
from cases.errors import ActionNotAllowed, ExtensionRefused, InvalidInput
from cases.models import Case, ChainReport, CorrectionTask, Membership, Outcome
from cases.workflow import STAFF_HANDLERS, staff

# A marker for "not loaded by the caller": the check reads it itself.
UNLOADED = object()


def _require_handler(case: Case, actor: Actor) -> None:
    if not staff(*STAFF_HANDLERS)(case, actor):
        raise ActionNotAllowed()


def _require_open(case: Case) -> None:
    if case.status not in OPEN_STATUSES:
        raise ActionNotAllowed()


def _has_tasks(case: Case, has_tasks: bool | None) -> bool:
    return case.correction_tasks.exists() if has_tasks is None else has_tasks


def _chain_report(case: Case, chain_report):
    if chain_report is UNLOADED:
        return ChainReport.objects.filter(case=case).first()
    return chain_report


# --- workflow transitions: django-fsm's permission and conditions decide ---------------------


def check_case_transition(*, case: Case, actor: Actor, name: str) -> None:
    """The workflow transition `name` is allowed for this actor now (permission and conditions,
    as django-fsm would decide when the service performs it)."""
    method = getattr(case, name)
    if not has_transition_perm(method, actor) or not can_proceed(method):
        raise ActionNotAllowed()


def check_case_take(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="take")


def check_case_request_information(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="request_information")


def check_case_receive_reply(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="receive_reply")


def check_case_resolve(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="resolve")
    if not allowed_outcomes(case=case):
        # Every outcome of the type discloses or corrects: nothing to decide before the
        # identity is verified (AVG art. 12(6)).
        raise ActionNotAllowed(identity_refusal())


def check_case_reopen(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="reopen")


def check_case_reject(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="reject")


def check_case_withdraw(*, case: Case, actor: Actor) -> None:
    check_case_transition(case=case, actor=actor, name="withdraw")


# --- operations beside the workflow ----------------------------------------------------------


def check_case_forward(*, case: Case, actor: Actor) -> None:
    """A handler hands an open case to another team."""
    _require_open(case)
    _require_handler(case, actor)


def assignable_people(*, case: Case):
    """Who may be assigned a case: active caseworkers of its organisation, and coordinators."""
    members = Membership.objects.filter(
        Q(role=Role.CASEWORKER, team__organisation_id=case.organisation_id)
        | Q(role=Role.COORDINATOR)
    ).values("user_id")
    return (
        get_user_model()
        .objects.filter(pk__in=members, is_active=True)
        .order_by("first_name", "last_name", "username")
    )


ANYONE = object()  # check_case_assign: "may this actor assign the case to someone at all?"


def check_case_assign(*, case: Case, actor: Actor, assignee=ANYONE) -> None:
    """A coordinator (who sees everything) assigns an open case to an assignable person; a
    caseworker of the case may assign it to themself when it is not theirs yet."""
    _require_open(case)
    is_self = (
        assignee is not ANYONE
        and actor.is_staff
        and assignee is not None
        and assignee.pk == actor.user_id
    )
    if not (actor.sees_everything or (is_self and staff(Role.CASEWORKER)(case, actor))):
        raise ActionNotAllowed()
    if assignee is ANYONE or assignee is None:
        return
    if is_self:
        # The actor's own roles (loaded with the actor) already say they may hold the case.
        if case.assignee_id == actor.user_id:
            raise InvalidInput(_("De zaak is al aan u toegewezen."))
        return
    if not assignable_people(case=case).filter(pk=assignee.pk).exists():
        raise InvalidInput(_("Deze persoon kan deze zaak niet toegewezen krijgen."))


def check_case_extend(
    *, case: Case, actor: Actor, amount: int, with_consent: bool = False, today: date | None = None
) -> None:
    """Raise ExtensionRefused, naming the rule, when the law or the type's policy forbids this
    extension. Separate from the change so a page can show why the action is unavailable."""
    case_type = case.case_type
    today = today or timezone.localdate()
    rule = case_type.extension_rule or case_type.law_reference
    _require_handler(case, actor)
    if case.status not in OPEN_STATUSES:
        raise ExtensionRefused(_("Een afgesloten zaak kan niet worden verlengd."))
    if case_type.extension_max_count == 0:
        raise ExtensionRefused(
            _("%(rule)s — de termijn van dit zaaktype kan niet worden verlengd.") % {"rule": rule}
        )
    if amount < 1:
        raise ExtensionRefused(_("Een verlenging moet minstens 1 dag/week/maand zijn."))
    _check_extension_policy(case=case, amount=amount, with_consent=with_consent, rule=rule)
    _check_extension_in_time(case=case, today=today, rule=rule)


def _check_extension_policy(*, case: Case, amount: int, with_consent: bool, rule: str) -> None:
    """The type's count and amount limits, beyond which only written consent may go."""
    case_type = case.case_type
    earlier = list(case.extensions.all())
    consent_allows_more = with_consent and case_type.extension_beyond_with_consent
    if len(earlier) >= case_type.extension_max_count and not consent_allows_more:
        # The refusal says what the rule it quotes says: where the law allows more with the
        # complainant's written consent (Awb 9:11 lid 2), "that is the maximum" would be untrue.
        if case_type.extension_beyond_with_consent:
            raise ExtensionRefused(
                _(
                    "%(rule)s — de termijn is al %(count)s keer verlengd; verder uitstel kan "
                    "alleen met schriftelijke instemming van de klager."
                )
                % {"rule": rule, "count": len(earlier)}
            )
        raise ExtensionRefused(
            _("%(rule)s — de termijn is al %(count)s keer verlengd; dat is het maximum.")
            % {"rule": rule, "count": len(earlier)}
        )
    if amount > case_type.extension_max_amount and not consent_allows_more:
        raise ExtensionRefused(
            _("%(rule)s — u vraagt %(amount)s %(unit)s; het maximum is %(max)s %(unit)s.")
            % {
                "rule": rule,
                "amount": amount,
                "max": case_type.extension_max_amount,
                "unit": case_type.get_extension_unit_display(),
            }
        )


def _check_extension_in_time(*, case: Case, today: date, rule: str) -> None:
    """The extension is noticed in time: within the type's notice period, or before the term
    ends."""
    case_type = case.case_type
    if case_type.extension_notice_within_amount:
        # AVG art. 12(3): the notice must be given within one month of receipt. That month ends
        # like any term: on the next working day when it ends on a weekend or holiday (EU
        # Regulation 1182/71 art. 3(4); Atw art. 1), so the last day for the notice is never
        # before the first due date.
        limit = compute_due_date(
            received_on=received_on(case),
            term=Term(
                case_type.extension_notice_within_amount,
                TermUnit(case_type.extension_notice_within_unit),
            ),
            calendar=load_calendar(),
            statutory=case_type.is_statutory,
        ).due_date
        if today > limit:
            raise ExtensionRefused(
                _("%(rule)s — verlengen kon tot en met %(limit)s; die termijn is verstreken.")
                % {"rule": rule, "limit": limit.strftime("%d-%m-%Y")}
            )
    elif today > case.due_date:
        raise ExtensionRefused(
            _("%(rule)s — verlengen moet vóór het einde van de termijn (%(due)s).")
            % {"rule": rule, "due": case.due_date.strftime("%d-%m-%Y")}
        )


def check_case_refer_to_committee(*, case: Case, actor: Actor) -> None:
    """Awb 9:14: a handler puts an open complaint, once, to the type's advisory committee."""
    _require_handler(case, actor)
    _require_open(case)
    if not case.case_type.committee_term_weeks:
        raise InvalidInput(_("Dit zaaktype kent geen adviescommissie."))
    if case.advisory_committee:
        raise InvalidInput(_("De klacht is al aan een adviescommissie voorgelegd."))


def check_case_note_add(*, case: Case, actor: Actor) -> None:
    """Handlers and the front desk write notes and messages on a case in any state."""
    _require_handler_or_front_desk(case, actor)


def _require_handler_or_front_desk(case: Case, actor: Actor) -> None:
    if not staff(Role.FRONT_DESK, *STAFF_HANDLERS)(case, actor):
        raise ActionNotAllowed()


# --- chain errors ----------------------------------------------------------------------------


def check_chain_report_triage(
    *, case: Case, actor: Actor, chain_report=UNLOADED, has_tasks: bool | None = None
) -> None:
    """A handler names the source system and the wrong elements of an open chain-error report,
    until the correction plan exists."""
    if _chain_report(case, chain_report) is None:
        raise ActionNotAllowed()
    _require_handler(case, actor)
    _require_open(case)
    if _has_tasks(case, has_tasks):
        raise InvalidInput(_("Het correctieplan is al gemaakt; voeg systemen toe aan het plan."))


def check_correction_plan_create(
    *,
    case: Case,
    actor: Actor,
    chain_report=UNLOADED,
    elements: list | None = None,
    has_tasks: bool | None = None,
) -> None:
    """A handler turns the triaged report of a case in handling into a plan, once, and only
    when the citizen's identity is verified (AVG art. 12(6): a plan corrects their data)."""
    report = _chain_report(case, chain_report)
    if report is None:
        raise ActionNotAllowed()
    _require_handler(case, actor)
    check_identity_established(case=case)
    if case.status != CaseStatus.IN_PROGRESS:
        raise InvalidInput(_("Neem de zaak eerst in behandeling."))
    if report.source_system_id is None:
        raise InvalidInput(_("Vul eerst het bronsysteem en de onjuiste gegevens in."))
    has_elements = bool(elements) if elements is not None else report.elements.exists()
    if not has_elements:
        raise InvalidInput(_("Vul eerst de onjuiste gegevens in."))
    if _has_tasks(case, has_tasks):
        raise InvalidInput(_("Er is al een correctieplan voor deze zaak."))


def check_correction_task_add(
    *, case: Case, actor: Actor, chain_report=UNLOADED, system=None
) -> None:
    """A handler adds a system the analysis missed to a chain-error case in handling or waiting
    for the chain — with or without a plan yet (a plan of one system is a plan)."""
    if _chain_report(case, chain_report) is None:
        raise ActionNotAllowed()
    _require_handler(case, actor)
    if case.status not in (CaseStatus.AWAITING_CHAIN, CaseStatus.IN_PROGRESS):
        raise ActionNotAllowed()
    # A task asks an organisation to correct the citizen's data: AVG art. 12(6) as for the plan.
    check_identity_established(case=case)
    if system is not None and case.correction_tasks.filter(system=system).exists():
        raise InvalidInput(_("Dit systeem staat al in het plan."))


def check_chain_report_share(*, case: Case, actor: Actor, chain_report=UNLOADED) -> None:
    """A handler shares the citizen's description with the correcting organisations, or stops."""
    if _chain_report(case, chain_report) is None:
        raise ActionNotAllowed()
    _require_handler(case, actor)


# --- correction tasks ------------------------------------------------------------------------


def check_correction_task_transition(*, task: CorrectionTask, actor: Actor, name: str) -> None:
    """The task's workflow transition `name` is allowed for this actor now."""
    method = getattr(task, name)
    if not has_transition_perm(method, actor) or not can_proceed(method):
        raise ActionNotAllowed()


def check_correction_task_hold(*, task: CorrectionTask, actor: Actor) -> None:
    """A handler of the case asks to pause (or resume) consequences of an open task."""
    if task.status not in OPEN_TASK_STATUSES:
        raise ActionNotAllowed()
    _require_handler(task.case, actor)


# --- identity (issue 17, AVG art. 12(6)) ------------------------------------------------------

# Resolutions that disclose personal data (a privacy request granted, in part or whole) or
# correct it (a chain error corrected; "partly_granted" there is a partial correction). A refusal
# or "no error found" discloses and changes nothing, so it may be decided without a verified
# identity: refusing is what art. 12(6) allows when the identity cannot be established.
DISCLOSING_OUTCOMES = frozenset({Outcome.GRANTED, Outcome.PARTLY_GRANTED, Outcome.CORRECTED})


def identity_refusal() -> str:
    return _(
        "Eerst moet de identiteit van de inwoner worden vastgesteld (met DigiD, of aan de balie "
        "met een identiteitsbewijs): AVG art. 12 lid 6."
    )


def check_identity_established(*, case: Case) -> None:
    """A case of a type that requires it may disclose or correct personal data only once the
    citizen's identity is verified."""
    if case.case_type.identity_required and not case.identity_verified:
        raise ActionNotAllowed(identity_refusal())


def allowed_outcomes(*, case: Case) -> list[str]:
    """The type's outcomes this case may be resolved with now (no disclosing ones while the
    identity is not verified). The resolve form offers exactly these."""
    outcomes = list(case.case_type.allowed_outcomes)
    if case.case_type.identity_required and not case.identity_verified:
        outcomes = [code for code in outcomes if code not in DISCLOSING_OUTCOMES]
    return outcomes


def check_case_resolve_outcome(*, case: Case, outcome: str) -> None:
    """Resolving with `outcome` respects the identity guard."""
    if outcome in DISCLOSING_OUTCOMES:
        check_identity_established(case=case)


def check_identity_verify(*, case: Case, actor: Actor, method: str, digest: str = "") -> None:
    """DigiD binds the signed-in citizen's identity to a case (any case: Mijn zaken lists them);
    the counter check is recorded by a front-desk employee, for an open case that needs it and
    has none yet. A case verified for one BSN is never re-bound to another."""
    if method == IdentityMethod.DIGID:
        if not actor.is_citizen:
            raise ActionNotAllowed()
    elif method == IdentityMethod.COUNTER:
        if not (actor.is_staff and actor.has_role(Role.FRONT_DESK)):
            raise ActionNotAllowed()
        _require_open(case)
        if not case.case_type.identity_required or case.identity_verified:
            raise ActionNotAllowed()
    else:
        raise ActionNotAllowed()
    if digest and case.identity_verified and case.bsn_digest != digest:
        raise ActionNotAllowed(
            _("Deze zaak is al gekoppeld aan een andere persoon; de identiteit is niet gewijzigd.")
        )
