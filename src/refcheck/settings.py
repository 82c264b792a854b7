"""One frozen Settings object built from the environment; command-line flags override it."""

from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from pathlib import Path

EUTILS_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
CROSSREF_URL = "https://api.crossref.org"

DAY = 86400.0


@dataclass(frozen=True)
class Settings:
    eutils_url: str = EUTILS_URL
    crossref_url: str = CROSSREF_URL
    cache_dir: Path = Path("cache")
    email: str | None = None
    # repr=False: the key must never reach a log line or an exception text by accident.
    api_key: str | None = field(default=None, repr=False)
    offline: bool = False
    refresh: bool = False
    ttl_record: float = 30 * DAY
    ttl_status: float = 7 * DAY
    ttl_negative: float = 1 * DAY
    timeout: float = 10.0  # seconds, one HTTP request
    deadline: float = 60.0  # seconds, one lookup including retries
    max_attempts: int = 6
    ncbi_rate: float | None = None  # requests/s; None = 3, or 10 with an API key
    crossref_rate: float | None = None  # None = by the etiquette rules (mailto or not)

    @classmethod
    def from_env(cls, env: dict | None = None, **overrides) -> Settings:
        env = os.environ if env is None else env
        s = cls(
            eutils_url=env.get("REFCHECK_EUTILS_URL") or EUTILS_URL,
            crossref_url=env.get("REFCHECK_CROSSREF_URL") or CROSSREF_URL,
            cache_dir=Path(env.get("REFCHECK_CACHE_DIR") or "cache"),
            email=env.get("REFCHECK_EMAIL") or None,
            api_key=env.get("NCBI_API_KEY") or None,
            timeout=_num(env, "REFCHECK_TIMEOUT", cls.timeout),
            deadline=_num(env, "REFCHECK_DEADLINE", cls.deadline),
            max_attempts=int(_num(env, "REFCHECK_MAX_ATTEMPTS", cls.max_attempts)),
        )
        return s.with_(**overrides)

    def with_(self, **overrides) -> Settings:
        """A copy with the given fields replaced; None values are ignored (unset flags)."""
        return replace(self, **{k: v for k, v in overrides.items() if v is not None})

    @property
    def ncbi_rps(self) -> float:
        if self.ncbi_rate is not None:
            return self.ncbi_rate
        return 10.0 if self.api_key else 3.0


def _num(env, name: str, default: float) -> float:
    """A positive number from the environment; a bad value is ignored rather than fatal."""
    try:
        v = float(env.get(name, ""))
    except ValueError:
        return default
    return v if v > 0 else default
