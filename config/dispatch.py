"""Hand a task to the broker after the current transaction commits, never failing the caller.

A bare `.delay()` inside a transaction can run before the row it needs is visible, or for a
change that is rolled back. And a web request must not fail because Redis is down: the periodic
sweeps pick up whatever was not handed over (the rows in the database are the source of truth).
"""

from __future__ import annotations

import logging

from django.db import transaction

from config.broker import publish

logger = logging.getLogger(__name__)


def delay_after_commit(task, *args) -> None:
    def send() -> None:
        try:
            publish(task, *args)  # task.delay(*args), in one LPUSH on Redis (config/broker.py)
        except Exception:
            logger.warning("Broker unreachable; %s(%s) left for the sweep", task.name, args)

    transaction.on_commit(send)
