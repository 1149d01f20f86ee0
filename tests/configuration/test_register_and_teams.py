"""Issue 22: the chain register and the teams explain themselves in the admin: a flow to itself is
refused in words, each system lists its flows in and out, a duplicate team name is refused."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from cases.models import DataElement, DataFlow, System, Team
from tests.factories import OrganisationFactory, TeamFactory, import_register

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("beheerder", "b@example.nl", "x")
    client.force_login(user)
    return client


def test_a_flow_to_itself_is_refused_in_words(administrator):
    import_register()
    system = System.objects.first()
    element = DataElement.objects.first()
    before = DataFlow.objects.count()
    response = administrator.post(
        "/admin/cases/dataflow/add/",
        {
            "source": system.pk,
            "target": system.pk,
            "elements": [element.pk],
            "legal_basis": "",
            "valid_until": "",
            "active": "on",
        },
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Kies bij ‘naar’ een ander systeem dan bij ‘van’." in content
    assert "flow_not_to_self" not in content
    assert DataFlow.objects.count() == before
    page = administrator.get("/admin/cases/dataflow/add/").content.decode()
    assert "Nodig om een correctie te mogen doorgeven" in page  # the legal basis explained


def test_a_system_page_lists_its_flows_in_and_out(administrator):
    import_register()
    flow = DataFlow.objects.select_related("source", "target").first()
    content = administrator.get(f"/admin/cases/system/{flow.source.pk}/change/").content.decode()
    assert "gegevens die dit systeem levert" in content.lower()
    assert f"→ {flow.target}" in content


def test_a_duplicate_team_name_in_one_organisation_is_refused(administrator):
    organisation = OrganisationFactory()
    TeamFactory(organisation=organisation, name="Regie")
    response = administrator.post(
        "/admin/cases/team/add/",
        {
            "organisation": organisation.pk,
            "name": "regie",
            "code": "regie-2",
            "email": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert response.status_code == 200
    assert "Deze organisatie heeft al een team met deze naam." in response.content.decode()
    assert Team.objects.filter(organisation=organisation).count() == 1
    # Another organisation may have a team of that name.
    other = OrganisationFactory()
    ok = administrator.post(
        "/admin/cases/team/add/",
        {
            "organisation": other.pk,
            "name": "Regie",
            "code": "regie-3",
            "email": "",
            "memberships-TOTAL_FORMS": "0",
            "memberships-INITIAL_FORMS": "0",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
        },
    )
    assert ok.status_code == 302


def test_the_register_overview_shows_the_picture_and_the_table(administrator):
    import_register()
    flow = DataFlow.objects.select_related("source", "target").filter(active=True).first()
    listing = administrator.get("/admin/cases/dataflow/").content.decode()
    assert 'href="register/"' in listing
    content = administrator.get("/admin/cases/dataflow/register/").content.decode()
    assert "<svg" in content and 'class="bo-flow' in content
    assert f"<title>{flow.source.code} → {flow.target.code}</title>" in content
    assert f">{flow.source.code}</a></td><td><a" in content
    assert content.count('class="bo-node ') == System.objects.count()
