"""Typed values passed between the batch modules; dicts only at the files' edge.

`ArticleResult` is one journal line / one entry of summary.json's `articles`; `RunTotals` is
summary.json's `totals`; `RunSummary` is summary.json itself (refcheck/batch-v1). Each has
`to_dict()` giving the exact contract shape (keys and their order, as the files always had) and
`from_dict()` reading it back, so a resumed run's journal and an earlier run's summary come in
through one door.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .runs import BATCH_SCHEMA

_STATUSES = ("references", "ok", "warning", "error", "unverified")


@dataclass(frozen=True)
class ArticleResult:
    """What became of one article in one run: checked, reused from an earlier run, or failed.

    Which optional keys the dict carries follows from that kind: a failed article has no
    `verdict`/`checked`/`checked_ts`; only a reused one has `reused_from`.
    """

    source: str
    path: str
    name: str = ""
    reports: dict[str, str] = field(default_factory=dict)  # format → file in the run folder
    summary: dict[str, Any] | None = None  # the report's summary (report-v1); None when failed
    codes: dict[str, int] = field(default_factory=dict)  # findings by code
    error: str | None = None  # one line: why the article could not be checked
    reused: bool = False
    sha256: str | None = None
    cache: str | None = None  # cache identity the verdict was made with
    verdict: str | None = None  # verdicts/NAME.json
    reused_from: str | None = None  # run id the verdict was copied from
    checked: str | None = None  # ISO time of the check
    checked_ts: float | None = None

    @property
    def failed(self) -> bool:
        return bool(self.error)

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "source": self.source, "path": self.path, "name": self.name, "reports": dict(self.reports),
            "summary": self.summary, "codes": dict(self.codes), "error": self.error, "reused": self.reused,
            "sha256": self.sha256, "cache": self.cache,
        }
        if self.error is None:
            d["verdict"] = self.verdict
            if self.reused:
                d["reused_from"] = self.reused_from
            d["checked"] = self.checked
            d["checked_ts"] = self.checked_ts
        return d

    @classmethod
    def from_dict(cls, d: dict) -> ArticleResult:
        return cls(
            source=d.get("source", d.get("path") or ""),
            path=d.get("path") or "",
            name=d.get("name") or "",
            reports=dict(d.get("reports") or {}),
            summary=d.get("summary"),
            codes=dict(d.get("codes") or {}),
            error=d.get("error"),
            reused=bool(d.get("reused")),
            sha256=d.get("sha256"),
            cache=d.get("cache"),
            verdict=d.get("verdict"),
            reused_from=d.get("reused_from"),
            checked=d.get("checked"),
            checked_ts=d.get("checked_ts"),
        )


@dataclass(frozen=True)
class RunTotals:
    """summary.json's `totals`: articles by fate, references by status, findings by code."""

    articles: int = 0
    checked: int = 0
    reused: int = 0
    failed: int = 0
    references: int = 0
    ok: int = 0
    warning: int = 0
    error: int = 0
    unverified: int = 0
    codes: dict[str, int] = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles, "checked": self.checked, "reused": self.reused, "failed": self.failed,
            "references": self.references, "ok": self.ok, "warning": self.warning, "error": self.error,
            "unverified": self.unverified, "codes": dict(self.codes),
        }

    @classmethod
    def from_dict(cls, d: dict) -> RunTotals:
        return cls(**{k: int(d.get(k) or 0) for k in ("articles", "checked", "reused", "failed", *_STATUSES)},
                   codes=dict(d.get("codes") or {}))


@dataclass(frozen=True)
class RunSummary:
    """summary.json (refcheck/batch-v1), written last: its presence marks the run finished."""

    run: str
    started: str | None
    finished: str | None
    since: str | None
    resumed: bool
    version: str | None
    formats: tuple[str, ...]
    articles: tuple[ArticleResult, ...]
    totals: RunTotals
    changes: dict[str, dict[str, int]]  # changes.json's counts: {"new": {code: n}, "resolved": {…}}
    warnings: tuple[str, ...] = ()
    requests: dict[str, Any] | None = None  # requests and cache hits, when the resolver counted them

    def to_dict(self) -> dict:
        d: dict[str, Any] = {
            "schema": BATCH_SCHEMA, "run": self.run, "started": self.started, "finished": self.finished,
            "since": self.since, "resumed": self.resumed, "version": self.version, "formats": list(self.formats),
            "articles": [a.to_dict() for a in self.articles], "totals": self.totals.to_dict(),
            "changes": self.changes, "warnings": list(self.warnings),
        }
        if self.requests:
            d["requests"] = self.requests
        return d

    @classmethod
    def from_dict(cls, d: dict) -> RunSummary:
        return cls(
            run=d.get("run") or "",
            started=d.get("started"),
            finished=d.get("finished"),
            since=d.get("since"),
            resumed=bool(d.get("resumed")),
            version=d.get("version"),
            formats=tuple(d.get("formats") or ()),
            articles=tuple(ArticleResult.from_dict(a) for a in d.get("articles") or () if isinstance(a, dict)),
            totals=RunTotals.from_dict(d.get("totals") or {}),
            changes=d.get("changes") or {},
            warnings=tuple(d.get("warnings") or ()),
            requests=d.get("requests"),
        )
