"""The chain register as a picture and a table for the administrator (issue 22). The picture is
the one the case page draws (loket.views.backoffice.chain_picture.build_picture), with each
system as a node laid out in rounds by its distance from the systems nothing feeds."""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass

from django.utils import timezone

from cases.models import DataFlow, System
from loket.views.backoffice.chain_picture import Picture, build_picture


@dataclass(frozen=True)
class _RegisterNode:
    """What build_picture reads of a correction task, for a system of the register."""

    pk: int
    system: System
    organisation: object
    level: int
    status: str = ""
    due_date: None = None

    @property
    def system_id(self) -> int:
        return self.system.pk

    def get_status_display(self) -> str:
        return self.system.get_kind_display()


def _levels(system_ids: list[int], flows: list[tuple[int, int]]) -> dict[int, int]:
    """Breadth-first distance from the systems without incoming flows (in a cycle only: 0)."""
    incoming = {target for _source, target in flows}
    out: dict[int, list[int]] = {}
    for source, target in flows:
        out.setdefault(source, []).append(target)
    level = {pk: 0 for pk in system_ids if pk not in incoming}
    queue = deque(level)
    while queue:
        current = queue.popleft()
        for target in out.get(current, []):
            if target not in level:
                level[target] = level[current] + 1
                queue.append(target)
    return {pk: level.get(pk, 0) for pk in system_ids}


def register_overview() -> tuple[Picture | None, list[DataFlow]]:
    """The picture of every system and active flow, and the flows as a table (three queries)."""
    systems = list(System.objects.select_related("organisation").order_by("code"))
    flows = list(
        DataFlow.objects.select_related("source", "target")
        .prefetch_related("elements")
        .order_by("source__code", "target__code")
    )
    pairs = [(f.source_id, f.target_id) for f in flows if f.active]
    levels = _levels([s.pk for s in systems], pairs)
    nodes = [
        _RegisterNode(pk=s.pk, system=s, organisation=s.organisation, level=levels[s.pk])
        for s in systems
    ]
    return build_picture(nodes, pairs, today=timezone.localdate()), flows
