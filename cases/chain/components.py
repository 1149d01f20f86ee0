"""The strongly connected components of the affected systems: who must correct before whom, and
the cycles staff are shown.

Everything here works on the affected subgraph: the flows between affected systems that carry a
wrong element their source holds (`reach[u] & bit`)."""

from __future__ import annotations

from cases.chain.graph import FlowGraph


def source_component(graph: FlowGraph, s, reach, dist, carried, comp, upstream) -> list[int]:
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


def other_components(graph: FlowGraph, affected, reach, dist, carried, comp, upstream):
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
    for group in strongly_connected(rest, inside, comp, first_number=1):
        group.sort(key=dist.__getitem__)
        components.append(group)
    for v in rest:
        cv = comp[v]
        dv = dist[v]
        upstream[v] = [u for u in feeders[v] if comp[u] != cv or dist[u] < dv]
    return components


def strongly_connected(
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


def cycle_of(
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
