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

        # Per element, the targets of the flows that carry it: the inner loop of `analyse`
        # then tests nothing but "seen before?".
        by_element: list[list[list[int]]] = [[[] for _ in codes] for _ in element_bit]
        for u, edges in enumerate(merged):
            for v, mask in edges.items():
                while mask:
                    low = mask & -mask
                    by_element[low.bit_length() - 1][u].append(v)
                    mask ^= low

        self.on = on
        self.systems: frozenset[str] = frozenset(codes)
        self._codes = codes
        self._index = index
        self._element_bit = element_bit
        self._targets = [list(edges) for edges in merged]
        self._masks = [list(edges.values()) for edges in merged]
        self._by_element = by_element
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

    codes = graph._codes
    n = len(codes)
    element_bit = graph._element_bit
    by_element = graph._by_element

    # --- Spread: one breadth-first search per element ------------------------------------
    reach = [0] * n  # bitmask of the wrong elements that reach each system
    dist = [0] * n
    best = [-1] * n  # the element whose route gave `dist` (ties: the smallest element code)
    affected = [s]
    parents: dict[int, list[int]] = {}
    source_mask = 0
    for element in sorted(wanted):
        b = element_bit.get(element)
        if b is None:
            continue  # no flow carries it: it stays in the source
        bit = 1 << b
        source_mask |= bit
        adjacency = by_element[b]
        parent = [-1] * n
        parent[s] = s
        frontier = [s]
        d = 0
        while frontier:
            d += 1
            found = []
            append = found.append
            for u in frontier:
                for v in adjacency[u]:
                    if parent[v] < 0:
                        parent[v] = u
                        append(v)
            for v in found:
                r = reach[v]
                if not r:
                    affected.append(v)
                    dist[v] = d
                    best[v] = b
                elif d < dist[v]:
                    dist[v] = d
                    best[v] = b
                reach[v] = r | bit
            frontier = found
        parents[b] = parent
    reach[s] = source_mask

    # --- The affected subgraph: flows that carry a wrong element their source holds ----------
    targets = graph._targets
    masks = graph._masks
    succ: list[list[int]] = [None] * n  # type: ignore[list-item]
    for u in affected:
        r = reach[u]
        if not r:
            succ[u] = []  # the source, when no flow carries any of its elements
        elif not r & (r - 1):
            succ[u] = by_element[r.bit_length() - 1][u]
        else:
            succ[u] = [v for v, m in zip(targets[u], masks[u], strict=True) if m & r]

    comp, components = _strongly_connected(s, succ, n)

    # --- Upstream and levels over a topological order of the condensation --------------------
    # Tarjan emits components sinks first; reversed, every feeding component comes first. Inside
    # a component only flows that go further from the source count, so sorting by distance puts
    # every upstream system of v before v: levels are final when v is reached.
    level = [0] * n
    upstream: dict[int, list[int]] = {v: [] for v in affected}
    for members in reversed(components):
        if len(members) > 1:
            members.sort(key=dist.__getitem__)
        for u in members:
            cu = comp[u]
            du = dist[u]
            next_level = level[u] + 1
            for v in succ[u]:
                if comp[v] != cu or du < dist[v]:
                    upstream[v].append(u)
                    if level[v] < next_level:
                        level[v] = next_level

    cycles = sorted(
        _cycle(members, comp, succ, codes) for members in components if len(members) > 1
    )

    # --- The result ------------------------------------------------------------------------
    element_names = {bit: name for name, bit in element_bit.items()}
    element_sets: dict[int, frozenset[str]] = {}
    paths: dict[int, dict[int, tuple[str, ...]]] = {b: {s: (source,)} for b in parents}
    systems = [_affected(source, 0, 0, (source,), wanted, frozenset())]
    for v in affected[1:]:
        r = reach[v]
        names = element_sets.get(r)
        if names is None:
            names = element_sets[r] = frozenset(
                element_names[b] for b in range(r.bit_length()) if r >> b & 1
            )
        b = best[v]
        systems.append(
            _affected(
                codes[v],
                dist[v],
                level[v],
                _path(v, parents[b], paths[b], codes),
                names,
                frozenset([codes[u] for u in upstream[v]]),
            )
        )
    systems.sort(key=lambda system: (system.level, system.code))
    return ImpactResult(
        source=source, elements=wanted, systems=tuple(systems), cycles=tuple(cycles)
    )


def _strongly_connected(
    root: int, succ: list[list[int]], n: int
) -> tuple[list[int], list[list[int]]]:
    """Tarjan's algorithm without recursion (a chain of 10,000 systems would exceed Python's
    stack). Only systems reachable from `root` are visited: exactly the affected ones.
    Returns each node's component number and the components, sinks first."""
    order = [0] * n  # discovery number, 0 = not yet seen
    low = [0] * n
    on_stack = bytearray(n)
    comp = [-1] * n
    components: list[list[int]] = []
    stack: list[int] = [root]
    counter = 1
    order[root] = low[root] = 1
    on_stack[root] = 1
    work = [(root, iter(succ[root]))]
    while work:
        v, edges = work[-1]
        for w in edges:
            if not order[w]:
                counter += 1
                order[w] = low[w] = counter
                stack.append(w)
                on_stack[w] = 1
                work.append((w, iter(succ[w])))
                break
            if on_stack[w] and order[w] < low[v]:
                low[v] = order[w]
        else:
            work.pop()
            lv = low[v]
            if work:
                u = work[-1][0]
                if lv < low[u]:
                    low[u] = lv
            if lv == order[v]:
                number = len(components)
                members = []
                while True:
                    w = stack.pop()
                    on_stack[w] = 0
                    comp[w] = number
                    members.append(w)
                    if w == v:
                        break
                components.append(members)
    return comp, components


def _cycle(
    members: list[int], comp: list[int], succ: list[list[int]], codes: list[str]
) -> tuple[str, ...]:
    """A component as staff read it: along the cycle when it is one simple ring, otherwise its
    codes sorted. Either way it starts at its smallest code."""
    number = comp[members[0]]
    following: dict[int, int] = {}
    for v in members:
        inside = [w for w in succ[v] if comp[w] == number]
        if len(inside) != 1:
            return tuple(sorted(codes[v] for v in members))
        following[v] = inside[0]
    start = min(members, key=codes.__getitem__)
    ring = [codes[start]]
    v = following[start]
    while v != start:
        ring.append(codes[v])
        v = following[v]
    return tuple(ring)


def _path(
    v: int, parent: list[int], memo: dict[int, tuple[str, ...]], codes: list[str]
) -> tuple[str, ...]:
    """The route of one element to v, shared with the routes to v's predecessors on it."""
    chain = []
    while v not in memo:
        chain.append(v)
        v = parent[v]
    path = memo[v]
    for w in reversed(chain):
        path = memo[w] = (*path, codes[w])
    return path


_new = object.__new__
_set = object.__setattr__


def _affected(code, distance, level, path, elements, upstream) -> AffectedSystem:
    # The dataclass's own __init__ goes through the frozen __setattr__ once per field, which
    # doubles the cost of building the result for the ~9,000 systems a large chain reaches.
    system = _new(AffectedSystem)
    _set(
        system,
        "__dict__",
        {
            "code": code,
            "distance": distance,
            "level": level,
            "path": path,
            "elements": elements,
            "upstream": upstream,
        },
    )
    return system
