"""Cleaning up uploads."""

from __future__ import annotations

from celery import shared_task


@shared_task(name="cases.tasks.sweep_orphan_uploads", acks_late=True)
def sweep_orphan_uploads() -> int:
    """Delete upload files left behind by rolled-back transactions (daily)."""
    from cases.services.attachments import attachments_sweep_orphans

    return attachments_sweep_orphans()
