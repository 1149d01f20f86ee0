"""The chain picture: the correction plan as a server-rendered SVG (no JavaScript).

Systems are laid out in columns by correction round (`CorrectionTask.level`); the flows between
the plan's systems are arrows. Each node carries its state twice, as a colour *and* as text, so
the picture does not rely on colour; the page also gives a table with the same facts for screen
readers and for printing (WCAG 1.1.1, 1.4.1).

Within a column nodes are ordered by the average position of the systems that feed them
(one barycentre pass), which keeps most arrows short and uncrossed for registers of the size a
municipality has (dozens of systems); the picture scrolls sideways rather than shrinking the text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.utils.translation import gettext as _

from cases.models import TaskStatus

NODE_W = 224
NODE_H = 66
GAP_X = 90
GAP_Y = 18
MARGIN = 20
HEADER = 34

# Light fills with dark text (contrast well above 4.5:1); the stroke pattern differs too.
STATE_STYLE = {
    TaskStatus.PENDING: ("bo-state-pending", "○"),
    TaskStatus.REQUESTED: ("bo-state-requested", "●"),
    TaskStatus.CORRECTED: ("bo-state-corrected", "◐"),
    TaskStatus.VERIFIED: ("bo-state-verified", "✓"),
    TaskStatus.NOT_AFFECTED: ("bo-state-not-affected", "–"),
    TaskStatus.DISPUTED: ("bo-state-disputed", "!"),
    TaskStatus.CANCELLED: ("bo-state-cancelled", "×"),
}


@dataclass(frozen=True)
class Node:
    task_id: int
    code: str
    name: str
    organisation: str
    state: str
    state_label: str
    symbol: str
    css: str
    level: int
    x: int
    y: int
    overdue: bool

    @property
    def text_x(self) -> int:
        return self.x + 10

    @property
    def width(self) -> int:
        return NODE_W

    @property
    def height(self) -> int:
        return NODE_H

    @property
    def line_ys(self) -> tuple[int, int, int]:
        return (self.y + 21, self.y + 39, self.y + 57)

    @property
    def lines(self) -> list[tuple[int, str, str]]:
        """(y, css class, text) for the three lines of the node."""
        return list(
            zip(
                self.line_ys,
                ("bo-node-code", "bo-node-org", "bo-node-state"),
                self.label_lines,
                strict=True,
            )
        )

    @property
    def label_lines(self) -> tuple[str, str, str]:
        return (
            f"{self.code}",
            _shorten(self.organisation, 34),
            f"{self.symbol} {_shorten(self.state_label, 32)}"
            + (f" · {_('te laat')}" if self.overdue else ""),
        )


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    d: str
    backward: bool  # within a cycle, or to an earlier column


@dataclass(frozen=True)
class Column:
    level: int
    x: int
    label: str


@dataclass(frozen=True)
class Picture:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    columns: tuple[Column, ...]
    summary: str


def _shorten(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _columns(tasks, flows) -> tuple[dict[int, list], dict[int, list[int]]]:
    """The tasks per round (level), and per system the plan's systems that feed it."""
    by_system = {t.system_id: t for t in tasks}
    columns: dict[int, list] = defaultdict(list)
    for task in tasks:
        columns[task.level].append(task)
    feeders: dict[int, list[int]] = defaultdict(list)
    for source, target in flows:
        if source in by_system and target in by_system:
            feeders[target].append(source)
    return columns, feeders


def _order_columns(columns: dict[int, list], feeders: dict[int, list[int]]) -> None:
    """One barycentre pass: each column ordered by the average row of the systems feeding it."""
    positions: dict[int, float] = {}
    for level in sorted(columns):
        column = columns[level]

        def order(task, _positions=positions):
            ys = [_positions[s] for s in feeders[task.system_id] if s in _positions]
            return (sum(ys) / len(ys) if ys else float("inf"), task.system.code)

        column.sort(key=order)
        for row, task in enumerate(column):
            positions[task.system_id] = row


def _nodes(columns: dict[int, list], col_index: dict[int, int], *, today: date) -> dict[int, Node]:
    """A node per system, placed by column and row, with its state as colour and text."""
    nodes: dict[int, Node] = {}
    for level in sorted(columns):
        for row, task in enumerate(columns[level]):
            css, symbol = STATE_STYLE.get(task.status, ("bo-state-pending", "?"))
            nodes[task.system_id] = Node(
                task_id=task.pk,
                code=task.system.code,
                name=task.system.name,
                organisation=task.organisation.name,
                state=task.status,
                state_label=str(task.get_status_display()),
                symbol=symbol,
                css=css,
                level=level,
                x=MARGIN + col_index[level] * (NODE_W + GAP_X),
                y=MARGIN + HEADER + row * (NODE_H + GAP_Y),
                overdue=task.status == TaskStatus.REQUESTED
                and task.due_date is not None
                and task.due_date < today,
            )
    return nodes


def _edges(flows, nodes: dict[int, Node], col_index: dict[int, int]) -> list[Edge]:
    """An arrow per flow between two of the plan's systems."""
    edges = []
    for source, target in sorted(set(flows)):
        if source not in nodes or target not in nodes:
            continue
        a, b = nodes[source], nodes[target]
        backward = col_index[b.level] <= col_index[a.level]
        if not backward:
            x1, y1 = a.x + NODE_W, a.y + NODE_H // 2
            x2, y2 = b.x - 6, b.y + NODE_H // 2
            bend = (x2 - x1) // 2
            d = f"M{x1},{y1} C{x1 + bend},{y1} {x2 - bend},{y2} {x2},{y2}"
        else:
            # Back to the same or an earlier round: only inside a cycle. Drawn along the top of
            # the nodes so it does not run through them.
            x1, y1 = a.x + NODE_W // 2, a.y
            x2, y2 = b.x + NODE_W // 2 + 12, b.y - 6
            lift = 28 + abs(y1 - y2) // 4
            d = f"M{x1},{y1} C{x1},{min(y1, y2) - lift} {x2},{min(y1, y2) - lift} {x2},{y2}"
        edges.append(Edge(a.code, b.code, d, backward))
    return edges


def _summary(tasks, *, rounds: int, flows: int) -> str:
    """The picture in one sentence, for screen readers: systems, rounds, flows, states."""
    counts: dict[str, int] = defaultdict(int)
    for task in tasks:
        counts[str(task.get_status_display())] += 1
    return _(
        "%(systems)s systemen in %(rounds)s rondes, %(flows)s gegevensleveringen. %(states)s."
    ) % {
        "systems": len(tasks),
        "rounds": rounds,
        "flows": flows,
        "states": "; ".join(f"{label}: {n}" for label, n in sorted(counts.items())),
    }


def build_picture(tasks, flows: list[tuple[int, int]], *, today: date) -> Picture | None:
    """`tasks`: the plan's correction tasks (with `system` and `organisation` loaded);
    `flows`: (source system id, target system id) pairs among those systems."""
    if not tasks:
        return None
    columns, feeders = _columns(tasks, flows)
    _order_columns(columns, feeders)
    levels = sorted(columns)
    col_index = {level: i for i, level in enumerate(levels)}
    nodes = _nodes(columns, col_index, today=today)
    edges = _edges(flows, nodes, col_index)
    rows = max(len(c) for c in columns.values())
    return Picture(
        width=MARGIN * 2 + len(levels) * NODE_W + (len(levels) - 1) * GAP_X,
        height=MARGIN * 2 + HEADER + rows * NODE_H + (rows - 1) * GAP_Y,
        nodes=tuple(nodes.values()),
        edges=tuple(edges),
        columns=tuple(
            Column(level, MARGIN + i * (NODE_W + GAP_X), _("Ronde %(n)s") % {"n": level + 1})
            for i, level in enumerate(levels)
        ),
        summary=_summary(tasks, rounds=len(levels), flows=len(edges)),
    )
