"""Time the chain impact analysis on a random register the size of a large region.

    python bench/chain_impact.py [--systems 10000] [--flows 100000] [--runs 50] [--seed 1]

Builds the register in memory (no database, no Django): every flow carries a random 1–6 of 12
element codes, a few percent are inactive or past their end date. Then `analyse()` runs from
random sources with random 1–3 wrong elements. Results go to stdout, progress to stderr.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cases.chain import FlowEdge, FlowGraph, analyse  # noqa: E402

ELEMENTS = (
    "naam",
    "adres",
    "geboortedatum",
    "overlijden",
    "burgerlijke_staat",
    "huishouden",
    "inkomen",
    "woz_waarde",
    "kenteken",
    "bankrekening",
    "zorgindicatie",
    "nationaliteit",
)
ON = date(2026, 11, 23)


def random_register(rng: random.Random, systems: int, flows: int) -> tuple[list[str], list]:
    codes = [f"SYS{i:05d}" for i in range(systems)]
    edges = []
    for _ in range(flows):
        source, target = rng.sample(codes, 2)
        roll = rng.random()
        if roll < 0.03:
            active, valid_until = False, None
        elif roll < 0.06:
            active, valid_until = True, ON - timedelta(days=rng.randint(1, 700))
        elif roll < 0.50:
            active, valid_until = True, ON + timedelta(days=rng.randint(0, 1100))
        else:
            active, valid_until = True, None
        edges.append(
            FlowEdge(
                source=source,
                target=target,
                elements=frozenset(rng.sample(ELEMENTS, rng.randint(1, 6))),
                active=active,
                valid_until=valid_until,
            )
        )
    return codes, edges


def calibration_ms() -> float:
    """A fixed pure-Python loop: the speed of this (shared, virtual) machine right now."""
    started = time.process_time()
    total = 0
    for i in range(1_000_000):
        total += i & 7
    return (time.process_time() - started) * 1000


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--systems", type=int, default=10_000)
    parser.add_argument("--flows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    load_before = os.getloadavg()[0]
    print(f"generating {args.systems} systems, {args.flows} flows …", file=sys.stderr)
    codes, edges = random_register(rng, args.systems, args.flows)
    started = time.perf_counter()
    graph = FlowGraph(codes, edges, on=ON)
    build_ms = (time.perf_counter() - started) * 1000
    print(f"graph build {build_ms:.1f} ms  ({args.systems} systems, {args.flows} flows)")

    timings: list[float] = []
    cpu_timings: list[float] = []  # the machine may be shared: CPU time shows our own share
    affected: list[int] = []
    cycles: list[int] = []
    largest_cycle: list[int] = []
    for run in range(1, args.runs + 1):
        source = rng.choice(codes)
        wrong = rng.sample(ELEMENTS, rng.randint(1, 3))
        started, cpu = time.perf_counter(), time.process_time()
        result = analyse(graph, source, wrong)
        timings.append((time.perf_counter() - started) * 1000)
        cpu_timings.append((time.process_time() - cpu) * 1000)
        affected.append(len(result.systems))
        cycles.append(len(result.cycles))
        largest_cycle.append(max((len(c) for c in result.cycles), default=0))
        # Dropped before the next run, as a request drops it: kept alive, its ~50,000 young
        # objects would be walked by the collector inside the next timed call.
        del result
        if run % 10 == 0 or run == args.runs:
            print(f"  {run}/{args.runs} analyses", file=sys.stderr)

    print(
        f"analysis median {statistics.median(timings):.1f} ms  "
        f"p95 {percentile(timings, 0.95):.1f} ms  max {max(timings):.1f} ms  ({args.runs} runs)"
    )
    print(
        f"analysis cpu median {statistics.median(cpu_timings):.1f} ms  "
        f"p95 {percentile(cpu_timings, 0.95):.1f} ms"
    )
    print(
        f"affected median {statistics.median(affected):.0f} systems  "
        f"cycles median {statistics.median(cycles):.0f}  "
        f"largest cycle median {statistics.median(largest_cycle):.0f} systems"
    )
    # Timings on a shared machine mean little without knowing what else ran and how fast the
    # machine was: its speed has been seen to vary by a factor of two within minutes.
    print(
        f"load average (1 min) {load_before:.2f} before, {os.getloadavg()[0]:.2f} after;  "
        f"calibration loop {calibration_ms():.1f} ms"
    )


if __name__ == "__main__":
    main()
