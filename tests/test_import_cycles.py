"""No import cycle inside refcheck: not at module level, not inside functions.

A cycle "works" only by the order modules happen to be imported in, and a function-level import
that closes one hides it until someone moves that import. The graph is read from the source with
`ast` (nothing is imported): every `import` and `from … import` anywhere in a module, relative ones
resolved, `from pkg import name` counted as an import of `pkg.name` when that is a module (else of
`pkg`), and an
import of `a.b.c` from outside package `a.b` counted as one of `a.b` too (Python runs a package's
`__init__` before any module in it). Imports under `if TYPE_CHECKING:` never run and are left out.
"""

from __future__ import annotations

import ast
from pathlib import Path


SRC = Path(__file__).resolve().parents[1] / "src"
PACKAGE = "refcheck"


def _modules(src: Path, package: str) -> dict[str, Path]:
    out = {}
    for path in sorted((src / package).rglob("*.py")):
        parts = list(path.relative_to(src).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")


def _imports(tree: ast.AST):
    """Every import node, skipping the bodies of `if TYPE_CHECKING:`."""
    stack = [tree]
    while stack:
        node = stack.pop()
        if isinstance(node, ast.If) and _is_type_checking(node.test):
            stack.extend(node.orelse)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            yield node
        stack.extend(ast.iter_child_nodes(node))


def graph(src: Path = SRC, package: str = PACKAGE) -> dict[str, set[str]]:
    mods = _modules(src, package)
    edges: dict[str, set[str]] = {m: set() for m in mods}
    for mod, path in mods.items():
        is_pkg = path.name == "__init__.py"
        for node in _imports(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                targets = [a.name for a in node.names]
            else:
                if node.level:
                    base = mod.split(".") if is_pkg else mod.split(".")[:-1]
                    base = base[: len(base) - (node.level - 1)]
                    origin = ".".join(base + ([node.module] if node.module else []))
                else:
                    origin = node.module or ""
                # `from pkg import mod` needs only pkg.mod; `from pkg import name` needs pkg itself
                targets = [f"{origin}.{a.name}" if f"{origin}.{a.name}" in mods else origin for a in node.names]
            for t in targets:
                # `import refcheck.a.b` runs refcheck.a.b; name the deepest module that exists
                while t and t not in mods:
                    t = t.rpartition(".")[0]
                if t and t != mod:
                    edges[mod].add(t)
                # the packages holding t, unless they hold mod too (a sibling import runs no __init__)
                own = {".".join(mod.split(".")[:i]) for i in range(1, mod.count(".") + 2)}
                parent = t.rpartition(".")[0]
                while parent and parent not in own:
                    edges[mod].add(parent)
                    parent = parent.rpartition(".")[0]
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on, stack, out = set(), [], []
    counter = [0]

    def visit(v: str) -> None:
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return sorted(out)


def test_graph_is_read():
    """The walk sees the imports it should (a broken walk would find no cycle anywhere)."""
    g = graph()
    assert "refcheck.model" in g["refcheck.verify"]
    assert "refcheck.sources.registry" in g["refcheck.resolve"]  # `from .sources import … registry`
    assert len(g) > 40


def test_walk_sees_function_level_relative_and_package_imports(tmp_path):
    files = {
        "pkg/__init__.py": "",
        "pkg/a/__init__.py": "from .x import thing\n",
        "pkg/a/x.py": "from . import y\nthing = 1\n",  # a sibling: runs no __init__ of pkg.a again
        "pkg/a/y.py": "",
        "pkg/b.py": "def late():\n    from pkg.a.x import thing\n",
        "pkg/c.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .b import late\n",
    }
    for name, text in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text)
    g = graph(tmp_path, "pkg")
    assert g["pkg.b"] == {"pkg.a.x", "pkg.a"}  # inside a function; pkg.a's __init__ runs first
    assert g["pkg.a.x"] == {"pkg.a.y"}  # `from . import y` names the module y, not pkg.a
    assert g["pkg.c"] == set()  # TYPE_CHECKING only
    assert cycles(g) == []
    (tmp_path / "pkg/a/y.py").write_text("def f():\n    import pkg.b\n")
    assert cycles(graph(tmp_path, "pkg")) == [["pkg.a", "pkg.a.x", "pkg.a.y", "pkg.b"]]


def test_cycle_finder_finds_a_cycle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_no_import_cycles():
    found = cycles(graph())
    assert found == [], "import cycles in src/refcheck:\n" + "\n".join(" <-> ".join(c) for c in found)
