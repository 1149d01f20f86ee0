"""Background work for council reports. The task keeps its registered name from before
`cases.tasks` became a package and before the reports moved to `council`, so messages already
queued still find it."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cases.tasks_reports.build_council_report", acks_late=True)
def build_council_report(report_id: int) -> str:
    """Build a requested council report. Idempotent: a report that is already done, or being
    built by another delivery of this task, is left as it is."""
    from council.service import council_report_build

    report = council_report_build(report_id=report_id)
    return report.status if report is not None else "missing"
