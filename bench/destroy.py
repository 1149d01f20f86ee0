"""Times destroying ~100,000 cases on PostgreSQL (issue 18), with peak memory.

    DATABASE_URL=postgres://postgres@127.0.0.1:54330/w18 python bench/destroy.py \
        [--cases 120000] [--keep]

The database is created and migrated if needed; `seed_volume` fills it with two years of cases
(--keep reuses an earlier seed). Every destroy rule is set to P1D so almost every finished case
is due; the monthly proposal is timed; every item is then approved with one UPDATE (standing in
for the archivist's review, which is a person's work, not the machine's), and the list is
destroyed in a fresh process so its peak RSS (ru_maxrss) is the destruction's own:

    proposal_seconds=… items=…
    destroyed=… destroy_seconds=… peak_rss_mb=… baseline_rss_mb=…
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("CELERY_TASK_ALWAYS_EAGER", "true")

from deadline_sweep import ensure_database, log  # noqa: E402


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def prepare(cases: int, keep: bool) -> int:
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from cases.models import Case, Membership, Role, Team
    from records.models import DestructionList, ItemDecision, ListStatus, Nomination, RetentionRule
    from records.services.retention import destruction_list_propose

    call_command("migrate", verbosity=0)
    if not keep or not Case.objects.exists():
        log("Demo organisations and teams…")
        call_command("seed_demo", cases=0, verbosity=0, stdout=open(os.devnull, "w"))  # noqa: SIM115
        log(f"seed_volume {cases} cases…")
        t = time.monotonic()
        call_command("seed_volume", cases=cases, stdout=open(os.devnull, "w"))  # noqa: SIM115
        log(f"seeded in {time.monotonic() - t:.0f}s")
    with connection.cursor() as cur:
        cur.execute("DELETE FROM records_destructionitem")
        cur.execute("DELETE FROM records_destructionlist")
    RetentionRule.objects.filter(nomination=Nomination.DESTROY).update(period="P1D")
    t = time.monotonic()
    dlist = destruction_list_propose(today=timezone.localdate())
    items = dlist.items.count()
    print(f"proposal_seconds={time.monotonic() - t:.1f} items={items}", flush=True)
    user, _ = get_user_model().objects.get_or_create(username="bench-archivist")
    Membership.objects.get_or_create(user=user, team=Team.objects.first(), role=Role.ARCHIVIST)
    dlist.items.update(decision=ItemDecision.APPROVED, reviewed_by=user, reviewed_at=timezone.now())
    DestructionList.objects.filter(pk=dlist.pk).update(
        status=ListStatus.APPROVED, approved_by=user, approved_at=timezone.now()
    )
    return dlist.pk


def destroy(list_id: int) -> None:
    import django

    django.setup()
    from records.models import DestructionList
    from records.services.destruction import destruction_list_destroy

    baseline = rss_mb()
    t = time.monotonic()
    dlist = destruction_list_destroy(
        destruction_list=DestructionList.objects.get(pk=list_id),
        progress=lambda done, total: done % 10000 < 500 and log(f"  {done}/{total}"),
    )
    seconds = time.monotonic() - t
    print(
        f"destroyed={dlist.counts['destroyed']} destroy_seconds={seconds:.1f} "
        f"peak_rss_mb={rss_mb():.0f} baseline_rss_mb={baseline:.0f}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=120_000)
    parser.add_argument("--keep", action="store_true")
    parser.add_argument(
        "--kill-after",
        type=float,
        help="SIGKILL the destruction after this many seconds, then rerun it to completion",
    )
    parser.add_argument("--destroy-list", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.destroy_list:
        destroy(args.destroy_list)
        return
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("DATABASE_URL must point at PostgreSQL")
    ensure_database(url)
    list_id = prepare(args.cases, args.keep)
    command = [sys.executable, __file__, "--destroy-list", str(list_id)]
    if args.kill_after:
        worker = subprocess.Popen(command, env=os.environ)
        time.sleep(args.kill_after)
        worker.kill()  # SIGKILL: no cleanup, as when the machine dies
        worker.wait()
        from records.models import DestructionItem, PendingFileRemoval

        done = DestructionItem.objects.filter(
            destruction_list_id=list_id, destroyed_at__isnull=False
        ).count()
        print(
            f"killed_after={args.kill_after}s destroyed_so_far={done} "
            f"pending_files={PendingFileRemoval.objects.count()}",
            flush=True,
        )
    subprocess.run(command, check=True, env=os.environ)
    if args.kill_after:
        from cases.models import Case
        from records.models import DestructionItem

        destroyed = DestructionItem.objects.filter(
            destruction_list_id=list_id, destroyed_at__isnull=False
        ).values("case_id")
        left = Case.objects.filter(pk__in=destroyed).exclude(citizen_name="").count()
        print(f"after_rerun cases_with_personal_data_left={left}", flush=True)


if __name__ == "__main__":
    main()
