"""Reports stand on their own: when they were checked, by which version, and where the answers
came from (services asked, cache hits and the age of the oldest cached answer)."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import datetime, timezone

from refcheck import __version__

from .test_verify_sample import REFS, env, run_cli  # noqa: F401  (env is a fixture)

ISO = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$")


def test_json_cold_then_warm_carries_time_version_and_provenance(env):  # noqa: F811
    before = datetime.now(timezone.utc).replace(microsecond=0)
    cold = run_cli("verify", str(REFS), "--format", "json", env=env)
    assert cold.returncode in (0, 1), cold.stderr
    doc = json.loads(cold.stdout)
    assert ISO.match(doc["checked"]) and doc["version"] == __version__
    checked = datetime.strptime(doc["checked"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=timezone.utc)
    assert before <= checked <= datetime.now(timezone.utc)
    prov = doc["provenance"]
    assert set(prov["services"]) == {"pubmed", "crossref"}
    assert all(s["requests"] > 0 for s in prov["services"].values())
    assert prov["cache"]["oldest"] is None or ISO.match(prov["cache"]["oldest"])

    warm = json.loads(run_cli("verify", str(REFS), "--format", "json", env=env).stdout)
    assert warm["provenance"]["services"] == {}  # nothing asked: every answer from the cache
    assert warm["provenance"]["cache"]["hits"] > 0 and warm["provenance"]["cache"]["misses"] == 0
    oldest = datetime.strptime(warm["provenance"]["cache"]["oldest"], "%Y-%m-%dT%H:%M:%SZ")
    assert oldest.replace(tzinfo=timezone.utc) <= datetime.strptime(
        warm["checked"], "%Y-%m-%dT%H:%M:%SZ"
    ).replace(tzinfo=timezone.utc)


def test_markdown_html_and_csv_show_the_stamp(env):  # noqa: F811
    stamp = re.compile(rf"refcheck {re.escape(__version__)} · checked \d{{4}}-\d\d-\d\dT\d\d:\d\d:\d\dZ")
    md = run_cli("verify", str(REFS), "--format", "markdown", env=env).stdout
    assert stamp.search(md.split("\n\n")[1])  # right under the heading
    html = run_cli("verify", str(REFS), "--format", "html", env=env).stdout
    assert re.search(r'<p class="stamp" id="stamp">' + stamp.pattern, html)
    text = run_cli("verify", str(REFS), "--format", "csv", env=env).stdout
    lines = text.strip().splitlines()
    assert stamp.search(lines[-1]) and lines[-1].startswith("# ")
    rows = list(csv.DictReader(io.StringIO("\n".join(lines[:-1]))))
    assert {r["n"] for r in rows} >= {str(n) for n in range(1, 41)}
