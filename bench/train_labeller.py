"""Train the token labeller (src/refcheck/parse/labeller.crfsuite) from synthetic references.

    python bench/train_labeller.py STYLES_DIR [--entries 20000] [--styles 400] [--seed 7]
                                   [--out src/refcheck/parse/labeller.crfsuite] [--dump FILE.jsonl]

STYLES_DIR is a checkout of the public CSL styles repository (github.com/citation-style-language/
styles, CC BY-SA 3.0; not kept in this repository). Nothing else is read from outside:

* metadata is synthetic: names, words, cities and publishers from Faker (MIT) in en_US, pt_BR,
  es_ES, fr_FR, de_DE, it_IT and nl_NL; journal names and their short forms from the `<title>` /
  `<title-short>` of the repository's dependent styles (and ISO-4-like abbreviations made here);
  title words from Faker's word lists and those journal names;
* each record is rendered by citeproc-py (BSD) in a CSL style drawn from STYLES_DIR, with every
  field wrapped in private-use marker characters, so each character of the output is known to
  belong to a field (authors: from the first to the last marked surname, with the initials and
  given names around them); the markers are then removed;
* a share of entries is roughened the way real lists are (the full stop between title and
  journal dropped, surnames in capitals, spaces after punctuation lost).

The real strings of ../shared/parse-dev (and their four sources) are never read here: they
measure the result (bench/labeller_accuracy.py). The run is deterministic for a given seed and
styles checkout; about 5 minutes on one core for 20,000 entries.
"""

from __future__ import annotations

import argparse
import glob
import json
import os
import random
import re
import sys
import time
import warnings
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from refcheck.parse.labeller import LABELS, tokenize, token_features  # noqa: E402

FIELDS = ("title", "journal", "volume", "issue", "pages", "doi", "publisher", "family")
_OPEN = {f: chr(0xE000 + 2 * i) for i, f in enumerate(FIELDS)}
_CLOSE = {f: chr(0xE001 + 2 * i) for i, f in enumerate(FIELDS)}
_MARK = re.compile("[\ue000-\ue00f]")
_NUMBER = re.compile(r"^\s*(?:\[\d+\]|\(\d+\)|\d+\.(?!\d)|\d+\))\s*")
LOCALES = ("en_US", "en_US", "en_GB", "pt_BR", "pt_BR", "es_ES", "fr_FR", "de_DE", "it_IT", "nl_NL")
# common title words → ISO-4-like abbreviations (the rest: a cut after the first vowel cluster)
_ABBR = {
    "journal": "J", "of": "", "the": "", "and": "", "&": "", "research": "Res", "review": "Rev", "reviews": "Rev",
    "science": "Sci", "sciences": "Sci", "american": "Am", "international": "Int", "medicine": "Med",
    "medical": "Med", "clinical": "Clin", "biology": "Biol", "biological": "Biol", "chemistry": "Chem",
    "physics": "Phys", "society": "Soc", "proceedings": "Proc", "annals": "Ann", "letters": "Lett",
    "european": "Eur", "british": "Br", "national": "Natl", "academy": "Acad", "applied": "Appl",
    "engineering": "Eng", "environmental": "Environ", "health": "Health", "public": "Public",
    "psychology": "Psychol", "bulletin": "Bull", "archives": "Arch", "technology": "Technol",
    "revista": "Rev", "brasileira": "Bras", "de": "", "da": "", "do": "", "la": "", "für": "",
}


def load_journals(styles: Path) -> list[tuple[str, str | None]]:
    out = []
    for p in sorted(glob.glob(str(styles / "dependent" / "*.csl"))):
        text = Path(p).read_text(encoding="utf-8", errors="replace")[:3000]
        t = re.search(r"<title>([^<]+)</title>", text)
        s = re.search(r"<title-short>([^<]+)</title-short>", text)
        if t:
            title = _unescape(t.group(1)).strip()
            if 2 < len(title) < 120 and not re.search(r"style|\(|author-date|numeric", title, re.I):
                out.append((title, _unescape(s.group(1)).strip() if s else None))
    return out


def _unescape(s: str) -> str:
    return s.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&apos;", "'").replace("&quot;", '"')


def abbreviate(title: str, rnd: random.Random, dots: bool) -> str:
    words = []
    for w in title.split():
        lw = w.lower()
        if lw in _ABBR:
            a = _ABBR[lw]
        elif len(w) <= 5 or not w[0].isalpha():
            a = w
        else:
            m = re.match(r"[^aeiouy]*[aeiouy]+[^aeiouy]+", w, re.I)
            a = m.group() if m and len(m.group()) < len(w) else w
        if a:
            words.append(a + ("." if dots and a != w else ""))
    return " ".join(words) or title


def load_styles(styles: Path, k: int, rnd: random.Random) -> list[str]:
    paths = []
    for p in sorted(glob.glob(str(styles / "*.csl"))):
        text = Path(p).read_text(encoding="utf-8", errors="replace")
        if "<bibliography" in text:
            paths.append(p)
    rnd.shuffle(paths)
    return paths[:k]


class Metadata:
    """Random, plausible CSL-JSON records (synthetic: no real paper is described)."""

    def __init__(self, journals: list[tuple[str, str | None]], seed: int):
        from faker import Faker

        self.rnd = random.Random(seed)
        self.fakers = {}
        for i, loc in enumerate(sorted(set(LOCALES))):
            f = Faker(loc)
            f.seed_instance(seed + i)
            self.fakers[loc] = f
        self.journals = journals
        jw = sorted({w.lower() for t, _ in journals for w in re.findall(r"[^\W\d_]{4,}", t)})
        self.science_words = jw
        self.common = [w.lower() for w in self.fakers["en_US"].words(nb=400, unique=True)]

    def _faker(self):
        return self.fakers[self.rnd.choice(LOCALES)]

    def _person(self, f) -> dict:
        r = self.rnd
        given = f.first_name()
        if r.random() < 0.35:
            given += " " + (f.first_name() if r.random() < 0.5 else f.first_name()[0] + ".")
        family = f.last_name()
        if r.random() < 0.08:
            family = r.choice(["van ", "de ", "von ", "da ", "van der ", "del ", "dos "]) + family
        if r.random() < 0.08:
            family += "-" + f.last_name()
        return {"family": family, "given": given}

    def _word(self, f, pool_choice: float) -> str:
        x = self.rnd.random()
        if x < 0.45:
            return self.rnd.choice(self.science_words)
        if x < 0.7 and pool_choice < 0.5:
            return self.rnd.choice(self.common)
        return f.words(nb=1)[0]

    def _proper(self, f) -> str:
        """A name a title may hold: a place, a person, a species, an acronym."""
        r = self.rnd
        x = r.random()
        if x < 0.3:
            return f.city() if r.random() < 0.5 else f.country()
        if x < 0.5:
            return f.last_name()
        if x < 0.8:
            genus = r.choice(self.science_words).capitalize()
            return f"{genus} {r.choice(self.science_words)[:6]}{r.choice(['us', 'is', 'a', 'ii', 'ensis'])}"
        return "".join(w[0] for w in f.words(nb=r.randint(2, 4))).upper()

    def _title(self, f, words: int) -> str:
        r = self.rnd
        pool = r.random()
        ws = [self._word(f, pool) for _ in range(words)]
        if r.random() < 0.35:
            ws.insert(r.randrange(len(ws) + 1), self._proper(f))
        if r.random() < 0.15:
            ws.insert(r.randrange(len(ws)), r.choice(["p53", "COVID-19", "HIV", "2", "II", "DNA", "in vitro", "3D", "(1998–2004)", "type 2", "CD4+", "alpha1", "50,185", "2000"]))
        if r.random() < 0.25 and len(ws) > 4:
            # a list or a clause after a comma ("growth factor, apoptosis inhibitors and ...")
            k = r.randrange(1, len(ws) - 2)
            ws[k] += ","
            if r.random() < 0.5:
                ws.insert(k + 2, r.choice(["and", "or", "e", "y", "und", "et"]))
        if r.random() < 0.08:
            k = r.randrange(1, len(ws))
            ws.insert(k, "(" + self._proper(f) + ")")
        if r.random() < 0.05:
            k = r.randrange(1, len(ws))
            ws[k - 1] += r.choice(["—", " –", "-"])
        s = " ".join(ws)
        if r.random() < 0.25:
            k = r.randrange(1, max(2, len(ws) - 1))
            s = " ".join(ws[:k]) + r.choice([": ", ": ", "? ", ". "]) + " ".join(ws[k:])
        if r.random() < 0.05:
            s += "?"
        return s[0].upper() + s[1:]

    def record(self, i: int) -> dict:
        r = self.rnd
        f = self._faker()
        kind = r.choices(["article-journal", "book", "chapter", "paper-conference", "report", "thesis"], [70, 9, 9, 6, 3, 3])[0]
        n_auth = r.choices([1, 2, 3, 4, 5, 6, 8, 12], [14, 18, 16, 14, 12, 10, 8, 8])[0]
        rec: dict = {"id": f"r{i}", "type": kind}
        if r.random() < 0.05:
            rec["author"] = [{"literal": f.company()}]
        else:
            rec["author"] = [self._person(f) for _ in range(n_auth)]
        year = r.randint(1950, 2025)
        parts = [year] + ([r.randint(1, 12)] if r.random() < 0.3 else [])
        rec["issued"] = {"date-parts": [parts]}
        rec["title"] = self._title(f, r.randint(3, 18))
        start = r.randint(1, 3000)
        pages = f"{start}-{start + r.randint(1, 40)}" if r.random() < 0.85 else (f"e{r.randint(100, 99999)}" if r.random() < 0.5 else str(start))
        if kind == "article-journal":
            full, short = r.choice(self.journals)
            if short is None and r.random() < 0.6:
                short = abbreviate(full, r, dots=r.random() < 0.5)
            if r.random() < 0.1:  # as PubMed writes full titles: "Nucleic acids research"
                full = full[0] + full[1:].lower()
            rec["container-title"] = full
            if short and r.random() < 0.8:
                rec["container-title-short"] = short
            rec["volume"] = str(r.randint(1, 400))
            if r.random() < 0.75:
                rec["issue"] = str(r.randint(1, 12)) if r.random() < 0.95 else f"Suppl {r.randint(1, 3)}"
            if r.random() < 0.92:
                rec["page"] = pages
        elif kind in ("book", "report", "thesis"):
            rec["publisher"] = self._publisher(f)
            rec["publisher-place"] = f.city()
            if kind == "thesis":
                rec["genre"] = r.choice(["PhD thesis", "Dissertation", "Master's thesis", "Tese (Doutorado)"])
            if r.random() < 0.2:
                rec["edition"] = str(r.randint(2, 6))
            if r.random() < 0.2:
                rec["number-of-pages"] = str(r.randint(80, 900))
        else:
            rec["container-title"] = (
                self._title(f, r.randint(2, 7))
                if kind == "chapter"
                else r.choice(["Proceedings of the ", "Proc. ", "Anais do ", "Actes du "]) + self._title(f, r.randint(2, 6))
            )
            rec["publisher"] = self._publisher(f)
            rec["publisher-place"] = f.city()
            if kind == "chapter" and r.random() < 0.6:
                rec["editor"] = [self._person(f) for _ in range(r.randint(1, 3))]
            if r.random() < 0.85:
                rec["page"] = pages
        if r.random() < 0.35:
            rec["DOI"] = f"10.{r.randint(1000, 99999)}/{f.bothify('??#?.####.##').lower()}"
        return rec

    def _publisher(self, f) -> str:
        r = self.rnd
        return r.choice([f.company(), f.last_name() + " Press", f.city() + " University Press", "Editora " + f.last_name(),
                         f.last_name() + " Verlag", "Springer", "Elsevier", "Wiley", "Academic Press", "Ediciones " + f.last_name()])


def marked(rec: dict) -> dict:
    """The record with every labelled field wrapped in its markers."""

    def m(field: str, v: str) -> str:
        return _OPEN[field] + v + _CLOSE[field]

    out = dict(rec)
    for k, field in (("title", "title"), ("container-title", "journal"), ("container-title-short", "journal"),
                     ("volume", "volume"), ("issue", "issue"), ("page", "pages"), ("DOI", "doi"), ("publisher", "publisher")):
        if k in rec:
            out[k] = m(field, rec[k])
    out["author"] = [
        ({"literal": m("family", a["literal"])} if "literal" in a else {"family": m("family", a["family"]), "given": a["given"]})
        for a in rec["author"]
    ]
    return out


def char_labels(text: str, rec: dict) -> tuple[str, list[str]] | None:
    """Rendered text with markers → (clean text, one label per character)."""
    clean: list[str] = []
    labels: list[str] = []
    stack: list[str] = []
    close_of = {v: k for k, v in _CLOSE.items()}
    open_of = {v: k for k, v in _OPEN.items()}
    fam_spans: list[tuple[int, int]] = []
    for ch in text:
        if ch in open_of:
            stack.append(open_of[ch])
            if stack[-1] == "family":
                fam_spans.append((len(clean), -1))
        elif ch in close_of:
            if not stack or stack[-1] != close_of[ch]:
                return None
            if stack.pop() == "family":
                fam_spans[-1] = (fam_spans[-1][0], len(clean))
        else:
            clean.append(ch)
            labels.append(stack[-1] if stack else "other")
    if stack:
        return None
    s = "".join(clean)
    year = str(rec["issued"]["date-parts"][0][0])
    for m in re.finditer(re.escape(year), s):
        if all(lab == "other" for lab in labels[m.start() : m.end()]):
            labels[m.start() : m.end()] = ["year"] * 4
    if fam_spans:
        _author_zone(s, labels, fam_spans, rec)
    labels = ["other" if lab == "family" else lab for lab in labels]
    return s, labels


def _author_zone(s: str, labels: list[str], fams: list[tuple[int, int]], rec: dict) -> None:
    givens: set[str] = {"et", "al", "and", "&", "e", "y", "und", "et al", "others"}
    for a in rec["author"]:
        for w in re.findall(r"[^\W\d_]+", a.get("given", "")):
            givens.add(w.lower())
            givens.add(w[0].lower())
    # the authors' block: first to last surname, then the names and initials right after it
    start, end = fams[0][0], fams[-1][1]
    # given names before the first surname ("John G. Lawrence")
    j = start
    for m in reversed(list(re.finditer(r"[^\W\d_]+\.?|[-‐]", s[max(0, start - 40) : start]))):
        if _given(m.group(), givens):
            j = max(0, start - 40) + m.start()
        else:
            break
    gap = s[j:start]
    if gap.strip() and not re.search(r"[^\w\s.\-‐]", gap):
        start = j
    step = re.compile(r"\s*,?\s*([^\W\d_]+\.?|[-‐]|\.)")
    while True:
        m = step.match(s, end)
        if not m or not _given(m.group(1), givens):
            break
        end = m.end()
        if m.group(1).endswith("."):
            # a full stop after an initial ends the block unless another initial follows
            nxt = step.match(s, end)
            if not nxt or not _given(nxt.group(1), givens) or len(nxt.group(1).rstrip(".")) > 2:
                break
    for k in range(start, end):
        if labels[k] in ("other", "family"):
            labels[k] = "author"


def _given(w: str, givens: set[str]) -> bool:
    """A given name, an initial or a run of initials ("AA") of one of the entry's authors."""
    w = w.rstrip(".").lower()
    return w in givens or (0 < len(w) <= 3 and all(c in givens for c in w)) or w in ("-", "‐", "")


def roughen(s: str, labels: list[str], rnd: random.Random) -> tuple[str, list[str]]:
    """Make an entry look like the messier real ones (in one of a few ways, or not at all)."""
    x = rnd.random()
    if x < 0.2:
        # drop the separator between the title and the next field
        try:
            t_end = max(i for i, lab in enumerate(labels) if lab == "title") + 1
        except ValueError:
            return s, labels
        k = t_end
        while k < len(s) and labels[k] == "other" and not s[k].isalnum():
            k += 1
        if k > t_end and k < len(s):
            return s[:t_end] + " " + s[k:], labels[:t_end] + ["other"] + labels[k:]
    elif x < 0.26:
        chars = [c.upper() if lab == "author" and rnd.random() < 1 else c for c, lab in zip(s, labels)]
        return "".join(chars), labels
    elif x < 0.3:
        keep = [i for i, c in enumerate(s) if not (c == " " and i > 0 and s[i - 1] in ",.;:" and rnd.random() < 0.5)]
        return "".join(s[i] for i in keep), [labels[i] for i in keep]
    return s, labels


def token_labels(s: str, labels: list[str]) -> tuple[tuple, list[str]]:
    tokens = tokenize(s)
    out = []
    for t in tokens:
        seg = [lab for lab in labels[t.start : t.end] if lab != "other"]
        out.append(seg[0] if seg else "other")
    return tokens, out


def render_all(styles: list[str], meta: Metadata, n: int, rnd: random.Random, log) -> list[tuple[str, list[str]]]:
    from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
    from citeproc.source.json import CiteProcJSON

    warnings.filterwarnings("ignore")
    per_style = max(1, n // max(1, len(styles)) + 1)
    out: list[tuple[str, list[str]]] = []
    bad = 0
    for si, path in enumerate(styles):
        if len(out) >= n:
            break
        recs = [meta.record(len(out) + k) for k in range(per_style)]
        try:
            style = CitationStylesStyle(path, validate=False)
            source = CiteProcJSON([marked(r) for r in recs])
            bib = CitationStylesBibliography(style, source, formatter.plain)
            for r in recs:
                bib.register(Citation([CitationItem(r["id"])]))
            rendered = [str(x) for x in bib.bibliography()]
            ids = [item.key for item in bib.items]
        except Exception:  # a style citeproc-py cannot run: skip it
            bad += 1
            continue
        by_id = {r["id"]: r for r in recs}
        for text, key in zip(rendered, ids):
            text = _NUMBER.sub("", text.replace("\xa0", " ").strip())
            got = char_labels(text, by_id[key])
            if got is None or not got[0].strip():
                continue
            s, labels = roughen(*got, rnd)
            out.append((s, labels))
        if si % 50 == 0:
            log(f"  style {si + 1}/{len(styles)}: {len(out)} entries ({bad} styles skipped)")
    return out[:n]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("styles", type=Path, help="a checkout of github.com/citation-style-language/styles")
    ap.add_argument("--entries", type=int, default=20000)
    ap.add_argument("--styles", dest="n_styles", type=int, default=400)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--iterations", type=int, default=120)
    ap.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "src/refcheck/parse/labeller.crfsuite")
    ap.add_argument("--dump", type=Path, help="also write the labelled entries as JSON lines")
    a = ap.parse_args(argv)
    if not (a.styles / "dependent").is_dir():
        print(f"train_labeller: {a.styles} is not a CSL styles checkout (no dependent/ folder)", file=sys.stderr)
        return 2

    def log(msg: str) -> None:
        print(msg, file=sys.stderr, flush=True)

    import pycrfsuite

    t0 = time.time()
    rnd = random.Random(a.seed)
    journals = load_journals(a.styles)
    styles = load_styles(a.styles, a.n_styles, rnd)
    log(f"{len(journals)} journal names, {len(styles)} styles")
    data = render_all(styles, Metadata(journals, a.seed), a.entries, rnd, log)
    t1 = time.time()
    log(f"rendered {len(data)} entries in {t1 - t0:.0f}s")
    trainer = pycrfsuite.Trainer(verbose=False)
    dump = a.dump.open("w", encoding="utf-8") if a.dump else None
    for s, labels in data:
        tokens, tl = token_labels(s, labels)
        if not tokens:
            continue
        assert set(tl) <= set(LABELS), set(tl) - set(LABELS)
        trainer.append(token_features(tokens, s), tl)
        if dump:
            dump.write(json.dumps({"raw": s, "tokens": [t.text for t in tokens], "labels": tl}, ensure_ascii=False) + "\n")
    if dump:
        dump.close()
    trainer.set_params({"c1": 0.5, "c2": 0.01, "max_iterations": a.iterations, "feature.minfreq": 2,
                        "feature.possible_transitions": True})
    tmp = a.out.with_suffix(".tmp")
    trainer.train(str(tmp))
    os.replace(tmp, a.out)
    log(f"trained in {time.time() - t1:.0f}s; model {a.out} {a.out.stat().st_size / 1e6:.2f} MB; total {time.time() - t0:.0f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
