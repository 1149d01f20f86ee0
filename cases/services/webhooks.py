"""Events for partners' systems (issue 19): written through the notifications outbox in the
caller's transaction, so an event exists exactly when its change was committed.

Payloads are thin on purpose: ids, states and versions, no personal data. A receiver fetches
the task through the API, which checks its token's access and writes the access log."""

from __future__ import annotations

from collections.abc import Iterable

from cases.models import Case, CorrectionTask
from notifications.services import webhook_event_enqueue


def organisation_subscriber(organisation_id: int) -> str:
    """The opaque name the notifications app knows an organisation's endpoints by."""
    return f"organisation:{organisation_id}"


def _task_data(task: CorrectionTask) -> dict:
    return {
        "task": {
            "id": task.pk,
            "case_number": task.case.number,
            "system": task.system.code,
            "status": task.status,
            "version": task.version,
            "due_date": task.due_date.isoformat() if task.due_date else None,
        }
    }


def task_event_emit(*, task: CorrectionTask, event: str) -> None:
    """`task.requested`, `task.verified` or `task.returned`, to the task's owner. The key holds
    the version, so each change is one event and a retried transaction writes it once."""
    webhook_event_enqueue(
        subscribers=[organisation_subscriber(task.organisation_id)],
        event=event,
        payload=_task_data(task),
        idempotency_key=f"{event}:task{task.pk}:v{task.version}",
    )


def case_withdrawn_emit(*, case: Case, organisation_ids: Iterable[int]) -> None:
    """The case was withdrawn: the organisations that had open tasks stop working on them, and
    the case's own organisation hears of it."""
    subscribers = {organisation_subscriber(pk) for pk in organisation_ids}
    if case.organisation_id:
        subscribers.add(organisation_subscriber(case.organisation_id))
    webhook_event_enqueue(
        subscribers=subscribers,
        event="case.withdrawn",
        payload={"case": {"number": case.number, "status": case.status}},
        idempotency_key=f"case.withdrawn:case{case.pk}",
    )
