"""The access matrix: every backoffice URL × every kind of user → the status code they get.

A user who may not see a case, attachment or task gets a 404, the same as for one that does not
exist; an anonymous user is sent to the login page. POSTs that are refused by validation (empty
fields) show who may reach the action at all (400) without changing anything."""

from __future__ import annotations

import pytest

from cases.models import PersonalDataAccess, Role
from tests.factories import build_world, login, make_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo_world(db):
    world = build_world()
    for role in (Role.ARCHIVIST, Role.PRIVACY_OFFICER):
        world.users[role], _ = make_staff(role, team=world.teams["privacy"], username=role)
    return world


USERS = [
    "anonymous",
    "council",
    "admin",
    "front_desk",
    "caseworker",
    "caseworker_other",
    "task_owner",
    "partner",
    "partner_other",
    "coordinator",
    "archivist",
    "privacy_officer",
]

# Expected status per URL, in the order of USERS.
# 403 on a case page: a caseworker or privacy officer of the municipality's own departments,
# outside their routing, gets a page that offers break the glass (issue 18); partners, and every
# other role, get the plain 404.
#                          anon coun admi desk case othr ownr part potr coor arch priv
MATRIX = {
    # The front desk is sent on to its own start page (issue 15 point 4).
    "home":                (302, 200, 200, 302, 200, 200, 200, 200, 200, 200, 200, 200),
    "worklist":            (302, 404, 404, 404, 200, 200, 200, 200, 200, 200, 404, 404),
    "worklist_all":        (302, 404, 404, 404, 200, 200, 200, 200, 200, 200, 404, 404),
    "tasks":               (302, 404, 404, 404, 200, 200, 200, 200, 200, 200, 404, 404),
    "escalations":         (302, 404, 404, 404, 404, 404, 404, 404, 404, 200, 404, 404),
    "complaint":           (302, 404, 404, 404, 200, 403, 403, 404, 404, 200, 404, 403),
    "chain":               (302, 404, 404, 404, 200, 403, 200, 200, 404, 200, 404, 403),
    "complaint_attachment": (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404, 404),
    "chain_attachment":    (302, 404, 404, 404, 200, 404, 404, 404, 404, 200, 404, 404),
    "partner_task":        (302, 404, 404, 404, 200, 404, 404, 200, 404, 200, 404, 404),
    "source_task":         (302, 404, 404, 404, 200, 404, 200, 404, 404, 200, 404, 404),
    "note_post":           (302, 404, 404, 404, 400, 404, 404, 404, 404, 400, 404, 404),
    "chain_note_post":     (302, 404, 404, 404, 400, 404, 400, 400, 404, 400, 404, 404),
    "task_post":           (302, 404, 404, 404, 400, 404, 404, 400, 404, 400, 404, 404),
    "missing_case":        (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "missing_attachment":  (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    "missing_task":        (302, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 404),
    # The break-the-glass form itself (records), for the same people as the 403 above.
    "break_glass":         (302, 404, 404, 404, 302, 200, 200, 404, 404, 302, 404, 200),
}  # fmt: skip


def _request(client, world, key):
    complaint, chain = world.complaint.number, world.chain.number
    gets = {
        "home": "/werkplek/",
        "worklist": "/werkplek/zaken/?lijst=team",
        "worklist_all": "/werkplek/zaken/?lijst=alle",
        "tasks": "/werkplek/correcties/",
        "escalations": "/werkplek/escalaties/",
        "complaint": f"/werkplek/zaken/{complaint}/",
        "chain": f"/werkplek/zaken/{chain}/",
        "complaint_attachment": f"/werkplek/zaken/{complaint}/bijlagen/"
        f"{world.complaint_attachment.pk}/",
        "chain_attachment": f"/werkplek/zaken/{chain}/bijlagen/{world.chain_attachment.pk}/",
        "partner_task": f"/werkplek/correcties/{world.partner_task.pk}/",
        "source_task": f"/werkplek/correcties/{world.source_task.pk}/",
        "missing_case": "/werkplek/zaken/LDZ-1999-000001/",
        # An attachment that exists, under a case it does not belong to.
        "missing_attachment": f"/werkplek/zaken/{chain}/bijlagen/{world.complaint_attachment.pk}/",
        "missing_task": "/werkplek/correcties/999999/",
        "break_glass": f"/werkplek/archief/zaken/{complaint}/inzien/",
    }
    if key in gets:
        return client.get(gets[key])
    posts = {
        "note_post": (f"/werkplek/zaken/{complaint}/acties/notitie/", "notitie"),
        "chain_note_post": (f"/werkplek/zaken/{chain}/acties/notitie/", "notitie"),
        "task_post": (
            f"/werkplek/zaken/{chain}/correcties/{world.partner_task.pk}/betwisten/",
            f"taak{world.partner_task.pk}-betwisten",
        ),
    }
    url, prefix = posts[key]
    # Valid version, empty text: refused by the form, nothing changes.
    version = world.partner_task.version if key == "task_post" else 1
    return client.post(url, {f"{prefix}-version": version, f"{prefix}-body": ""})


@pytest.mark.parametrize("key", list(MATRIX))
def test_access_matrix(client, bo_world, key):
    got = {}
    for user in USERS:
        client.logout()
        login(client, bo_world, user)
        got[user] = _request(client, bo_world, key).status_code
    expected = dict(zip(USERS, MATRIX[key], strict=True))
    assert got == expected


def test_anonymous_users_are_sent_to_the_login_page(client, bo_world):
    response = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/werkplek/inloggen/?next=")


def test_refused_posts_change_nothing(client, bo_world):
    before = (bo_world.complaint.version, bo_world.partner_task.version)
    for user in USERS:
        client.logout()
        login(client, bo_world, user)
        for key in ("note_post", "chain_note_post", "task_post"):
            _request(client, bo_world, key)
    bo_world.refresh()
    assert (bo_world.complaint.version, bo_world.partner_task.version) == before
    assert not bo_world.complaint.notes.exists()


def test_task_link_opens_the_task_page_with_its_actions_and_no_personal_data(client, bo_world):
    """Issue 15 point 3: a task's details and actions are on its own page; the case page shows
    the plan as a compact table. The page shows nothing of the citizen (nothing to log)."""
    login(client, bo_world, "partner")
    task = bo_world.partner_task
    response = client.get(f"/werkplek/correcties/{task.pk}/")
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="taak-{task.pk}"' in page
    assert "BSW-HEF" in page and "Gecorrigeerd melden" in page
    assert f'href="/werkplek/zaken/{bo_world.chain.number}/"' in page
    assert "Noor Visser" not in page and "noor@voorbeeld.test" not in page
    assert not PersonalDataAccess.objects.exists()


def test_only_visible_pages_log_personal_data(client, bo_world):
    for user in USERS:
        client.logout()
        login(client, bo_world, user)
        _request(client, bo_world, "complaint")
    assert set(PersonalDataAccess.objects.values_list("user__username", flat=True)) == {
        "caseworker",
        "coordinator",
    }
