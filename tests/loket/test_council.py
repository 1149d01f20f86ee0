"""The council's dashboard and reports: who may see them, what the page shows (aggregates only),
the request form and the download."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
from django.core.cache import cache

from cases.models import Case, ChainReport, Role
from council.models import CouncilReport, CouncilReportStatus
from tests.factories import (
    FIGURE_QUERIES,
    SECRETS,
    Seeded,
    TeamFactory,
    UserFactory,
    make_staff,
    seed_year,
)

pytestmark = pytest.mark.django_db

URL = "/werkplek/raad/"
YEAR_2025 = {"van": "2025-01-01", "tot": "2025-12-31"}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()  # the dashboard caches its figures for a few minutes
    yield
    cache.clear()


@pytest.fixture
def people():
    team = TeamFactory()
    return {
        "council": make_staff(Role.COUNCIL, team)[0],
        "coordinator": make_staff(Role.COORDINATOR, team)[0],
        "caseworker": make_staff(Role.CASEWORKER, team)[0],
        "front_desk": make_staff(Role.FRONT_DESK, team)[0],
        "admin": make_staff(Role.FUNCTIONAL_ADMIN, team)[0],
        "superuser": UserFactory(is_superuser=True, is_staff=True),
    }


@pytest.fixture
def seeded(db) -> Seeded:
    return seed_year()


def _done_report(client, user, capture) -> CouncilReport:
    """Ask for a report through the form; eager Celery builds it once the request commits."""
    client.force_login(user)
    with capture(execute=True):
        response = client.post(f"{URL}rapportages/", YEAR_2025)
    assert response.status_code == 302
    return CouncilReport.objects.latest("id")


# --- Access ---------------------------------------------------------------------------------


def test_dashboard_is_for_the_council_and_coordinators_only(client, people):
    response = client.get(URL)
    assert response.status_code == 302 and response["Location"].startswith("/werkplek/inloggen/")
    for name, status in [
        ("council", 200),
        ("coordinator", 200),
        ("superuser", 200),
        ("caseworker", 404),
        ("front_desk", 404),
        ("admin", 404),
    ]:
        client.force_login(people[name])
        assert client.get(URL).status_code == status, name
        assert client.post(f"{URL}rapportages/", YEAR_2025).status_code in (
            (302,) if status == 200 else (404,)
        ), name


def test_download_only_for_council_and_coordinators(
    client, people, seeded, django_capture_on_commit_callbacks
):
    report = _done_report(client, people["council"], django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == CouncilReportStatus.DONE
    assert report.requested_by == people["council"]
    url = f"{URL}rapportages/{report.pk}/raadsrapportage.docx"
    for name in ("council", "coordinator"):
        client.force_login(people[name])
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith(
            "application/vnd.openxmlformats-officedocument.wordprocessingml"
        )
        assert (
            'filename="raadsrapportage-20250101-20251231.docx"' in (response["Content-Disposition"])
        )
        assert response["Cache-Control"] == "no-store"
        content = b"".join(response.streaming_content)
        assert docx.Document(io.BytesIO(content)).core_properties.title.endswith("2025")
    for name in ("caseworker", "front_desk", "admin"):
        client.force_login(people[name])
        assert client.get(url).status_code == 404, name
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/werkplek/inloggen/" in response["Location"]


def test_a_report_that_is_not_ready_cannot_be_downloaded(client, people):
    report = CouncilReport.objects.create(
        period_start=date(2025, 1, 1), period_end=date(2025, 1, 31)
    )
    client.force_login(people["council"])
    assert client.get(f"{URL}rapportages/{report.pk}/raadsrapportage.docx").status_code == 404
    assert client.get(f"{URL}rapportages/999/raadsrapportage.docx").status_code == 404


# --- Requesting a report --------------------------------------------------------------------


def test_request_creates_the_row_and_dispatches_after_commit(
    client, people, seeded, django_capture_on_commit_callbacks
):
    client.force_login(people["coordinator"])
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(
            f"{URL}rapportages/", {**YEAR_2025, "organisatie": "belastingen"}, follow=False
        )
    assert response.status_code == 302
    assert response["Location"].endswith("organisatie=belastingen#rapportages")
    report = CouncilReport.objects.get()
    # Nothing was sent to the broker yet: the task goes out once the row is committed.
    assert report.status == CouncilReportStatus.PENDING
    assert report.organisation.code == "belastingen"
    assert len(callbacks) == 1
    callbacks[0]()  # commit: eager Celery runs the task here
    report.refresh_from_db()
    assert report.status == CouncilReportStatus.DONE
    page = client.get(URL).content.decode()
    assert f"{URL}rapportages/{report.pk}/raadsrapportage.docx" in page
    assert "Belastingen en WOZ" in page


def test_invalid_period_shows_the_error_and_falls_back(client, people):
    client.force_login(people["council"])
    response = client.get(URL, {"van": "2025-05-01", "tot": "2025-01-01"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and "De einddatum ligt vóór de begindatum." in page
    response = client.get(URL, {"van": "2025-05-01"})
    assert "Vul beide datums in" in response.content.decode()
    response = client.post(f"{URL}rapportages/", {"van": "2025-05-01", "tot": "2019-01-01"})
    assert response.status_code == 302 and not CouncilReport.objects.exists()


def test_failed_report_can_be_started_again(
    client, people, seeded, django_capture_on_commit_callbacks
):
    report = CouncilReport.objects.create(
        period_start=date(2025, 1, 1),
        period_end=date(2025, 12, 31),
        status=CouncilReportStatus.FAILED,
        error="OperationalError",
    )
    client.force_login(people["council"])
    page = client.get(URL).content.decode()
    assert f"{URL}rapportages/{report.pk}/opnieuw/" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{URL}rapportages/{report.pk}/opnieuw/")
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == CouncilReportStatus.DONE and report.error == ""
    client.force_login(people["caseworker"])
    assert client.post(f"{URL}rapportages/{report.pk}/opnieuw/").status_code == 404


# --- What the page shows ----------------------------------------------------------------------


def test_dashboard_shows_every_figure_with_an_accessible_table_and_chart(client, people, seeded):
    client.force_login(people["council"])
    response = client.get(URL, YEAR_2025)
    assert response.status_code == 200
    page = response.content.decode()
    for heading in (
        "1. Samenvatting",
        "2. Instroom",
        "4. Tijdigheid en doorlooptijd",
        "7. Klachten",
        "8. Ketenfouten",
        "9. Verantwoording",
    ):
        assert heading in page
    assert page.count("<caption>") >= 15
    assert page.count('<th scope="col"') > 50 and '<th scope="row">' in page
    images = re.findall(r'<img src="data:image/png;base64,[^"]+" alt="([^"]+)">', page)
    assert len(images) == 3
    assert all(len(alt) > 60 for alt in images)
    # The numbers are the report's numbers (11 cases received in 2025, 4 complaints).
    summary = page.split("<caption>Kerncijfers</caption>")[1].split("</table>")[0]
    assert re.search(r"Zaken ontvangen in de periode</th><td>11</td>", summary)
    assert re.search(r"Klachten ontvangen</th><td>4</td>", summary)
    assert 'aria-current="true">Dit jaar' not in page  # 2025 is not this year
    assert "Raadsinformatie" in page  # the council's own link in the header


def test_dashboard_contains_no_personal_data_case_numbers_or_free_text(client, people, seeded):
    client.force_login(people["council"])
    page = client.get(URL, YEAR_2025).content.decode()
    typed = set(SECRETS)
    for case in Case.objects.all():
        typed |= {case.citizen_name, case.citizen_email, case.citizen_phone, case.subject}
        typed |= {case.description, case.answer, case.bsn, case.citizen_address}
    for report in ChainReport.objects.all():
        typed |= {report.wrong_value, report.right_value, report.noticed_where}
    typed.discard("")
    assert len(typed) > 100
    for value in typed:
        assert value not in page, value
    for number in Case.objects.values_list("number", flat=True):
        assert number not in page
    assert not re.search(r"LDZ-\d{4}-\d{6}", page)
    assert "@" not in re.sub(r"<[^>]+>", "", page)  # no e-mail address in any visible text


@pytest.mark.parametrize("small", [True, False], ids=["2 cases", "13 cases"])
def test_dashboard_query_count_does_not_depend_on_the_number_of_cases(
    client, people, small, django_assert_num_queries
):
    seed_year(small=small)
    client.force_login(people["council"])
    client.get(URL, YEAR_2025)  # warm the session and the content types
    cache.clear()
    # Session, user, memberships (role check), reports list, the 16 figure queries, the unread
    # notices badge and the organisations of the form's select.
    with django_assert_num_queries(6 + FIGURE_QUERIES):
        assert client.get(URL, YEAR_2025).status_code == 200
    # Within the cache's few minutes, the figures are not computed again.
    with django_assert_num_queries(6):
        assert client.get(URL, YEAR_2025).status_code == 200


def test_header_link_only_for_those_who_may_see_the_figures(client, people):
    client.force_login(people["council"])
    assert 'aria-current="page">Raadsinformatie' in client.get(URL).content.decode()
    client.force_login(people["caseworker"])
    assert "Raadsinformatie" not in client.get("/werkplek/").content.decode()
