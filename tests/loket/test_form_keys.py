"""A posted key larger than any database integer is a refused choice, not a server error (the
fuzz test found SQLite raising OverflowError on the chain-error form's data elements)."""

from __future__ import annotations

import pytest

from cases.models import Case
from tests.factories import import_register, post_form, valid_data

pytestmark = pytest.mark.django_db

HUGE = "9" * 30


def test_public_chain_error_form_refuses_a_huge_element_key(client):
    import_register()
    data = valid_data("ketenfout")
    data["elements"] = [HUGE]
    response = post_form(client, "ketenfout", data)
    assert response.status_code == 400  # refused with the form again, not a server error
    assert 'class="error-summary"' in response.content.decode()
    assert not Case.objects.exists()


def test_front_desk_form_refuses_a_huge_case_type_and_element_key(client, front_desk):
    client.force_login(front_desk)
    response = client.post(
        "/werkplek/balie/nieuw/",
        {
            "case_type": HUGE,
            "subject": "Telefoon",
            "citizen_name": "Anna de Vries",
            "citizen_phone": "06 1234 5678",
            "channel": "phone",
            "elements": [HUGE],
        },
    )
    assert response.status_code == 400  # refused with the form again, not a server error
    assert not Case.objects.exists()
