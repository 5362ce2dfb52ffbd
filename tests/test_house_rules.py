"""The house rules of issue 17, measured on the sources: no import circles (deferred imports
counted), short functions, few ``# fmt: skip`` lines.

``python benchmarks/house_state.py`` prints the same measures as a table.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "analytics"


def module_name(path: Path) -> str:
    """``analytics/runs/process.py`` → ``analytics.runs.process`` (a package → its name)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {module_name(p): p for p in sorted(PACKAGE.rglob("*.py"))}


def _in_type_checking(tree: ast.Module) -> set[int]:
    """Line numbers of imports under ``if TYPE_CHECKING:`` (never executed)."""
    lines: set[int] = set()
    for node in ast.walk(tree):
        test = node.test if isinstance(node, ast.If) else None
        name = getattr(test, "id", getattr(test, "attr", None))
        if name == "TYPE_CHECKING":
            for sub in node.body:
                lines.update(n.lineno for n in ast.walk(sub) if hasattr(n, "lineno"))
    return lines


def imports_of(name: str, path: Path, known: set[str]) -> set[str]:
    """Every analytics module ``name`` imports, at the top or inside functions."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skipped = _in_type_checking(tree)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", None) in skipped:
            continue
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                up = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*up, base] if base else up)
            for alias in node.names:
                qualified = f"{base}.{alias.name}"
                found.add(qualified if qualified in known else base)
    return {m for m in found if m in known and m != name}


def import_graph() -> dict[str, set[str]]:
    """analytics module → the analytics modules it imports (deferred imports included)."""
    modules = _modules()
    known = set(modules)
    return {name: imports_of(name, path, known) for name, path in modules.items()}


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan), largest first."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return sorted(found, key=len, reverse=True)


def _body_lines(node: ast.FunctionDef | ast.AsyncFunctionDef) -> int:
    """Lines of a function's code: from its first statement after the docstring to its end."""
    body = node.body
    first = body[0]
    if len(body) > 1 and isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        body = body[1:]
    return (node.end_lineno or node.lineno) - body[0].lineno + 1


def function_lengths() -> Iterator[tuple[str, str, int]]:
    """(module, function, lines of code) for every function in the package (docstrings apart:
    the numpy docstrings with examples STYLE.md asks for are not what makes a function long)."""
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                yield name, node.name, _body_lines(node)


def fmt_skip_lines(*folders: str) -> int:
    """Lines carrying ``# fmt: skip`` (what ``ruff format --check`` is told not to check)."""
    return sum(
        line.rstrip().endswith("# fmt: skip")
        for folder in folders
        for path in (ROOT / folder).rglob("*.py")
        for line in path.read_text(encoding="utf-8").splitlines()
    )


def test_the_cycle_finder_finds_a_deferred_circle() -> None:
    # a → b at the top, b → a inside a function: one circle of two
    graph = {"a": {"b"}, "b": {"a"}, "c": {"a"}}
    assert circles(graph) == [["a", "b"]]
    tree_b = "def f():\n    from analytics.a import x\n"
    assert "analytics.a" in {
        n.module for n in ast.walk(ast.parse(tree_b)) if isinstance(n, ast.ImportFrom)
    }


def test_ruff_format_checks_nearly_everything() -> None:
    # issue 17: `# fmt: skip` had grown to 519 lines, so `ruff format --check` checked little
    assert fmt_skip_lines("analytics", "tests", "benchmarks") <= 30


def test_no_import_circles_counting_deferred_imports() -> None:
    """Issue 17, item 5: 7 circles once imports inside functions were counted; now none."""
    assert circles(import_graph()) == []


def test_no_function_over_100_lines_and_at_most_15_over_60() -> None:
    """Issue 17, item 5 (the NBS parser was 330 lines, build_store 145, a framework check 125)."""
    lengths = list(function_lengths())
    assert [f"{m}.{f}: {n}" for m, f, n in lengths if n > 100] == []
    assert len([n for _, _, n in lengths if n > 60]) <= 15
