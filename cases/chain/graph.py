"""The register as the analysis reads it: system codes mapped to ints and element codes to bits
once, at construction, so that `analyse` works on lists and ints only.

The attributes with an underscore belong to the `cases.chain` package: its modules read them,
nothing outside it does."""

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
