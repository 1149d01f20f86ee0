"""`analyse`: the spreading of the wrong elements, the correction levels, and the result in
correction order. The rules are in the package's docstring (`cases/chain/__init__.py`)."""

from __future__ import annotations

import gc
from collections.abc import Iterable

from cases.chain.components import cycle_of, other_components, source_component
from cases.chain.graph import FlowGraph
from cases.chain.result import AffectedSystem, ImpactResult, Trace


def analyse(graph: FlowGraph, source: str, elements: Iterable[str]) -> ImpactResult:
    """Follow the wrong `elements` from `source` along the flows that carry them.

    Guarantees: the source is in the result (level 0, distance 0, its own elements even when no
    flow carries them); every other system appears once, with a non-empty `upstream` whose
    systems all have a smaller level; cycles are reported in `cycles` and never followed twice.
    """
    if isinstance(elements, str):
        # A bare "adres" would otherwise be read as the elements a, d, r, e, s.
        raise TypeError("elements must be a collection of element codes, not a string")
    s = graph._index.get(source)
    if s is None:
        raise ValueError(f"Unknown source system {source}")
    wanted = frozenset(elements)
    if not wanted:
        raise ValueError("At least one wrong element is needed")
    # A large chain allocates tens of thousands of small objects, none of them in a reference
    # cycle. With the cyclic collector on, it ran dozens of times per analysis, each time walking
    # everything made so far and now and then the whole register (bench/chain_impact.py: median
    # +20 %, mean +70 %). The caller's next collection still visits the result, once.
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _analyse(graph, s, wanted)
    finally:
        if collecting:
            gc.enable()


def _analyse(graph: FlowGraph, s: int, wanted: frozenset[str]) -> ImpactResult:
    """The analysis in named steps. Each step is one call per analysis with its hot loop inside
    it: the split adds a handful of calls per analysis, none per system or per flow."""
    n = len(graph._codes)
    reach, dist, best, parents, carried = _spread(graph, s, wanted)
    affected = [s]
    affected += [v for v, r in enumerate(reach) if r and v != s]
    # The affected subgraph: the flows between affected systems that carry a wrong element their
    # source holds (reach[u] & bit). Everything below works on it.
    comp = [-1] * n  # component number; the source's component is 0
    comp[s] = 0
    upstream: list[list[int]] = [[]] * n  # only read for affected systems
    components = [source_component(graph, s, reach, dist, carried, comp, upstream)]
    components += other_components(graph, affected, reach, dist, carried, comp, upstream)
    level = _levels(components, upstream, n)
    cycles = sorted(cycle_of(group, comp, reach, graph) for group in components if len(group) > 1)
    # The result in correction order. Only the source has level 0, so it comes first.
    rank = graph._rank
    keys = sorted([level[v] * n + rank[v] for v in affected])
    trace = Trace(graph._codes, s, best, parents, upstream)
    systems = _result_systems(graph, keys[1:], wanted, (reach, dist, level), trace)
    return ImpactResult(
        source=graph._codes[s], elements=wanted, systems=tuple(systems), cycles=tuple(cycles)
    )


def _spread(graph: FlowGraph, s: int, wanted: frozenset[str]):
    """One breadth-first search per wrong element. Returns, per system, the bitmask of wrong
    elements that reach it (`reach`), the shortest distance (`dist`) and the element whose route
    gave it (`best`, ties: the smallest element code); per element the BFS parents; and the
    (bit number, bit) of the wrong elements that flows carry."""
    n = len(graph._codes)
    element_bit = graph._element_bit
    forward = graph._forward
    reach = [0] * n  # bitmask of the wrong elements that reach each system
    far = n + 1
    dist = [far] * n
    dist[s] = 0
    best = [-1] * n
    parents: dict[int, list[int]] = {}
    carried: list[tuple[int, int]] = []
    for element in sorted(wanted):
        b = element_bit.get(element)
        if b is None:
            continue  # no flow carries it: it stays in the source
        bit = 1 << b
        carried.append((b, bit))
        reach[s] |= bit
        adjacency = forward[b]
        parent = [-1] * n
        parent[s] = s
        frontier = [s]
        d = 0
        while frontier:
            d += 1
            found: list[int] = []
            append = found.append
            for u in frontier:
                for v in adjacency[u]:
                    if parent[v] < 0:
                        parent[v] = u
                        append(v)
            for v in found:
                reach[v] |= bit
                if d < dist[v]:
                    dist[v] = d
                    best[v] = b
            frontier = found
        parents[b] = parent
    return reach, dist, best, parents, carried


def _levels(components: list[list[int]], upstream: list[list[int]], n: int) -> list[int]:
    """Levels, over the topological order: one more than the highest feeder."""
    level = [0] * n
    get_level = level.__getitem__
    for group in components:
        for v in group:
            feeding = upstream[v]
            if feeding:
                level[v] = max(map(get_level, feeding)) + 1
    return level


def _result_systems(graph: FlowGraph, keys, wanted, per_system, trace: Trace) -> list:
    """The result, built straight in correction order: the source, then `keys` (level, then
    register order). `path` and `upstream` are left to `trace`, to be built when asked for."""
    reach, dist, level = per_system
    codes = graph._codes
    n = len(codes)
    element_names = {bit: name for name, bit in graph._element_bit.items()}
    element_sets: dict[int, frozenset[str]] = {}
    by_rank = graph._by_rank
    new = object.__new__
    set_attribute = object.__setattr__
    s = trace.source
    # The source holds its own wrong elements, even those that no flow carries.
    source = AffectedSystem(
        code=codes[s], distance=0, level=0, elements=wanted, trace=trace, index=s
    )
    systems = [source]
    append = systems.append
    for key in keys:
        v = by_rank[key % n]
        r = reach[v]
        names = element_sets.get(r)
        if names is None:
            names = element_sets[r] = frozenset(
                element_names[b] for b in range(r.bit_length()) if r >> b & 1
            )
        # What AffectedSystem's __init__ does, without a call with keyword arguments per system:
        # a large chain reaches ~9,000 systems.
        system = new(AffectedSystem)
        set_attribute(
            system,
            "__dict__",
            {
                "code": codes[v],
                "distance": dist[v],
                "level": level[v],
                "elements": names,
                "_trace": trace,
                "_index": v,
            },
        )
        append(system)
    return systems
