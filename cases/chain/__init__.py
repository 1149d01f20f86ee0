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

The modules, by topic:

- `graph`: the register as `FlowGraph` (`FlowEdge` in, ints and bitmasks inside).
- `analysis`: `analyse`, the spreading (one search per wrong element), the levels and the result.
- `components`: the strongly connected components of the affected systems and the cycles shown.
- `result`: `ImpactResult` and `AffectedSystem`, whose `path` and `upstream` are built on first
  read from the parent pointers and feeder lists the analysis kept, not by `analyse` itself.

Callers import from `cases.chain`; the modules inside are the package's own business.
"""

from cases.chain.analysis import analyse
from cases.chain.graph import FlowEdge, FlowGraph
from cases.chain.result import AffectedSystem, ImpactResult

__all__ = ["AffectedSystem", "FlowEdge", "FlowGraph", "ImpactResult", "analyse"]
