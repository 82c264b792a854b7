"""One frozen Settings object: flags > environment > config file > defaults.

Every setting is named once, in `SPECS`, with its environment variable, its config-file key and
how its value is checked, so `from_env`, the config file and `refcheck config` cannot disagree.
A bad value (`REFCHECK_TIMEOUT=abc`) is a `SettingsError` (exit 2, one line), never ignored:
a typo silently replaced by a default is a setting the user believes in and does not have.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, Callable, Mapping

from .errors import RefcheckError

EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
CROSSREF_URL = "https://api.crossref.org"
DOI_URL = "https://doi.org"  # the DOI system's proxy: handle records and registration agencies
DATACITE_URL = "https://api.datacite.org"
OPENALEX_URL = "https://api.openalex.org"
DBLP_URL = "https://dblp.org"  # DBLP's publication search (/search/publ/api)
CONFIG_NAME = "refcheck.toml"
FAIL_ON = ("error", "warning", "unverified", "never")

DAY = 86400.0


class SettingsError(RefcheckError):
    """A setting has a value refcheck cannot use (exit status 2)."""


@dataclass(frozen=True)
class Settings:
    eutils_url: str = EUTILS_URL
    crossref_url: str = CROSSREF_URL
    doi_url: str = DOI_URL
    datacite_url: str = DATACITE_URL
    openalex_url: str = OPENALEX_URL
    dblp_url: str = DBLP_URL
    cache_dir: Path = Path("cache")
    email: str | None = None
    # repr=False: the key must never reach a log line or an exception text by accident.
    api_key: str | None = field(default=None, repr=False)
    openalex_key: str | None = field(default=None, repr=False)  # OpenAlex `api_key` (free; raises the daily allowance)
    offline: bool = False
    refresh: bool = False
    no_cache: bool = False  # --no-cache: ask the services, store nothing
    ttl_record: float = 30 * DAY
    ttl_status: float = 7 * DAY
    ttl_negative: float = 1 * DAY
    timeout: float = 10.0  # seconds, one HTTP request
    deadline: float = 60.0  # seconds, one lookup including retries
    max_attempts: int = 6
    ncbi_rate: float | None = None  # requests/s; None = 3, or 10 with an API key
    crossref_rate: float | None = None  # None = by the etiquette rules (mailto or not)
    dblp_rate: float | None = None  # None = 0.5/s, DBLP's advice (one request every two seconds)
    fail_on: str = "error"  # exit 1 at or above this (see refcheck.outcome)
    formats: tuple[str, ...] = ()  # batch report formats; () = the batch default

    @classmethod
    def from_env(
        cls, env: Mapping[str, str] | None = None, config: Path | str | bool | None = None, **overrides: Any
    ) -> Settings:
        """Settings from the config file, then the environment, then `overrides` (the flags).

        `config`: None finds the file (`find_config`), False reads none, a path reads that file.
        """
        return resolve(env, config, overrides)[0]

    def with_(self, **overrides: Any) -> Settings:
        """A copy with the given fields replaced; None values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def ncbi_rps(self) -> float:
        if self.ncbi_rate is not None:
            return self.ncbi_rate
        return 10.0 if self.api_key else 3.0


# --------------------------------------------------------------------------- value checks


def _positive(v: Any) -> float:
    try:
        x = float(v)
    except (TypeError, ValueError):
        raise ValueError("is not a number") from None
    if not x > 0 or x == float("inf"):
        raise ValueError("must be a positive number")
    return x


def _positive_int(v: Any) -> int:
    x = _positive(v)
    if x != int(x):
        raise ValueError("must be a whole number")
    return int(x)


def _url(v: Any) -> str:
    s = str(v).strip().rstrip("/")
    if not s.startswith(("http://", "https://")):
        raise ValueError("must start with http:// or https://")
    return s


def _text(v: Any) -> str | None:
    if not isinstance(v, str):
        raise ValueError("must be text")
    return v.strip() or None


def _path(v: Any) -> Path:
    if not isinstance(v, (str, Path)) or not str(v).strip():
        raise ValueError("must be a folder path")
    return Path(str(v)).expanduser()


def _fail_on(v: Any) -> str:
    if v not in FAIL_ON:
        raise ValueError(f"must be one of {', '.join(FAIL_ON)}")
    return str(v)


def _formats(v: Any) -> tuple[str, ...]:
    items = v.split(",") if isinstance(v, str) else v
    if not isinstance(items, (list, tuple)) or not all(isinstance(x, str) for x in items):
        raise ValueError("must be a list of format names")
    return tuple(x.strip() for x in items if x.strip())


def _flag(v: Any) -> bool:
    if isinstance(v, bool):
        return v
    s = str(v).strip().lower()
    if s in ("1", "true", "yes", "on"):
        return True
    if s in ("0", "false", "no", "off", ""):
        return False
    raise ValueError("must be true or false")


@dataclass(frozen=True)
class Spec:
    """One setting: its Settings field, environment variable, config-file key and check."""

    name: str
    env: str | None
    check: Callable[[Any], Any]
    in_file: bool = True  # secrets are never read from a file that may be committed
    secret: bool = False


SPECS: tuple[Spec, ...] = (
    Spec("eutils_url", "REFCHECK_EUTILS_URL", _url),
    Spec("crossref_url", "REFCHECK_CROSSREF_URL", _url),
    Spec("doi_url", "REFCHECK_DOI_URL", _url),
    Spec("datacite_url", "REFCHECK_DATACITE_URL", _url),
    Spec("openalex_url", "REFCHECK_OPENALEX_URL", _url),
    Spec("dblp_url", "REFCHECK_DBLP_URL", _url),
    Spec("cache_dir", "REFCHECK_CACHE_DIR", _path),
    Spec("email", "REFCHECK_EMAIL", _text),
    Spec("api_key", "NCBI_API_KEY", _text, in_file=False, secret=True),
    Spec("openalex_key", "OPENALEX_API_KEY", _text, in_file=False, secret=True),
    Spec("offline", "REFCHECK_OFFLINE", _flag),
    Spec("timeout", "REFCHECK_TIMEOUT", _positive),
    Spec("deadline", "REFCHECK_DEADLINE", _positive),
    Spec("max_attempts", "REFCHECK_MAX_ATTEMPTS", _positive_int),
    Spec("ncbi_rate", "REFCHECK_NCBI_RATE", _positive),
    Spec("crossref_rate", "REFCHECK_CROSSREF_RATE", _positive),
    Spec("dblp_rate", "REFCHECK_DBLP_RATE", _positive),
    Spec("fail_on", "REFCHECK_FAIL_ON", _fail_on),
    Spec("formats", "REFCHECK_FORMATS", _formats),
)
_BY_NAME = {s.name: s for s in SPECS}
_FIELDS = {f.name for f in fields(Settings)}


# --------------------------------------------------------------------------- the config file


def find_config(env: Mapping[str, str] | None = None, cwd: Path | None = None) -> Path | None:
    """`REFCHECK_CONFIG`, else ./refcheck.toml, else the user's config folder (XDG), else None."""
    env = os.environ if env is None else env
    named = env.get("REFCHECK_CONFIG")
    if named:
        p = Path(named).expanduser()
        if not p.is_file():
            raise SettingsError(f"REFCHECK_CONFIG={named}: no such file")
        return p
    here = (cwd or Path.cwd()) / CONFIG_NAME
    if here.is_file():
        return here
    base = env.get("XDG_CONFIG_HOME") or (str(Path(env["HOME"]) / ".config") if env.get("HOME") else None)
    if base:
        user = Path(base) / "refcheck" / CONFIG_NAME
        if user.is_file():
            return user
    return None


def read_config(path: Path) -> dict[str, Any]:
    """The checked values of a config file: unknown keys and bad values are errors, not ignored."""
    try:
        with open(path, "rb") as fh:
            data = tomllib.load(fh)
    except OSError as e:
        raise SettingsError(f"{path}: cannot read ({e.strerror or e})") from None
    except tomllib.TOMLDecodeError as e:
        raise SettingsError(f"{path}: not valid TOML ({e})") from None
    out: dict[str, Any] = {}
    for key, value in data.items():
        spec = _BY_NAME.get(key.replace("-", "_"))
        if spec is None:
            known = ", ".join(s.name for s in SPECS if s.in_file)
            raise SettingsError(f"{path}: unknown setting {key!r} (known: {known})")
        if not spec.in_file:
            raise SettingsError(f"{path}: {key} is a secret; set {spec.env} in the environment instead")
        out[spec.name] = _checked(spec, value, f"{path}: {key}")
    return out


def _checked(spec: Spec, value: Any, where: str) -> Any:
    try:
        return spec.check(value)
    except ValueError as e:
        shown = "***" if spec.secret else repr(value)
        raise SettingsError(f"{where}={shown} {e}") from None


# --------------------------------------------------------------------------- layering


def resolve(
    env: Mapping[str, str] | None = None,
    config: Path | str | bool | None = None,
    overrides: Mapping[str, Any] | None = None,
) -> tuple[Settings, dict[str, str]]:
    """The effective Settings and, per setting, where its value came from."""
    env = os.environ if env is None else env
    origin = {s.name: "default" for s in SPECS}
    values: dict[str, Any] = {}
    path = find_config(env) if config is None else (Path(config) if not isinstance(config, bool) else None)
    if path is not None:
        for name, v in read_config(path).items():
            values[name], origin[name] = v, f"file {path}"
    for spec in SPECS:
        raw = env.get(spec.env) if spec.env else None
        if raw is not None and raw.strip() != "":
            values[spec.name], origin[spec.name] = _checked(spec, raw, spec.env or spec.name), f"env {spec.env}"
    for name, v in (overrides or {}).items():
        if v is None:
            continue
        if name not in _FIELDS:
            raise TypeError(f"Settings has no field {name!r}")
        values[name] = v
        if name in origin:
            origin[name] = "flag"
    return Settings(**values), origin


def describe(settings: Settings, origin: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(name, shown value, origin) for `refcheck config`; a secret shows only whether it is set."""
    rows = []
    for spec in SPECS:
        v = getattr(settings, spec.name)
        if spec.secret:
            shown = "set" if v else "unset"
        elif v is None:
            shown = "unset"
        elif isinstance(v, tuple):
            shown = ",".join(v) or "(default)"
        else:
            shown = str(v)
        rows.append((spec.name, shown, origin.get(spec.name, "default")))
    return rows
