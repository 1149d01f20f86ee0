"""The impact analysis of a chain error (DESIGN.md §5): which systems took over wrong data, the
route it took, and the order in which the systems are asked to correct it. Pure: no database."""

from __future__ import annotations

import gc
from collections import deque
from datetime import date, timedelta
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from cases.chain import FlowEdge, FlowGraph, ImpactResult, analyse

ON = date(2026, 11, 23)
REGISTER = Path(__file__).resolve().parents[2] / "cases" / "demo" / "ketenregister.yaml"


def graph(*flows, systems=None, on=ON) -> FlowGraph:
    """Flows as (source, target, "x y") or FlowEdge; systems default to every code named."""
    edges = [
        flow
        if isinstance(flow, FlowEdge)
        else FlowEdge(flow[0], flow[1], frozenset(flow[2].split()))
        for flow in flows
    ]
    if systems is None:
        systems = sorted({e.source for e in edges} | {e.target for e in edges})
    return FlowGraph(systems, edges, on=on)


def upstream(result: ImpactResult) -> dict[str, set[str]]:
    return {s.code: set(s.upstream) for s in result.systems}


# --- Order: diamonds and cycles --------------------------------------------------------------


def test_diamond_system_is_asked_once_after_both_parents():
    result = analyse(
        graph(("A", "B", "x"), ("A", "C", "x"), ("B", "D", "x"), ("C", "D", "x")), "A", ["x"]
    )
    assert result.order() == [(0, "A"), (1, "B"), (1, "C"), (2, "D")]
    d = result.by_code()["D"]
    assert d.upstream == {"B", "C"}
    assert d.distance == 2
    assert d.path in {("A", "B", "D"), ("A", "C", "D")}
    assert result.cycles == ()


def test_long_diamond_waits_for_the_long_route_though_the_short_one_is_nearer():
    result = analyse(
        graph(("A", "B", "x"), ("B", "C", "x"), ("C", "D", "x"), ("A", "D", "x")), "A", ["x"]
    )
    d = result.by_code()["D"]
    assert (d.distance, d.level, d.path) == (1, 3, ("A", "D"))
    assert d.upstream == {"A", "C"}
    assert result.order() == [(0, "A"), (1, "B"), (2, "C"), (3, "D")]


def test_cycle_is_reported_entered_once_from_where_the_error_came_and_not_looped():
    # A → B ⇄ C → D: B is asked first (the error came in there), then C, then D.
    result = analyse(
        graph(("A", "B", "x"), ("B", "C", "x"), ("C", "B", "x"), ("C", "D", "x")), "A", ["x"]
    )
    assert result.cycles == (("B", "C"),)
    assert result.order() == [(0, "A"), (1, "B"), (2, "C"), (3, "D")]
    assert upstream(result) == {"A": set(), "B": {"A"}, "C": {"B"}, "D": {"C"}}


def test_cycle_through_the_source_leaves_the_source_without_upstream():
    result = analyse(graph(("A", "B", "x"), ("B", "A", "x"), ("B", "C", "x")), "A", ["x"])
    assert result.cycles == (("A", "B"),)
    assert upstream(result) == {"A": set(), "B": {"A"}, "C": {"B"}}
    assert result.order() == [(0, "A"), (1, "B"), (2, "C")]


def test_simple_cycle_is_listed_along_the_ring_from_its_smallest_code():
    # Q → Y → X → Z → Y: the ring Y → X → Z reads X, Z, Y from its smallest code.
    result = analyse(
        graph(("Q", "Y", "x"), ("Y", "X", "x"), ("X", "Z", "x"), ("Z", "Y", "x")), "Q", ["x"]
    )
    assert result.cycles == (("X", "Z", "Y"),)
    assert result.order() == [(0, "Q"), (1, "Y"), (2, "X"), (3, "Z")]


def test_tangled_cycles_are_listed_sorted_and_separate_cycles_each_once():
    result = analyse(
        graph(
            # B, C, D: one component that is not a single ring (C feeds both B and D).
            ("A", "B", "x"),
            ("B", "C", "x"),
            ("C", "B", "x"),
            ("C", "D", "x"),
            ("D", "B", "x"),
            # and separately E ⇄ F further down
            ("D", "F", "x"),
            ("F", "E", "x"),
            ("E", "F", "x"),
        ),
        "A",
        ["x"],
    )
    assert result.cycles == (("B", "C", "D"), ("E", "F"))
    by_code = result.by_code()
    assert by_code["B"].upstream == {"A"}  # C → B and D → B run against the error
    assert by_code["F"].upstream == {"D"}
    assert by_code["E"].upstream == {"F"}
    assert result.order() == [(0, "A"), (1, "B"), (2, "C"), (3, "D"), (4, "F"), (5, "E")]


def test_cycle_only_counts_when_the_flows_carry_the_wrong_element():
    # The way back carries y only; with x wrong there is no cycle to report.
    g = graph(("A", "B", "x y"), ("B", "A", "y"))
    assert analyse(g, "A", ["x"]).cycles == ()
    assert analyse(g, "A", ["y"]).cycles == (("A", "B"),)


def test_long_chains_and_rings_need_no_recursion():
    size = 20_000
    codes = [f"S{i:05d}" for i in range(size)]
    chain = [FlowEdge(codes[i], codes[i + 1], frozenset({"x"})) for i in range(size - 1)]
    result = analyse(FlowGraph(codes, chain, on=ON), codes[0], ["x"])
    assert len(result.systems) == size and result.cycles == ()
    assert result.systems[-1].level == size - 1
    # The same chain closed into a ring, entered halfway: one cycle, listed along the ring.
    ring = [*chain, FlowEdge(codes[-1], codes[0], frozenset({"x"}))]
    result = analyse(FlowGraph(codes, ring, on=ON), codes[size // 2], ["x"])
    assert result.cycles == (tuple(codes),)
    assert result.by_code()[codes[size // 2 - 1]].level == size - 1


# --- Which elements travel ---------------------------------------------------------------


def test_a_flow_that_does_not_carry_the_element_stops_the_spread():
    result = analyse(graph(("A", "B", "x"), ("B", "C", "y"), ("B", "D", "x y")), "A", ["x"])
    assert [s.code for s in result.systems] == ["A", "B", "D"]
    assert result.by_code()["D"].elements == {"x"}


def test_only_the_wrong_elements_a_flow_carries_arrive():
    result = analyse(graph(("A", "B", "x z"), ("A", "C", "y")), "A", ["x", "y"])
    by_code = result.by_code()
    assert by_code["B"].elements == {"x"}
    assert by_code["C"].elements == {"y"}
    assert by_code["A"].elements == {"x", "y"} == result.elements


def test_second_route_grows_the_set_and_the_union_travels_on():
    # x reaches B directly; y only over A → P → Q → B. B passes both to C; C passes only y on,
    # so D is affected only because B's set grew through the second, longer route.
    result = analyse(
        graph(
            ("A", "B", "x"),
            ("A", "P", "y"),
            ("P", "Q", "y"),
            ("Q", "B", "y"),
            ("B", "C", "x y"),
            ("C", "D", "y"),
        ),
        "A",
        ["x", "y"],
    )
    by_code = result.by_code()
    assert by_code["B"].elements == by_code["C"].elements == {"x", "y"}
    assert by_code["D"].elements == {"y"}
    assert by_code["B"].upstream == {"A", "Q"} and by_code["B"].level == 3
    # The path is a route the wrong y really took, not A → B → C → D: on A → B only x travels.
    assert by_code["D"].path == ("A", "P", "Q", "B", "C", "D")
    assert by_code["D"].distance == 5
    assert by_code["C"].path == ("A", "B", "C")


def test_source_keeps_elements_that_no_flow_carries():
    result = analyse(graph(("A", "B", "x")), "A", ["unknown", "x"])
    source = result.systems[0]
    assert (source.code, source.level, source.distance, source.path) == ("A", 0, 0, ("A",))
    assert source.elements == {"unknown", "x"} and source.upstream == set()
    assert result.by_code()["B"].elements == {"x"}
    alone = analyse(graph(("A", "B", "x")), "A", ["unknown"])
    assert alone.order() == [(0, "A")]


# --- Which flows count ---------------------------------------------------------------------


def test_inactive_and_expired_flows_are_ignored_and_the_last_day_still_counts():
    flows = [
        FlowEdge("A", "INACTIVE", frozenset({"x"}), active=False),
        FlowEdge("A", "EXPIRED", frozenset({"x"}), valid_until=ON - timedelta(days=1)),
        FlowEdge("A", "LAST-DAY", frozenset({"x"}), valid_until=ON),
        FlowEdge("A", "LATER", frozenset({"x"}), valid_until=ON + timedelta(days=1)),
        FlowEdge("A", "OPEN", frozenset({"x"})),
    ]
    g = FlowGraph(["A", "INACTIVE", "EXPIRED", "LAST-DAY", "LATER", "OPEN"], flows, on=ON)
    assert [s.code for s in analyse(g, "A", ["x"]).systems] == ["A", "LAST-DAY", "LATER", "OPEN"]
    assert g.flows_from("A") == flows[2:]
    assert g.flows_from("OPEN") == []
    assert g.systems == {"A", "INACTIVE", "EXPIRED", "LAST-DAY", "LATER", "OPEN"}


def test_bad_input_is_refused():
    g = graph(("A", "B", "x"))
    with pytest.raises(ValueError, match="Unknown source"):
        analyse(g, "NOPE", ["x"])
    with pytest.raises(ValueError, match="wrong element"):
        analyse(g, "A", [])
    with pytest.raises(TypeError):
        analyse(g, "A", "x")  # one string is not a list of element codes
    with pytest.raises(ValueError, match="unknown system C"):
        graph(("A", "B", "x"), ("B", "C", "x"), systems=["A", "B"])
    with pytest.raises(ValueError, match="unknown system C"):
        FlowGraph(["A"], [FlowEdge("C", "A", frozenset({"x"}), active=False)], on=ON)
    with pytest.raises(ValueError):
        g.flows_from("NOPE")


def test_analysis_leaves_the_garbage_collector_as_it_found_it():
    # analyse() pauses the cyclic collector while it builds the result (cases/chain/analysis.py).
    g = graph(("A", "B", "x"))
    assert gc.isenabled()
    analyse(g, "A", ["x"])
    assert gc.isenabled()
    gc.disable()
    try:
        analyse(g, "A", ["x"])
        assert not gc.isenabled()
        with pytest.raises(ValueError):
            analyse(g, "NOPE", ["x"])
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_affected_systems_are_read_only_and_equal_only_with_the_same_path_and_upstream():
    # path and upstream are built on demand, but they still count as part of the value.
    b_first = graph(("A", "B", "x"), ("A", "C", "x"), ("B", "D", "x"), ("C", "D", "x"))
    c_first = graph(("A", "C", "x"), ("A", "B", "x"), ("C", "D", "x"), ("B", "D", "x"))
    result = analyse(b_first, "A", ["x"])
    assert result == analyse(b_first, "A", ["x"])
    d, other_d = result.by_code()["D"], analyse(c_first, "A", ["x"]).by_code()["D"]
    assert (d.code, d.distance, d.level, d.elements, d.upstream) == (
        other_d.code,
        other_d.distance,
        other_d.level,
        other_d.elements,
        other_d.upstream,
    )
    assert (d.path, other_d.path) == (("A", "B", "D"), ("A", "C", "D"))
    assert d != other_d
    assert "path=('A', 'B', 'D')" in repr(d) and "upstream=frozenset({" in repr(d)
    with pytest.raises(AttributeError):
        d.level = 5
    with pytest.raises(AttributeError):
        d.path = ("A", "D")
    assert (d.level, d.path) == (2, ("A", "B", "D"))


def test_self_loops_and_parallel_flows():
    result = analyse(graph(("A", "A", "x"), ("A", "B", "x"), ("A", "B", "y")), "A", ["x", "y"])
    assert result.cycles == ()
    assert result.by_code()["B"].elements == {"x", "y"}


# --- The example register (cases/demo/ketenregister.yaml) ----------------------------


def load_register(on: date = ON) -> FlowGraph:
    data = yaml.safe_load(REGISTER.read_text(encoding="utf-8"))

    def until(flow):
        value = flow.get("valid_until")
        return date.fromisoformat(value) if isinstance(value, str) else value

    return FlowGraph(
        [system["code"] for system in data["systems"]],
        [
            FlowEdge(
                flow["from"],
                flow["to"],
                frozenset(flow["elements"]),
                active=flow.get("active", True),
                valid_until=until(flow),
            )
            for flow in data["flows"]
        ],
        on=on,
    )


def test_example_register_brp_address():
    result = analyse(load_register(), "BRP", ["adres"])
    assert result.order() == [
        (0, "BRP"),
        (1, "MAGAZIJN"),
        (2, "AFVALPAS"),
        (2, "HEFFING"),
        (2, "JEUGD"),
        (2, "LEERPL"),
        (2, "PARKVERG"),
        (2, "PW"),
        (2, "WMO"),
        (2, "WOCO-HUUR"),
        (2, "WOZ"),
        (3, "BSW-HEF"),
        (3, "BSW-WOZ"),
        (3, "GGD-JGZ"),  # also fed by JEUGD, so it waits a round longer than its distance
        (3, "HANDHAV"),
        (3, "KB-SHV"),
        (3, "LEERLVERV"),
        (3, "MINIMA"),
        (3, "WOCO-AANP"),
        (3, "ZA-ZORG"),
        (4, "KWIJTSCH"),
        (4, "WS-HEF"),
    ]
    by_code = result.by_code()
    # BAG only delivers to MAGAZIJN; PW → WSW-TRAJ ended 2026-06-30.
    assert "BAG" not in by_code and "WSW-TRAJ" not in by_code
    # WMO → LEERLVERV is inactive, LEERPL → LEERLVERV still delivers.
    assert by_code["LEERLVERV"].path == ("BRP", "MAGAZIJN", "LEERPL", "LEERLVERV")
    assert by_code["LEERLVERV"].upstream == {"LEERPL"}
    assert by_code["GGD-JGZ"].distance == 2 and by_code["GGD-JGZ"].upstream == {"MAGAZIJN", "JEUGD"}
    assert by_code["KB-SHV"].upstream == {"PW", "WOCO-HUUR"}
    assert by_code["WS-HEF"].path == ("BRP", "MAGAZIJN", "WOZ", "BSW-WOZ", "WS-HEF")
    # BSW-WOZ → WOZ carries only woz_waarde, PW ← KB-SHV only inkomen: no cycle for an address.
    assert result.cycles == ()


def test_example_register_brp_death():
    result = analyse(load_register(), "BRP", ["overlijden"])
    assert result.order() == [
        (0, "BRP"),
        (1, "MAGAZIJN"),
        (2, "GGD-JGZ"),
        (2, "HEFFING"),
        (2, "PW"),
        (2, "WMO"),
        (3, "BSW-HEF"),
    ]
    # No flow out of HEFFING's partner, PW or WMO carries overlijden any further.
    assert result.by_code()["BSW-HEF"].path == ("BRP", "MAGAZIJN", "HEFFING", "BSW-HEF")


def test_example_register_cycles():
    register = load_register()
    woz = analyse(register, "WOZ", ["woz_waarde"])
    assert woz.cycles == (("BSW-WOZ", "WOZ"),)
    assert woz.order() == [(0, "WOZ"), (1, "BSW-WOZ"), (2, "WS-HEF")]
    assert woz.by_code()["WOZ"].upstream == set()
    # The same ring entered from outside: MAGAZIJN delivers the address to WOZ, and BSW-WOZ
    # gives the WOZ value back; for an address there is no way back, so no cycle.
    both = analyse(register, "WOZ", ["adres", "woz_waarde"])
    assert both.cycles == (("BSW-WOZ", "WOZ"),)
    assert both.by_code()["WS-HEF"].elements == {"adres", "woz_waarde"}
    income = analyse(register, "PW", ["inkomen"])
    assert income.cycles == (("KB-SHV", "PW"),)
    assert income.order() == [(0, "PW"), (1, "KB-SHV"), (1, "KWIJTSCH"), (1, "MINIMA")]
    parking = analyse(register, "HANDHAV", ["kenteken"])
    assert parking.cycles == (("HANDHAV", "PARKVERG"),)


def test_example_register_agreements_that_start_or_end_change_the_chain():
    # On its last day the PW → WSW-TRAJ agreement still delivers.
    assert "WSW-TRAJ" in analyse(load_register(date(2026, 6, 30)), "BRP", ["adres"]).by_code()
    assert "WSW-TRAJ" not in analyse(load_register(date(2026, 7, 1)), "BRP", ["adres"]).by_code()
    # After 2026 the early-warning flow MAGAZIJN → WOCO-HUUR has ended.
    by_code = analyse(load_register(date(2027, 1, 1)), "BRP", ["adres"]).by_code()
    assert "WOCO-HUUR" not in by_code
    assert by_code["KB-SHV"].upstream == {"PW"}


# --- Properties over random small registers --------------------------------------------------

CODES = ["A", "B", "C", "D", "E", "F"]
ELEMENTS = ["x", "y", "z"]


def flows_between(source, target):
    return st.builds(
        FlowEdge,
        source=source,
        target=target,
        elements=st.frozensets(st.sampled_from(ELEMENTS), min_size=1),
        active=st.sampled_from([True, True, True, False]),
        valid_until=st.sampled_from([None, None, ON - timedelta(days=1), ON, ON + timedelta(1)]),
    )


@st.composite
def registers(draw):
    """About a third of all ordered pairs (self-loops included) get a flow, plus a few parallel
    flows: dense enough that most examples have cycles, inside and outside the source's reach."""
    flows = [
        draw(flows_between(st.just(u), st.just(v)))
        for u in CODES
        for v in CODES
        if draw(st.integers(0, 2)) == 0
    ]
    codes = st.sampled_from(CODES)
    return flows + draw(st.lists(flows_between(codes, codes), max_size=4))


def _delivering(flows):
    return [
        f
        for f in flows
        if f.active and f.source != f.target and (f.valid_until is None or f.valid_until >= ON)
    ]


def _oracle(flows, source, wanted):
    """The rules, written the slow and obvious way."""
    live = _delivering(flows)
    reach = {source: set(wanted)}
    changed = True
    while changed:  # the union fixpoint
        changed = False
        for f in live:
            arriving = reach.get(f.source, set()) & f.elements
            if arriving - reach.get(f.target, set()):
                reach.setdefault(f.target, set()).update(arriving)
                changed = True
    reach = {code: els for code, els in reach.items() if els or code == source}
    distance = {source: 0}
    for element in wanted:  # shortest route that carries one element all the way
        seen = {source: 0}
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for f in live:
                if f.source == u and element in f.elements and f.target not in seen:
                    seen[f.target] = seen[u] + 1
                    queue.append(f.target)
        for code, d in seen.items():
            distance[code] = min(d, distance.get(code, d))
    edges = {(f.source, f.target) for f in live if reach.get(f.source, set()) & f.elements}
    reachable = {code: {code} for code in reach}
    for _ in reach:  # transitive closure, small graphs only
        for u, v in edges:
            reachable[u] |= reachable[v]
    component = {
        u: frozenset(v for v in reach if v in reachable[u] and u in reachable[v]) for u in reach
    }
    return live, reach, distance, edges, component


@settings(max_examples=300, deadline=None)
@given(
    flows=registers(),
    source=st.sampled_from(CODES),
    wanted=st.sets(st.sampled_from(ELEMENTS), min_size=1),
)
def test_analysis_properties_on_random_registers(flows, source, wanted):
    result = analyse(FlowGraph(CODES, flows, on=ON), source, sorted(wanted))
    live, reach, distance, edges, component = _oracle(flows, source, wanted)
    by_code = result.by_code()

    assert set(by_code) == set(reach)
    assert len(by_code) == len(result.systems)
    assert result.systems[0].code == source
    assert [(s.level, s.code) for s in result.systems] == sorted(result.order())
    for code, system in by_code.items():
        assert system.elements == reach[code]
        assert system.distance == distance[code]
        # The path: source to here, one flow per step, one wrong element carried all the way.
        path = system.path
        assert path[0] == source and path[-1] == code and len(path) == system.distance + 1
        carried_all_the_way = set(system.elements)
        for u, v in zip(path, path[1:], strict=False):
            carried_all_the_way &= set().union(
                *(f.elements for f in live if (f.source, f.target) == (u, v))
            )
        assert code == source or carried_all_the_way
        # Upstream: exactly the feeders from another component, or nearer to the source within.
        expected = {
            u
            for u, v in edges
            if v == code and (component[u] != component[v] or distance[u] < distance[v])
        }
        assert system.upstream == expected
        if code == source:
            assert system.level == 0 and not system.upstream
        else:
            assert system.upstream
            assert all(by_code[u].level < system.level for u in system.upstream)
            assert system.level == 1 + max(by_code[u].level for u in system.upstream)

    cycles = {frozenset(c) for c in component.values() if len(c) > 1}
    assert {frozenset(c) for c in result.cycles} == cycles
    assert list(result.cycles) == sorted(result.cycles)
    for cycle in result.cycles:
        assert cycle[0] == min(cycle) and len(set(cycle)) == len(cycle)


def _reference_paths(flows, source, wanted):
    """The path the analysis has always given, the plain way: per wrong element (in code order)
    a first-in-first-out breadth-first search whose first discovery of a system is its parent,
    each system's targets in the order their first delivering flow appears in the register; a
    system keeps the route of the first element that reached it in the fewest flows."""
    targets: dict[str, dict[str, set[str]]] = {}
    for f in _delivering(flows):
        if f.elements:
            targets.setdefault(f.source, {}).setdefault(f.target, set()).update(f.elements)
    best = {source: (source,)}
    for element in sorted(wanted):
        routes = {source: (source,)}
        queue = deque([source])
        while queue:
            u = queue.popleft()
            for v, carried in targets.get(u, {}).items():
                if element in carried and v not in routes:
                    routes[v] = (*routes[u], v)
                    queue.append(v)
        for code, route in routes.items():
            if code not in best or len(route) < len(best[code]):
                best[code] = route
    return best


def test_path_follows_one_element_though_a_system_on_it_is_nearer_by_another():
    # W is reached by x over B first (ties go to the smallest element); V only by y, over C and
    # W. V's route must be y's own, whichever of the two is asked for first.
    flows = (("A", "B", "x"), ("A", "C", "y"), ("B", "W", "x"), ("C", "W", "y"), ("W", "V", "y"))
    for first in ("W", "V"):
        by_code = analyse(graph(*flows), "A", ["x", "y"]).by_code()
        by_code[first].path  # noqa: B018 (the route asked for first fills the memo)
        assert by_code["W"].path == ("A", "B", "W")
        assert by_code["V"].path == ("A", "C", "W", "V")


# Twelve systems, 16 to 48 flows of one or two elements each: sparser than `registers()`, so
# routes are longer and more often pass a system that another element reached first.
ROUTE_CODES = [f"S{i:02d}" for i in range(12)]
route_flows = st.lists(
    st.builds(
        FlowEdge,
        source=st.sampled_from(ROUTE_CODES),
        target=st.sampled_from(ROUTE_CODES),
        elements=st.frozensets(st.sampled_from(ELEMENTS), min_size=1, max_size=2),
    ),
    min_size=16,
    max_size=48,
)


@settings(max_examples=300, deadline=None)
@given(
    flows=route_flows,
    source=st.sampled_from(ROUTE_CODES),
    wanted=st.sets(st.sampled_from(ELEMENTS), min_size=1),
    data=st.data(),
)
def test_paths_built_on_demand_equal_the_breadth_first_reference(flows, source, wanted, data):
    # Paths share their beginning and are built from a memo: ask for them in any order, twice.
    result = analyse(FlowGraph(ROUTE_CODES, flows, on=ON), source, sorted(wanted))
    expected = _reference_paths(flows, source, wanted)
    asked = data.draw(st.permutations(result.systems))
    assert {system.code: system.path for system in asked} == expected
    assert {system.code: system.path for system in result.systems} == expected
