"""Output conventions: --format from -o's extension, several PATHs give one valid document per
format (or a clear refusal), CSV files readable by Excel, `-` is stdout, config file defaults."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

from .test_verify_sample import REFS, env, run_cli  # noqa: F401  (env is a fixture)

SHORT = "1. Rooney MR, Harnack L, Michos ED, et al. Magnesium. Am J Epidemiol. 2020;189(12):1386-94.\n"


def test_format_follows_the_output_extension(env, tmp_path):  # noqa: F811
    for name, check in (
        ("r.html", lambda t: t.startswith("<!DOCTYPE html>")),
        ("r.json", lambda t: json.loads(t)["schema"] == "refcheck/report-v1"),
        ("r.md", lambda t: t.startswith("## Reference check")),
        ("r.csv", lambda t: t.startswith("\ufeffsource,n,status")),
        ("r.txt", lambda t: t.lstrip().startswith("n")),
    ):
        out = tmp_path / name
        p = run_cli("verify", str(REFS), "-o", str(out), env=env)
        assert p.returncode in (0, 1), p.stderr
        assert check(out.read_text(encoding="utf-8")), name
        assert p.stdout == ""  # the report went to the file only
    # an explicit --format wins over the extension
    out = tmp_path / "x.html"
    run_cli("verify", str(REFS), "--format", "json", "-o", str(out), env=env)
    assert json.loads(out.read_text())["schema"] == "refcheck/report-v1"


def test_several_paths_one_valid_document(env, tmp_path):  # noqa: F811
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(REFS.read_text(encoding="utf-8"), encoding="utf-8")
    b.write_text(SHORT, encoding="utf-8")
    js = run_cli("verify", str(a), str(b), "--format", "json", env=env)
    doc = json.loads(js.stdout)
    assert doc["schema"] == "refcheck/report-set-v1" and [r["source"] for r in doc["reports"]] == [str(a), str(b)]
    out = tmp_path / "both.csv"
    run_cli("verify", str(a), str(b), "-o", str(out), env=env)
    text = out.read_text(encoding="utf-8-sig")
    assert text.count("source,n,status") == 1  # one header
    rows = list(csv.DictReader(io.StringIO("\n".join(x for x in text.splitlines() if not x.startswith("# ")))))
    assert {r["source"] for r in rows} == {str(a), str(b)}
    html = run_cli("verify", str(a), str(b), "--format", "html", env=env)
    assert html.returncode == 2 and html.stdout == ""
    assert "holds one report" in html.stderr and "refcheck batch" in html.stderr
    assert html.stderr.count("\n") == 1


def test_csv_to_stdout_has_no_bom(env):  # noqa: F811
    p = run_cli("verify", str(REFS), "--format", "csv", env=env)
    assert p.stdout.startswith("source,n,status")
    q = run_cli("verify", str(REFS), "--format", "csv", "-o", "-", env=env)
    assert q.stdout.startswith("source,n,status")


def test_config_file_sets_fail_on_and_flag_wins(env, tmp_path):  # noqa: F811
    (tmp_path / "refcheck.toml").write_text('fail_on = "warning"\n', encoding="utf-8")
    refs = tmp_path / "refs.txt"
    refs.write_text(REFS.read_text(encoding="utf-8"), encoding="utf-8")
    # the sample holds an error (entry 7), so compare never (flag) with warning (file)
    e = dict(env, REFCHECK_CONFIG=str(tmp_path / "refcheck.toml"))
    assert run_cli("verify", str(refs), "--format", "json", env=e).returncode == 1
    assert run_cli("verify", str(refs), "--format", "json", "--fail-on", "never", env=e).returncode == 0


def test_cache_export_dash_is_stdout(env, tmp_path):  # noqa: F811
    run_cli("verify", str(REFS), "--format", "json", env=env)
    p = subprocess.run([sys.executable, "-m", "refcheck", "cache", "export", "-"], capture_output=True, text=True,
                       env=env, cwd=tmp_path, timeout=120)
    assert p.returncode == 0, p.stderr
    lines = [json.loads(x) for x in p.stdout.splitlines()]
    assert lines and all({"key", "kind", "value", "fetched_at"} <= set(x) for x in lines)
    assert not (tmp_path / "-").exists() and "exported" in p.stderr
