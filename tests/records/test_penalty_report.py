"""The council report counts the penalties paid for late decisions (Awb 4:17, issue 18)."""

from __future__ import annotations

import zipfile
from datetime import timedelta

import pytest
from django.utils import timezone

from cases.models import Case
from council.docx import write_report
from council.period import ReportPeriod
from council.values import Scope
from records.services.penalty import notice_of_default_register, penalty_decision_register
from tests.factories import build_world, make_staff, submit_case

pytestmark = pytest.mark.django_db


def _paid_penalty(world) -> int:
    case = submit_case(
        "privacy_request",
        team=world.teams["regie"],
        received_at=timezone.now() - timedelta(days=90),
    )
    _, actor = make_staff("caseworker", team=world.teams["regie"])
    today = timezone.localdate()
    notice_of_default_register(case=case, received_on=today - timedelta(days=30), actor=actor)
    Case.objects.filter(pk=case.pk).update(resolved_at=timezone.now(), status="resolved")
    case.refresh_from_db()
    return penalty_decision_register(case=case, actor=actor).penalty_paid


def test_council_report_shows_the_penalties_paid(tmp_path):
    world = build_world()
    paid = _paid_penalty(world)
    assert paid == 392  # 14 x 23 + 2 x 35
    today = timezone.localdate()
    path = tmp_path / "raad.docx"
    write_report(scope=Scope(ReportPeriod(today.replace(day=1), today)), out=path)
    with zipfile.ZipFile(path) as z:
        xml = z.read("word/document.xml").decode()
    assert "Dwangsommen (Awb 4:17)" in xml
    # The table row: "Betaald", 1 penalty, EUR 392.
    row = xml[xml.index("Betaald") :]
    assert row.index(">1<") < row.index(">392<")

    # A period without it: zero.
    last_year = ReportPeriod.year(today.year - 1)
    empty = tmp_path / "leeg.docx"
    write_report(scope=Scope(last_year), out=empty)
    with zipfile.ZipFile(empty) as z:
        xml = z.read("word/document.xml").decode()
    assert "Dwangsommen (Awb 4:17)" in xml and ">392<" not in xml
