"""Every public function of src/refcheck says its types: each argument and the return.

mypy checks what is annotated (pyproject.toml, run by .ci/run) but does not require annotations;
this keeps the rule for the public surface: module-level functions and methods of public classes
whose names do not start with "_" (dunders aside). Modules that mypy skips while they are being
rewritten (pyproject's [[tool.mypy.overrides]] with ignore_errors) are skipped here too.
"""

from __future__ import annotations

import ast
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src"
# The CLI's click commands are being reworked with the batch package (issue 10).
ALSO_SKIPPED = {"refcheck.cli"}


def _skipped() -> set[str]:
    conf = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    out = set(ALSO_SKIPPED)
    for o in conf.get("tool", {}).get("mypy", {}).get("overrides", []):
        if o.get("ignore_errors"):
            mods = o["module"]
            out.update([mods] if isinstance(mods, str) else mods)
    return out


def _missing(fn: ast.FunctionDef | ast.AsyncFunctionDef) -> list[str]:
    a = fn.args
    miss = [x.arg for x in a.posonlyargs + a.args + a.kwonlyargs if x.annotation is None and x.arg not in ("self", "cls")]
    miss += [f"*{x.arg}" for x in (a.vararg, a.kwarg) if x is not None and x.annotation is None]
    if fn.returns is None:
        miss.append("return")
    return miss


def untyped_public() -> list[str]:
    skipped = _skipped()
    out = []
    for path in sorted((SRC / "refcheck").rglob("*.py")):
        parts = list(path.relative_to(SRC).with_suffix("").parts)
        mod = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        if mod in skipped:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        fns = [(n, "") for n in tree.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for c in tree.body:
            if isinstance(c, ast.ClassDef) and not c.name.startswith("_"):
                fns += [(n, c.name + ".") for n in c.body if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
        for fn, owner in fns:
            if fn.name.startswith("_"):
                continue
            if miss := _missing(fn):
                out.append(f"{path.relative_to(ROOT)}:{fn.lineno} {owner}{fn.name}: {', '.join(miss)}")
    return out


def test_the_check_sees_a_missing_annotation():
    fn = ast.parse("def f(a, b: int, *c) -> None: ...").body[0]
    assert _missing(fn) == ["a", "*c"]
    fn = ast.parse("def g(self, a: int): ...").body[0]
    assert _missing(fn) == ["return"]


def test_public_functions_are_typed():
    missing = untyped_public()
    assert not missing, "public functions without annotations:\n" + "\n".join(missing)
