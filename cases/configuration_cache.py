"""What intake reads on every submission but the administrator changes only now and then (case
types, their questions, routing rules, teams, decree and closing days), kept in this process's
memory (issue 23: read from the database on every submission it cost a third of the intake).

Staleness is ruled out by a stamp in the database (`ConfigurationStamp`): every save or delete of
those models writes a fresh random stamp in the same transaction (the receivers below), and a
process reuses what it loaded only while the stamp it loaded under is still the one in the table.
So an admin change reaches the next submission in every process, web or worker. The stamp is
read once per request (one small query) and before the data, so data loaded while a change
commits is at worst newer than its stamp, never older.

Without a stamp row (a test database just flushed) nothing is cached. Queryset `.update()`
sends no signal: code that changes these models that way must call `configuration_changed()`.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.signals import request_finished, request_started
from django.db import connections, router, transaction
from django.db.models.signals import post_delete, post_save

from cases.models import (
    CaseType,
    ClosingDay,
    ConfigurationStamp,
    DecreeDay,
    Organisation,
    RoutingRule,
    Team,
)

KEY = "configuration"
T = TypeVar("T")

_values: dict[str, tuple[str, Any]] = {}  # name -> (stamp, value); shared by the threads
_local = threading.local()  # per thread: the stamp read in the current request


def configuration_changed(**_kwargs) -> None:
    """Write a fresh stamp (in the caller's transaction) and forget this process's copies."""
    stamp = uuid.uuid4().hex
    with transaction.atomic():
        updated = ConfigurationStamp.objects.filter(key=KEY).update(stamp=stamp)
        if not updated:
            ConfigurationStamp.objects.update_or_create(key=KEY, defaults={"stamp": stamp})
    forget()


def forget(*, outside_request: bool = False) -> None:
    """Drop this process's copies (the next read loads again). Tests start from here, outside
    any request (a streamed response a test did not read to the end never finished its one)."""
    _values.clear()
    _local.stamp = None
    if outside_request:
        _local.in_request = False


def current_stamp() -> str:
    """The stamp in the database, read once per request (every time outside requests)."""
    stamp = getattr(_local, "stamp", None)
    if stamp is None:
        stamp = _read_stamp()
        if getattr(_local, "in_request", False):
            _local.stamp = stamp
    return stamp


_STAMP_QUERY: dict[str, tuple[str, tuple]] = {}  # database alias -> (sql, params)


def _read_stamp() -> str:
    """One SELECT of the stamp. Its SQL never changes, so the ORM compiles it once per process
    and database: compiled on every request it cost more than the round trip (issue 23)."""
    alias = router.db_for_read(ConfigurationStamp)
    compiled = _STAMP_QUERY.get(alias)
    if compiled is None:
        queryset = ConfigurationStamp.objects.using(alias).filter(key=KEY).values_list("stamp")
        compiled = _STAMP_QUERY[alias] = queryset[:1].query.sql_with_params()
    with connections[alias].cursor() as cursor:
        cursor.execute(*compiled)
        row = cursor.fetchone()
    return row[0] if row else ""


def cached(name: str, loader: Callable[[], T]) -> T:
    """`loader()`, reused while the configuration stamp is unchanged. The loader must return
    something nobody mutates: every request and thread of this process gets the same object."""
    stamp = current_stamp()
    held = _values.get(name)
    if held is not None and stamp and held[0] == stamp:
        return held[1]
    value = loader()
    if stamp:
        _values[name] = (stamp, value)
    return value


def _request_started(**_kwargs) -> None:
    _local.in_request, _local.stamp = True, None


def _request_finished(**_kwargs) -> None:
    _local.in_request, _local.stamp = False, None


WATCHED = (CaseType, RoutingRule, Team, Organisation, DecreeDay, ClosingDay)


def watch(*models) -> None:
    """A save or delete of any of `models` changes the stamp (other apps add their own)."""
    for model in models:
        uid = f"configuration-cache:{model._meta.label}"
        post_save.connect(configuration_changed, sender=model, dispatch_uid=uid + ":save")
        post_delete.connect(configuration_changed, sender=model, dispatch_uid=uid + ":delete")


def connect() -> None:
    """Called once from the app's ready()."""
    request_started.connect(_request_started, dispatch_uid="configuration-cache:start")
    request_finished.connect(_request_finished, dispatch_uid="configuration-cache:finish")
    watch(*WATCHED)
