"""Markdown, for a pull-request comment or an e-mail to an author.

Layout: a heading, a table of counts, one section per entry that needs a look (status other than
ok, or any finding such as `corrected`) in list order — the raw reference as a quote, the findings
as bullets with `cited` → `found`, links to the record, the suggested rewrite in a code block —
then the citation check (articles), then all OK entries collapsed into one `<details>` block.

Text from the input is escaped so that it shows literally (GitHub-flavoured Markdown): a raw
reference holding `*`, `_` or `<script>` renders as those characters.
"""

from __future__ import annotations

import re

from refcheck.model import Report, Verdict

from ._common import STATUS_LABEL, missing_citations, needs_detail, notice_links, record_links, short_label, truncate

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|#!~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_ICON = {"error": "❌", "warning": "⚠️", "unverified": "❔", "ok": "✅"}


def esc(text: str) -> str:
    """Escape Markdown/HTML syntax in running text (one line: whitespace runs collapse)."""
    text = " ".join(str(text).split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    return _ENTITY.sub("&amp;", text)  # only an '&' that would start an entity


_URL_UNSAFE = re.compile(r"[\s()\[\]<>\\`\"'|]")


def url(target: str) -> str:
    """A link target that cannot end the link early: brackets, parentheses, quotes, spaces,
    backslashes and backticks are percent-encoded (a DOI holding `)[label](url)` stays a DOI)."""
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), str(target))


def code(text: str) -> str:
    """Inline code span that survives backticks in the value."""
    text = " ".join(str(text).split())
    longest = max((len(m) for m in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") or not text.strip() else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def block(text: str, lang: str = "text") -> str:
    longest = max((len(m) for m in re.findall(r"`{3,}", text)), default=0)
    fence = "`" * max(3, longest + 1)
    return f"{fence}{lang}\n{text.rstrip()}\n{fence}"


def _entry(v: Verdict) -> list[str]:
    st = v.status
    codes = ", ".join(dict.fromkeys(f.code for f in v.findings))
    out = [f"#### {v.reference.n}. {_ICON[st]} {STATUS_LABEL[st]}" + (f" — {codes}" if codes else ""), ""]
    out.append("> " + (esc(v.reference.raw) or "*(empty entry)*"))
    out.append("")
    for f in v.findings:
        where = f" ({esc(f.field)})" if f.field else ""
        line = f"- **{esc(f.code)}**{where} · {f.severity}: {esc(f.message)}"
        if f.cited is not None or f.found is not None:
            cited = code(f.cited) if f.cited is not None else "—"
            found = code(f.found) if f.found is not None else "—"
            line += f" — cited {cited} → found {found}"
        out.append(line)
        for label, link in notice_links(f):
            out.append(f"  - [{esc(label)}]({url(link)})")
    links = record_links(v)
    if links:
        out.append("")
        out.append("Record: " + " · ".join(f"[{esc(label)}]({url(link)})" for label, link in links))
    if v.suggestion:
        out.append("")
        out.append("Suggested reference:")
        out.append("")
        out.append(block(v.suggestion))
    out.append("")
    return out


def render(report: Report, *, color: bool = False) -> str:
    s = report.summary()
    lines = [f"## Reference check: {esc(report.source)}", ""]
    if report.checked:
        lines += [f"_{esc(report.stamp())}_", ""]
    lines += [
        "| References | ✅ OK | ⚠️ Warning | ❌ Error | ❔ Unverified |",
        "|---:|---:|---:|---:|---:|",
        f"| {s['references']} | {s['ok']} | {s['warning']} | {s['error']} | {s['unverified']} |",
        "",
    ]
    detailed = [v for v in report.verdicts if needs_detail(v)]
    if detailed:
        lines += [f"### Entries to check ({len(detailed)})", ""]
        for v in detailed:
            lines += _entry(v)
    else:
        lines += ["Every reference matched its record; nothing to check.", ""]

    c = report.citations
    if c is not None:
        missing = missing_citations(report)  # verify's `missing` findings
        lines += ["### In-text citations", ""]
        if missing:
            lines.append("- Cited in the text but not in the list: " + ", ".join(map(str, missing)))
        if c.listed_not_cited:
            lines.append("- Listed but not cited in the text: " + ", ".join(map(str, c.listed_not_cited)))
        if not missing and not c.listed_not_cited:
            lines.append("- Every listed reference is cited, and every citation is listed.")
        lines.append("")

    if report.warnings:
        lines += ["### Notes", ""]
        lines += [f"- {esc(w)}" for w in report.warnings]
        lines.append("")

    ok = [v for v in report.verdicts if not needs_detail(v)]
    if ok:
        nums = ", ".join(str(v.reference.n) for v in ok)
        lines.append(f"<details><summary>✅ {len(ok)} OK: {nums}</summary>")
        lines.append("")
        for v in ok:
            lines.append(f"- {v.reference.n}. {esc(truncate(short_label(v), 120))}")
        lines.append("")
        lines.append("</details>")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"
