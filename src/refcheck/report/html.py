"""One self-contained HTML page for an editor: open the file, nothing else is fetched.

- Inline `<style>` and one small inline `<script>` (the status filter and the copy buttons);
  no external CSS, JS, fonts or images. With JavaScript off every entry is shown and the filter
  bar is hidden; the page reads the same.
- Top: the source and coloured counts (references / ok / warning / error / unverified), then
  filter buttons (All / Errors / Warnings / Unverified / OK).
- Each entry: number, status badge, raw text, its findings (message, cited → found, links to
  notices from `Finding.details`), links to PubMed and doi.org, a side-by-side "cited vs found"
  table of the parsed fields against the matched record (rows a finding concerns are
  highlighted), and the suggested rewrite in a copyable block. OK entries keep the table folded.
- The citation check (cited not listed / listed not cited) when the report has one.
- Everything that comes from the input or the services is escaped with `html.escape`.
- Deterministic: no timestamps or random ids; the same report gives the same bytes.
"""

from __future__ import annotations

from html import escape

from refcheck import __version__
from refcheck.model import Report, Verdict
from refcheck.sources import registry

from ._common import (
    missing_citations,
    FIELD_LABEL,
    STATUS_LABEL,
    compare_rows,
    doi_url,
    finding_field,
    needs_detail,
    notice_links,
    pubmed_url,
    record_links,
)


def e(value: object) -> str:
    return escape("" if value is None else str(value), quote=True)


BASE_CSS = """
:root{--ink:#1d2433;--muted:#5d6778;--line:#e3e7ee;--bg:#f6f7f9;--card:#fff;
--err:#b42318;--err-bg:#fef3f2;--err-line:#fecdca;--warn:#a15c07;--warn-bg:#fffaeb;--warn-line:#fedf89;
--unv:#475467;--unv-bg:#f2f4f7;--unv-line:#d0d5dd;--ok:#067647;--ok-bg:#ecfdf3;--ok-line:#abefc6;
--accent:#1f4e8c}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,"Noto Sans",sans-serif}
a{color:var(--accent);text-underline-offset:2px}
code,pre,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:13px}
.wrap{max-width:1120px;margin:0 auto;padding:0 24px}
header.top{background:#fff;border-bottom:1px solid var(--line);padding:22px 0 20px}
.eyebrow{margin:0;color:var(--muted);font-size:12px;letter-spacing:.08em;text-transform:uppercase;font-weight:600}
h1{margin:4px 0 2px;font-size:24px;line-height:1.25;word-break:break-all}
.lede{margin:0;color:var(--muted)}
h2{font-size:17px;margin:0 0 10px}
.cards{display:flex;flex-wrap:wrap;gap:12px;margin-top:16px}
.card{flex:1 1 150px;background:#fff;border:1px solid var(--line);border-top:4px solid var(--unv-line);
border-radius:8px;padding:10px 14px}
.card .k{font-size:28px;font-weight:700;line-height:1.1;font-variant-numeric:tabular-nums}
.card .l{color:var(--muted);font-size:13px}
.card.c-all{border-top-color:var(--accent)}
.card.c-error{border-top-color:var(--err)} .card.c-error .k{color:var(--err)}
.card.c-warning{border-top-color:#dc8a09} .card.c-warning .k{color:var(--warn)}
.card.c-unverified{border-top-color:#98a2b3} .card.c-unverified .k{color:var(--unv)}
.card.c-ok{border-top-color:#17b26a} .card.c-ok .k{color:var(--ok)}
.card.zero .k{color:#98a2b3}
.badge{display:inline-block;border-radius:999px;padding:1px 10px;font-size:12px;font-weight:650;
border:1px solid transparent;white-space:nowrap;vertical-align:middle}
.b-error{color:var(--err);background:var(--err-bg);border-color:var(--err-line)}
.b-warning{color:var(--warn);background:var(--warn-bg);border-color:var(--warn-line)}
.b-unverified{color:var(--unv);background:var(--unv-bg);border-color:var(--unv-line)}
.b-ok{color:var(--ok);background:var(--ok-bg);border-color:var(--ok-line)}
.b-info{color:var(--unv);background:#fff;border-color:var(--unv-line)}
footer{color:var(--muted);font-size:12px;padding:24px 0 40px}
@media print{body{background:#fff}.filters,.copy{display:none!important}.entry{break-inside:avoid}
.entry[hidden]{display:block!important}}
"""

REPORT_CSS = """
.filters{display:none;gap:8px;flex-wrap:wrap;align-items:center;margin:20px 0 4px}
.js .filters{display:flex}
.filters .lab{color:var(--muted);font-size:13px;margin-right:4px}
.filters button{font:inherit;font-size:14px;border:1px solid var(--line);background:#fff;color:var(--ink);
border-radius:999px;padding:4px 14px;cursor:pointer}
.filters button:hover{border-color:#98a2b3}
.filters button[aria-pressed=true]{background:var(--ink);border-color:var(--ink);color:#fff}
.filters button .n{opacity:.7;margin-left:4px;font-variant-numeric:tabular-nums}
.panel{background:#fff;border:1px solid var(--line);border-radius:8px;padding:14px 18px;margin:16px 0}
.panel ul{margin:0;padding-left:20px}
.entries{margin:16px 0}
.entry{background:#fff;border:1px solid var(--line);border-left:4px solid var(--unv-line);border-radius:8px;
padding:14px 18px 14px 14px;margin:0 0 10px;display:grid;grid-template-columns:84px minmax(0,1fr);gap:0 10px}
.entry[hidden]{display:none}
.gutter{display:flex;flex-direction:column;align-items:flex-start;gap:6px}
.body{min-width:0}
.entry.s-error{border-left-color:var(--err)}
.entry.s-warning{border-left-color:#dc8a09}
.entry.s-unverified{border-left-color:#98a2b3}
.entry.s-ok{border-left-color:#17b26a;padding-top:10px;padding-bottom:10px}
.num{font-weight:700;font-size:17px;line-height:1.2;font-variant-numeric:tabular-nums;color:var(--ink);text-decoration:none}
.num:hover{text-decoration:underline}
.codes{color:var(--muted);font-size:13px}
.raw{margin:0;overflow-wrap:anywhere}
.meta{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;margin-top:4px;font-size:14px}
.meta details[open]{flex-basis:100%}
.findings{list-style:none;margin:12px 0 0;padding:0}
.findings li{padding:8px 12px;border-radius:6px;margin:0 0 6px;background:var(--unv-bg)}
.findings li.f-error{background:var(--err-bg)}
.findings li.f-warning{background:var(--warn-bg)}
.fcode{font-weight:650}
.fmsg{overflow-wrap:anywhere}
.cf{margin-top:4px;font-size:14px;display:grid;grid-template-columns:auto 1fr;gap:0 10px}
.cf dt{color:var(--muted)} .cf dd{margin:0;overflow-wrap:anywhere}
.nlinks{margin-top:4px;font-size:14px}
.links{margin-top:10px;font-size:14px;display:flex;gap:14px;flex-wrap:wrap}
table.compare{border-collapse:collapse;width:100%;margin-top:12px;font-size:14px;table-layout:fixed}
table.compare th,table.compare td{text-align:left;vertical-align:top;padding:5px 10px;border-bottom:1px solid var(--line);
overflow-wrap:anywhere}
table.compare thead th{font-size:12px;text-transform:uppercase;letter-spacing:.05em;color:var(--muted);font-weight:600;
border-bottom:1px solid #cfd5de}
table.compare th[scope=row]{color:var(--muted);font-weight:600}
table.compare col.c1{width:132px}
table.compare tr.diff td,table.compare tr.diff th{background:var(--err-bg)}
table.compare tr.diff th[scope=row]{color:var(--err);box-shadow:inset 3px 0 0 var(--err)}
table.compare tr.diff-warning td,table.compare tr.diff-warning th{background:var(--warn-bg)}
table.compare tr.diff-warning th[scope=row]{color:var(--warn);box-shadow:inset 3px 0 0 #dc8a09}
table.compare tr.diff-info td,table.compare tr.diff-info th{background:var(--unv-bg)}
table.compare tr.diff-info th[scope=row]{color:var(--unv);box-shadow:inset 3px 0 0 #98a2b3}
.none{color:#98a2b3}
.flag{font-size:11px;font-weight:700;margin-left:6px;text-transform:uppercase;letter-spacing:.04em}
details.cmp{margin-top:4px;font-size:14px}
details.cmp summary{cursor:pointer;color:var(--muted)}
details.oks{margin-top:1rem}details.oks>summary{cursor:pointer;font-weight:600;padding:.6rem .2rem;color:var(--muted)}
.sugg{margin-top:12px}
.sugg-head{display:flex;justify-content:space-between;align-items:center;font-size:13px;color:var(--muted);
font-weight:600;margin-bottom:4px}
.sugg pre{margin:0;white-space:pre-wrap;overflow-wrap:anywhere;background:#f8fafc;border:1px solid var(--line);
border-radius:6px;padding:10px 12px;user-select:all}
.copy{display:none;font:inherit;font-size:12px;border:1px solid var(--line);background:#fff;border-radius:6px;
padding:2px 10px;cursor:pointer}
.js .copy{display:inline-block}
.cands{margin:8px 0 0;font-size:14px}
.cands ul{margin:4px 0 0;padding-left:20px}
.attention{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin-top:14px}
.attention .lab{color:var(--muted);font-size:13px;margin-right:6px}
.chip{display:inline-block;min-width:30px;text-align:center;border-radius:6px;padding:1px 8px;font-size:13px;
font-weight:650;text-decoration:none;border:1px solid var(--line);font-variant-numeric:tabular-nums}
.ch-error{color:var(--err);background:var(--err-bg);border-color:var(--err-line)}
.ch-warning{color:var(--warn);background:var(--warn-bg);border-color:var(--warn-line)}
.ch-unverified,.ch-ok{color:var(--unv);background:var(--unv-bg);border-color:var(--unv-line)}
.empty{color:var(--muted);padding:20px;text-align:center;display:none}
"""

SCRIPT = """
(function(){
var d=document;d.documentElement.className+=' js';
var buttons=d.querySelectorAll('.filters button');
var entries=d.querySelectorAll('.entry');
var empty=d.getElementById('empty');
var oks=d.getElementById('oks');
function apply(f){
  var shown=0;
  for(var i=0;i<entries.length;i++){
    var on=(f==='all'||entries[i].getAttribute('data-status')===f);
    entries[i].hidden=!on; if(on){shown++;}
  }
  for(var j=0;j<buttons.length;j++){
    buttons[j].setAttribute('aria-pressed',buttons[j].getAttribute('data-filter')===f?'true':'false');
  }
  if(empty){empty.style.display=shown?'none':'block';}
  if(oks&&(f==='ok')){oks.open=true;}
}
for(var k=0;k<buttons.length;k++){
  buttons[k].addEventListener('click',function(){
    var f=this.getAttribute('data-filter');apply(f);
    if(history.replaceState){history.replaceState(null,'',f==='all'?'#':'#'+f);}
  });
}
var h=(location.hash||'').slice(1);
apply(['error','warning','unverified','ok'].indexOf(h)>=0?h:'all');
var copies=d.querySelectorAll('button.copy');
for(var c=0;c<copies.length;c++){
  copies[c].addEventListener('click',function(){
    var btn=this,pre=d.getElementById(btn.getAttribute('data-target'));if(!pre){return;}
    var text=pre.textContent;
    function done(){btn.textContent='Copied';setTimeout(function(){btn.textContent='Copy';},1500);}
    function fallback(){
      var r=d.createRange();r.selectNodeContents(pre);var s=window.getSelection();
      s.removeAllRanges();s.addRange(r);try{d.execCommand('copy');done();}catch(err){}
    }
    if(navigator.clipboard&&window.isSecureContext){navigator.clipboard.writeText(text).then(done,fallback);}
    else{fallback();}
  });
}
})();
"""

FILTERS = (("all", "All"), ("error", "Errors"), ("warning", "Warnings"), ("unverified", "Unverified"), ("ok", "OK"))


def badge(status: str, label: str | None = None) -> str:
    return f'<span class="badge b-{e(status)}">{e(label or STATUS_LABEL.get(status, status))}</span>'


def summary_cards(counts: dict, total_label: str = "References") -> str:
    cards = [f'<div class="card c-all"><div class="k">{counts["references"]}</div><div class="l">{e(total_label)}</div></div>']
    for status, label in (("ok", "OK"), ("warning", "Warning"), ("error", "Error"), ("unverified", "Unverified")):
        n = counts.get(status, 0)
        zero = " zero" if not n else ""
        cards.append(
            f'<div class="card c-{status}{zero}" data-count="{status}"><div class="k">{n}</div>'
            f'<div class="l">{label}</div></div>'
        )
    return '<div class="cards" id="summary">' + "".join(cards) + "</div>"


def _link(label: str, url: str) -> str:
    return f'<a href="{e(url)}" rel="noopener noreferrer">{e(label)}</a>'


def _value(v: str | None) -> str:
    return e(v) if v is not None else '<span class="none">—</span>'


def _flag_word(v: Verdict, fld: str) -> str:
    codes = [f.code for f in v.findings if finding_field(f) == fld]
    if any(c.endswith("-mismatch") for c in codes):
        return "differs"
    if "incomplete" in codes:
        return "missing"
    if "ahead-of-print" in codes:
        return "final version"
    return "see note"


def _compare_table(v: Verdict) -> str:
    rows = compare_rows(v)
    found_head = "Found" if v.match is not None else "Found <span class=\"none\">(no matching record)</span>"
    if v.match is not None:
        srcs = " + ".join(registry.label(s) for s in v.match.sources)
        if srcs:
            found_head = f"Found <span class=\"none\">({e(srcs)})</span>"
    out = [
        '<table class="compare"><colgroup><col class="c1"><col><col></colgroup>',
        f'<thead><tr><th scope="col">Field</th><th scope="col">Cited</th><th scope="col">{found_head}</th></tr></thead><tbody>',
    ]
    for fld, cited, found, sev in rows:
        cls = ""
        flag = ""
        if sev is not None:
            cls = ' class="diff"' if sev == "error" else f' class="diff diff-{e(sev)}"'
            flag = f'<span class="flag">{_flag_word(v, fld)}</span>'
        out.append(
            f'<tr{cls} data-field="{e(fld)}"><th scope="row">{e(FIELD_LABEL.get(fld, fld))}{flag}</th>'
            f"<td>{_value(cited)}</td><td>{_value(found)}</td></tr>"
        )
    out.append("</tbody></table>")
    return "".join(out)


def _findings(v: Verdict) -> str:
    if not v.findings:
        return ""
    items = []
    for f in v.findings:
        sev = f.severity
        where = f' <span class="codes">· {e(f.field)}</span>' if f.field else ""
        parts = [
            f'<li class="f-{e(sev)}" data-code="{e(f.code)}">'
            f'<span class="fcode">{e(f.code)}</span>{where} '
            f'{badge("info" if sev == "info" else sev, sev)} '
            f'<span class="fmsg">— {e(f.message)}</span>'
        ]
        if f.cited is not None or f.found is not None:
            parts.append(f'<dl class="cf"><dt>Cited</dt><dd>{_value(f.cited)}</dd><dt>Found</dt><dd>{_value(f.found)}</dd></dl>')
        nl = notice_links(f)
        if nl:
            parts.append('<div class="nlinks">' + " · ".join(_link(lab, url) for lab, url in nl) + "</div>")
        parts.append("</li>")
        items.append("".join(parts))
    return '<ul class="findings">' + "".join(items) + "</ul>"


def _candidates(v: Verdict) -> str:
    if not v.candidates:
        return ""
    items = []
    for m in v.candidates:
        r = m.record
        bits = [e(r.title or "(untitled)")]
        meta = ", ".join(str(x) for x in (r.journal, r.year) if x)
        if meta:
            bits.append(f'<span class="codes">{e(meta)}</span>')
        links = []
        if r.pmid and (u := pubmed_url(r.pmid)):
            links.append(_link(f"PubMed {r.pmid}", u))
        if r.doi and (u := doi_url(r.doi)):
            links.append(_link(f"doi:{r.doi}", u))
        items.append("<li>" + " ".join(bits) + (" · " + " · ".join(links) if links else "") + "</li>")
    return '<div class="cands"><strong>Possible matches</strong><ul>' + "".join(items) + "</ul></div>"


def _entry(v: Verdict) -> str:
    n = v.reference.n
    st = v.status
    gutter = f'<div class="gutter"><a class="num" href="#ref-{e(n)}">{e(n)}</a>{badge(st)}</div>'
    raw = f'<p class="raw">{e(v.reference.raw) or "<em class=none>(empty entry)</em>"}</p>'
    links = "".join(_link(lab, url) for lab, url in record_links(v))
    if not needs_detail(v):
        body = [
            raw,
            f'<div class="meta">{links}<details class="cmp"><summary>Cited vs found</summary>'
            f"{_compare_table(v)}</details></div>",
        ]
    else:
        body = [raw, _findings(v), _candidates(v), _compare_table(v)]
        if links:
            body.append(f'<div class="links">{links}</div>')
        if v.suggestion:
            sid = f"sugg-{e(n)}"
            body.append(
                f'<div class="sugg"><div class="sugg-head"><span>Suggested reference</span>'
                f'<button type="button" class="copy" data-target="{sid}">Copy</button></div>'
                f'<pre id="{sid}">{e(v.suggestion)}</pre></div>'
            )
    return (
        f'<article class="entry s-{e(st)}" id="ref-{e(n)}" data-status="{e(st)}" data-n="{e(n)}">'
        + gutter
        + '<div class="body">'
        + "".join(body)
        + "</div></article>"
    )


def _entries(report: Report) -> str:
    """The entries that need a look first, in list order; the OK ones folded under one line."""
    attention = [v for v in report.verdicts if needs_detail(v)]
    fine = [v for v in report.verdicts if not needs_detail(v)]
    out = "\n".join(_entry(v) for v in attention)
    if fine:
        label = f"{len(fine)} {'entry' if len(fine) == 1 else 'entries'} OK"
        out += (
            f'\n<details class="oks" id="oks"{" open" if not attention else ""}>'
            f'<summary>{e(label)}</summary>\n' + "\n".join(_entry(v) for v in fine) + "\n</details>"
        )
    return out


def _attention(report: Report) -> str:
    """Quick links to the entries that need a look, worst first."""
    order = {"error": 0, "warning": 1, "unverified": 2, "ok": 3}
    items = sorted((v for v in report.verdicts if needs_detail(v)), key=lambda v: order[v.status])
    if not items:
        return ""
    chips = "".join(
        f'<a class="chip ch-{e(v.status)}" href="#ref-{e(v.reference.n)}" '
        f'title="{e(", ".join(dict.fromkeys(f.code for f in v.findings)))}">{e(v.reference.n)}</a>'
        for v in items
    )
    return f'<div class="attention"><span class="lab">Entries to check</span>{chips}</div>'


def _citations(report: Report) -> str:
    c = report.citations
    if c is None:
        return ""
    missing = missing_citations(report)  # verify's `missing` findings
    items = []
    if missing:
        items.append(
            f"<li>{badge('warning', 'missing')} Cited in the text but not in the list: "
            + ", ".join(e(n) for n in missing)
            + "</li>"
        )
    if c.listed_not_cited:
        items.append(
            f"<li>{badge('warning', 'uncited')} Listed but not cited in the text: "
            + ", ".join(f'<a href="#ref-{e(n)}">{e(n)}</a>' for n in c.listed_not_cited)
            + "</li>"
        )
    if not items:
        items.append("<li>Every listed reference is cited in the text, and every citation is listed.</li>")
    return f'<section class="panel" id="citations"><h2>In-text citations</h2><ul>{"".join(items)}</ul></section>'


def _notes(report: Report) -> str:
    if not report.warnings:
        return ""
    return (
        '<section class="panel" id="notes"><h2>Notes</h2><ul>'
        + "".join(f"<li>{e(w)}</li>" for w in report.warnings)
        + "</ul></section>"
    )


def page(title: str, body: str, css: str, script: str = "") -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="refcheck">\n'
        f"<title>{e(title)}</title>\n<style>{css}</style>\n</head>\n<body>\n{body}\n"
        + (f"<script>{script}</script>\n" if script else "")
        + "</body>\n</html>\n"
    )


def render(report: Report, *, color: bool = False) -> str:
    s = report.summary()
    filters = ['<nav class="filters" aria-label="Filter by status"><span class="lab">Show</span>']
    for key, label in FILTERS:
        count = s["references"] if key == "all" else s[key]
        filters.append(
            f'<button type="button" data-filter="{key}" aria-pressed="{"true" if key == "all" else "false"}">'
            f'{label}<span class="n">{count}</span></button>'
        )
    filters.append("</nav>")
    need = s["error"] + s["warning"]
    lede = (
        f"{s['references']} references checked against {registry.join_labels()}"
        + (f" · {need} need attention" if need else " · nothing needs attention")
    )
    body = (
        '<header class="top"><div class="wrap">'
        '<p class="eyebrow">refcheck · reference check</p>'
        f"<h1>{e(report.source)}</h1><p class=\"lede\">{e(lede)}</p>"
        + (f'<p class="stamp" id="stamp">{e(report.stamp())}</p>' if report.checked else "")
        + f"{summary_cards(s)}{_attention(report)}</div></header>"
        '<main class="wrap">'
        + "".join(filters)
        + _citations(report)
        + _notes(report)
        + '<section class="entries" id="entries" aria-label="References">'
        + _entries(report)
        + '<p class="empty" id="empty">No reference has this status.</p>'
        + "</section></main>"
        f'<footer class="wrap">Generated by refcheck {e(__version__)} · '
        "statuses: error = must fix · warning = check · unverified = could not be checked · ok = matches its record"
        "</footer>"
    )
    return page(f"Reference check — {report.source}", body, BASE_CSS + REPORT_CSS, SCRIPT)
