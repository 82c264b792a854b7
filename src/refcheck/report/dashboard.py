"""The index page of a batch run (`index.html`): one self-contained HTML file.

    render_dashboard(run, changes, base=None) -> str

- `run` is the contract's `summary.json` (`refcheck/batch-v1`): `{"run", "started", "finished",
  "articles": [{"source", "reports": {format: path}, "summary": {...}, "error"}], "totals"}`.
- `changes` is the contract's `changes.json` (`refcheck/changes-v1`) or None (first run).

Top: the run and its totals; then "Changes since <run>": newly retracted / expression of concern /
corrected works, new problems, resolved ones (each linking to the entry in its article's report);
then an inline-SVG chart of statuses per article (stacked horizontal bars, ok / warning / error /
unverified), and the articles sorted by how much needs attention (errors, then warnings, then
unverified), with links to their reports. Articles that could not be read are listed first.

Report paths are used as given when relative; with `base` (the directory index.html is written
to), paths are made relative to it, so the run folder can be moved or served as is. No script,
no external resources, no timestamps other than those in `run`.
"""

from __future__ import annotations

import os
from urllib.parse import quote

from .html import BASE_CSS, badge, e, page, summary_cards

NOTICE_CODES = ("retracted", "expression-of-concern", "corrected")
NOTICE_LABEL = {"retracted": "Retracted", "expression-of-concern": "Expression of concern", "corrected": "Corrected"}
BAR_COLORS = {"ok": "#17b26a", "warning": "#f0a830", "error": "#d92d20", "unverified": "#98a2b3"}
BAR_ORDER = ("error", "warning", "unverified", "ok")
_SEV_STATUS = {"error": "error", "warning": "warning", "info": "unverified"}

DASH_CSS = """
section.block{background:#fff;border:1px solid var(--line);border-radius:8px;padding:16px 20px;margin:18px 0}
section.block h2 .sub{color:var(--muted);font-weight:400;font-size:14px;margin-left:6px}
.changes h3{font-size:14px;margin:14px 0 6px;color:var(--muted);text-transform:uppercase;letter-spacing:.05em}
.changes ul{list-style:none;margin:0;padding:0}
.changes li{padding:6px 0;border-bottom:1px solid var(--line);display:grid;
grid-template-columns:minmax(180px,260px) 190px minmax(0,1fr);gap:10px;align-items:baseline}
.changes li:last-child{border-bottom:0}
.changes .src{overflow-wrap:anywhere}
.changes .raw{color:var(--muted);font-size:14px;overflow-wrap:anywhere}
.changes .none{color:var(--muted);margin:6px 0}
.count-pill{display:inline-block;border-radius:999px;background:var(--unv-bg);color:var(--ink);font-size:12px;
padding:0 8px;margin-left:6px;font-weight:650}
.chart svg{display:block;width:100%;height:auto}
.legend{display:flex;gap:16px;font-size:13px;color:var(--muted);margin-top:8px}
.legend i{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:-1px}
table.articles{border-collapse:collapse;width:100%;font-size:14px}
table.articles th,table.articles td{padding:7px 10px;border-bottom:1px solid var(--line);text-align:right;
font-variant-numeric:tabular-nums}
table.articles th:first-child,table.articles td:first-child{text-align:left;overflow-wrap:anywhere}
table.articles thead th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600}
table.articles td.z{color:#b8bfca}
table.articles td.err{color:var(--err);font-weight:650}
table.articles td.warn{color:var(--warn);font-weight:650}
table.articles .fmts a{margin-left:8px;font-size:13px}
table.articles tr.failed td{background:var(--err-bg)}
.meta-line{color:var(--muted);margin:2px 0 0}
"""


def _href(path: str | None, base: str | None) -> str | None:
    if not path:
        return None
    p = str(path)
    if base is not None and os.path.isabs(p):
        p = os.path.relpath(p, base)
    elif base is not None and not os.path.isabs(p):
        # a path relative to the working directory that lies under base
        absp, absb = os.path.abspath(p), os.path.abspath(base)
        if os.path.commonpath([absp, absb]) == absb:
            p = os.path.relpath(absp, absb)
    return quote(p.replace(os.sep, "/"), safe="/._-~()")


def _summary(a: dict) -> dict:
    s = a.get("summary") or {}
    return {k: int(s.get(k) or 0) for k in ("references", "ok", "warning", "error", "unverified")}


def attention_key(a: dict) -> tuple:
    """Sort key: unreadable articles first, then most errors, warnings, unverified; then by name."""
    s = _summary(a)
    return (0 if a.get("error") else 1, -s["error"], -s["warning"], -s["unverified"], str(a.get("source", "")))


def _totals(run: dict) -> dict:
    arts = run.get("articles") or []
    t = {k: 0 for k in ("references", "ok", "warning", "error", "unverified")}
    for a in arts:
        for k, v in _summary(a).items():
            t[k] += v
    given = run.get("totals") or {}
    for k in t:
        if isinstance(given.get(k), int):
            t[k] = given[k]
    return t


def _name(source: str, width: int = 44) -> str:
    s = str(source)
    return s if len(s) <= width else "…" + s[-(width - 1) :]


def _change_item(c: dict, links: dict[str, str | None]) -> str:
    src = str(c.get("source", ""))
    n = c.get("n")
    href = links.get(src)
    label = f"{_name(src, 40)} · {n}" if n is not None else _name(src, 40)
    where = f'<a href="{e(href)}#ref-{e(n)}">{e(label)}</a>' if href and n is not None else e(label)
    sev = str(c.get("severity") or "info")
    code = str(c.get("code", ""))
    raw = " ".join(str(c.get("raw") or "").split())
    if len(raw) > 180:
        raw = raw[:179] + "…"
    status = "ok" if c.get("change") == "resolved" else _SEV_STATUS.get(sev, "unverified")
    return (
        f'<li data-change="{e(c.get("change"))}" data-code="{e(code)}"><span class="src">{where}</span>'
        f"<span>{badge(status, code)}</span><span class=\"raw\">{e(raw)}</span></li>"
    )


def _changes(changes: dict | None, links: dict[str, str | None]) -> str:
    if changes is None:
        return (
            '<section class="block changes" id="changes"><h2>Changes</h2>'
            '<p class="none">No earlier run to compare with: this is the first run in this folder.</p></section>'
        )
    items = list(changes.get("changes") or [])
    key = lambda c: (str(c.get("source", "")), c.get("n") or 0, str(c.get("code", "")))  # noqa: E731
    notices = sorted((c for c in items if c.get("change") == "new" and c.get("code") in NOTICE_CODES), key=key)
    new = sorted((c for c in items if c.get("change") == "new" and c.get("code") not in NOTICE_CODES), key=key)
    resolved = sorted((c for c in items if c.get("change") == "resolved"), key=key)
    notices.sort(key=lambda c: NOTICE_CODES.index(c["code"]))  # stable: retractions first

    def group(title: str, gid: str, rows: list[dict], empty: str) -> str:
        body = (
            "<ul>" + "".join(_change_item(c, links) for c in rows) + "</ul>"
            if rows
            else f'<p class="none">{e(empty)}</p>'
        )
        return f'<div id="{gid}"><h3>{e(title)}<span class="count-pill">{len(rows)}</span></h3>{body}</div>'

    kinds = ", ".join(NOTICE_LABEL[k].lower() for k in NOTICE_CODES)
    return (
        f'<section class="block changes" id="changes"><h2>Changes since {e(changes.get("since") or "the previous run")}'
        f'<span class="sub">{len(items)} change{"s" if len(items) != 1 else ""}</span></h2>'
        + group("Newly retracted, expression of concern or corrected", "changes-notices", notices, f"No work newly {kinds}.")
        + group("New problems", "changes-new", new, "No new problem.")
        + group("Resolved", "changes-resolved", resolved, "Nothing resolved.")
        + "</section>"
    )


# The chart's text must fit inside its viewBox (anything outside is clipped, at every page width:
# the SVG scales as a whole). Columns are as wide as their longest label, estimated per glyph a
# little wider than common sans-serif faces set them (in em of the 13 px text).
FONT_PX = 13
LABEL_CHARS = 34


def _em(ch: str) -> float:
    if ch in "WM@%":
        return 1.0
    if ch in "mw":
        return 0.9
    if ch.isupper() or ch in "&#":
        return 0.78
    if ch in "iljtf.,:;'|!()[] ·/-":
        return 0.4
    return 0.62


def text_width(s: str) -> float:
    """A generous estimate of the width of `s` in px at the chart's font size."""
    return FONT_PX * sum(_em(c) for c in s)


def _need_label(s: dict) -> str:
    parts = [f"{s[k]} {k}{'' if s[k] == 1 else 's'}" for k in ("error", "warning") if s[k]]
    if not parts:
        parts = [f"{s['unverified']} unverified"] if s["unverified"] else ["all ok"]
    return " · ".join(parts)


def chart_svg(articles: list[dict]) -> str:
    """Stacked horizontal bars, one per article, scaled to the longest reference list."""
    rows = [a for a in articles if not a.get("error")]
    needs = [_need_label(_summary(a)) for a in rows]
    names = [_name(a.get("source", ""), LABEL_CHARS) for a in rows]
    label_w = round(20 + max((text_width(n) for n in names), default=80))
    count_w = round(20 + max((text_width(n) for n in needs), default=80))
    bar_w, row_h, bar_h, top = 560, 26, 16, 4
    width = label_w + bar_w + count_w
    height = top * 2 + row_h * max(len(rows), 1)
    biggest = max((_summary(a)["references"] for a in rows), default=0) or 1
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="References by status, per article" font-family="system-ui,sans-serif" font-size="13">'
    ]
    if not rows:
        out.append(f'<text x="0" y="{top + 17}" fill="#5d6778">No article was checked.</text>')
    for i, (a, name, need) in enumerate(zip(rows, names, needs)):
        s = _summary(a)
        y = top + i * row_h
        out.append(f'<g class="bar" data-source="{e(a.get("source"))}">')
        out.append(
            f'<text class="name" x="{label_w - 10}" y="{y + bar_h - 3}" text-anchor="end" fill="#1d2433">'
            f"<title>{e(a.get('source'))}</title>{e(name)}</text>"
        )
        out.append(f'<rect x="{label_w}" y="{y}" width="{bar_w}" height="{bar_h}" fill="#f2f4f7" rx="3"/>')
        x = float(label_w)
        for status in BAR_ORDER:
            if not s[status]:
                continue
            w = bar_w * s[status] / biggest
            out.append(
                f'<rect class="seg-{status}" x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_h}" '
                f'fill="{BAR_COLORS[status]}"><title>{e(a.get("source"))}: {s[status]} {status}</title></rect>'
            )
            x += w
        out.append(f'<text class="need" x="{label_w + bar_w + 10}" y="{y + bar_h - 3}" fill="#5d6778">{e(need)}</text>')
        out.append("</g>")
    out.append("</svg>")
    return "".join(out)


def _cell(n: int, cls: str = "") -> str:
    if not n:
        return f'<td class="z">{n}</td>'
    return f'<td class="{cls}">{n}</td>' if cls else f"<td>{n}</td>"


def _articles_table(articles: list[dict], base: str | None) -> str:
    rows = []
    for a in articles:
        src = str(a.get("source", ""))
        reports = a.get("reports") or {}
        href = _href(reports.get("html"), base)
        name = f'<a href="{e(href)}">{e(src)}</a>' if href else e(src)
        others = "".join(
            f'<a href="{e(_href(p, base))}">{e(fmt)}</a>'
            for fmt, p in sorted(reports.items())
            if fmt != "html" and p
        )
        if a.get("error"):
            rows.append(
                f'<tr class="failed" data-source="{e(src)}"><td>{name} {badge("error", "not read")}'
                f'<div class="meta-line">{e(a["error"])}</div></td><td colspan="6"></td></tr>'
            )
            continue
        s = _summary(a)
        rows.append(
            f'<tr data-source="{e(src)}"><td>{name}</td><td>{s["references"]}</td>'
            + _cell(s["error"], "err")
            + _cell(s["warning"], "warn")
            + _cell(s["unverified"])
            + _cell(s["ok"])
            + f'<td class="fmts">{others}</td></tr>'
        )
    return (
        '<table class="articles"><thead><tr><th>Article</th><th>References</th><th>Errors</th><th>Warnings</th>'
        "<th>Unverified</th><th>OK</th><th>Other formats</th></tr></thead><tbody>"
        + "".join(rows)
        + "</tbody></table>"
    )


def _notes(warnings: list) -> str:
    """What the run did not read (skipped files, with why) and its other warnings."""
    if not warnings:
        return ""
    items = "".join(f"<li>{e(str(w))}</li>" for w in warnings)
    return f'<section class="block" id="notes"><h2>Not read, and other notes<span class="sub">{len(warnings)}</span></h2><ul>{items}</ul></section>'


def render_dashboard(run: dict, changes: dict | None, *, base: str | None = None) -> str:
    articles = sorted(run.get("articles") or [], key=attention_key)
    links = {str(a.get("source", "")): _href((a.get("reports") or {}).get("html"), base) for a in articles}
    totals = _totals(run)
    failed = sum(1 for a in articles if a.get("error"))
    times = " → ".join(str(run[k]) for k in ("started", "finished") if run.get(k))
    lede = f"{len(articles)} article{'s' if len(articles) != 1 else ''}"
    if failed:
        lede += f" ({failed} could not be read)"
    if times:
        lede += f" · {times}"
    legend = "".join(
        f'<span><i style="background:{BAR_COLORS[s]}"></i>{label}</span>'
        for s, label in (("error", "Error"), ("warning", "Warning"), ("unverified", "Unverified"), ("ok", "OK"))
    )
    body = (
        '<header class="top"><div class="wrap"><p class="eyebrow">refcheck · batch run</p>'
        f'<h1>Run {e(run.get("run", ""))}</h1><p class="lede">{e(lede)}</p>'
        f"{summary_cards(totals)}</div></header>"
        '<main class="wrap">'
        + _changes(changes, links)
        + '<section class="block chart" id="chart"><h2>Statuses per article<span class="sub">most to check first</span></h2>'
        + chart_svg(articles)
        + f'<div class="legend">{legend}</div></section>'
        + '<section class="block" id="articles"><h2>Articles</h2>'
        + _articles_table(articles, base)
        + "</section>"
        + _notes(run.get("warnings") or [])
        + "</main>"
        '<footer class="wrap">Generated by refcheck · each article links to its own report</footer>'
    )
    return page(f"refcheck run {run.get('run', '')}", body, BASE_CSS + DASH_CSS)
