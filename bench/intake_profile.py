"""In-process profile of the public question form: N submissions through Django's test client,
each POST's database round trips counted (CaptureQueriesContext) and grouped by statement shape.

    DATABASE_URL=postgres://postgres@127.0.0.1:54330/x23a_prof python bench/intake_profile.py [N]

The database must be migrated and hold the demo data (`manage.py seed_demo`): the case types and
the routing rules. The settings are the development ones (DJANGO_SETTINGS_MODULE defaults to
config.settings.local) with the receipt's Celery publish going to whatever REDIS_URL says; with
no broker there, the publish fails fast and the notice waits for the outbox sweep, as in
production. With PROFILE=cumtime (or tottime) the loop runs under cProfile. Prints queries per
submission, the most frequent statement shapes, and the mean and p95 of the POST in milliseconds
(in-process, without gunicorn; compare runs on one machine only).
"""

from __future__ import annotations

import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("LOKET_SUBMIT_RATE_LIMIT", "1000000000")


def shape(sql: str) -> str:
    """The statement without its values, shortened: what a round trip was for."""
    sql = re.sub(r"'[^']*'", "?", sql)
    sql = re.sub(r"\b\d+\b", "?", sql)
    return sql[:150]


def main(count: int) -> None:
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="localhost")
    client.get("/indienen/vraag/")  # the CSRF cookie; test clients skip the check anyway
    run = f"{os.getpid()}x{int(time.time())}"  # unique addresses: the receipt limit counts per hour
    shapes: Counter[str] = Counter()
    timings, per_post = [], []
    profiler = cProfile.Profile() if os.environ.get("PROFILE") else None
    if profiler:
        profiler.enable()
    for n in range(count):
        data = {
            "citizen_name": f"Bench Burger {n}",
            "citizen_email": f"bench{run}-{n}@example.nl",
            "citizen_phone": "",
            "citizen_address": "",
            "website": "",
            "subject": f"Profiel {n}",
            "description": "Hoe verleng ik mijn parkeervergunning? " * 5,
        }
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.post("/indienen/vraag/", data)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 302, response.status_code
        per_post.append(len(queries))
        shapes.update(shape(q["sql"]) for q in queries.captured_queries)
    if profiler:
        profiler.disable()
        # PROFILE_FILTER: a regular expression on file:line(function); PROFILE_LINES: how many.
        stats = pstats.Stats(profiler).sort_stats(os.environ["PROFILE"])
        lines = int(os.environ.get("PROFILE_LINES", "40"))
        stats.print_stats(os.environ.get("PROFILE_FILTER", ""), lines)
    timings.sort()
    print(
        f"submissions={count} queries_per_post={statistics.mean(per_post):.1f} "
        f"(min {min(per_post)}, max {max(per_post)}) mean={statistics.mean(timings):.1f}ms "
        f"p95={timings[int(len(timings) * 0.95) - 1]:.1f}ms"
    )
    for sql, seen in shapes.most_common(40):
        print(f"{seen / count:5.2f}  {sql}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
