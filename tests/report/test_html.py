"""The self-contained HTML report: content, escaping, links, highlighting."""

from __future__ import annotations

import re
from html.parser import HTMLParser

from refcheck.report import render


class _Collect(HTMLParser):
    """Tags with their attributes, and all text, for checks that must not depend on formatting."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "script":
            self.scripts += 1

    def handle_data(self, data):
        self.text.append(data)


def parse(html: str) -> _Collect:
    p = _Collect()
    p.feed(html)
    return p


def entry(html: str, n: int) -> str:
    m = re.search(rf'<article class="entry [^"]*" id="ref-{n}".*?</article>', html, re.S)
    assert m, f"entry {n} missing"
    return m.group(0)


def test_self_contained(rich):
    html = render(rich, "html")
    assert html.startswith("<!DOCTYPE html>")
    p = parse(html)
    assert p.scripts == 1  # our inline filter script, and nothing from the input
    for tag, attrs in p.tags:
        assert not (tag == "script" and "src" in attrs)
        assert not (tag == "link" and attrs.get("rel") == "stylesheet")
        assert tag not in ("img", "iframe", "object", "embed")
    assert "@import" not in html and "url(" not in html
    assert not re.search(r'(src|href)="(https?:)?//(?!pubmed\.ncbi\.nlm\.nih\.gov/|doi\.org/)', html)


def test_escapes_user_text(rich):
    html = render(rich, "html")
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;supplements&quot;" in entry(html, 41)
    assert html.count("<script") == 1


def test_summary_counts(sample):
    html = render(sample, "html")
    summary = re.search(r'<div class="cards" id="summary">.*?</div></div></div>', html, re.S).group(0)
    text = " ".join(parse(summary).text)
    assert text == "40 References 36 OK 3 Warning 1 Error 0 Unverified"
    assert 'class="card c-error"' in summary and 'class="card c-unverified zero"' in summary


def test_filter_buttons(sample):
    html = render(sample, "html")
    buttons = re.findall(r'<button type="button" data-filter="(\w+)"[^>]*>(\w+)<span class="n">(\d+)</span>', html)
    assert buttons == [("all", "All", "40"), ("error", "Errors", "1"), ("warning", "Warnings", "3"),
                       ("unverified", "Unverified", "0"), ("ok", "OK", "36")]  # fmt: skip
    statuses = re.findall(r'<article class="entry s-(\w+)" id="ref-(\d+)" data-status="(\w+)"', html)
    assert len(statuses) == 40
    assert all(a == c for a, _, c in statuses)
    # with JavaScript off the filter bar is hidden and nothing is hidden in the markup
    assert ".filters{display:none" in html and ".js .filters{display:flex}" in html
    assert " hidden" not in re.sub(r"<script>.*?</script>", "", html, flags=re.S).replace("[hidden]", "")


def test_entry_7_finding(sample):
    e7 = entry(render(sample, "html"), 7)
    assert 'data-status="error"' in e7
    assert "Available at: Accessed April 27, 2021." in e7
    assert '<span class="fcode">incomplete</span>' in e7
    assert "web reference without a URL or title" in e7
    assert "no matching record" in e7
    # the url row is there, and highlighted: the finding is about the url
    assert '<tr class="diff" data-field="url"><th scope="row">URL<span class="flag">missing</span>' in e7


def test_links_and_notices(rich):
    html = render(rich, "html")
    e1 = entry(html, 1)
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/28600001/"' in e1
    assert 'href="https://doi.org/10.1000/sample.1"' in e1
    e12 = entry(html, 12)
    assert 'href="https://doi.org/10.1000/retraction.12"' in e12
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/34000012/"' in e12
    assert 'href="https://doi.org/10.1000/erratum.22"' in entry(html, 22)
    assert "pubmed.ncbi" not in entry(html, 7)  # nothing to link to


def test_differing_fields_highlighted(rich):
    html = render(rich, "html")
    e3 = entry(html, 3)
    highlighted = re.findall(r'<tr class="diff[^"]*" data-field="(\w+)">', e3)
    assert highlighted == ["year"]
    assert re.search(r'data-field="year"><th scope="row">Year<span class="flag">differs</span></th><td>2008</td><td>2009</td>', e3)
    assert re.search(r'<tr data-field="title">', e3)  # an agreeing field is not highlighted
    assert re.findall(r'<tr class="diff[^"]*" data-field="(\w+)">', entry(html, 25)) == ["volume", "pages"]
    e14 = entry(render(rich, "html"), 14)
    assert re.findall(r'<tr class="(diff[^"]*)" data-field="(\w+)">', e14) == [("diff diff-warning", "pages")]


def test_suggestion_copyable(rich):
    e3 = entry(render(rich, "html"), 3)
    assert '<button type="button" class="copy" data-target="sugg-3">Copy</button>' in e3
    assert '<pre id="sugg-3">Hansdottir S, Monick MM, Hinde SL, et al.' in e3


def test_ok_entries_are_folded(sample):
    e1 = entry(render(sample, "html"), 1)
    assert '<details class="cmp"><summary>Cited vs found</summary><table class="compare">' in e1
    assert 'class="findings"' not in e1


def test_citations_section_only_when_present(sample, rich):
    assert 'id="citations"' not in render(sample, "html")
    html = render(rich, "html")
    sec = re.search(r'<section class="panel" id="citations">.*?</section>', html, re.S).group(0)
    assert "Cited in the text but not in the list: 42" in sec
    assert 'Listed but not cited in the text: <a href="#ref-41">41</a>' in sec
    assert "2 entries were joined from continuation lines" in html


def test_attention_chips_worst_first(rich):
    html = render(rich, "html")
    chips = re.findall(r'<a class="chip ch-(\w+)" href="#ref-(\d+)"', html)
    assert chips == [("error", "3"), ("error", "7"), ("error", "12"), ("error", "25"), ("warning", "14"),
                     ("warning", "35"), ("warning", "40"), ("unverified", "41"), ("ok", "22")]  # fmt: skip
