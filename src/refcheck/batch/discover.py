"""PATH arguments (files, folders, globs, @manifests) → the articles of a run, each with a
unique, safe report name. Folders are searched for the extensions the reader registry claims."""

from __future__ import annotations

import glob
import logging
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

from ..read.registry import extensions as reader_extensions
from ..read.unsupported import why_not_read
from .runs import RESERVED, BatchError

log = logging.getLogger("refcheck.batch")

# =========================================================================== discovery


@dataclass(frozen=True)
class Article:
    source: str  # as shown to people: the path relative to the working folder when under it
    path: str  # absolute: the identity across runs
    name: str = ""  # file-name stem of its reports in the run folder, unique within the run


def _is_glob(s: str) -> bool:
    return any(c in s for c in "*?[")


def _display(p: Path, cwd: Path) -> str:
    try:
        return p.relative_to(cwd).as_posix()
    except ValueError:
        return p.as_posix()


def _walk(folder: Path, exclude: Sequence[Path], skipped: list[Path] | None = None) -> list[Path]:
    """Files some reader claims by extension (files named explicitly are taken whatever their name);
    the others are added to `skipped`, so the run can say what it did not read."""
    extensions = reader_extensions()
    found = []
    for root, dirs, files in os.walk(folder):
        rootp = Path(root)
        keep = []
        for d in sorted(dirs):
            sub = (rootp / d).resolve()
            if d.startswith(".") or any(sub == e or e in sub.parents for e in exclude):
                continue
            keep.append(d)
        dirs[:] = keep
        for f in sorted(files):
            if not f.startswith(".") and f.lower().endswith(extensions):
                found.append(rootp / f)
            elif not f.startswith(".") and skipped is not None:
                skipped.append(rootp / f)
    return sorted(found, key=lambda p: p.relative_to(folder).parts)


def read_manifest(path: Path) -> list[str]:
    """`@FILE`: one path (or folder, or glob) a line; blank lines and # comments skipped;
    relative paths are relative to the manifest's folder."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as e:
        raise BatchError(f"cannot read manifest {path}: {e.strerror or e}") from None
    out = []
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        p = Path(os.path.expanduser(line))
        out.append(str(p if p.is_absolute() else path.parent / p))
    return out


def discover(
    args: Sequence[str], cwd: str | os.PathLike | None = None, exclude: Sequence[str | os.PathLike] = ()
) -> tuple[list[Article], list[str]]:
    """Articles named by PATH arguments (files, folders, globs, @manifests), in order, unique.

    Returns (articles, warnings). A path that does not exist is kept as an article (its check
    fails and is reported with `error`), so a typo in a manifest is seen in the summary; a glob
    or folder that matches nothing gives a warning.
    """
    cwd = Path(cwd or os.getcwd()).resolve()
    excl = [Path(e).resolve() for e in exclude]
    warnings: list[str] = []
    seen: dict[str, Article] = {}

    def add(p: Path) -> None:
        ap = (p if p.is_absolute() else cwd / p).resolve()
        key = str(ap)
        if key not in seen:
            seen[key] = Article(source=_display(ap, cwd), path=key)

    def expand(arg: str, base: Path, depth: int) -> None:
        if arg.startswith("@") and len(arg) > 1:
            if depth > 5:
                raise BatchError(f"manifest nesting too deep at {arg}")
            m = Path(arg[1:])
            m = m if m.is_absolute() else base / m
            for line in read_manifest(m):
                expand(line, m.parent, depth + 1)
            return
        p = Path(os.path.expanduser(arg))
        p = p if p.is_absolute() else base / p
        if p.is_dir():
            skipped: list[Path] = []
            files = _walk(p, excl, skipped)
            if not files:
                warnings.append(f"no articles found in folder {arg}")
            for f in skipped:  # listed in summary.json and on the dashboard, with why
                warnings.append(f"skipped {_display(f.resolve(), cwd)}: {why_not_read(f.name)}")
            for f in files:
                add(f)
        elif p.exists() or not _is_glob(arg):
            add(p)
        else:
            hits = sorted(glob.glob(str(p), recursive=True))
            files = []
            for h in hits:
                hp = Path(h)
                if hp.is_dir():
                    files.extend(_walk(hp, excl))
                elif hp.is_file():
                    files.append(hp)
            if not files:
                warnings.append(f"no file matches {arg}")
            for f in files:
                add(f)

    for a in args:
        expand(a, cwd, 0)
    arts = list(seen.values())
    names = report_names([a.path for a in arts])
    return [Article(a.source, a.path, n) for a, n in zip(arts, names)], warnings


_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _safe(part: str) -> str:
    s = _UNSAFE.sub("_", part).strip("._") or "article"
    return s[:80]


def report_names(paths: Sequence[str]) -> list[str]:
    """A unique file-name stem per article: its file name, with as many parent folders as it
    takes to tell articles apart joined by '__' (`a/refs.txt`, `b/refs.txt` → `a__refs.txt`,
    `b__refs.txt`)."""
    parts = [[_safe(x) for x in Path(p).parts if x not in ("/", "\\")] or ["article"] for p in paths]
    depth = [1] * len(paths)

    def name(i: int) -> str:
        return "__".join(parts[i][-depth[i] :])

    for _ in range(64):
        groups: dict[str, list[int]] = {}
        for i in range(len(paths)):
            groups.setdefault(name(i).lower(), []).append(i)
        clash = [ix for ix in groups.values() if len(ix) > 1]
        if not clash:
            break
        grew = False
        for ix in clash:
            for i in ix:
                if depth[i] < len(parts[i]):
                    depth[i] += 1
                    grew = True
        if not grew:
            break
    out, used = [], set()
    for i in range(len(paths)):
        n = name(i)
        if n.split(".")[0].lower() in RESERVED:
            n = "_" + n
        base, k = n, 2
        while n.lower() in used:
            n, k = f"{base}~{k}", k + 1
        used.add(n.lower())
        out.append(n)
    return out


