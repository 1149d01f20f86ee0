"""What the backoffice pages show: work lists and their filters, due dates in working days,
personal data by relation (and its access log), attachments, the chain picture."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases.deadlines import Calendar
from cases.models import (
    Case,
    CaseStatus,
    CorrectionTask,
    PersonalDataAccess,
    System,
    TaskStatus,
)
from loket.forms.backoffice import SORT_FIELDS
from loket.views.backoffice.chain_picture import NODE_H, NODE_W, build_picture
from loket.views.backoffice.common import DueDates
from tests.factories import add_cases, build_world, login

pytestmark = pytest.mark.django_db


@pytest.fixture
def bo_world(db):
    return build_world()


def rows(page: str) -> list[str]:
    return re.findall(r'<th scope="row"[^>]*><a href="[^"]+">([^<]+)</a>', page)


# --- Work lists ------------------------------------------------------------------------------


def test_dashboard_shows_every_list_with_its_count(client, bo_world):
    add_cases(bo_world, 15, start=1)
    login(client, bo_world, "caseworker")
    page = client.get("/werkplek/").content.decode()
    for label in ("Mijn zaken", "Mijn team", "Onverdeeld", "Binnenkort", "Te laat"):
        assert label in page
    assert "Escalaties" not in page  # coordinator only
    client.logout()
    login(client, bo_world, "coordinator")
    page = client.get("/werkplek/").content.decode()
    assert "Vraagt uw aandacht" in page and "/werkplek/escalaties/" in page


def test_lists_hold_the_right_cases(client, bo_world):
    cases = add_cases(bo_world, 30, start=1)
    today = timezone.localdate()
    login(client, bo_world, "caseworker")

    def listed(slug):
        return set(rows(client.get(f"/werkplek/zaken/?lijst={slug}").content.decode()))

    open_ = [c for c in cases if c.status != CaseStatus.CLOSED]
    mine = {c.number for c in open_ if c.assignee_id == bo_world.users["caseworker"].pk}
    assert mine <= listed("mijn")
    assert bo_world.complaint.number not in listed("mijn")  # nobody took it
    assert bo_world.complaint.number in listed("onverdeeld")
    late = listed("te-laat")
    for case in open_:
        suspended = case.status == CaseStatus.AWAITING_CITIZEN and case.case_type.suspension_allowed
        assert (case.number in late) == (case.due_date < today and not suspended), case.number
    assert {c.number for c in open_ if c.status == CaseStatus.AWAITING_CHAIN} <= listed(
        "wacht-op-keten"
    )
    assert not any(c.status == CaseStatus.CLOSED and c.number in listed("team") for c in cases)
    assert {c.number for c in cases} <= listed("alle") | set()  # 30 + 2 fit on one page


def test_partner_lists_show_no_case_of_the_municipality(client, bo_world):
    login(client, bo_world, "partner")
    for slug in ("mijn", "team", "onverdeeld", "te-laat", "alle"):
        page = client.get(f"/werkplek/zaken/?lijst={slug}").content.decode()
        assert bo_world.chain.number not in page
        assert bo_world.chain.subject not in page
    page = client.get("/werkplek/correcties/?lijst=te-corrigeren").content.decode()
    assert bo_world.chain.number in page
    assert bo_world.chain.subject not in page and "Noor Visser" not in page


def test_overdue_is_marked_with_text_and_icon(client, bo_world):
    Case.objects.filter(pk=bo_world.complaint.pk).update(
        due_date=timezone.localdate() - timedelta(days=10)
    )
    login(client, bo_world, "caseworker")
    page = client.get("/werkplek/zaken/?lijst=te-laat").content.decode()
    assert bo_world.complaint.number in page
    assert re.search(
        r'aria-hidden="true">⚠</span> <strong>Te laat:</strong> \d+ werkdagen? te laat', page
    )


def test_filters_search_and_sort(client, bo_world):
    add_cases(bo_world, 20, start=1)
    login(client, bo_world, "caseworker")
    page = client.get("/werkplek/zaken/?lijst=alle&soort=complaint").content.decode()
    assert bo_world.complaint.number in page
    assert bo_world.chain.number not in page
    page = client.get("/werkplek/zaken/?lijst=alle&q=teruggebeld").content.decode()
    assert rows(page) == [bo_world.complaint.number]
    page = client.get(f"/werkplek/zaken/?lijst=alle&q={bo_world.chain.number}").content.decode()
    assert rows(page) == [bo_world.chain.number]
    page = client.get("/werkplek/zaken/?lijst=alle&status=awaiting_chain").content.decode()
    assert bo_world.chain.number in rows(page)
    today = timezone.localdate()
    page = client.get(
        f"/werkplek/zaken/?lijst=alle&van={today.isoformat()}&tot={today.isoformat()}"
    ).content.decode()
    listed = rows(page)
    assert listed and all(Case.objects.get(number=n).due_date == today for n in listed)
    ascending = rows(client.get("/werkplek/zaken/?lijst=alle").content.decode())
    descending = rows(client.get("/werkplek/zaken/?lijst=alle&sorteer=-uiterste").content.decode())
    due = dict(Case.objects.values_list("number", "due_date"))
    assert [due[n] for n in ascending] == sorted(due[n] for n in ascending)
    assert [due[n] for n in descending] == sorted((due[n] for n in descending), reverse=True)


def test_invalid_filter_shows_an_error_not_a_crash(client, bo_world):
    login(client, bo_world, "caseworker")
    response = client.get("/werkplek/zaken/?lijst=alle&van=2026-12-01&tot=2026-11-01&soort=zzz")
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_unknown_list_is_a_404(client, bo_world):
    login(client, bo_world, "caseworker")
    assert client.get("/werkplek/zaken/?lijst=geheim").status_code == 404
    assert client.get("/werkplek/correcties/?lijst=geheim").status_code == 404


def link(page: str, rel: str) -> str | None:
    found = re.search(rf'<a href="([^"]+)" rel="{rel}">', page)
    return found.group(1).replace("&amp;", "&") if found else None


def walk(client, url: str, rel: str = "next") -> list[list[str]]:
    """Every page from `url` on, following the "volgende" (or "vorige") links."""
    pages = []
    while url:
        page = client.get(f"/werkplek/zaken/{url}").content.decode()
        pages.append(rows(page))
        url = link(page, rel)
    return pages


def test_pagination_keeps_the_filters(client, bo_world):
    add_cases(bo_world, 120, start=1)
    login(client, bo_world, "caseworker")
    page = client.get("/werkplek/zaken/?lijst=alle&sorteer=nummer").content.decode()
    assert len(rows(page)) == 50
    following = link(page, "next")
    assert following.startswith("?lijst=alle&sorteer=nummer&na=")
    assert "pagina=2" in following and "Inwoner" not in following
    second = client.get(f"/werkplek/zaken/{following}").content.decode()
    assert "Pagina 2" in second
    assert len(rows(second)) == 50 and not set(rows(page)) & set(rows(second))


@pytest.mark.parametrize("sort", ["uiterste", "-uiterste", "ontvangen", "-ontvangen", "nummer"])
def test_keyset_pages_hold_every_case_once_in_order(client, bo_world, sort):
    """Due dates repeat (15 values over 122 cases): the cursor's id breaks the ties, so walking
    forward lists every case exactly once, in the order of the sort, and walking back from the
    last page gives the same pages."""
    add_cases(bo_world, 120, start=1)
    login(client, bo_world, "coordinator")
    forward = walk(client, f"?lijst=alle&sorteer={sort}")
    assert [len(p) for p in forward] == [50, 50, 22]
    listed = [n for p in forward for n in p]
    field, *_ = SORT_FIELDS[sort]
    key = dict(Case.objects.values_list("number", field.lstrip("-")))
    pks = dict(Case.objects.values_list("number", "pk"))
    expected = sorted(key, key=lambda n: (key[n], pks[n]), reverse=field.startswith("-"))
    assert listed == expected
    last = client.get(f"/werkplek/zaken/?lijst=alle&sorteer={sort}").content.decode()
    url = link(last, "next")
    while url:  # to the last page, then back
        last = client.get(f"/werkplek/zaken/{url}").content.decode()
        url = link(last, "next") or ""
        if url:
            continue
        backward = walk(client, link(last, "prev"), rel="prev")
    assert backward[::-1] == forward[:-1]


@pytest.mark.parametrize("sort", ["uiterste", "-uiterste", "nummer"])
def test_a_search_pages_its_sorted_matches_every_case_once(client, bo_world, sort):
    """A text search sorts the rows it matched instead of walking the sort index (which reads
    every case before the first match: the newest cases, what came in today, lie at its end).
    The order and the cursors are the same: forward and back hold every match once, in order."""
    add_cases(bo_world, 120, start=1)
    login(client, bo_world, "coordinator")
    with CaptureQueriesContext(connection) as queries:
        forward = walk(client, f"?lijst=alle&q=onderwerp&sorteer={sort}")
    assert [len(p) for p in forward] == [50, 50, 20]
    field, *_ = SORT_FIELDS[sort]
    matches = Case.objects.filter(subject__startswith="Onderwerp")
    key = dict(matches.values_list("number", field.lstrip("-")))
    pks = dict(matches.values_list("number", "pk"))
    expected = sorted(key, key=lambda n: (key[n], pks[n]), reverse=field.startswith("-"))
    assert [n for p in forward for n in p] == expected
    row_queries = [
        q["sql"] for q in queries.captured_queries if "LIMIT 51" in q["sql"] and "LIKE" in q["sql"]
    ]
    assert len(row_queries) == 3
    assert all("ORDER BY COALESCE(" in sql for sql in row_queries)
    last = client.get(f"/werkplek/zaken/?lijst=alle&q=onderwerp&sorteer={sort}")
    url = link(last.content.decode(), "next")
    final = ""
    while url:
        final = client.get(f"/werkplek/zaken/{url}").content.decode()
        url = link(final, "next")
    backward = walk(client, link(final, "prev"), rel="prev")
    assert backward[::-1] == forward[:-1]


def test_a_stale_or_edited_cursor_starts_at_the_first_page(client, bo_world):
    add_cases(bo_world, 60, start=1)
    login(client, bo_world, "coordinator")
    first = rows(client.get("/werkplek/zaken/?lijst=alle").content.decode())
    for cursor in (
        "na=zzz",
        "na=2026-13-40_1",
        "voor=x_y_z",
        "na=",
        "na=2026-01-01_99999999999999999999",
    ):
        page = client.get(f"/werkplek/zaken/?lijst=alle&{cursor}")
        assert page.status_code == 200
        assert rows(page.content.decode()) == first, cursor


def test_list_sizes_are_capped(client, bo_world, monkeypatch):
    """Past the cap the count says "more than", and it is never an exact COUNT(*) of the table."""
    import cases.selectors.keyset as keyset
    import loket.views.backoffice.worklists as worklists

    add_cases(bo_world, 30, start=1)
    monkeypatch.setattr(keyset, "COUNT_CAP", 10)
    monkeypatch.setattr(worklists, "COUNT_CAP", 10)
    monkeypatch.setattr(keyset.capped_counts, "__kwdefaults__", {"cap": 10})
    monkeypatch.setattr(keyset.count_label, "__kwdefaults__", {"cap": 10})
    login(client, bo_world, "coordinator")
    page = client.get("/werkplek/zaken/?lijst=alle").content.decode()
    assert "Meer dan 10 zaken" in page
    assert '<span class="bo-count">10+</span>' in page
    page = client.get("/werkplek/zaken/?lijst=alle&q=Onderwerp 7").content.decode()
    assert "Meer dan" not in page and "zaken" in page


def test_fast_working_day_count_agrees_with_the_term_engine():
    import random

    from cases.deadlines import working_days_between
    from loket.views.backoffice.common import count_working_days

    calendar = Calendar(
        decree_days={date(2024, 5, 10): "", date(2026, 1, 2): "", date(2026, 5, 15): ""},
        closing_days={date(2025, 12, 29): "", date(2026, 7, 4): "", date(2026, 8, 3): ""},
    )
    rng = random.Random(6)
    for _ in range(400):
        start = date(2024, 1, 1) + timedelta(days=rng.randint(0, 1000))
        end = start + timedelta(days=rng.randint(-800, 800))
        for service_norm in (True, False):
            assert count_working_days(
                start, end, calendar, service_norm=service_norm
            ) == working_days_between(start, end, calendar, service_norm=service_norm), (
                start,
                end,
                service_norm,
            )


def test_due_dates_count_working_days():
    calendar = Calendar(decree_days={date(2026, 5, 15): "Besluit 2026"})
    due = DueDates(calendar, date(2026, 5, 11))  # Monday
    # Tue 12, Wed 13, Thu 14 (Ascension Day is 14 May 2026), Fri 15 decree day, Mon 18.
    assert due.days(date(2026, 5, 18), statutory=True) == 3
    info = due.info(date(2026, 5, 6), statutory=True)
    assert info.overdue and info.text == "3 werkdagen te laat"
    assert due.info(date(2026, 5, 11), statutory=True).text == "vandaag de laatste dag"
    assert due.info(date(2026, 5, 1), statutory=True, suspended=True).overdue is False


# --- Personal data -----------------------------------------------------------------------------


def test_handler_sees_contact_details_and_the_view_is_logged(client, bo_world):
    login(client, bo_world, "caseworker")
    page = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/").content.decode()
    for value in ("Anna de Vries", "anna@voorbeeld.test", "0612345678"):
        assert value in page
    access = PersonalDataAccess.objects.get()
    assert access.user == bo_world.users["caseworker"]
    assert access.case == bo_world.complaint
    assert access.view == "case_page"
    assert set(access.fields) >= {"citizen_name", "citizen_email", "description"}
    assert "anna@voorbeeld.test" not in str(access.fields)  # names of fields, never values


def test_partner_sees_only_what_the_correction_needs(client, bo_world):
    login(client, bo_world, "partner")
    page = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    assert "Noor Visser" in page and "in leven" in page and "Overlijden" in page
    for hidden in (
        "noor@voorbeeld.test",
        "111222333",
        bo_world.chain.description,
        bo_world.chain.subject,
        "overleden",  # the wrong value
        "Tijdlijn",
        "Bijlagen",
        "aanslag.pdf",
        "Ketenplaat",
        "HEFFING —",  # other organisations' tasks are not listed
    ):
        assert hidden not in page, hidden
    access = PersonalDataAccess.objects.get()
    assert access.fields == ["citizen_name", "wrong_elements", "right_value"]


def test_other_department_owning_a_task_sees_the_same_minimum(client, bo_world):
    login(client, bo_world, "task_owner")
    page = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    assert "Noor Visser" in page
    assert "noor@voorbeeld.test" not in page and bo_world.chain.description not in page


# --- Attachments -------------------------------------------------------------------------------


def test_attachment_download_is_checked_streamed_and_logged(client, bo_world):
    login(client, bo_world, "caseworker")
    attachment = bo_world.complaint_attachment
    response = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/bijlagen/{attachment.pk}/")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert 'filename="brief.pdf"' in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "no-store" in response["Cache-Control"]
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    access = PersonalDataAccess.objects.get(view="attachment")
    assert access.fields == [f"attachment:{attachment.pk}"]


def test_attachment_url_is_not_the_storage_path(client, bo_world):
    login(client, bo_world, "caseworker")
    page = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/").content.decode()
    assert bo_world.complaint_attachment.file.name not in page


# --- Chain picture -----------------------------------------------------------------------------


def test_case_page_has_the_chain_picture_with_a_text_alternative(client, bo_world):
    login(client, bo_world, "coordinator")
    page = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    svg = re.search(r"<svg[^>]*>", page).group(0)
    assert 'role="img"' in svg and 'aria-labelledby="bo-chain-title bo-chain-desc"' in svg
    assert '<title id="bo-chain-title">' in page and '<desc id="bo-chain-desc">' in page
    assert "<script" not in page
    # Each node says its state in words; the table lists system, owner, round and state, the
    # list under the picture the flows.
    assert "✓ gecorrigeerd en gecontroleerd" in page
    assert "● correctie gevraagd" in page
    table = page[page.index('id="ketentabel"') :]
    assert '>HEFFING</a> <span class="bo-plan-name">Heffingen gemeentelijke belastingen' in table
    assert "Belastingsamenwerking Voorbeeld (BSV)" in table
    assert 'marker-end="url(#bo-arrow)"' in page  # the flow HEFFING → BSW-HEF
    flows = page[page.index('class="bo-plain bo-flows"') :]
    assert "<strong>HEFFING</strong> levert aan BSW-HEF" in flows


class _Task:
    def __init__(self, pk, system, level, status=TaskStatus.REQUESTED):
        self.pk = pk
        self.system = system
        self.system_id = system.pk
        self.organisation = system.organisation
        self.level = level
        self.status = status
        self.due_date = None

    def get_status_display(self):
        return dict(TaskStatus.choices)[self.status]


def test_picture_of_thirty_systems_is_laid_out_without_overlap(bo_world):
    systems = list(System.objects.select_related("organisation"))
    while len(systems) < 30:  # the register has 24: add a few more owners' systems
        extra = System.objects.create(
            code=f"EXTRA-{len(systems)}",
            name="Extra systeem",
            organisation=systems[0].organisation,
        )
        systems.append(extra)
    tasks = [_Task(n, s, level=n % 5) for n, s in enumerate(systems)]
    flows = [(a.pk, b.pk) for a, b in zip(systems, systems[1:], strict=False)]
    picture = build_picture(tasks, flows, today=timezone.localdate())
    assert len(picture.nodes) == 30 and len(picture.columns) == 5
    boxes = [(n.x, n.y) for n in picture.nodes]
    for i, (x1, y1) in enumerate(boxes):
        for x2, y2 in boxes[i + 1 :]:
            assert abs(x1 - x2) >= NODE_W or abs(y1 - y2) >= NODE_H
    assert all(
        n.x + NODE_W <= picture.width and n.y + NODE_H <= picture.height for n in picture.nodes
    )
    # Readable: the picture grows instead of shrinking text (6 rows of 5 columns).
    assert picture.width >= 5 * NODE_W and picture.height >= 6 * NODE_H
    backward = [e for e in picture.edges if e.backward]
    assert backward  # flows to an earlier round are drawn (dashed), not dropped


def test_tasks_of_the_plan_not_yet_requested_show_as_waiting(client, bo_world):
    CorrectionTask.objects.filter(pk=bo_world.partner_task.pk).update(status=TaskStatus.PENDING)
    login(client, bo_world, "caseworker")
    page = client.get(f"/werkplek/zaken/{bo_world.chain.number}/").content.decode()
    assert "○ wacht op eerdere systemen" in page


def test_coordinator_sees_who_viewed_the_personal_data(client, bo_world):
    login(client, bo_world, "caseworker")
    client.get(f"/werkplek/zaken/{bo_world.complaint.number}/")
    client.logout()
    login(client, bo_world, "coordinator")
    page = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/").content.decode()
    log = page[page.index('id="inzage"') :]
    assert "Caseworker Test" in log and "Coordinator Test" in log
    assert "E-mailadres, Telefoonnummer" in log
    client.logout()
    login(client, bo_world, "caseworker")
    page = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/").content.decode()
    assert 'id="inzage"' not in page


def test_search_by_the_last_digits_of_a_number(client, bo_world):
    login(client, bo_world, "caseworker")
    digits = str(int(bo_world.complaint.number[-6:]))  # "1": as read out on the phone
    page = client.get(f"/werkplek/zaken/?lijst=alle&q={digits}").content.decode()
    assert bo_world.complaint.number in rows(page)
    page = client.get(f"/werkplek/zaken/?lijst=alle&q={bo_world.complaint.number.lower()}")
    assert rows(page.content.decode()) == [bo_world.complaint.number]


def test_history_without_a_known_author_still_renders(client, bo_world):
    """Extensions and events whose author was removed (or seeded in bulk) show a dash."""
    from cases import services
    from cases.models import CaseEvent, Extension

    services.case_extend(
        case=bo_world.complaint, actor=bo_world.actor("caseworker"), amount=2, reason="Advies."
    )
    Extension.objects.update(created_by=None)
    CaseEvent.objects.filter(case=bo_world.complaint).update(actor=None)
    login(client, bo_world, "coordinator")
    response = client.get(f"/werkplek/zaken/{bo_world.complaint.number}/")
    assert response.status_code == 200
    assert "Advies." in response.content.decode()
