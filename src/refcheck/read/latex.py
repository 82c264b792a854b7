"""LaTeX → Document: a compiled bibliography (.bbl) or an article (.tex).

* ``.bbl`` or a ``thebibliography`` environment: each ``\\bibitem`` is an entry (numbered in
  order), its markup decoded to text (read/latextext.py); the parser reads its fields.
* ``.tex``: ``\\cite``-family commands (natbib, biblatex) in the body are the in-text citations,
  matched by key to the entries; with ``\\bibliography{refs}`` / ``\\addbibresource{refs.bib}`` the
  entries come from the compiled ``.bbl`` beside the file when there is one (it is the list as
  printed), else from the ``.bib`` (BibTeX's unsrt order: order of first citation, plus
  everything when ``\\nocite{*}``).

A key cited but not in the list gets a number after the list's last, so it counts as `missing`,
and a warning names it. Nothing is run: no \\input is followed, no macro expanded.
"""

from __future__ import annotations

import os
import re

from refcheck.errors import InputError
from refcheck.read.document import MAX_BYTES, Document, label_of
from refcheck.read.registry import Reader
from refcheck.read.textio import decode
from refcheck.read.latextext import latex_to_text

_BIB_ENV = re.compile(r"\\begin\{thebibliography\}(?:\{[^}]*\})?(.*?)(?:\\end\{thebibliography\}|\Z)", re.S)
_BIBITEM = re.compile(r"\\bibitem\s*(?:\[((?:[^\[\]]|\[[^\]]*\])*)\])?\s*\{([^}]*)\}")
_CITE = re.compile(
    r"\\(?:[cC]ite[a-zA-Z]*|[pP]arencite|[aA]utocite|[tT]extcite|[fF]ootcite|[sS]martcite|supercite|nocite)\*?"
    r"\s*(?:\[[^\]]*\]\s*){0,2}\{([^}]*)\}"
)
_BIBLIOGRAPHY = re.compile(r"\\(?:bibliography|addbibresource|addglobalbib)\s*(?:\[[^\]]*\])?\s*\{([^}]*)\}")
_COMMENT = re.compile(r"(?<!\\)%.*")
_URL_ARG = re.compile(r"\\(?:url|href)\s*\{[^{}]*\}")


def _strip_comment(line: str) -> str:
    """Drop a LaTeX comment, but not a % inside \\url{…} (URLs are verbatim there)."""
    spans = [m.span() for m in _URL_ARG.finditer(line)]
    for m in re.finditer(r"(?<!\\)%", line):
        if not any(a <= m.start() < b for a, b in spans):
            return line[: m.start()]
    return line


def sniff(data: bytes, name: str) -> bool:
    low = name.lower()
    if low.endswith((".tex", ".bbl", ".ltx", ".latex")):
        return True
    head = data[:20000]
    return bool(re.search(rb"\\documentclass|\\begin\{thebibliography\}|\\bibitem\s*[\[{]", head))


def _items(bib: str) -> list[tuple[str, str]]:
    """(key, entry text) for each \\bibitem of a thebibliography body."""
    marks = list(_BIBITEM.finditer(bib))
    out = []
    for i, m in enumerate(marks):
        end = marks[i + 1].start() if i + 1 < len(marks) else len(bib)
        text = latex_to_text(bib[m.end() : end]) or ""
        out.append((m.group(2).strip(), text))
    return out


def _keys(body: str) -> list[str]:
    """Cited keys in order of first citation (\\nocite{*} as '*')."""
    out: list[str] = []
    for m in _CITE.finditer(body):
        for k in m.group(1).split(","):
            k = k.strip()
            if k and k not in out:
                out.append(k)
    return out


def _sibling(name: str, stem: str, ext: str) -> str | None:
    if name == "-":
        return None
    folder = os.path.dirname(os.path.abspath(name))
    path = os.path.join(folder, stem if stem.endswith(ext) else stem + ext)
    return path if os.path.isfile(path) else None


def _read_sibling(path: str, label: str) -> str:
    if os.path.getsize(path) > MAX_BYTES:
        raise InputError(f"{label}: {os.path.basename(path)} is larger than 50 MB")
    with open(path, "rb") as fh:
        return decode(fh.read(), path)[0]


def read(data: bytes, name: str) -> Document:
    label = label_of(name)
    text, warnings = decode(data, label)
    src = "\n".join(_strip_comment(ln) for ln in text.splitlines())
    env = _BIB_ENV.search(src)
    body = src[: env.start()] if env else src
    if "\\begin{document}" in body:
        body = body.split("\\begin{document}", 1)[1]
    keys = [k for k in _keys(body) if k != "*"]
    nocite_all = bool(re.search(r"\\nocite\s*\{\s*\*\s*\}", body))
    if env:
        items = _items(env.group(1))
    else:
        items = []
        m = _BIBLIOGRAPHY.search(src)
        if m is None and _BIBITEM.search(src):
            items = _items(src)
        elif m is not None:
            stem = os.path.splitext(os.path.basename(name))[0]
            bbl = _sibling(name, stem, ".bbl")
            if bbl:
                items = _items(_read_sibling(bbl, label))
                warnings += (f"{label}: entries read from {os.path.basename(bbl)} (the compiled bibliography)",)
                merged = _bbl_with_bib(items, m.group(1), name, label, keys, warnings)
                if merged is not None:
                    return merged
            else:
                return _from_bib(m.group(1), name, label, keys, nocite_all, warnings)
    if not items:
        raise InputError(f"{label}: no \\bibitem entries and no \\bibliography{{…}} found in the LaTeX source")
    number = {k: i for i, (k, _) in enumerate(items, start=1)}
    lines = []
    missing = [k for k in keys if k not in number]
    for i, k in enumerate(missing, start=len(items) + 1):
        number[k] = i
    if missing:
        warnings += (f"{label}: cited but not in the bibliography: " + ", ".join(f"{k} (as {number[k]})" for k in missing),)
    if keys:
        lines.append("Cited: " + " ".join(f"[{number[k]}]" for k in keys))
    lines.append("")
    lines.append("References")
    for i, (_, t) in enumerate(items, start=1):
        lines.append(f"{i}. {t}")
    return Document(format="latex", text="\n".join(lines) + "\n", warnings=warnings)


def _bib_entries(spec: str, name: str, label: str, required: bool = True) -> tuple[dict, list[str]] | None:
    """References by key from the .bib files a \\bibliography{…} names, and their order."""
    from refcheck.read.bibtex import read_bibtex

    by_key: dict = {}
    order: list[str] = []
    for stem in [s.strip() for s in spec.split(",") if s.strip()]:
        path = _sibling(name, stem, ".bib")
        if path is None:
            if not required:
                return None
            raise InputError(
                f"{label}: its bibliography {stem if stem.endswith('.bib') else stem + '.bib'} is not beside it; "
                "put the .bib (or the compiled .bbl) in the same folder, or check the .bib itself"
            )
        btext = _read_sibling(path, label)
        refs = read_bibtex(btext, path)
        ids = [m.group(1) for m in re.finditer(r"^[ \t]*@(?!string|preamble|comment)\w+\s*[{(]\s*([^,\s]+)\s*,", btext, re.I | re.M)]
        for key, ref in zip(ids, refs):
            if key not in by_key:
                by_key[key] = ref
                order.append(key)
    return by_key, order


def _bbl_with_bib(items, spec: str, name: str, label: str, keys: list[str], warnings: tuple[str, ...]):
    """The .bbl's list (its order and printed text) with the .bib's fields, when the .bib holds
    every entry: structured fields beat reading them back from a typeset string."""
    import dataclasses


    got = _bib_entries(spec, name, label, required=False)
    if got is None or not all(k in got[0] for k, _ in items):
        return None
    by_key = got[0]
    refs = tuple(dataclasses.replace(by_key[k], n=i, raw=t) for i, (k, t) in enumerate(items, start=1))
    number = {k: i for i, (k, _) in enumerate(items, start=1)}
    missing = [k for k in keys if k not in number]
    for i, k in enumerate(missing, start=len(refs) + 1):
        number[k] = i
    if missing:
        warnings += (f"{label}: cited but not in the bibliography: " + ", ".join(f"{k} (as {number[k]})" for k in missing),)
    return Document(format="latex", references=refs, cited=frozenset(number[k] for k in keys) or None, warnings=warnings)


def _from_bib(spec: str, name: str, label: str, keys: list[str], nocite_all: bool, warnings: tuple[str, ...]):
    """Entries from the .bib files a \\bibliography{…} names, in order of first citation."""
    import dataclasses


    got = _bib_entries(spec, name, label)
    assert got is not None
    by_key, order = got
    listed = [k for k in keys if k in by_key]
    if nocite_all:
        listed += [k for k in order if k not in listed]
    if not listed:
        raise InputError(f"{label}: none of its \\cite keys is in the .bib")
    refs = tuple(dataclasses.replace(by_key[k], n=i) for i, k in enumerate(listed, start=1))
    number = {k: i for i, k in enumerate(listed, start=1)}
    missing = [k for k in keys if k not in number]
    for i, k in enumerate(missing, start=len(refs) + 1):
        number[k] = i
    if missing:
        warnings += (f"{label}: cited but not in the .bib: " + ", ".join(f"{k} (as {number[k]})" for k in missing),)
    cited = frozenset(number[k] for k in keys)
    return Document(format="latex", references=refs, cited=cited or None, warnings=warnings)


READER = Reader(name="latex", label="LaTeX (.tex, .bbl)", extensions=(".tex", ".bbl", ".ltx", ".latex"), sniff=sniff, read=read, priority=35)
