"""Hand a task to the broker after the current transaction commits, never failing the caller.

A bare `.delay()` inside a transaction can run before the row it needs is visible, or for a
change that is rolled back. And a web request must not fail because Redis is down: the periodic
sweeps pick up whatever was not handed over (the rows in the database are the source of truth).
"""

from __future__ import annotations

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def delay_after_commit(task, *args) -> None:
    def send() -> None:
        try:
            task.delay(*args)
        except Exception:
            logger.warning("Broker unreachable; %s(%s) left for the sweep", task.name, args)

    transaction.on_commit(send)


def delay_many_after_commit(task, arguments: list[tuple]) -> None:
    """One task per argument tuple, after commit. Stops at the first failure: with the broker
    down, every further attempt would wait for its own connection timeout, and the sweep hands
    over the rest anyway."""
    if not arguments:
        return

    def send() -> None:
        done = 0
        try:
            # One producer (one broker connection) for the batch, not one from the pool per task.
            with task.app.producer_or_acquire() as producer:
                for args in arguments:
                    task.apply_async(args, producer=producer)
                    done += 1
        except Exception:
            logger.warning(
                "Broker unreachable; %d of %d %s tasks left for the sweep",
                len(arguments) - done,
                len(arguments),
                task.name,
            )

    transaction.on_commit(send)
