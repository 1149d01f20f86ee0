"""Issue 16 point 4: a body over the upload limit is refused before it is read (413 with a clear,
translated page); a body within the limit is read as before."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from cases.models import Case
from tests.factories import post_form, valid_data

pytestmark = pytest.mark.django_db

TWO_HUNDRED_MB = 200 * 1024 * 1024


class UnreadableBody:
    """wsgi.input that fails the test when anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read

    def __iter__(self):
        raise AssertionError("the body was read")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


def _post_huge(client, path="/indienen/vraag/", **extra):
    return client.generic(
        "POST",
        path,
        CONTENT_LENGTH=str(TWO_HUNDRED_MB),
        CONTENT_TYPE="multipart/form-data; boundary=x",
        **{"wsgi.input": UnreadableBody()},
        **extra,
    )


def test_oversized_body_is_refused_with_413_before_it_is_read(client):
    response = _post_huge(client)
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="nl">' in page
    assert "Te groot om te versturen" in page and "groter dan 51 MB" in page
    assert "maximaal 5 bestanden van elk 10 MB" in page
    assert not Case.objects.exists()


def test_the_413_page_speaks_the_visitors_language(client):
    client.cookies["django_language"] = "en"
    response = _post_huge(client)
    assert response.status_code == 413
    page = response.content.decode()
    assert '<html lang="en">' in page and "Too large to send" in page
    assert "larger than 51 MB" in page


def test_every_path_is_covered_not_only_the_forms(client):
    assert _post_huge(client, path="/werkplek/inloggen/").status_code == 413
    assert _post_huge(client, path="/volg/abcdefghijklmnopqrstuvwx/antwoord/").status_code == 413


def test_a_body_within_the_limit_is_read_as_before(client, settings):
    settings.LOKET_MAX_REQUEST_BYTES = 10_000
    assert post_form(client, "vraag", valid_data("vraag")).status_code == 302
    assert Case.objects.count() == 1
