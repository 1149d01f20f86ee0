"""The start page states each type's term from the case type itself (issue 20), so the promise
on the page and the term the engine counts cannot drift apart."""

from __future__ import annotations

import pytest

from cases.models import CaseType

pytestmark = pytest.mark.django_db


def test_the_start_page_states_the_terms_of_the_case_types(client):
    page = client.get("/").content.decode()
    assert "U krijgt binnen 5 werkdagen antwoord." in page
    assert "Wij reageren binnen 6 weken." in page

    CaseType.objects.filter(code="question").update(term_amount=3)
    CaseType.objects.filter(code="complaint").update(term_amount=8)
    page = client.get("/").content.decode()
    assert "U krijgt binnen 3 werkdagen antwoord." in page
    assert "Wij reageren binnen 8 weken." in page
    assert "5 werkdagen" not in page and "6 weken" not in page


def test_the_start_page_states_the_terms_in_english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get("/").content.decode()
    assert "You will get an answer within 5 working days." in page
    assert "We will respond within 6 weeks." in page
    assert "We will respond within 1 month." in page
