"""Background work (Celery). Each task parses its arguments and calls one service, imported
inside the task's body (CONVENTIONS: services import their task at module level, a task imports
its service inside the body). The worker finds every task through this package."""

from cases.tasks.attachments import sweep_orphan_uploads
from cases.tasks.calendar import apply_calendar_change
from cases.tasks.deadlines import sweep_deadlines

__all__ = [
    "apply_calendar_change",
    "sweep_deadlines",
    "sweep_orphan_uploads",
]
