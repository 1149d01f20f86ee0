"""Staff see their in-app notices with an unread count; nobody sees another's."""

import pytest

from notifications.models import NoticeChannel
from notifications.services import notification_enqueue
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _notice(user, key):
    return notification_enqueue(
        channel=NoticeChannel.IN_APP,
        template_key="case_assigned",
        idempotency_key=key,
        context={"case_number": f"LDZ-2026-{key}"},
        user=user,
    )


def test_unread_count_list_and_mark_read(client):
    me, other = UserFactory(), UserFactory()
    _notice(me, "000001")
    _notice(me, "000002")
    _notice(other, "000003")
    client.force_login(me)
    page = client.get("/werkplek/meldingen/").content.decode()
    assert "LDZ-2026-000001" in page and "LDZ-2026-000002" in page
    assert "LDZ-2026-000003" not in page
    assert '<span class="badge">2' in page
    client.post("/werkplek/meldingen/gelezen/")
    page = client.get("/werkplek/meldingen/").content.decode()
    assert 'class="badge"' not in page


def test_anonymous_is_sent_to_login(client):
    response = client.get("/werkplek/meldingen/")
    assert response.status_code == 302 and "/werkplek/inloggen/" in response["Location"]
