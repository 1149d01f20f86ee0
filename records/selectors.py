"""Reads for the records pages."""

from __future__ import annotations

from datetime import date

from records.models import NoticeOfDefault
from records.penalty import Penalty, penalty
from records.services.penalty import decided_on


def penalties_running(*, today: date) -> list[tuple[NoticeOfDefault, Penalty]]:
    """Notices of default whose penalty is owed today and still growing (no decision yet), most
    owed first. One query."""
    rows = []
    notices = NoticeOfDefault.objects.filter(case__resolved_at__isnull=True).select_related(
        "case__case_type"
    )
    for notice in notices:
        owed = penalty(
            notice_received=notice.received_on, today=today, decided_on=decided_on(notice.case)
        )
        if owed.days:
            rows.append((notice, owed))
    rows.sort(key=lambda r: (-r[1].amount, r[0].case.number))
    return rows
