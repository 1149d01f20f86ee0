"""The front desk's e-mail queue in a real Chromium: an employee opens a queued message (the
HTML mail shown as text, its script never run), makes a new case of it; axe-core checks the
pages. The message comes in over a real SMTP session to the receiver."""

from __future__ import annotations

import re

import pytest

from cases.models import Case, Role
from inbox.models import InboundAction, InboundStatus
from tests.conftest import axe_violations
from tests.factories import log_in, make_staff
from tests.inbox.conftest import mail, send

pytestmark = pytest.mark.django_db(transaction=True)


def test_front_desk_makes_a_case_of_queued_mail(page, receiver):
    user, _actor = make_staff(Role.FRONT_DESK, username="balie")
    message = mail(subject="Verdacht bericht", X_Spam_Flag="YES", body="x")
    message.set_content(
        "<p>Mijn vraag over de <b>parkeervergunning</b></p>"
        "<script>document.title='gehackt'</script>",
        subtype="html",
    )
    send(receiver, message)
    assert Case.objects.count() == 0
    found = {}
    log_in(page, "balie", landing=None)
    page.goto("/werkplek/balie/")
    page.get_by_role("link", name="Binnengekomen e-mail").click()
    page.wait_for_url(re.compile(r"/werkplek/balie/post/$"))
    found["queue"] = axe_violations(page)
    assert "als spam gemarkeerd" in page.get_by_role("table").inner_text()
    page.get_by_role("link", name="Verdacht bericht").click()
    page.wait_for_load_state()
    found["message"] = axe_violations(page)
    assert "Mijn vraag over de parkeervergunning" in page.locator("pre").inner_text()
    assert page.title() != "gehackt"
    assert page.locator("b").count() == 0  # not rendered
    page.get_by_role("button", name="Nieuwe zaak maken").click()
    page.wait_for_url(re.compile(r"/werkplek/balie/post/$"))
    case = Case.objects.get()
    assert f"Zaak {case.number} is aangemaakt." in page.locator(".messages").inner_text()
    assert "Er wacht geen e-mail." in page.content()
    action = InboundAction.objects.get()
    assert (action.kind, action.user, action.message.status) == (
        "new_case",
        user,
        InboundStatus.DONE,
    )
    assert found == {"queue": [], "message": []}
