"""Celery jobs of the records app."""

from __future__ import annotations

from celery import shared_task


@shared_task
def propose_destruction_list() -> int | None:
    """Monthly: propose the cases whose retention has run out (the archivist reviews them), and
    remove the personal data outside the cases whose time is up (access requests, mail that
    never became part of a case; records.services.purge)."""
    from records.services.purge import records_purge
    from records.services.retention import destruction_list_propose

    records_purge()
    dlist = destruction_list_propose()
    return dlist.pk if dlist else None


@shared_task(acks_late=True)
def destroy_list(list_id: int) -> int:
    """Destroy an approved list; acks late so a killed worker's job is redelivered and the
    rerun completes it (the service is idempotent)."""
    from records.models import DestructionList
    from records.services.destruction import destruction_list_destroy

    dlist = destruction_list_destroy(destruction_list=DestructionList.objects.get(pk=list_id))
    return dlist.counts.get("destroyed", 0)
