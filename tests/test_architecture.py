"""The structure that keeps this code easy to change (issue 20), checked with the standard
library's `ast` over every first-party app folder (any top-level folder with an `__init__.py`,
found automatically, so a new app is covered the day it lands).

* No import cycle between modules, counting imports inside functions too: an import moved into a
  function body still ties the two modules together. One exception, the CONVENTIONS rule for
  Celery (HackSoft): a *task module* (`<app>.tasks` or a module inside an `<app>/tasks/` package)
  may import a *service* (a module under `<app>.services`) inside a task function's body, because
  the service imports its task at module level to dispatch it. Imports under
  `if TYPE_CHECKING:` are not imports at run time and are left out.
* No function longer than 60 lines and no module longer than 400 lines outside migrations, unless
  a one-line `# long: <reason>` comment on the `def` line or the line above the function (or among a
  module's first lines) says why it must be.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOT_APPS = {"tests", "bench", "scripts", "deploy", "static", "templates", "locale"}
MAX_FUNCTION_LINES = 60
MAX_MODULE_LINES = 400


def app_folders() -> list[Path]:
    return sorted(
        p
        for p in ROOT.iterdir()
        if p.is_dir()
        and (p / "__init__.py").exists()
        and p.name not in NOT_APPS
        and not p.name.startswith(".")
    )


def modules() -> dict[str, Path]:
    found = {}
    for app in app_folders():
        for path in app.rglob("*.py"):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


def _is_task_module(name: str) -> bool:
    parts = name.split(".")
    return "tasks" in parts[1:] or parts[-1].startswith("tasks")


def _is_service(name: str) -> bool:
    parts = name.split(".")[1:]
    return "services" in parts or parts[-1:] == ["service"]


class _Imports(ast.NodeVisitor):
    """Every import of a module with where it is: (target, inside a function?)."""

    def __init__(self, name: str, is_package: bool, known: dict[str, Path]):
        self.package = name if is_package else name.rpartition(".")[0]
        self.known = known
        self.depth = 0
        self.found: list[tuple[str, bool]] = []

    def _resolve(self, dotted: str) -> str | None:
        while dotted and dotted not in self.known:
            dotted = dotted.rpartition(".")[0]
        return dotted or None

    def _add(self, dotted: str) -> None:
        target = self._resolve(dotted)
        if target:
            self.found.append((target, self.depth > 0))

    def visit_If(self, node: ast.If) -> None:
        test = node.test
        if (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
            isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
        ):
            for child in node.orelse:
                self.visit(child)
            return
        self.generic_visit(node)

    def _function(self, node) -> None:
        self.depth += 1
        self.generic_visit(node)
        self.depth -= 1

    visit_FunctionDef = visit_AsyncFunctionDef = _function

    def visit_Import(self, node: ast.Import) -> None:
        for alias in node.names:
            self._add(alias.name)

    def visit_ImportFrom(self, node: ast.ImportFrom) -> None:
        if node.level:
            base = self.package
            for _ in range(node.level - 1):
                base = base.rpartition(".")[0]
            module = f"{base}.{node.module}" if node.module else base
        else:
            module = node.module or ""
        for alias in node.names:
            self._add(f"{module}.{alias.name}")


def import_graph() -> dict[str, set[str]]:
    known = modules()
    graph: dict[str, set[str]] = {}
    for name, path in known.items():
        visitor = _Imports(name, path.name == "__init__.py", known)
        visitor.visit(ast.parse(path.read_text(), filename=str(path)))
        edges = set()
        for target, in_function in visitor.found:
            if in_function and _is_task_module(name) and _is_service(target):
                continue  # the allowed direction of the Celery exception (module docstring)
            if target != name:
                edges.add(target)
        graph[name] = edges
    return graph


def find_cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One cycle as a path that starts and ends with the same module, or None."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    stack: list[str] = []

    def visit(node: str) -> list[str] | None:
        colour[node] = GREY
        stack.append(node)
        for target in sorted(graph[node]):
            if colour[target] == GREY:
                return [*stack[stack.index(target) :], target]
            if colour[target] == WHITE and (cycle := visit(target)):
                return cycle
        stack.pop()
        colour[node] = BLACK
        return None

    for node in sorted(graph):
        if colour[node] == WHITE and (cycle := visit(node)):
            return cycle
    return None


def test_the_apps_are_discovered():
    names = {p.name for p in app_folders()}
    assert {"cases", "loket", "notifications", "config"} <= names


def test_the_cycle_finder_finds_a_cycle_through_a_function_body(tmp_path):
    graph = {"a.x": {"a.y"}, "a.y": {"a.z"}, "a.z": {"a.x"}, "a.w": set()}
    assert find_cycle(graph) == ["a.x", "a.y", "a.z", "a.x"]
    known = {"a.x": tmp_path, "a.y": tmp_path}
    visitor = _Imports("a.x", False, known)
    visitor.visit(ast.parse("def f():\n    from a.y import thing\n"))
    assert visitor.found == [("a.y", True)]


def test_no_import_cycles():
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle)


def _reason(line: str) -> bool:
    return "# long:" in line and line.split("# long:", 1)[1].strip() != ""


def test_no_long_functions_or_modules():
    too_long = []
    for name, path in modules().items():
        lines = path.read_text().splitlines()
        if len(lines) > MAX_MODULE_LINES and not any(_reason(line) for line in lines[:5]):
            too_long.append(f"{name}: module of {len(lines)} lines")
        for node in ast.walk(ast.parse("\n".join(lines))):
            if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                continue
            length = node.end_lineno - node.lineno + 1
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            said = _reason(lines[node.lineno - 1]) or _reason(lines[first - 2])
            if length > MAX_FUNCTION_LINES and not said:
                too_long.append(f"{name}.{node.name}: {length} lines")
    assert too_long == [], "\n".join(sorted(too_long))
