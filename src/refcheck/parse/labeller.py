"""A learned token labeller for one reference string (a linear-chain CRF, python-crfsuite).

Why: the rules in fields.py are precise where a separator tells them where a field ends; a
sequence model reads the whole entry's shape (capitals, abbreviations, digits, the position after
the year) and so can place a boundary no punctuation marks ("…mutant p53 Oncogene 1994;9:…").
It is trained on references rendered in hundreds of CSL styles from synthetic metadata
(bench/train_labeller.py), never on the real strings it is measured on.

The model file ships in this package (`labeller.crfsuite`), is opened once on first use and
kept; a missing or damaged file raises ModelError with one line (the CLI exits 2).
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from pathlib import Path

from refcheck.errors import RefcheckError

LABELS = ("author", "year", "title", "journal", "volume", "issue", "pages", "doi", "publisher", "other")
MODEL_PATH = Path(__file__).with_name("labeller.crfsuite")

# a URL or DOI whole; a number with thousands commas; a word with its inner hyphens, apostrophes and
# slashes ("Cytokine-producing", "alpha1", "O'Brien"); or one other character
_TOKEN = re.compile(
    r"https?://[^\s<>\"]*[^\s<>\".,;:)\]]|10\.\d{4,9}/[^\s<>\"]*[^\s<>\".,;:\]]"
    r"|\d{1,3}(?:,\d{3})+(?!\d)|[^\W_]+(?:[-‐'’/][^\W_]+)*|\S"
)
_YEAR = re.compile(r"(?:1[5-9]|20)\d\d")
_ROMAN = re.compile(r"[ivxlcdm]+", re.I)
# words whose identity says much about the zone they stand in (kept as features by name)
_MARKERS = frozenset(
    "in pp p vol v no n nr issue suppl doi http https www org available accessed retrieved from eds ed editor "
    "editors et al and edn edition press university publisher journal j proc proceedings conference rev "
    "review bull ann acta trans letters lett res sci thesis dissertation report vol tome bd heft jg s pt part "
    "art article e isbn issn pmid pmcid arxiv preprint the of de la le der die das del des em e y und".split()
)


_FUNCTION = frozenset("of and the in on for de da do des du la le et y e und der die das für &".split())


class ModelError(RefcheckError):
    """The labeller's model file is missing or unreadable (exit status 2)."""


@dataclass(frozen=True)
class Token:
    text: str
    start: int  # offsets into the raw string
    end: int


@dataclass(frozen=True)
class Span:
    """A maximal run of tokens with one label, as its characters stand in the raw string."""

    label: str
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Labelled:
    """One entry, labelled: every token with its label, and the runs they form."""

    raw: str
    tokens: tuple[Token, ...]
    labels: tuple[str, ...]
    spans: tuple[Span, ...]
    probs: tuple[float, ...] = ()  # the model's probability of each token's label (its marginal)

    def surest(self, start: int, end: int) -> float:
        """The lowest label probability among the tokens within raw[start:end] (1.0 if none)."""
        return min((p for t, p in zip(self.tokens, self.probs) if t.start >= start and t.end <= end), default=1.0)

    def first(self, label: str) -> str | None:
        """The first run with this label (stripped of the punctuation around it), or None."""
        for s in self.spans:
            if s.label == label:
                return s.text or None
        return None


def tokenize(raw: str) -> tuple[Token, ...]:
    return tuple(Token(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(raw))


def _shape(t: str) -> str:
    if t.startswith(("http", "10.")) and len(t) > 6:
        return "url" if t.startswith("http") else "doi"
    if t.isdigit():
        return "d" if len(t) < 3 else ("dddd" if len(t) == 4 else "dd+")
    if t.isalpha():
        if t.isupper():
            return "X" if len(t) == 1 else "XX"
        if t[0].isupper():
            return "Xx" if len(t) > 1 else "X"
        return "x"
    if t.isalnum():
        return "mix"
    if len(t) > 1:
        return "Xx-x" if t[0].isupper() else ("d-d" if t[0].isdigit() else "x-x")
    return t


def _ends_segment(words: list[str], i: int) -> bool:
    """A full stop at i ends a segment, unless it closes an initial among names ("J. G. Smith,
    K. Lee") or an abbreviated word inside a journal name ("J. Biol. Chem. 12")."""
    prev, nxt = words[i - 1], words[i + 1]
    after = words[i + 2] if i + 2 < len(words) else ""
    if len(prev) == 1:
        return len(nxt) > 1 and after not in (",", ".", "-")
    if prev[:1].isupper() and prev.isalpha() and len(prev) <= 5:
        return not ((nxt[:1].isupper() and after == ".") or nxt.isdigit())
    return True


def _segments(words: list[str]) -> list[int]:
    """Each token's segment: segments end at a full stop that is not an initial's, or at ; ? !"""
    seg, out = 0, []
    for i, w in enumerate(words):
        out.append(seg)
        if w in ";?!" or (w == "." and i > 0 and i + 1 < len(words) and _ends_segment(words, i)):
            seg += 1
    return out


def token_features(tokens: tuple[Token, ...], raw: str) -> list[list[str]]:
    """The CRF's features for each token; the training script calls this same function."""
    n = len(tokens)
    words = [t.text for t in tokens]
    low = [w.lower() for w in words]
    shapes = [_shape(w) for w in words]
    segs = _segments(words)
    # per segment: its words, capitals, abbreviations, year, digits, and what follows it
    first: dict[int, int] = {}
    last: dict[int, int] = {}
    alpha = dict.fromkeys(set(segs), 0)
    caps, abbr, year, digit = dict(alpha), dict(alpha), dict(alpha), dict(alpha)
    for i, (w, sg) in enumerate(zip(words, segs)):
        first.setdefault(sg, i)
        last[sg] = i
        if w.isalpha():
            alpha[sg] += 1
            caps[sg] += w[0].isupper()
            abbr[sg] += i + 1 < n and words[i + 1] == "." and len(w) < 6
        elif w.isdigit():
            digit[sg] = 1
            year[sg] |= len(w) == 4 and bool(_YEAR.fullmatch(w))
    stats: dict[int, tuple[str, ...]] = {}
    for sg in first:
        after = last[sg] + 1
        nxt = shapes[after] if after < n else "end"
        nxt2 = shapes[after + 1] if after + 1 < n else "end"
        L = alpha[sg]
        stats[sg] = (
            "sg=%d" % min(sg, 6),
            "sglen=%s" % ("0" if L == 0 else "1" if L == 1 else "2" if L == 2 else "3-4" if L < 5 else "5-8" if L < 9 else "9+"),
            "sgcap=%d" % (4 * caps[sg] // L if L else -1),
            "sgabbr=%d" % min(abbr[sg], 3),
            "sgyear=%d" % year[sg],
            "sgdig=%d" % digit[sg],
            "sgnext=" + nxt + "|" + nxt2,
        )
    # from each word to the next number: are all the words capitalised or abbreviated (a journal
    # name's look, "…rat cortex Neurobiol Aging 2011")? Function words do not break the run.
    caprun = [0] * n
    run = 1
    for i in range(n - 1, -1, -1):
        w = words[i]
        if w.isdigit() or (i + 1 < n and segs[i] != segs[i + 1]):
            run = 1  # a number or a segment's end starts a new run
        if w.isalpha() and not w[0].isupper() and low[i] not in _FUNCTION:
            run = 0
        caprun[i] = 0 if w.isdigit() else run
    out: list[list[str]] = []
    periods = commas = colons = 0
    seen_year = False
    for i, tok in enumerate(tokens):
        w, lw, sh = words[i], low[i], shapes[i]
        space_before = i > 0 and tok.start > tokens[i - 1].end
        f = [
            "b",
            "w=" + (lw if len(lw) < 16 else lw[:15]),
            "sh=" + sh,
            "pos=%d" % (10 * i // n),
            "per=%d" % min(periods, 5),
            "com=%d" % min(commas, 6),
            "col=%d" % min(colons, 2),
            "yr_seen=%d" % seen_year,
            "sp=%d" % space_before,
            *stats[segs[i]],
            "caprun=%d" % caprun[i],
            "tr=%s>%s" % (shapes[i - 1] if i else "^", sh),
        ]
        if w.isalpha():
            f.append("len=%d" % min(len(w), 8))
            f.append("suf3=" + lw[-3:])
            if lw in _MARKERS:
                f.append("mark=" + lw)
            if _ROMAN.fullmatch(w) and (w.isupper() or len(w) < 4):
                f.append("roman")
        elif w.isdigit():
            f.append("dlen=%d" % min(len(w), 6))
            if len(w) == 4 and _YEAR.fullmatch(w):
                f.append("year")
        for d in (-2, -1, 1, 2):
            j = i + d
            if 0 <= j < n:
                f.append("%d:sh=%s" % (d, shapes[j]))
                if d in (-1, 1):
                    f.append("%d:w=%s" % (d, low[j] if len(low[j]) < 16 else low[j][:15]))
            else:
                f.append("%d:edge" % d)
        if i + 1 < n and words[i + 1] == "." and w.isalpha():
            f.append("dot_after")
            if len(w) < 6:
                f.append("abbrev")
        out.append(f)
        if w == ".":
            periods += 1
        elif w == ",":
            commas += 1
        elif w == ":":
            colons += 1
        elif len(w) == 4 and w.isdigit() and _YEAR.fullmatch(w):
            seen_year = True
    return out


def spans_of(raw: str, tokens: tuple[Token, ...], labels: tuple[str, ...]) -> tuple[Span, ...]:
    """Runs of one label → Spans whose text is the raw characters, trimmed of edge punctuation."""
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        j = i
        while j + 1 < len(tokens) and labels[j + 1] == labels[i]:
            j += 1
        if labels[i] != "other":
            start, end = tokens[i].start, tokens[j].end
            text = _trim(raw[start:end], labels[i])
            if text:
                spans.append(Span(labels[i], text, start, end))
        i = j + 1
    return tuple(spans)


_EDGE = " \t\n,;:/([{\"'“”‘’«»<>"


def _trim(s: str, label: str) -> str:
    s = s.strip(_EDGE + ").]}")
    if label not in ("author", "journal", "publisher"):
        s = s.rstrip(".")
    # a closing bracket whose opening one is inside the span stays
    return s


class _Model:
    """The tagger, opened once per process (lazily, under a lock) and shared."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.tag_lock = threading.Lock()
        self._tagger = None
        self.loads = 0  # how many times a file was opened (tests check it is once)

    def tagger(self, path: Path | None = None):
        if self._tagger is None:
            with self._lock:
                if self._tagger is None:
                    self._tagger = _open(path or MODEL_PATH)
                    self.loads += 1
        return self._tagger

    def reset(self) -> None:
        with self._lock:
            self._tagger = None


def _open(path: Path):
    try:
        import pycrfsuite
    except ImportError as e:  # pragma: no cover - a dependency of the package
        raise ModelError(f"token labeller: python-crfsuite is not installed ({e})") from None
    if not path.is_file():
        raise ModelError(f"token labeller: model file {path} is missing (reinstall refcheck, or retrain with bench/train_labeller.py)")
    tagger = pycrfsuite.Tagger()
    try:
        tagger.open(str(path))
        if set(tagger.labels()) - set(LABELS) or not tagger.labels():
            raise ValueError("unexpected labels")
    except (ValueError, OSError) as e:
        raise ModelError(f"token labeller: model file {path} is damaged ({e}); retrain with bench/train_labeller.py") from None
    return tagger


MODEL = _Model()


def label(raw: str) -> Labelled:
    """Label every token of one reference string (raises ModelError if the model cannot be read)."""
    tokens = tokenize(raw)
    if not tokens:
        return Labelled(raw, (), (), (), ())
    feats = token_features(tokens, raw)
    tagger = MODEL.tagger()
    with MODEL.tag_lock:  # a crfsuite Tagger holds the sequence it is tagging: one caller at a time
        labels = tuple(tagger.tag(feats))
        probs = tuple(tagger.marginal(lab, i) for i, lab in enumerate(labels))
    return Labelled(raw, tokens, labels, spans_of(raw, tokens, labels), probs)
