"""Hand a task to Celery's Redis broker in one LPUSH (issue 23).

`task.delay()` costs about 0.45 ms of CPU per call: Celery's router, kombu's producer pool,
connection checks, exchange lookups and a new redis-py client for the publish. On the public form
that was a tenth of the whole request, to push one small message. For the Redis broker this module
writes the same message itself: Celery builds the task message (`app.amqp.as_task_v2`, the one
Celery's `send_task` uses), and the envelope is kombu's Redis transport's (`Channel.prepare_message`
and `_inplace_augment_message`: the body in base64, the delivery info, a delivery tag), pushed onto
the queue's list with one LPUSH on a client this process keeps. A worker cannot tell it from a
message sent by `delay()`; `tests/config/test_broker.py` compares the two and has a real worker
run one.

Anything else takes Celery's own path: eager mode (the unit tests), a broker that is not plain
Redis (sentinel, memory, AMQP), or a Redis transport with a key prefix or with priorities. It does
not send Celery's publish signals (nothing here listens to them) and does not retry: the caller
catches the error and the periodic sweeps pick up whatever was not handed over.
"""

from __future__ import annotations

import base64
import uuid

import redis
from kombu.entity import maybe_delivery_mode
from kombu.utils.json import dumps

_REDIS_SCHEMES = ("redis://", "rediss://", "redis+socket://")
_clients: dict[str, redis.Redis] = {}
_queues: dict[tuple[int, str], str] = {}


def publish(task, *args) -> None:
    """`task.delay(*args)`, in one LPUSH when the broker is Redis."""
    app = task.app
    client = _client(app)
    if client is None:
        task.delay(*args)
        return
    queue = _queue(app, task.name)
    client.lpush(queue, dumps(message(task, args, queue=queue)))


def message(task, args, *, queue: str, task_id: str | None = None) -> dict:
    """The message kombu's Redis transport would push for `task.apply_async(args)`."""
    app = task.app
    task_id = task_id or str(uuid.uuid4())
    headers, properties, body, _ = app.amqp.as_task_v2(
        task_id,
        task.name,
        args=tuple(args),
        kwargs={},
        reply_to=app.thread_oid,
        time_limit=task.time_limit,
        soft_time_limit=task.soft_time_limit,
        ignore_result=task.ignore_result,
    )
    return {
        "body": base64.b64encode(dumps(body).encode()).decode(),
        "content-encoding": "utf-8",
        "content-type": "application/json",
        "headers": headers,
        "properties": {
            **properties,
            "delivery_mode": maybe_delivery_mode(app.conf.task_default_delivery_mode),
            "delivery_info": {"exchange": "", "routing_key": queue},
            "priority": 0,
            "body_encoding": "base64",
            "delivery_tag": str(uuid.uuid4()),
        },
    }


def _client(app) -> redis.Redis | None:
    """This process's client for the broker, or None when Celery's own path must be taken."""
    conf = app.conf
    url = conf.broker_url or ""
    if conf.task_always_eager or not url.startswith(_REDIS_SCHEMES):
        return None
    options = conf.broker_transport_options or {}
    if options.get("global_keyprefix") or options.get("priority_steps"):
        return None
    client = _clients.get(url)
    if client is None:
        location = url.replace("redis+socket://", "unix://", 1)
        client = _clients[url] = redis.Redis.from_url(
            location,
            socket_connect_timeout=options.get("socket_connect_timeout", 2),
            socket_timeout=options.get("socket_timeout", 5),
        )
    return client


def _queue(app, name: str) -> str:
    """The queue Celery's router sends this task to (CELERY_TASK_ROUTES, else the default)."""
    key = (id(app), name)
    queue = _queues.get(key)
    if queue is None:
        routed = app.amqp.router.route({}, name, (), {})
        queue = _queues[key] = routed["queue"].name
    return queue
