"""Every action on the case page, through plain POSTs (as without JavaScript): the result in the
database, the message on the page, and what happens with stale or incomplete forms."""

from __future__ import annotations

import re

import pytest

from cases.models import CaseStatus, Extension, Note, TaskStatus, Team
from cases.services.deadlines import case_term
from notifications.models import Notification
from tests.factories import DIGID_BSN, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo_world(db):
    return build_world()


def act(client, case, action, version=None, **fields):
    data = {f"{action}-version": case.version if version is None else version}
    data.update({f"{action}-{k}": v for k, v in fields.items()})
    return client.post(f"/werkplek/zaken/{case.number}/acties/{action}/", data)


def task_act(client, task, action, version=None, **fields):
    prefix = f"taak{task.pk}-{action}"
    data = {f"{prefix}-version": task.version if version is None else version}
    data.update({f"{prefix}-{k}": v for k, v in fields.items()})
    return client.post(
        f"/werkplek/zaken/{task.case.number}/correcties/{task.pk}/{action}/", data, follow=True
    )


def test_take_redirects_with_a_message(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    response = act(client, case, "in-behandeling")
    assert response.status_code == 302
    assert response["Location"] == f"/werkplek/zaken/{case.number}/"
    page = client.get(response["Location"]).content.decode()
    assert "U heeft de zaak in behandeling genomen." in page
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.assignee == bo_world.users["caseworker"]


def test_stale_form_shows_changed_meanwhile_and_keeps_the_input(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    stale = case.version
    act(client, case, "in-behandeling")
    response = act(
        client, case, "niet-in-behandeling", version=stale, reason="Niet ontvankelijk, te laat."
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Deze zaak is intussen gewijzigd" in page
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    # The case is in progress now: rejecting is no longer offered; other forms carry the
    # current version.
    assert 'action="/werkplek/zaken/' + case.number + '/acties/niet-in-behandeling/"' not in page
    assert f'name="verlengen-version" value="{case.version}"' in page


def test_stale_form_for_an_action_still_offered_is_reopened_with_the_text(client, bo_world):
    from cases import services

    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    act(client, case, "in-behandeling")
    case.refresh_from_db()
    stale = case.version
    # Meanwhile the coordinator extends the term.
    services.case_extend(
        case=case, actor=bo_world.actor("coordinator"), amount=2, reason="Advies nodig."
    )
    case.refresh_from_db()
    response = act(
        client, case, "informatie-vragen", version=stale, question="Stuur de brief.", reply_days=7
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Deze zaak is intussen gewijzigd" in page
    assert "Stuur de brief." in page  # the text is kept, in the opened form
    assert f'name="informatie-vragen-version" value="{case.version}"' in page
    assert case.status == CaseStatus.IN_PROGRESS


def test_incomplete_form_shows_the_error_on_the_page(client, bo_world):
    login(client, bo_world, "caseworker")
    response = act(client, bo_world.complaint, "niet-in-behandeling", reason="")
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page
    assert '<details class="bo-action" open>' in page


def test_request_information_then_record_the_reply(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    act(client, case, "in-behandeling")
    case.refresh_from_db()
    response = act(
        client, case, "informatie-vragen", question="Stuurt u de brief mee?", reply_days=10
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CITIZEN
    assert case.reply_due_date is not None
    assert Notification.objects.filter(template_key="information_request").exists()
    act(client, case, "reactie-vastleggen", text="De inwoner belde: brief volgt per post.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS


def test_extend_then_the_page_says_why_no_second_extension(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.chain  # AVG art. 12(3): one extension, no further one with consent
    before = case.due_date
    response = act(client, case, "verlengen", amount=2, reason="Wij wachten op de BSV.")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.due_date > before
    extension = Extension.objects.get(case=case)
    assert extension.reason == "Wij wachten op de BSV."
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Wij wachten op de BSV." in page  # the history of extensions
    assert "al 1 keer verlengd" in page  # the form is replaced by the rule
    assert 'name="verlengen-amount"' not in page


def test_second_extension_is_not_offered_when_the_policy_forbids_it(client, bo_world):
    """Issue 15 point 5: the page asks the service's own check; no "Termijn verlengen" action
    once the type allows no further extension, and the refusal quotes the rule beside the term."""
    login(client, bo_world, "caseworker")
    case = bo_world.chain  # AVG art. 12(3): one extension, no further one with consent
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "<summary>Termijn verlengen</summary>" in page
    act(client, case, "verlengen", amount=2, reason="Wij wachten op de BSV.")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "<summary>Termijn verlengen</summary>" not in page
    assert f'action="/werkplek/zaken/{case.number}/acties/verlengen/"' not in page
    note = re.search(r'<p class="bo-note" id="verlengen-kan-niet">(.*?)</p>', page, re.S)
    assert note is not None
    assert "AVG art. 12 lid 3" in note.group(1)
    assert "al 1 keer verlengd; dat is het maximum" in note.group(1)


def test_complaint_form_says_a_further_extension_needs_written_consent(client, bo_world):
    """Awb 9:11 lid 2: after the one extension, more only with the complainant's written
    consent. The form says so, and the refusal without it does not call one the maximum."""
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "verder uitstel kan alleen met schriftelijke instemming" not in page
    act(client, case, "verlengen", amount=4, reason="Wij wachten op advies.")
    case.refresh_from_db()
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    offer = page[page.index("<summary>Termijn verlengen</summary>") :]
    offer = offer[: offer.index("</details>")]
    assert (
        "de termijn is al 1 keer verlengd; verder uitstel kan alleen met schriftelijke "
        "instemming van de klager." in offer
    )
    assert 'name="verlengen-with_consent"' in offer
    assert 'id="verlengen-kan-niet"' not in page
    response = act(client, case, "verlengen", amount=2, reason="Nog meer advies nodig.")
    assert response.status_code == 400
    refused = response.content.decode()
    assert "verder uitstel kan alleen met schriftelijke instemming van de klager" in refused
    assert "dat is het maximum" not in refused


def test_complaint_extended_again_only_with_written_consent(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    act(client, case, "verlengen", amount=4, reason="Wij wachten op advies.")
    case.refresh_from_db()
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert 'name="verlengen-with_consent"' in page  # Awb 9:11 lid 2: still possible
    response = act(client, case, "verlengen", amount=2, reason="Nog meer advies nodig.")
    assert response.status_code == 400
    assert "al 1 keer verlengd" in response.content.decode()
    response = act(
        client, case, "verlengen", amount=2, reason="Nog meer advies nodig.", with_consent="on"
    )
    assert response.status_code == 302
    assert Extension.objects.filter(case=case, with_consent=True).count() == 1


def test_extension_beyond_the_law_is_refused_with_the_rule(client, bo_world):
    login(client, bo_world, "caseworker")
    response = act(client, bo_world.complaint, "verlengen", amount=9, reason="Drukte.")
    assert response.status_code == 400
    assert "het maximum is 4" in response.content.decode()


def test_resolve_a_complaint_needs_the_hearing_recorded(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    act(client, case, "in-behandeling")
    case.refresh_from_db()
    response = act(
        client,
        case,
        "afhandelen",
        outcome="well_founded",
        answer="U heeft gelijk.",
        hearing_held="nee",
    )
    assert response.status_code == 400
    assert "Awb 9:10 lid 2" in response.content.decode()
    response = act(
        client,
        case,
        "afhandelen",
        outcome="well_founded",
        answer="U heeft gelijk.",
        hearing_held="nee",
        hearing_waived_reason="Klager wilde niet gehoord worden.",
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    assert case.outcome == "well_founded"
    assert case.hearing_held is False
    assert case.hearing_waived_reason == "Klager wilde niet gehoord worden."


def test_reopen_and_withdraw(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    act(client, case, "in-behandeling")
    case.refresh_from_db()
    act(
        client,
        case,
        "afhandelen",
        outcome="settled",
        answer="Opgelost.",
        hearing_held="ja",
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.RESOLVED
    act(client, case, "heropenen", reason="De inwoner belde: toch niet opgelost.")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    act(client, case, "intrekken", reason="Inwoner trok de klacht telefonisch in.")
    case.refresh_from_db()
    assert case.status == CaseStatus.WITHDRAWN


def test_coordinator_forwards_and_assigns(client, bo_world):
    login(client, bo_world, "coordinator")
    case = bo_world.complaint
    team = Team.objects.get(code="privacy")
    response = act(client, case, "doorsturen", team=team.pk, reason="Gaat over inzage.")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.team == team
    colleague = bo_world.users["colleague"]
    response = act(client, case, "toewijzen", assignee=colleague.pk)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.assignee == colleague


def test_assign_refuses_someone_not_in_the_list(client, bo_world):
    login(client, bo_world, "coordinator")
    response = act(client, bo_world.complaint, "toewijzen", assignee=bo_world.users["partner"].pk)
    assert response.status_code == 400


def test_caseworker_is_not_offered_assigning_others(client, bo_world):
    login(client, bo_world, "caseworker")
    page = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/").content.decode()
    assert "/acties/aan-mij-toewijzen/" in page
    assert "/acties/toewijzen/" not in page
    response = act(client, bo_world.complaint, "toewijzen", assignee=bo_world.users["colleague"].pk)
    assert response.status_code == 400
    assert "mag deze actie" in response.content.decode()


def test_internal_note_and_message_to_the_citizen(client, bo_world):
    login(client, bo_world, "caseworker")
    case = bo_world.complaint
    act(client, case, "notitie", kind="intern", body="Navragen bij de balie.")
    act(client, case, "notitie", kind="inwoner", body="Wij bellen u morgen.")
    internal, message = Note.objects.filter(case=case).order_by("pk")
    assert (internal.to_citizen, message.to_citizen) == (False, True)
    assert Notification.objects.filter(template_key="message", reference=f"case:{case.pk}")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "Interne notitie" in page and "Navragen bij de balie." in page
    assert "Bericht aan de inwoner" in page and "Wij bellen u morgen." in page


# --- Chain errors ----------------------------------------------------------------------------


def test_partner_corrects_loket_verifies_and_the_case_returns(client, bo_world):
    task = bo_world.partner_task
    login(client, bo_world, "partner")
    response = task_act(client, task, "gecorrigeerd")
    assert "staat als gecorrigeerd gemeld" in response.content.decode()
    task.refresh_from_db()
    assert task.status == TaskStatus.CORRECTED
    client.logout()
    login(client, bo_world, "caseworker")
    task_act(client, task, "akkoord")
    task.refresh_from_db()
    bo_world.chain.refresh_from_db()
    assert task.status == TaskStatus.VERIFIED
    assert bo_world.chain.status == CaseStatus.IN_PROGRESS  # every task settled


def test_loket_sends_a_correction_back(client, bo_world):
    task = bo_world.partner_task
    login(client, bo_world, "partner")
    task_act(client, task, "gecorrigeerd")
    client.logout()
    login(client, bo_world, "caseworker")
    task.refresh_from_db()
    task_act(client, task, "terugsturen", reason="Nog steeds overleden in de aanslag.")
    task.refresh_from_db()
    assert task.status == TaskStatus.REQUESTED


def test_dispute_is_decided_by_the_coordinator(client, bo_world):
    task = bo_world.partner_task
    login(client, bo_world, "partner")
    task_act(client, task, "betwisten", reason="Wij hebben een overlijdensakte.")
    task.refresh_from_db()
    assert task.status == TaskStatus.DISPUTED
    client.logout()
    login(client, bo_world, "caseworker")
    page = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    assert "/beslissen/" not in page  # only the coordinator decides
    client.logout()
    login(client, bo_world, "coordinator")
    escalations = client.get("/werkplek/escalaties/").content.decode()
    assert bo_world.chain.number in escalations
    task_act(client, task, "beslissen", decision="uphold", reason="BRP zegt: in leven.")
    task.refresh_from_db()
    assert task.status == TaskStatus.REQUESTED


def test_not_affected_with_reason(client, bo_world):
    task = bo_world.partner_task
    login(client, bo_world, "partner")
    response = task_act(client, task, "niet-getroffen", reason="")
    assert response.status_code == 400
    task_act(client, task, "niet-getroffen", reason="Wij hebben dit gegeven niet.")
    task.refresh_from_db()
    assert task.status == TaskStatus.NOT_AFFECTED


def test_stale_task_action_shows_changed_meanwhile(client, bo_world):
    task = bo_world.partner_task
    login(client, bo_world, "partner")
    stale = task.version
    task_act(client, task, "gecorrigeerd")
    response = task_act(client, task, "niet-getroffen", version=stale, reason="Toch niet.")
    assert response.status_code == 409
    assert "Deze zaak is intussen gewijzigd" in response.content.decode()


def test_hold_consequences_toggles(client, bo_world):
    task = bo_world.partner_task
    login(client, bo_world, "caseworker")
    task_act(client, task, "gevolgen", hold="1")
    task.refresh_from_db()
    assert task.hold_consequences
    page = client.get(f"/werkplek/correcties/{task.pk}/").content.decode()
    assert "Opschorting gevolgen opheffen" in page
    plan = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    assert "gevolgen opgeschort" in plan
    task_act(client, task, "gevolgen", hold="0")
    task.refresh_from_db()
    assert not task.hold_consequences


def test_add_a_missed_system(client, bo_world):
    from cases.models import System

    login(client, bo_world, "caseworker")
    case = bo_world.chain
    system = System.objects.get(code="KWIJTSCH")
    response = act(
        client, case, "systeem-toevoegen", system=system.pk, reason="Kwijtschelding ook."
    )
    assert response.status_code == 302
    assert case.correction_tasks.filter(system=system, added_manually=True).exists()


def test_triage_and_plan_for_a_report_without_source(client, bo_world):
    from cases import services
    from cases.actors import CITIZEN
    from cases.models import DataElement, System

    case = services.chain_error_submit(
        source_system=None,
        elements=[],
        wrong_value="Kerkstraat 1",
        right_value="Molenweg 12",
        channel="web",
        subject="Verkeerd adres",
        description="Mijn post gaat naar mijn oude adres.",
        citizen_name="Lotte Meijer",
        digid_bsn=DIGID_BSN,  # filed with DigiD: the plan may be made (AVG art. 12(6))
        actor=CITIZEN,
    ).case
    login(client, bo_world, "caseworker")
    act(client, case, "in-behandeling")
    case.refresh_from_db()
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "onbekend: stel de bron vast" in page
    assert "correctieplan/" not in page  # no plan before the source is known
    brp = System.objects.get(code="BRP")
    adres = DataElement.objects.get(code="adres")
    response = act(client, case, "bron-vaststellen", source_system=brp.pk, elements=[adres.pk])
    assert response.status_code == 302
    case.refresh_from_db()
    response = act(client, case, "correctieplan")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.AWAITING_CHAIN
    assert case.correction_tasks.count() > 5
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert 'role="img"' in page and "Ketenplaat" in page


def test_share_description_with_partners(client, bo_world):
    case = bo_world.chain
    login(client, bo_world, "partner")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert case.description not in page
    client.logout()
    login(client, bo_world, "caseworker")
    response = act(client, case, "omschrijving-delen", share="1")
    assert response.status_code == 302
    client.logout()
    login(client, bo_world, "partner")
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert case.description in page


def test_partner_cannot_share_or_act_on_the_case(client, bo_world):
    login(client, bo_world, "partner")
    response = act(client, bo_world.chain, "omschrijving-delen", share="1")
    assert response.status_code == 400
    response = act(client, bo_world.chain, "verlengen", amount=1, reason="Druk.")
    assert response.status_code == 400
    bo_world.chain.refresh_from_db()
    assert not bo_world.chain.chain_report.share_description_with_partners
    assert not Extension.objects.exists()


def test_complaint_put_to_an_advisory_committee(client, bo_world):
    """Awb 9:14: offered for a complaint once, never for a chain error; the term becomes ten
    weeks after receipt and the page says so."""
    login(client, bo_world, "caseworker")
    chain_page = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    assert "/acties/adviescommissie/" not in chain_page
    response = act(client, bo_world.chain, "adviescommissie", reason="Commissie")
    assert response.status_code == 400  # not offered, and the service refuses it too
    assert "Dit zaaktype kent geen adviescommissie." in response.content.decode()
    bo_world.chain.refresh_from_db()
    assert not bo_world.chain.advisory_committee
    case = bo_world.complaint
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert f'action="/werkplek/zaken/{case.number}/acties/adviescommissie/"' in page
    response = act(client, case, "adviescommissie", reason="   ")
    assert response.status_code == 400
    response = act(client, case, "adviescommissie", reason="Klachtadviescommissie")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.advisory_committee
    assert case.due_date == case_term(case).due_date
    page = client.get(f"/werkplek/zaken/{case.number}/").content.decode()
    assert "de termijn is nu 10 weken" in page
    assert "Voorgelegd (Awb 9:14); termijn 10 weken" in page
    assert "/acties/adviescommissie/" not in page  # once
