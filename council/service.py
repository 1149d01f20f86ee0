"""Writes for council reports: ask for one (the row, then the worker builds it) and build it.

Who may see the figures is decided here (`may_see_council_figures`), once, for the dashboard,
the request form and the download alike."""

from __future__ import annotations

import logging
import tempfile
from datetime import timedelta
from pathlib import Path

from django.core.files import File
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from cases.actors import Actor
from cases.errors import ActionNotAllowed
from cases.models import Organisation, Role
from config.dispatch import delay_after_commit
from council.docx import write_report
from council.figures import Scope
from council.models import CouncilReport, CouncilReportStatus
from council.period import ReportPeriod
from council.tasks import build_council_report

logger = logging.getLogger(__name__)

# A report still "running" after this long was left by a worker that died (acks_late redelivers
# the task); the redelivered task may take it over.
STALE_AFTER = timedelta(hours=1)


def may_see_council_figures(actor: Actor) -> bool:
    """The council (raadsleden) and the loket's coordinators; nobody else."""
    return actor.is_staff and (actor.has_role(Role.COUNCIL) or actor.sees_everything)


def council_reports_visible_to(actor: Actor) -> QuerySet[CouncilReport]:
    """Reports are aggregates for the council as a whole: every member sees every report."""
    if not may_see_council_figures(actor):
        return CouncilReport.objects.none()
    return CouncilReport.objects.select_related("organisation")


def council_report_request(
    *, period: ReportPeriod, organisation: Organisation | None, actor: Actor
) -> CouncilReport:
    """Record the request and hand the build to a worker once the row is committed (a bare
    `.delay()` could run before the row exists). When the broker is down the row stays
    pending; `council_report_build` picks it up whenever it runs."""
    if not may_see_council_figures(actor):
        raise ActionNotAllowed()
    with transaction.atomic():
        report = CouncilReport.objects.create(
            period_start=period.start,
            period_end=period.end,
            organisation=organisation,
            requested_by=actor.user,
        )
        delay_after_commit(build_council_report, report.pk)
    return report


def council_report_retry(*, report: CouncilReport, actor: Actor) -> CouncilReport:
    """Start a failed (or long stuck) report again."""
    if not may_see_council_figures(actor):
        raise ActionNotAllowed()
    with transaction.atomic():
        CouncilReport.objects.filter(
            Q(status=CouncilReportStatus.FAILED) | _stale(), pk=report.pk
        ).update(status=CouncilReportStatus.PENDING, error="", started_at=None)
        delay_after_commit(build_council_report, report.pk)
    report.refresh_from_db()
    return report


def _stale() -> Q:
    return Q(status=CouncilReportStatus.RUNNING, started_at__lt=timezone.now() - STALE_AFTER)


def _claim(report_id: int) -> bool:
    """Take the report with a conditional update, so two deliveries of the task never build
    the same report at once."""
    claimable = Q(status=CouncilReportStatus.PENDING) | _stale()
    return bool(
        CouncilReport.objects.filter(claimable, pk=report_id).update(
            status=CouncilReportStatus.RUNNING, started_at=timezone.now(), error=""
        )
    )


def council_report_build(*, report_id: int) -> CouncilReport | None:
    """Build the .docx of a requested report and store it with the row. Idempotent: a report
    that is done (or being built by another worker) is left alone; a report that no longer
    exists is ignored."""
    if not _claim(report_id):
        logger.info("Council report %s is not pending; nothing to do", report_id)
        return CouncilReport.objects.filter(pk=report_id).first()
    report = CouncilReport.objects.select_related("organisation").get(pk=report_id)
    scope = Scope(ReportPeriod(report.period_start, report.period_end), report.organisation)
    try:
        with tempfile.TemporaryDirectory(prefix="ldz-report-") as directory:
            path = Path(directory) / "report.docx"
            result = write_report(scope=scope, out=path)
            old_name = report.file.name
            with path.open("rb") as handle:
                report.file.save("report.docx", File(handle), save=False)
    except Exception as exc:
        # The class name only: a message could quote data from the database.
        CouncilReport.objects.filter(pk=report_id).update(
            status=CouncilReportStatus.FAILED,
            error=type(exc).__name__,
            finished_at=timezone.now(),
        )
        logger.exception("Council report %s failed", report_id)
        raise
    report.status = CouncilReportStatus.DONE
    report.size = result.size
    report.finished_at = timezone.now()
    report.save(update_fields=["file", "size", "status", "finished_at"])
    if old_name:
        report.file.storage.delete(old_name)  # a rebuilt stale report replaces its old file
    return report
