"""Reading the chain register into the pure analysis graph, with a fixed number of queries."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.utils import timezone

from cases.chain import FlowEdge, FlowGraph, ImpactResult, analyse
from cases.models import DataFlow, System


def load_flow_graph(*, on: date | None = None) -> FlowGraph:
    """Three queries whatever the size of the register: systems, flows, flow elements."""
    on = on or timezone.localdate()
    codes = list(System.objects.values_list("code", flat=True))
    flows = list(
        DataFlow.objects.values_list("pk", "source__code", "target__code", "active", "valid_until")
    )
    carried: dict[int, set[str]] = defaultdict(set)
    for flow_id, element_code in DataFlow.elements.through.objects.values_list(
        "dataflow_id", "dataelement__code"
    ):
        carried[flow_id].add(element_code)
    return FlowGraph(
        codes,
        (
            FlowEdge(
                source=source,
                target=target,
                elements=frozenset(carried[pk]),
                active=active,
                valid_until=valid_until,
            )
            for pk, source, target, active, valid_until in flows
        ),
        on=on,
    )


def chain_impact(*, source: str, elements: list[str], on: date | None = None) -> ImpactResult:
    return analyse(load_flow_graph(on=on), source, elements)
