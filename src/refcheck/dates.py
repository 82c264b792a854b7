"""Dates, in one place: month names (many languages) and date strings as references write them
→ numbers and ISO dates; ISO dates → NLM's "2020 Sep 21"; timestamps → ISO 8601 UTC."""

from __future__ import annotations

import re
import time

MONTH_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

MONTHS: dict[str, int] = {}
# English first, then Portuguese, Spanish, French, German names and abbreviations (lower case)
for _i, _names in enumerate(
    (
        ("jan", "january", "janeiro", "gennaio", "gen", "ene", "enero", "janv", "janvier", "januar", "jän", "jänner"),
        ("feb", "february", "febbraio", "fev", "fevereiro", "febrero", "févr", "fevr", "février", "fevrier", "februar"),
        ("mar", "march", "março", "marco", "marzo", "mars", "mär", "märz", "maerz"),
        ("apr", "april", "aprile", "abr", "abril", "avr", "avril"),
        ("may", "mai", "maio", "mayo", "maggio", "mag"),
        ("jun", "june", "giugno", "giu", "junho", "junio", "juin", "juni"),
        ("jul", "july", "luglio", "lug", "julho", "julio", "juil", "juillet", "juli"),
        ("aug", "august", "ago", "agosto", "août", "aout"),
        ("sep", "sept", "september", "set", "settembre", "setembro", "septiembre", "setiembre", "septembre"),
        ("oct", "october", "ottobre", "ott", "out", "outubro", "octubre", "octobre", "okt", "oktober"),
        ("nov", "november", "novembro", "noviembre", "novembre"),
        ("dec", "december", "dicembre", "dez", "dezembro", "dic", "diciembre", "déc", "decembre", "décembre", "dezember"),
    ),
    start=1,
):
    for _name in _names:
        MONTHS[_name] = _i

# English month names as printed (capitalised); the case-insensitive, many-language set is MON_ANY
_MON = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
MON = _MON
# any language, any case ("2014 fev", "2009 jul", "janvier", "März"): longest names first
MON_ANY = (
    r"(?i:(?:"
    + "|".join(sorted(MONTHS, key=len, reverse=True))
    + r")(?![^\W\d_])\.?)"
)

# 2021 Apr 27 | April 27, 2021 | 27 April 2021 | 2021-04-27 | 2021 Apr
DATE_RE = re.compile(
    rf"""(?:
        (?P<y1>(?:1[5-9]|20)\d\d)\s+(?P<m1>{_MON})(?:\s+(?P<d1>\d{{1,2}}))?
      | (?P<m2>{_MON})\s+(?P<d2>\d{{1,2}}),?\s+(?P<y2>(?:1[5-9]|20)\d\d)
      | (?P<d3>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m3>{_MON}),?\s+(?P<y3>(?:1[5-9]|20)\d\d)
      | (?P<y4>(?:1[5-9]|20)\d\d)-(?P<m4>\d\d)-(?P<d4>\d\d)
      | (?P<m5>{_MON})\s+(?P<y5>(?:1[5-9]|20)\d\d)
      | (?P<y6>(?:1[5-9]|20)\d\d)
    )""",
    re.X | re.I,
)


def month_number(name: str | None) -> int | None:
    if not name:
        return None
    if name.isdigit():
        v = int(name)
        return v if 1 <= v <= 12 else None
    key = name.lower().rstrip(".")
    return MONTHS.get(key) or MONTHS.get(key[:9]) or MONTHS.get(key[:3])


def iso(year: int | None, month: int | None = None, day: int | None = None) -> str | None:
    if year is None:
        return None
    if month is None:
        return f"{year:04d}"
    if day is None or not 1 <= day <= 31:
        return f"{year:04d}-{month:02d}"
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_date(text: str) -> tuple[int | None, int | None, int | None]:
    """First date found in `text` → (year, month, day)."""
    m = DATE_RE.search(text)
    if not m:
        return None, None, None
    g = m.groupdict()
    for k in "123456":
        y = g.get("y" + k)
        if y:
            mon = month_number(g.get("m" + k))
            d = g.get("d" + k)
            day = int(d) if d and mon else None
            if day is not None and not 1 <= day <= 31:
                day = None
            return int(y), mon, day
    return None, None, None


_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


def iso_parts(text: str | None) -> tuple[int | None, int | None, int | None]:
    """"2020-09-21" → (2020, 9, 21); "2020-09" → (2020, 9, None); anything else → Nones."""
    m = _ISO.match(text or "")
    if not m:
        return (None, None, None)
    y, mo, d = m.groups()
    return (int(y), int(mo) if mo else None, int(d) if d else None)


def nlm_date(year: int | None, month: int | None = None, day: int | None = None) -> str:
    """(2020, 9, 21) → "2020 Sep 21", NLM's order and abbreviations; a day needs its month."""
    if not year:
        return ""
    s = str(year)
    if month and 1 <= month <= 12:
        s += f" {MONTH_ABBR[month - 1]}"
        if day:
            s += f" {day}"
    return s


def utc_iso(ts: float) -> str:
    """A Unix time as ISO 8601 UTC to the second: "2026-12-01T21:35:00Z"."""
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(ts))
