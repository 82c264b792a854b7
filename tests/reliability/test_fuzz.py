"""Property tests (hypothesis) over everything that reads untrusted text.

- the parser (`refcheck.parse.parse_text`, `refcheck.read.read_bytes`, `parse_entry`): any input
  gives a ParsedDocument or an InputError, never another exception;
- the record parsers of the sources (PubMed XML → Record, Crossref JSON → Record) and the clients
  above them: any body — random, or a mutation of a real answer from tests/data/wire-samples —
  gives records, "no such record", or a SourceError for that item; never another exception, and
  never "no such record" for a body that could not be read.

Examples are derandomized so that a run is repeatable; the numbers are kept small enough for CI.
"""

from __future__ import annotations

import copy
import json

import pytest
import requests
from hypothesis import HealthCheck, example, given, settings, strategies as st

from refcheck.errors import InputError, SourceError
from refcheck.model import ParsedDocument, Record, Reference
from tests.reliability.helpers import REFS, WIRE

FUZZ = settings(
    max_examples=120,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
SAMPLE_TEXT = REFS.read_text(encoding="utf-8")
SAMPLE_LINES = [l for l in SAMPLE_TEXT.splitlines() if l.strip()]


# =========================================================================== the parser


def _check_doc(doc) -> None:
    assert isinstance(doc, ParsedDocument)
    for r in doc.references:
        assert isinstance(r, Reference)
        assert isinstance(r.n, int) and isinstance(r.raw, str)
        assert r.year is None or isinstance(r.year, int)
        for f in ("title", "journal", "volume", "issue", "pages", "doi", "pmid", "url"):
            v = getattr(r, f)
            assert v is None or isinstance(v, str), (f, v)
    from refcheck.parse_output import render_parse

    json.loads(render_parse(doc, "json"))  # what `refcheck parse --format json` prints
    render_parse(doc, "table")


def _parse(text: str, source: str = "fuzz.txt"):
    from refcheck.parse import parse_text

    try:
        doc = parse_text(text, source)
    except InputError as e:
        assert str(e).strip() and "\n" not in str(e).strip(), repr(str(e))
        return None
    _check_doc(doc)
    return doc


@st.composite
def mutated_lists(draw):
    """Sample entries, cut, spliced and sprinkled with odd characters."""
    lines = draw(st.lists(st.sampled_from(SAMPLE_LINES), min_size=1, max_size=8))
    text = "\n".join(lines)
    for _ in range(draw(st.integers(0, 8))):
        op = draw(st.sampled_from(["insert", "delete", "dup", "swapnum"]))
        i = draw(st.integers(0, len(text)))
        if op == "insert":
            text = text[:i] + draw(st.text(max_size=12)) + text[i:]
        elif op == "delete":
            j = draw(st.integers(i, min(len(text), i + 40)))
            text = text[:i] + text[j:]
        elif op == "dup":
            j = draw(st.integers(i, min(len(text), i + 80)))
            text = text[:j] + text[i:j] + text[j:]
        else:
            text = text[:i] + str(draw(st.integers(0, 10**6))) + text[i:]
    return text


ODD = st.sampled_from(
    ["\u200b", "\ufeff", "\u2028", "\u00a0", "\u2013", "\u2014", "\u00ad", "\t", "\r", "\x0c", "(", ")", "[", "]",
     "10.", "doi:", "PMID:", "http://", ";", ":", "et al.", "Epub", "\u0301", "\U0001f600"]
)


@FUZZ
@given(st.text(max_size=3000))
@example("")
@example("\n\n\n")
@example("1.")
@example("1. \n2. \n")
@example("References\n")
@example("[1]" * 500)
@example("1) 2020;" * 300)
def test_parse_text_any_text(text):
    _parse(text)


@FUZZ
@given(mutated_lists())
def test_parse_text_mutated_sample(text):
    _parse(text)


@FUZZ
@given(st.lists(st.one_of(st.sampled_from(SAMPLE_LINES), ODD, st.text(max_size=20)), max_size=30).map("".join))
def test_parse_text_sample_with_odd_characters(text):
    _parse(text)


STRUCTURED = {
    "fuzz.bib": "@article{key,\n  author = {Rooney, M. R.},\n  title = {Trends},\n  year = 2017,\n}\n",
    "fuzz.ris": "TY  - JOUR\nAU  - Rooney, M R\nTI  - Trends\nPY  - 2017\nER  - \n",
    "fuzz.xml": '<?xml version="1.0"?><article><back><ref-list><ref id="r1"><element-citation>'
    "<person-group><name><surname>Rooney</surname></name></person-group><year>2017</year>"
    "</element-citation></ref></ref-list></back></article>",
    "fuzz.html": "<html><body><p>Text<sup>1</sup></p><h2>References</h2><ol><li>" + SAMPLE_LINES[0][4:] + "</li></ol></body></html>",
}


@FUZZ
@given(st.sampled_from(sorted(STRUCTURED)), st.data())
def test_parse_text_structured_formats_mutated(source, data):
    text = STRUCTURED[source]
    for _ in range(data.draw(st.integers(0, 6))):
        i = data.draw(st.integers(0, len(text)))
        if data.draw(st.booleans()):
            text = text[:i] + data.draw(st.text(alphabet=st.sampled_from('<>{}/="@ \n-TYER&;#x'), max_size=8)) + text[i:]
        else:
            text = text[:i] + text[i + data.draw(st.integers(0, 30)) :]
    _parse(text, source)


@FUZZ
@given(st.binary(max_size=4000), st.sampled_from(["in.txt", "in.docx", "in.html", "in.bib", "in.ris", "in.xml", "-", "in.md"]))
@example(b"PK\x03\x04" + b"\x00" * 100, "in.docx")
@example(b"\xff\xfe" + "1. Rooney MR. Trends. JAMA. 2017;317:2448.".encode("utf-16-le"), "in.txt")
@example(b"\xff\xfe\x00", "in.txt")
@example(b"\xef\xbb\xbf", "in.txt")
def test_read_bytes_any_bytes(data, name):
    from refcheck.parse import parse_document
    from refcheck.read import read_bytes

    try:
        doc = parse_document(read_bytes(data, name), name)
    except InputError:
        return
    _check_doc(doc)


@FUZZ
@given(st.text(max_size=2000), st.integers(1, 10**6))
def test_parse_entry_any_text(raw, n):
    from refcheck.parse import parse_entry

    r = parse_entry(raw, n)
    assert isinstance(r, Reference) and r.n == n


# =========================================================================== the sources


class StubSession(requests.Session):
    """A requests.Session whose every request is answered with one canned body (no socket)."""

    def __init__(self, body: bytes, status: int = 200, content_type: str = "application/xml"):
        super().__init__()
        self.body, self.status, self.content_type = body, status, content_type
        self.sent = 0

    def request(self, method, url, params=None, data=None, timeout=None, **kw):
        self.sent += 1
        r = requests.Response()
        r.status_code = self.status
        r._content = self.body
        r.headers = requests.structures.CaseInsensitiveDict({"Content-Type": self.content_type})
        r.url = url
        r.encoding = "utf-8"
        return r


@pytest.fixture(scope="module")
def client_settings(tmp_path_factory):
    from refcheck.settings import Settings

    return Settings(
        eutils_url="http://stub.invalid/eutils",
        crossref_url="http://stub.invalid/crossref",
        cache_dir=tmp_path_factory.mktemp("fuzz-cache"),
        refresh=True,  # never answer from the cache: every example reaches the parser
        timeout=1.0,
        deadline=5.0,
        max_attempts=1,  # a damaged body fails at once (no backoff sleeps)
        ncbi_rate=1e6,
        crossref_rate=1e6,
    )


@pytest.fixture(scope="module")
def cache(client_settings):
    from refcheck.sources import Cache

    c = Cache(client_settings)
    # --refresh reuses what the run itself fetched; here every example must reach the parser,
    # so nothing stored counts as fetched by "this run"
    c.opened_at = float("inf")
    yield c
    c.close()


def _assert_record(rec: Record) -> None:
    assert isinstance(rec, Record)
    for f in ("pmid", "doi", "pmcid", "title", "journal", "volume", "issue", "first_page", "last_page"):
        v = getattr(rec, f)
        assert v is None or isinstance(v, str), (f, v)
    for f in ("year", "epub_year"):
        v = getattr(rec, f)
        assert v is None or (isinstance(v, int) and not isinstance(v, bool)), (f, v)
    # what the cache does with it: JSON out and back, unchanged
    back = Record.from_dict(json.loads(json.dumps(rec.to_dict())))
    assert back == rec


def _one_of_three(batch, item) -> str:
    where = [name for name, hit in (("found", item in batch.found), ("missing", item in batch.missing),
                                    ("failed", item in batch.failed)) if hit]
    assert len(where) == 1, (item, where)
    if where == ["failed"]:
        assert isinstance(batch.failed[item], SourceError)
    return where[0]


# --------------------------------------------------------------------------- bodies


def _wire(*names) -> list[bytes]:
    return [(WIRE / n).read_bytes() for n in names]


EFETCH = _wire(*sorted(p.relative_to(WIRE).as_posix() for p in (WIRE / "eutils").glob("efetch-*.xml")))
ESEARCH = _wire(*sorted(p.relative_to(WIRE).as_posix() for p in (WIRE / "eutils").glob("esearch-*")))
ECITMATCH = _wire(*sorted(p.relative_to(WIRE).as_posix() for p in (WIRE / "eutils").glob("ecitmatch-*.txt")))
CR_WORK = json.loads((WIRE / "crossref" / "works-doi-journal-article-updated-by-correction.json").read_text())
CR_LISTS = [
    json.loads((WIRE / "crossref" / n).read_text())
    for n in ("works-query-rows2-scores.json", "works-list-items-with-relation-update-to-TRIMMED.json",
              "works-select-doi-title.json", "works-cursor-first-page.json")
]


@st.composite
def mutated_bytes(draw, bases):
    """A real answer, damaged the way networks and servers damage answers."""
    body = bytearray(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 4))):
        op = draw(st.sampled_from(["truncate", "flip", "delete", "insert", "dup", "text"]))
        i = draw(st.integers(0, max(0, len(body) - 1)))
        if op == "truncate":
            del body[i:]
        elif op == "flip" and body:
            body[i] = draw(st.integers(0, 255))
        elif op == "delete":
            del body[i : i + draw(st.integers(1, 200))]
        elif op == "insert":
            body[i:i] = draw(st.binary(max_size=30))
        elif op == "dup":
            j = min(len(body), i + draw(st.integers(1, 400)))
            body[j:j] = body[i:j]
        else:  # change one text node or attribute value, keep the XML well-formed
            s = body.decode("utf-8", "replace")
            k = s.find(">", i)
            if k != -1 and "<" in s[k + 1 :]:
                e = s.index("<", k + 1)
                repl = draw(st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<>&"), max_size=20))
                s = s[: k + 1] + repl + s[e:]
                body = bytearray(s.encode("utf-8"))
    return bytes(body)


JSON_LEAF = st.one_of(st.none(), st.booleans(), st.integers(-10**12, 10**12), st.floats(allow_nan=False),
                      st.text(max_size=20), st.sampled_from(["²", "٣", "2019", "", "journal-article", "retraction"]))
JSON_ANY = st.recursive(JSON_LEAF, lambda kids: st.one_of(st.lists(kids, max_size=4),
                                                           st.dictionaries(st.text(max_size=10), kids, max_size=4)),
                        max_leaves=12)


def _paths(obj, prefix=()):
    yield prefix
    if isinstance(obj, dict):
        for k, v in obj.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(obj, list):
        for i, v in enumerate(obj[:3]):
            yield from _paths(v, prefix + (i,))


@st.composite
def mutated_json(draw, bases):
    """A real Crossref answer with values replaced by others of any type, or keys removed."""
    obj = copy.deepcopy(draw(st.sampled_from(bases)))
    for _ in range(draw(st.integers(1, 4))):
        paths = [p for p in _paths(obj) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent = obj
        for k in path[:-1]:
            parent = parent[k]
        if draw(st.booleans()) and isinstance(parent, dict):
            del parent[path[-1]]
        else:
            parent[path[-1]] = draw(JSON_ANY)
    return obj


def _raw(fn, body):
    """A raw record parser: returns its value, or None if it refused the body (any Exception)."""
    try:
        return fn(body)
    except Exception:
        return None


# --------------------------------------------------------------------------- PubMed


@FUZZ
@given(st.one_of(mutated_bytes(EFETCH), st.binary(max_size=500)))
def test_pubmed_xml_parser(body):
    from refcheck.sources.pubmed_xml import records_from_efetch

    recs = _raw(records_from_efetch, body)
    for rec in recs or []:
        _assert_record(rec)


@FUZZ
@given(body=st.one_of(mutated_bytes(EFETCH), st.binary(max_size=300)))
def test_pubmed_fetch_damaged_body_is_failure_not_missing(client_settings, cache, body):
    from refcheck.sources import PubMed, Stats
    from refcheck.sources.pubmed_xml import records_from_efetch

    pmids = ["31121636", "35649368", "12091962"]
    pm = PubMed(client_settings, cache, Stats(), session=StubSession(body))
    try:
        b = pm.fetch(pmids)
    finally:
        pm.close()
    where = {p: _one_of_three(b, p) for p in pmids}
    for rec in b.found.values():
        _assert_record(rec)
    if _raw(records_from_efetch, body) is None:
        assert set(where.values()) == {"failed"}, f"an unreadable efetch body must fail, not say 'missing': {where}"


@FUZZ
@given(body=st.one_of(mutated_bytes(ESEARCH), st.binary(max_size=300)))
def test_pubmed_search_damaged_body(client_settings, cache, body):
    from refcheck.sources import PubMed, Stats
    from refcheck.sources.pubmed_xml import esearch_ids

    pm = PubMed(client_settings, cache, Stats(), session=StubSession(body))
    try:
        b = pm.search_many(["vitamin[ti] AND magnesium[ti]"])
    finally:
        pm.close()
    t = "vitamin[ti] AND magnesium[ti]"
    where = _one_of_three(b, t)
    if where == "found":
        assert all(isinstance(x, str) for x in b.found[t])
    if _raw(esearch_ids, body) is None:
        assert where == "failed", "an unreadable esearch body is a failure, not 'no hits'"


@FUZZ
@given(body=st.one_of(mutated_bytes(ECITMATCH), st.binary(max_size=300), st.text(max_size=300).map(str.encode)))
def test_pubmed_citmatch_damaged_body(client_settings, cache, body):
    from refcheck.sources import CitQuery, PubMed, Stats

    qs = [CitQuery("a", "proc natl acad sci u s a", "1991", "88", "3248", "mann bj"),
          CitQuery("b", "science", "1987", "235", "182", "palmenberg ac")]
    pm = PubMed(client_settings, cache, Stats(), session=StubSession(body, content_type="text/plain"))
    try:
        b = pm.citmatch(qs)
    finally:
        pm.close()
    for q in qs:
        if _one_of_three(b, q.key) == "found":
            m = b.found[q.key]
            assert m.pmid is None or m.pmid.isdigit()


# --------------------------------------------------------------------------- Crossref

# Found by this suite, fixed in sources/crossref.py (records are now built inside the parse
# wrapper, and a non-"ok" work-list answer to filter=updates is a SourceError): a malformed
# item in a 200 answer used to escape as AttributeError/ValueError.


@FUZZ
@given(st.one_of(mutated_json([CR_WORK]), JSON_ANY))
def test_crossref_work_parser(body):
    from refcheck.sources.crossref_json import work_from_body

    rec = _raw(work_from_body, body)
    if rec is not None:
        _assert_record(rec)


def _crossref(client_settings, cache, body):
    from refcheck.sources import Crossref, Stats

    raw = body if isinstance(body, bytes) else json.dumps(body).encode()
    return Crossref(client_settings, cache, Stats(), session=StubSession(raw, content_type="application/json"))


@FUZZ
@given(body=st.one_of(mutated_json([CR_WORK]), JSON_ANY, mutated_bytes([json.dumps(CR_WORK).encode()])))
def test_crossref_single_work_damaged_body(client_settings, cache, body):
    cr = _crossref(client_settings, cache, body)
    try:
        b = cr.works(["10.1371/journal.pone.0033693"])
    finally:
        cr.close()
    _one_of_three(b, "10.1371/journal.pone.0033693")
    for rec in b.found.values():
        _assert_record(rec)


DOIS = ["10.1093/nar/gkz1091", "10.1371/journal.pbio.0050002", "10.1371/journal.ppat.1006930"]


@FUZZ
@given(body=st.one_of(mutated_json(CR_LISTS), JSON_ANY))
def test_crossref_works_batch_damaged_body(client_settings, cache, body):
    cr = _crossref(client_settings, cache, body)
    try:
        b = cr.works(DOIS)
    finally:
        cr.close()
    for d in DOIS:
        _one_of_three(b, d)
    for rec in b.found.values():
        _assert_record(rec)


@FUZZ
@given(body=st.one_of(mutated_json(CR_LISTS), JSON_ANY))
def test_crossref_query_damaged_body(client_settings, cache, body):
    cr = _crossref(client_settings, cache, body)
    text = "Rooney MR Trends in use of high-dose vitamin D supplements JAMA 2017"
    try:
        b = cr.query_many([text])
    finally:
        cr.close()
    assert _one_of_three(b, text) in ("found", "failed")
    for rec, score in b.found.get(text, []):
        _assert_record(rec)
        assert isinstance(score, float)


@FUZZ
@given(body=st.one_of(mutated_json(CR_LISTS), JSON_ANY))
def test_crossref_updates_damaged_body(client_settings, cache, body):
    cr = _crossref(client_settings, cache, body)
    try:
        b = cr.updates(DOIS[1:])
    finally:
        cr.close()
    for d in DOIS[1:]:
        _one_of_three(b, d)


# --------------------------------------------------------------------------- concrete cases found by fuzzing


def _list_with(item) -> dict:
    return {"status": "ok", "message-type": "work-list", "message": {"total-results": 1, "items": [item]}}


GOOD_ITEM = {"DOI": DOIS[0], "title": ["A title"], "type": "journal-article", "score": 12.5,
             "container-title": ["Nucleic Acids Res"], "published-print": {"date-parts": [[2020, 1]]}}
BAD_ITEMS = {
    "item-is-a-string": "not an object",
    "author-is-a-string": dict(GOOD_ITEM, author="Rooney MR"),
    "author-entry-is-a-string": dict(GOOD_ITEM, author=["Rooney MR"]),
    "score-is-text": dict(GOOD_ITEM, score="high"),
    "superscript-year": dict(GOOD_ITEM, **{"published-print": {"date-parts": [["²"]]}}),
    "month-13-day-99": dict(GOOD_ITEM, **{"published-print": {"date-parts": [[2020, 13, 99]]}}),
    "updated-by-is-a-string": dict(GOOD_ITEM, **{"updated-by": ["retraction"]}),
    "journal-issue-is-a-list": dict(GOOD_ITEM, **{"journal-issue": []}),
    "page-is-a-number": dict(GOOD_ITEM, page=181),
}


def _malformed_cases():
    for call in ("works", "query_many", "work"):
        for case in sorted(BAD_ITEMS):
            yield pytest.param(call, case, id=f"{call}-{case}")


@pytest.mark.parametrize("call,case", list(_malformed_cases()))
def test_crossref_malformed_item_is_a_source_error(case, call, client_settings, cache):
    """One malformed item in a 200 answer: the client reports a failure (or skips the item);
    it never lets a TypeError/AttributeError/ValueError escape into the resolver."""
    item = BAD_ITEMS[case]
    body = _list_with(item) if call != "work" else {"status": "ok", "message-type": "work", "message": item}
    cr = _crossref(client_settings, cache, body)
    try:
        if call == "works":
            b = cr.works(DOIS[:2])
            for d in DOIS[:2]:
                _one_of_three(b, d)
        elif call == "query_many":
            b = cr.query_many(["some bibliographic text 2020"])
            _one_of_three(b, "some bibliographic text 2020")
        else:
            b = cr.works([DOIS[0]])
            _one_of_three(b, DOIS[0])
    finally:
        cr.close()


@pytest.mark.parametrize(
    "body",
    [None, [], {"status": "failed", "message-type": "work-list"},
     {"status": "ok", "message-type": "work-list", "message": {"items": "x"}}],
    ids=["null", "list", "status-failed", "items-is-text"],
)
def test_crossref_updates_unexpected_body_is_a_source_error(body, client_settings, cache):
    cr = _crossref(client_settings, cache, body)
    try:
        b = cr.updates(DOIS[1:])
    finally:
        cr.close()
    for d in DOIS[1:]:
        assert _one_of_three(b, d) == "failed"


def test_crossref_odd_date_part_does_not_spoil_the_record():
    from refcheck.sources.crossref_json import record_from_work

    rec = record_from_work(dict(GOOD_ITEM, **{"published-print": {"date-parts": [["²"]]}}))
    assert rec.doi == DOIS[0] and rec.year is None
