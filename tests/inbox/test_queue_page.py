"""The front desk's queue of e-mail that found no place: attach to a case, make a new case,
discard; the original one click away, opening it logged; staff only; HTML never rendered."""

from __future__ import annotations

import pytest

from cases import services
from cases.models import Case, CaseStatus, EventKind, Role
from inbox.models import InboundAction, InboundMessage, InboundStatus, QueueReason
from inbox.services import inbound_process, inbound_store
from notifications.models import Notification
from tests.factories import TeamFactory, make_staff, submit_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client):
    TeamFactory(is_fallback=True)
    user, _actor = make_staff(Role.FRONT_DESK)
    client.force_login(user)
    client.user = user
    return client


def queued(body: str = "Hallo", *, subject="Vraag", extra: str = "X-Spam-Flag: YES\r\n"):
    raw = (
        f"From: Piet <piet@voorbeeld.test>\r\nTo: loket@gemeente.test\r\nSubject: {subject}\r\n"
        f"Message-ID: <{abs(hash((body, subject, extra)))}@voorbeeld.test>\r\n{extra}"
        "Content-Type: text/html; charset=utf-8\r\n\r\n"
        f"<p>{body}</p><script>alert('x')</script>\r\n"
    ).encode()
    message, _created = inbound_store(raw=raw)
    inbound_process(message_id=message.pk)
    message.refresh_from_db()
    assert message.status == InboundStatus.QUEUED
    return message


def test_queue_lists_doubtful_mail_and_shows_it_as_text(desk):
    message = queued("Mijn <b>vraag</b>", subject="Spam?")
    page = desk.get("/werkplek/balie/post/").content.decode()
    assert "Spam?" in page and "piet@voorbeeld.test" in page
    assert str(QueueReason.SPAM.label) in page
    detail = desk.get(f"/werkplek/balie/post/{message.pk}/").content.decode()
    assert "Mijn vraag" in detail
    assert "<script>alert" not in detail  # HTML mail is text, never rendered


def test_attach_to_a_case_is_the_citizens_reply_and_logged(desk):
    case = submit_case("privacy_request")
    _user, worker = make_staff(Role.CASEWORKER, team=case.team)
    case = services.case_request_information(
        case=services.case_take(case=case, actor=worker), actor=worker, question="Welke?"
    )
    message = queued("Dit is mijn antwoord")
    response = desk.post(
        f"/werkplek/balie/post/{message.pk}/", {"action": "attach", "case_number": case.number}
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_PROGRESS
    assert case.events.filter(kind=EventKind.REPLY, reason="Dit is mijn antwoord").exists()
    action = InboundAction.objects.get(message=message)
    assert (action.kind, action.user, action.case) == ("attached", desk.user, case)


def test_new_case_from_queued_mail_gets_a_receipt(desk):
    message = queued("Een vraag")
    desk.post(f"/werkplek/balie/post/{message.pk}/", {"action": "new_case"})
    case = Case.objects.get()
    assert (case.channel, case.citizen_email) == ("email", "piet@voorbeeld.test")
    assert case.created_by == desk.user
    assert Notification.objects.filter(reference=f"case:{case.pk}", template_key="receipt")
    assert InboundAction.objects.get(message=message).kind == "new_case"
    message.refresh_from_db()
    assert message.status == InboundStatus.DONE
    # Done: a second click changes nothing.
    desk.post(f"/werkplek/balie/post/{message.pk}/", {"action": "new_case"})
    assert Case.objects.count() == 1


def test_discard_is_logged(desk):
    message = queued()
    desk.post(f"/werkplek/balie/post/{message.pk}/", {"action": "discard"})
    message.refresh_from_db()
    assert message.status == InboundStatus.DISCARDED
    assert InboundAction.objects.get(message=message).kind == "discarded"
    assert "Vraag" not in desk.get("/werkplek/balie/post/").content.decode()


def test_original_is_plain_text_and_opening_it_is_logged(desk):
    message = queued("Origineel")
    response = desk.get(f"/werkplek/balie/post/{message.pk}/origineel/")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"X-Spam-Flag: YES" in response.content
    assert InboundAction.objects.get(message=message).kind == "viewed"


def test_queue_is_staff_only(client):
    message = queued()
    for url in ("/werkplek/balie/post/", f"/werkplek/balie/post/{message.pk}/origineel/"):
        response = client.get(url)
        assert response.status_code in (302, 404)
        assert b"piet@voorbeeld.test" not in response.content
    user, _actor = make_staff(Role.CASEWORKER)
    client.force_login(user)
    assert client.get("/werkplek/balie/post/").status_code == 404
    assert InboundMessage.objects.get().actions.count() == 0
