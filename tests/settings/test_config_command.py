"""`refcheck config` prints the effective settings and their origins, never the API key."""

from __future__ import annotations

import json
import os
import subprocess
import sys

KEY = "0123456789abcdef0123456789abcdef01"


def _run(*args, cwd, env_extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFCHECK_") and k != "NCBI_API_KEY"}
    env.update({"HOME": str(cwd), "XDG_CONFIG_HOME": str(cwd / "xdg")}, **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "refcheck", *args], capture_output=True, text=True, cwd=cwd,
                          env=env, timeout=60)


def test_config_shows_file_env_and_default_origins(tmp_path):
    (tmp_path / "refcheck.toml").write_text('email = "desk@example.org"\nfail_on = "warning"\n', encoding="utf-8")
    p = _run("config", "--format", "json", cwd=tmp_path, env_extra={"REFCHECK_TIMEOUT": "7", "NCBI_API_KEY": KEY})
    assert p.returncode == 0, p.stderr
    doc = json.loads(p.stdout)
    s = doc["settings"]
    assert doc["file"].endswith("refcheck.toml")
    assert s["email"] == {"value": "desk@example.org", "from": f"file {tmp_path / 'refcheck.toml'}"}
    assert s["fail_on"]["value"] == "warning"
    assert s["timeout"] == {"value": "7.0", "from": "env REFCHECK_TIMEOUT"}
    assert s["deadline"]["from"] == "default"
    assert s["api_key"] == {"value": "set", "from": "env NCBI_API_KEY"}
    assert KEY not in p.stdout + p.stderr
    table = _run("config", cwd=tmp_path, env_extra={"NCBI_API_KEY": KEY})
    assert table.returncode == 0 and KEY not in table.stdout and "desk@example.org" in table.stdout


def test_bad_setting_is_one_line_and_exit_2(tmp_path):
    p = _run("config", cwd=tmp_path, env_extra={"REFCHECK_TIMEOUT": "abc"})
    assert p.returncode == 2
    assert p.stderr.strip().count("\n") == 0 and "REFCHECK_TIMEOUT='abc' is not a number" in p.stderr
    assert "Traceback" not in p.stderr
    (tmp_path / "refcheck.toml").write_text("colour = 'blue'\n", encoding="utf-8")
    q = _run("verify", "references.txt", cwd=tmp_path)
    assert q.returncode == 2 and "unknown setting 'colour'" in q.stderr and "Traceback" not in q.stderr


def test_config_lists_the_dblp_settings(tmp_path):
    p = _run("config", "--format", "json", cwd=tmp_path)
    assert p.returncode == 0, p.stderr
    s = json.loads(p.stdout)["settings"]
    assert s["dblp_url"] == {"value": "https://dblp.org", "from": "default"}
    assert s["dblp_rate"]["from"] == "default"
    (tmp_path / "refcheck.toml").write_text('dblp_url = "http://127.0.0.1:9/dblp"\n', encoding="utf-8")
    p = _run("config", "--format", "json", cwd=tmp_path, env_extra={"REFCHECK_DBLP_RATE": "0.2"})
    s = json.loads(p.stdout)["settings"]
    assert s["dblp_url"]["value"] == "http://127.0.0.1:9/dblp" and s["dblp_url"]["from"].startswith("file ")
    assert s["dblp_rate"] == {"value": "0.2", "from": "env REFCHECK_DBLP_RATE"}
