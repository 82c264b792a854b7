"""LaTeX markup → plain Unicode text (pylatexenc), as BibTeX fields and \\bibitem entries need it.

Accents (``\\'{e}``, ``{\\"u}``), ``--``/``---``, ``~``, ``\\&``, ``\\emph{}``/``\\textit{}``,
protective braces, ``\\newblock`` and natbib's ``\\bibinfo{…}{value}`` become text; ``\\url{…}``
and ``\\doi{…}`` keep their argument verbatim (a URL's ``%``, ``~`` and ``_`` are not LaTeX there);
``\\href{url}{text}`` gives ``text <url>``.
"""

from __future__ import annotations

import functools
import re

_VERBATIM = re.compile(r"\\(url|doi|path|nolinkurl)\s*\{([^{}]*)\}")
_HREF = re.compile(r"\\href\s*\{([^{}]*)\}\s*\{((?:[^{}]|\{[^{}]*\})*)\}")
_WS = re.compile(r"\s+")
# TeX primitives with a numeric argument that bibliography styles sprinkle in (\penalty0)
_PRIMITIVE = re.compile(r"\\(?:penalty|hskip|vskip|kern|hspace\*?|vspace\*?)\s*\{?-?[\d.]+\s*(?:pt|em|ex|mm|cm|plus|minus|\s)*\}?|\\discretionary\{[^}]*\}\{[^}]*\}\{[^}]*\}")


@functools.lru_cache(maxsize=1)
def _converter():
    from pylatexenc import latexwalker, macrospec
    from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

    walker_db = latexwalker.get_default_latex_context_db()
    walker_db.add_context_category(
        "refcheck",
        prepend=True,
        macros=[
            macrospec.std_macro("bibinfo", False, 2),
            macrospec.std_macro("bibfield", False, 2),
            macrospec.std_macro("newblock", False, 0),
            macrospec.std_macro("BIBentryALTinterwordspacing", False, 0),
            macrospec.std_macro("BIBentrySTDinterwordspacing", False, 0),
            macrospec.std_macro("natexlab", False, 1),
            macrospec.std_macro("urlprefix", False, 0),
            macrospec.std_macro("eprint", False, 1),
        ],
    )
    text_db = get_default_latex_context_db()
    text_db.add_context_category(
        "refcheck",
        prepend=True,
        macros=[
            MacroTextSpec("bibinfo", simplify_repl="%(2)s"),
            MacroTextSpec("bibfield", simplify_repl="%(2)s"),
            MacroTextSpec("newblock", simplify_repl=" "),
            MacroTextSpec("BIBentryALTinterwordspacing", simplify_repl=""),
            MacroTextSpec("BIBentrySTDinterwordspacing", simplify_repl=""),
            MacroTextSpec("natexlab", simplify_repl="%(1)s"),
            MacroTextSpec("urlprefix", simplify_repl=""),
            MacroTextSpec("eprint", simplify_repl="%(1)s"),
        ],
    )
    conv = LatexNodes2Text(latex_context=text_db, math_mode="text", strict_latex_spaces=False)
    return conv, walker_db


def latex_to_text(s: str | None) -> str | None:
    if s is None:
        return None
    if "\\" not in s and "{" not in s and "~" not in s and "--" not in s and "$" not in s:
        return _WS.sub(" ", s).strip()
    from pylatexenc.latexwalker import LatexWalker

    keep: list[str] = []

    def hold(text: str) -> str:
        keep.append(text)
        return f"RCKEEP{len(keep) - 1}X"

    s = _PRIMITIVE.sub(" ", s)
    s = _HREF.sub(lambda m: f"{m.group(2)} " + hold(f"<{m.group(1).strip()}>"), s)
    s = _VERBATIM.sub(lambda m: hold(("doi:" if m.group(1) == "doi" else "") + m.group(2).strip()), s)
    conv, walker_db = _converter()
    try:
        nodes = LatexWalker(s, latex_context=walker_db, tolerant_parsing=True).get_latex_nodes()[0]
        out = conv.nodelist_to_text(nodes)
    except Exception:  # pylatexenc is tolerant; this is a last resort for odd input
        out = re.sub(r"\\[a-zA-Z]+\*?|[{}]", "", s).replace("~", " ")
    out = re.sub(r"RCKEEP(\d+)X", lambda m: keep[int(m.group(1))], out)
    return _WS.sub(" ", out).strip()
