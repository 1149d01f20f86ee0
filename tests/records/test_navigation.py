"""The archivist and the privacy officer find their pages in the staff header, on their own
pages and on the workplace's start page (the same links for the same role everywhere)."""

from __future__ import annotations

import re

import pytest

from cases.models import Role
from tests.factories import make_staff

pytestmark = pytest.mark.django_db


def _header_links(html: str) -> set[str]:
    return set(re.findall(r'href="(/werkplek/archief/[^"]*)"', html))


@pytest.mark.parametrize(
    ("role", "expected", "own_page"),
    [
        (Role.ARCHIVIST, {"/werkplek/archief/vernietigingslijsten/"}, "vernietigingslijsten/"),
        (
            Role.PRIVACY_OFFICER,
            {"/werkplek/archief/inzagelog/", "/werkplek/archief/inzageverzoeken/"},
            "inzagelog/",
        ),
    ],
)
def test_records_roles_see_their_pages_in_the_header(client, role, expected, own_page):
    user, _ = make_staff(role)
    client.force_login(user)
    for url in ("/werkplek/", f"/werkplek/archief/{own_page}"):
        response = client.get(url)
        assert response.status_code == 200
        assert expected <= _header_links(response.content.decode()), url


def test_a_caseworker_sees_no_records_links(client):
    user, _ = make_staff(Role.CASEWORKER)
    client.force_login(user)
    assert not _header_links(client.get("/werkplek/").content.decode())
