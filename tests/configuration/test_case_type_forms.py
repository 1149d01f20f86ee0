"""Issue 22: a case type saved in the admin works at once: a public form with its own questions,
results chosen from a list (at least one), and the front desk's default type set explicitly."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cases.models import Case, CaseType
from configuration.admin.case_types import CaseTypeForm
from configuration.models import CaseTypeQuestion, CounterSettings, QuestionKind
from tests.factories import error_links, post_form, valid_data


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def make_type(**overrides) -> CaseType:
    fields = dict(
        code="openbare_ruimte",
        name="Melding openbare ruimte",
        name_en="Report about public space",
        term_amount=5,
        term_unit="working_days",
        term_basis="service_norm",
        allowed_outcomes=["answered", "settled"],
        is_public=True,
        ordering=0,  # sorts before every seeded type
    )
    fields.update(overrides)
    return CaseType.objects.create(**fields)


@pytest.fixture
def public_space(db) -> CaseType:
    case_type = make_type()
    CaseTypeQuestion.objects.create(
        case_type=case_type,
        ordering=1,
        label_nl="Waar is het?",
        label_en="Where is it?",
        help_nl="Straat en huisnummer of een plek.",
        kind=QuestionKind.TEXT,
        required=True,
    )
    CaseTypeQuestion.objects.create(
        case_type=case_type,
        ordering=2,
        label_nl="Is het gevaarlijk?",
        label_en="Is it dangerous?",
        kind=QuestionKind.YES_NO,
        required=False,
    )
    return case_type


def questions(case_type) -> list[CaseTypeQuestion]:
    return list(case_type.questions.order_by("ordering"))


@pytest.mark.django_db
def test_a_new_public_type_is_on_the_start_page_and_has_a_form_with_its_questions(
    client, public_space
):
    home = client.get("/").content.decode()
    assert 'href="/indienen/openbare_ruimte/"' in home
    assert "Melding openbare ruimte" in home

    page = client.get("/indienen/openbare_ruimte/")
    assert page.status_code == 200
    content = page.content.decode()
    where, dangerous = questions(public_space)
    assert "<h1>Melding openbare ruimte</h1>" in content
    assert "Waar is het?" in content and "Straat en huisnummer of een plek." in content
    assert f'id="id_question_{dangerous.pk}_0"' in content  # yes/no as a radio group
    assert f'aria-describedby="id_question_{where.pk}_hint"' in content


@pytest.mark.django_db
def test_the_form_refuses_a_missing_required_answer_in_the_error_summary(client, public_space):
    where, _dangerous = questions(public_space)
    data = valid_data("vraag")
    response = post_form(client, "openbare_ruimte", data)
    assert response.status_code == 400
    content = response.content.decode()
    assert f"id_question_{where.pk}" in error_links(content)
    assert "Beantwoord de vraag ‘Waar is het?’." in content
    assert Case.objects.count() == 0


@pytest.mark.django_db
def test_filing_the_form_registers_a_case_of_the_type_with_the_answers(client, public_space):
    where, dangerous = questions(public_space)
    data = valid_data(
        "vraag",
        **{f"question_{where.pk}": "Dorpsstraat 3", f"question_{dangerous.pk}": "ja"},
    )
    response = post_form(client, "openbare_ruimte", data)
    assert response.status_code == 302
    case = Case.objects.get()
    assert case.case_type == public_space
    assert "Waar is het?: Dorpsstraat 3" in case.description
    assert "Is het gevaarlijk?: Ja" in case.description


@pytest.mark.django_db
def test_the_english_form_shows_the_english_questions(client, public_space):
    content = client.get("/indienen/openbare_ruimte/", HTTP_ACCEPT_LANGUAGE="en").content
    content = content.decode()
    if "Where is it?" not in content:  # the language comes from the URL or a cookie
        client.cookies["django_language"] = "en"
        content = client.get("/indienen/openbare_ruimte/").content.decode()
    assert "Where is it?" in content
    assert "Report about public space" in content


@pytest.mark.django_db
def test_a_type_not_public_has_no_form(client):
    make_type(is_public=False)
    assert client.get("/indienen/openbare_ruimte/").status_code == 404
    assert client.get("/indienen/question/").status_code == 404  # built-in: its Dutch slug only


@pytest.mark.django_db
def test_built_in_forms_are_unchanged_and_take_extra_questions(client, db):
    question = CaseType.objects.get(code="question")
    assert client.get("/indienen/vraag/").status_code == 200
    extra = CaseTypeQuestion.objects.create(
        case_type=question, label_nl="Uw klantnummer", kind=QuestionKind.TEXT
    )
    content = client.get("/indienen/vraag/").content.decode()
    assert "Uw klantnummer" in content and "Waar gaat uw vraag over?" in content
    response = post_form(client, "vraag", valid_data("vraag", **{f"question_{extra.pk}": "K-12"}))
    assert response.status_code == 302
    assert "Uw klantnummer: K-12" in Case.objects.get().description


@pytest.mark.django_db
def test_the_admin_requires_at_least_one_result_from_the_list(db):
    question = CaseType.objects.get(code="question")
    form = CaseTypeForm(instance=question, data={})
    assert not form.is_valid()
    assert form.errors["allowed_outcomes"] == ["Kies minstens één resultaat."]
    field = form.fields["allowed_outcomes"]
    assert ("answered", "beantwoord") in [(v, str(label)) for v, label in field.choices]


@pytest.mark.django_db
def test_the_counter_pre_selects_the_configured_default_not_the_first_type(desk):  # noqa: F811
    make_type()  # sorts first
    content = desk.get("/werkplek/balie/nieuw/").content.decode()
    question = CaseType.objects.get(code="question")
    checked = f'value="{question.pk}"'
    assert checked in content
    # The checked radio is the question (the fallback), not the new type that sorts first.
    radio = content.split(checked, 1)[1].split(">", 1)[0]
    assert "checked" in radio

    complaint = CaseType.objects.get(code="complaint")
    CounterSettings.objects.create(default_case_type=complaint)
    content = desk.get("/werkplek/balie/nieuw/").content.decode()
    radio = content.split(f'value="{complaint.pk}"', 1)[1].split(">", 1)[0]
    assert "checked" in radio
    assert "autofocus" in radio  # the keyboard starts on the checked option
    assert content.count("autofocus") == 1


@pytest.mark.django_db
def test_the_admin_creates_a_type_with_questions_and_results(client):
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.create_superuser("beheerder", "b@example.nl", "x")
    client.force_login(admin)
    page = client.get("/admin/cases/casetype/add/")
    assert page.status_code == 200
    assert 'name="questions-0-label_nl"' in page.content.decode() or "questions-__prefix__" in (
        page.content.decode()
    )
    data = {
        "code": "openbare_ruimte",
        "name": "Melding openbare ruimte",
        "name_en": "Report about public space",
        "description": "",
        "is_public": "on",
        "ordering": "9",
        "term_amount": "5",
        "term_unit": "working_days",
        "term_basis": "service_norm",
        "law_reference": "",
        "extension_max_count": "0",
        "extension_max_amount": "0",
        "extension_unit": "weeks",
        "extension_notice_within_unit": "",
        "extension_rule": "",
        "default_reply_term_days": "14",
        "reopen_window_days": "14",
        "questions-TOTAL_FORMS": "1",
        "questions-INITIAL_FORMS": "0",
        "questions-MIN_NUM_FORMS": "0",
        "questions-MAX_NUM_FORMS": "1000",
        "questions-0-label_nl": "Waar is het?",
        "questions-0-label_en": "Where is it?",
        "questions-0-kind": "text",
        "questions-0-ordering": "1",
        "questions-0-required": "on",
    }
    refused = client.post("/admin/cases/casetype/add/", data)
    assert refused.status_code == 200
    assert "Kies minstens één resultaat." in refused.content.decode()
    saved = client.post(
        "/admin/cases/casetype/add/", {**data, "allowed_outcomes": ["answered", "settled"]}
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    case_type = CaseType.objects.get(code="openbare_ruimte")
    assert case_type.allowed_outcomes == ["answered", "settled"]
    assert case_type.questions.get().label_en == "Where is it?"
    assert client.get("/indienen/openbare_ruimte/").status_code == 200
