# long: to split by topic (issue 20 step 4, not done yet)
"""Impact analysis of a chain error: which systems took over wrong data, and in what order they
must correct it (DESIGN.md §5).

Pure Python on purpose (no Django): the same code serves the correction plan, the management
command and the benchmark, and the register of a large region (10,000 systems, 100,000 flows)
must be analysed within a page request. `FlowGraph` therefore maps system codes to ints and
element codes to bits once, at construction; `analyse` then works on lists and ints only.

The rules, in short:

- A wrong element travels along a flow only if the flow carries it. Because each flow filters by
  intersection, an element reaches system X exactly when some path from the source carries that
  element on every flow; what reaches X is the union over those elements. `analyse` computes this
  fixpoint as one breadth-first search per wrong element (a system's set keeps growing as later
  searches reach it), which gives the same sets as a worklist over element sets and, as a bonus,
  the shortest path along which each element actually travelled.
- `distance` and `path` belong to that element: the path shows a route on which one piece of
  wrong data really went from flow to flow, never a mix of two routes that no data took.
- A downstream system is asked only after every system that feeds it wrong data has corrected,
  otherwise the next delivery overwrites the fix. Inside a cycle nobody could ever go first, so
  there the error is followed in the direction it came in (smaller distance first) and the cycle
  is reported, never looped.
"""

from __future__ import annotations

import gc
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class FlowEdge:
    """One data flow of the register: `source` delivers `elements` to `target`."""

    source: str
    target: str
    elements: frozenset[str]
    active: bool = True
    # End date of the agreement; on a later day the flow no longer delivers anything.
    valid_until: date | None = None


@dataclass(frozen=True)
class AffectedSystem:
    code: str
    # Shortest number of flows from the source along which one wrong element travelled.
    distance: int
    # Correction round: 0 for the source, otherwise 1 + the highest level among `upstream`.
    level: int
    # One shortest route of one wrong element, source first, ending with `code`.
    path: tuple[str, ...]
    # Every wrong element that reaches this system, over all routes.
    elements: frozenset[str]
    # Affected systems that feed this one wrong data and must have corrected before it is asked.
    upstream: frozenset[str]


@dataclass(frozen=True)
class ImpactResult:
    source: str
    elements: frozenset[str]
    # Correction order: sorted by (level, code), so the source comes first.
    systems: tuple[AffectedSystem, ...]
    # Every cycle among the affected systems, each starting at its smallest code; sorted.
    cycles: tuple[tuple[str, ...], ...]

    def by_code(self) -> dict[str, AffectedSystem]:
        return {system.code: system for system in self.systems}

    def order(self) -> list[tuple[int, str]]:
        return [(system.level, system.code) for system in self.systems]


class FlowGraph:
    """The flows that deliver data on the day `on`: active, and not past their end date.

    Several flows between the same two systems are merged into one edge that carries the union
    of their elements; for the analysis they are indistinguishable.
    """

    def __init__(self, systems: Iterable[str], flows: Iterable[FlowEdge], *, on: date) -> None:
        codes = list(dict.fromkeys(systems))
        index = {code: i for i, code in enumerate(codes)}
        element_bit: dict[str, int] = {}
        merged: list[dict[int, int]] = [{} for _ in codes]
        kept: dict[str, list[FlowEdge]] = {}
        for flow in flows:
            # Checked before the filters: a flow that points nowhere is a broken register even
            # when it is inactive today.
            u = index.get(flow.source)
            v = index.get(flow.target)
            if u is None or v is None:
                unknown = flow.source if u is None else flow.target
                raise ValueError(f"Flow {flow.source} → {flow.target}: unknown system {unknown}")
            if u == v or not flow.active:
                continue
            # The agreement still holds on its last day.
            if flow.valid_until is not None and flow.valid_until < on:
                continue
            kept.setdefault(flow.source, []).append(flow)
            mask = 0
            for element in flow.elements:
                bit = element_bit.get(element)
                if bit is None:
                    bit = element_bit[element] = len(element_bit)
                mask |= 1 << bit
            if mask:
                edges = merged[u]
                edges[v] = edges.get(v, 0) | mask

        # Per element, the targets of the flows that carry it and, reversed, their sources: the
        # inner loops of `analyse` then test nothing but "seen before?".
        forward: list[list[list[int]]] = [[[] for _ in codes] for _ in element_bit]
        backward: list[list[list[int]]] = [[[] for _ in codes] for _ in element_bit]
        for u, edges in enumerate(merged):
            for v, mask in edges.items():
                while mask:
                    low = mask & -mask
                    b = low.bit_length() - 1
                    forward[b][u].append(v)
                    backward[b][v].append(u)
                    mask ^= low
        by_rank = sorted(range(len(codes)), key=codes.__getitem__)
        rank = [0] * len(codes)
        for position, i in enumerate(by_rank):
            rank[i] = position

        self.on = on
        self.systems: frozenset[str] = frozenset(codes)
        self._codes = codes
        self._index = index
        self._element_bit = element_bit
        self._targets = [list(edges) for edges in merged]
        self._masks = [list(edges.values()) for edges in merged]
        self._forward = forward
        self._backward = backward
        self._rank = rank
        self._by_rank = by_rank
        self._kept = kept

    def flows_from(self, code: str) -> list[FlowEdge]:
        """The flows that deliver from `code` on the graph's day, in register order."""
        if code not in self._index:
            raise ValueError(f"Unknown system {code}")
        return list(self._kept.get(code, ()))


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
    components = [_source_component(graph, s, reach, dist, carried, comp, upstream)]
    components += _other_components(graph, affected, reach, dist, carried, comp, upstream)
    level = _levels(components, upstream, n)
    cycles = sorted(_cycle(group, comp, reach, graph) for group in components if len(group) > 1)
    # The result in correction order. Only the source has level 0, so it comes first.
    source = graph._codes[s]
    rank = graph._rank
    keys = sorted([level[v] * n + rank[v] for v in affected])
    paths: dict[int, list[tuple[str, ...] | None]] = {}
    for b in parents:
        paths[b] = [None] * n
        paths[b][s] = (source,)
    first = AffectedSystem(
        code=source, distance=0, level=0, path=(source,), elements=wanted, upstream=frozenset()
    )
    per_system = (reach, dist, best, level, upstream)
    systems = _result_systems(graph, keys[1:], [first], per_system, parents, paths)
    return ImpactResult(
        source=source, elements=wanted, systems=tuple(systems), cycles=tuple(cycles)
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


def _source_component(graph: FlowGraph, s, reach, dist, carried, comp, upstream) -> list[int]:
    """The source's strongly connected component, and upstream inside it.

    Every affected system is reachable from the source, so the source's component is exactly the
    affected systems that reach the source back: one backward search, no Tarjan. In random
    registers the size of a region it holds nearly all affected systems. Whatever feeds a member
    also reaches the source, so it is a member too: inside the component only flows that go
    further from the source count (the cycle is entered from where the error came in). Fills
    `comp` (0) and `upstream` for the members; returns them by distance."""
    backward = graph._backward
    members = [s]
    join = members.append
    sources_by_element = [(backward[b], bit) for b, bit in carried]
    for v in members:  # grows while it is read: a breadth-first queue
        dv = dist[v]
        feeding: list[int] = []
        for sources, bit in sources_by_element:
            for u in sources[v]:
                if reach[u] & bit:
                    if comp[u] < 0:
                        comp[u] = 0
                        join(u)
                    if dist[u] < dv:
                        feeding.append(u)
        upstream[v] = feeding
    members.sort(key=dist.__getitem__)
    return members


def _other_components(graph: FlowGraph, affected, reach, dist, carried, comp, upstream):
    """The other affected systems: Tarjan, on what is left. Returns their components in
    topological order and fills `comp` and `upstream` for them."""
    rest = [v for v in affected if comp[v] < 0]
    if not rest:
        return []
    backward = graph._backward
    feeders: dict[int, list[int]] = {}
    inside: dict[int, list[int]] = {}
    for v in rest:
        feeding = [u for b, bit in carried for u in backward[b][v] if reach[u] & bit]
        feeders[v] = feeding
        # Flows from the source's component into the rest exist, never the other way round.
        inside[v] = [u for u in feeding if comp[u]]
    # On the reversed graph Tarjan emits a component after every component that feeds it: a
    # topological order of the flows.
    components = []
    for group in _strongly_connected(rest, inside, comp, first_number=1):
        group.sort(key=dist.__getitem__)
        components.append(group)
    for v in rest:
        cv = comp[v]
        dv = dist[v]
        upstream[v] = [u for u in feeders[v] if comp[u] != cv or dist[u] < dv]
    return components


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


def _result_systems(graph: FlowGraph, keys, systems, per_system, parents, paths) -> list:
    """The result, built straight in correction order (`keys`: level, then register order)."""
    reach, dist, best, level, upstream = per_system
    codes = graph._codes
    n = len(codes)
    element_names = {bit: name for name, bit in graph._element_bit.items()}
    element_sets: dict[int, frozenset[str]] = {}
    by_rank = graph._by_rank
    append = systems.append
    new = object.__new__
    set_attribute = object.__setattr__
    code_of = codes.__getitem__
    single: dict[int, frozenset[str]] = {}
    for key in keys:
        v = by_rank[key % n]
        r = reach[v]
        names = element_sets.get(r)
        if names is None:
            names = element_sets[r] = frozenset(
                element_names[b] for b in range(r.bit_length()) if r >> b & 1
            )
        b = best[v]
        memo = paths[b]
        path = memo[v]
        if path is None:  # routes share their beginning: each is built once, from its parent's
            parent = parents[b]
            chain = []
            w = v
            while memo[w] is None:
                chain.append(w)
                w = parent[w]
            path = memo[w]
            for w in reversed(chain):
                path = memo[w] = path + (codes[w],)
        feeding = upstream[v]
        if len(feeding) == 1:
            # Most systems have one feeder, and a feeder feeds many: share the set.
            u = feeding[0]
            upstream_codes = single.get(u)
            if upstream_codes is None:
                upstream_codes = single[u] = frozenset((codes[u],))
        else:
            upstream_codes = frozenset(map(code_of, feeding))
        # What the dataclass's __init__ does, without the frozen __setattr__ once per field: that
        # doubled the cost of building the result for the ~9,000 systems a large chain reaches.
        system = new(AffectedSystem)
        set_attribute(
            system,
            "__dict__",
            {
                "code": codes[v],
                "distance": dist[v],
                "level": level[v],
                "path": path,
                "elements": names,
                "upstream": upstream_codes,
            },
        )
        append(system)
    return systems


def _strongly_connected(
    nodes: list[int], succ: dict[int, list[int]], comp: list[int], *, first_number: int
) -> list[list[int]]:
    """Tarjan's algorithm without recursion (a chain of 10,000 systems would exceed Python's
    stack), over `nodes` and the edges in `succ`, which stay among `nodes`. Numbers the
    components in `comp` from `first_number` and returns them in the order found: every
    component after all components reachable from it."""
    order: dict[int, int] = {}  # discovery number
    low: dict[int, int] = {}
    on_stack: set[int] = set()
    components: list[list[int]] = []
    stack: list[int] = []
    counter = 0
    for root in nodes:
        if root in order:
            continue
        counter += 1
        order[root] = low[root] = counter
        stack.append(root)
        on_stack.add(root)
        work = [(root, iter(succ[root]))]
        while work:
            v, edges = work[-1]
            for w in edges:
                if w not in order:
                    counter += 1
                    order[w] = low[w] = counter
                    stack.append(w)
                    on_stack.add(w)
                    work.append((w, iter(succ[w])))
                    break
                if w in on_stack and order[w] < low[v]:
                    low[v] = order[w]
            else:
                work.pop()
                lv = low[v]
                if work:
                    u = work[-1][0]
                    if lv < low[u]:
                        low[u] = lv
                if lv == order[v]:
                    number = first_number + len(components)
                    group = []
                    while True:
                        w = stack.pop()
                        on_stack.discard(w)
                        comp[w] = number
                        group.append(w)
                        if w == v:
                            break
                    components.append(group)
    return components


def _cycle(
    members: list[int], comp: list[int], reach: list[int], graph: FlowGraph
) -> tuple[str, ...]:
    """A component as staff read it: along the cycle when it is one simple ring, otherwise its
    codes sorted. Either way it starts at its smallest code."""
    codes = graph._codes
    targets = graph._targets
    masks = graph._masks
    number = comp[members[0]]
    following: dict[int, int] = {}
    for v in members:
        r = reach[v]
        inside = [
            w for w, m in zip(targets[v], masks[v], strict=True) if m & r and comp[w] == number
        ]
        if len(inside) != 1:  # in a large component this stops at the first member
            by_rank = graph._by_rank
            return tuple([codes[by_rank[i]] for i in sorted([graph._rank[v] for v in members])])
        following[v] = inside[0]
    start = min(members, key=codes.__getitem__)
    ring = [codes[start]]
    v = following[start]
    while v != start:
        ring.append(codes[v])
        v = following[v]
    return tuple(ring)
