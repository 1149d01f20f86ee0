"""What an analysis returns. `analyse` stores per system only what it computes anyway (code,
distance, level, elements); the route of the wrong data (`path`) and the systems that must
correct first (`upstream`) are built when a caller asks for them, from the parent pointers of
the searches and the feeder lists of the levels, which the result keeps (issue 23: building
them for all ~10,000 systems of a large chain took a third of the analysis)."""

from __future__ import annotations

from dataclasses import dataclass


class Trace:
    """The parts of one analysis that `path` and `upstream` are built from. Nothing changes them
    after `analyse` returns, except the memo of routes, which only grows."""

    __slots__ = ("_best", "_codes", "_feeders", "_parents", "_routes", "_source")

    def __init__(
        self,
        codes: list[str],
        source: int,
        best: list[int],
        parents: dict[int, list[int]],
        feeders: list[list[int]],
    ) -> None:
        self._codes = codes
        self._source = source
        # Per system, the (bit number of the) element whose search gave its distance.
        self._best = best
        # Per element, the breadth-first search's parent of every system it reached.
        self._parents = parents
        # Per affected system, the affected systems that must have corrected before it.
        self._feeders = feeders
        # Per element, the routes built so far. Routes share their beginning, so each is built
        # from its parent's in one step and a whole chain costs one tuple per system.
        self._routes: dict[int, dict[int, tuple[str, ...]]] = {}

    @property
    def source(self) -> int:
        return self._source

    def path(self, v: int) -> tuple[str, ...]:
        codes = self._codes
        s = self._source
        if v == s:
            return (codes[s],)
        b = self._best[v]
        routes = self._routes.get(b)
        if routes is None:
            routes = self._routes[b] = {s: (codes[s],)}
        route = routes.get(v)
        if route is None:
            parent = self._parents[b]
            climbed = []
            w = v
            while w not in routes:
                climbed.append(w)
                w = parent[w]
            route = routes[w]
            for w in reversed(climbed):
                route = routes[w] = (*route, codes[w])
        return route

    def upstream(self, v: int) -> frozenset[str]:
        return frozenset(map(self._codes.__getitem__, self._feeders[v]))


class AffectedSystem:
    """One system that the wrong data reached. Read-only, like the frozen dataclass it was;
    equal to another when every field, `path` and `upstream` included, is equal."""

    code: str
    # Shortest number of flows from the source along which one wrong element travelled.
    distance: int
    # Correction round: 0 for the source, otherwise 1 + the highest level among `upstream`.
    level: int
    # Every wrong element that reaches this system, over all routes.
    elements: frozenset[str]

    def __init__(
        self,
        *,
        code: str,
        distance: int,
        level: int,
        elements: frozenset[str],
        trace: Trace,
        index: int,
    ) -> None:
        object.__setattr__(
            self,
            "__dict__",
            {
                "code": code,
                "distance": distance,
                "level": level,
                "elements": elements,
                "_trace": trace,
                "_index": index,
            },
        )

    @property
    def path(self) -> tuple[str, ...]:
        """One shortest route of one wrong element, source first, ending with `code`."""
        return self._trace.path(self._index)

    @property
    def upstream(self) -> frozenset[str]:
        """Affected systems that feed this one wrong data and must have corrected before it is
        asked. Empty for the source only."""
        return self._trace.upstream(self._index)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"AffectedSystem is read-only: cannot set {name}")

    def __delattr__(self, name: str) -> None:
        raise AttributeError(f"AffectedSystem is read-only: cannot delete {name}")

    def _fields(self) -> tuple:
        return (self.code, self.distance, self.level, self.path, self.elements, self.upstream)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, AffectedSystem):
            return NotImplemented
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash((self.code, self.distance, self.level, self.elements))

    def __repr__(self) -> str:
        code, distance, level, path, elements, upstream = self._fields()
        return (
            f"AffectedSystem(code={code!r}, distance={distance!r}, level={level!r}, "
            f"path={path!r}, elements={elements!r}, upstream={upstream!r})"
        )


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
