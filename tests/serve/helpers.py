"""A real `refcheck serve` process over loopback, pointed at the fakes, and a small client for it."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests

from tests.reliability.helpers import EXPECTED, ONLINE_FIRST, REFS, ROOT  # noqa: F401  (one home for the sample's verdicts)

_URL = re.compile(r"refcheck serve: (http://\S+?)/ ")


def verdicts(report: dict) -> dict[int, tuple[str, tuple[str, ...]]]:
    return {r["n"]: (r["status"], tuple(f["code"] for f in r["findings"])) for r in report["references"]}


def server_env(fake, cache_dir: Path, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("REFCHECK_") and k != "NCBI_API_KEY"}
    env.update(
        **fake.env,  # every service on loopback, the DOI system and OpenAlex too
        REFCHECK_CACHE_DIR=str(cache_dir),
        REFCHECK_TIMEOUT="5",
        REFCHECK_DEADLINE="60",
        PYTHONDONTWRITEBYTECODE="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


class Server:
    """`python -m refcheck serve --port 0` as a child process; stderr goes to a file we read."""

    def __init__(self, env: dict, data_dir: Path, log: Path, *args: str):
        self.env, self.data_dir, self.log, self.args = env, data_dir, log, args
        self.proc: subprocess.Popen | None = None
        self.url = ""
        self.http = requests.Session()

    def start(self, timeout: float = 60) -> "Server":
        self._err = open(self.log, "ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "refcheck", "serve", "--port", "0", "--data-dir", str(self.data_dir), *self.args],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self._err,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            text = self.log.read_text(encoding="utf-8", errors="replace")
            found = _URL.search(text)
            if found:
                self.url = found.group(1)
                return self
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited {self.proc.returncode}: {text[-2000:]}")
            time.sleep(0.05)
        raise RuntimeError("server did not start: " + self.log.read_text(errors="replace")[-2000:])

    def kill9(self) -> None:
        assert self.proc is not None
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(timeout=30)
        self._err.close()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=10)
        if getattr(self, "_err", None) is not None and not self._err.closed:
            self._err.close()
        self.http.close()

    # ------------------------------------------------------------------ client
    def get(self, path: str, **kw) -> requests.Response:
        return self.http.get(self.url + path, timeout=30, **kw)

    def post(self, path: str, **kw) -> requests.Response:
        return self.http.post(self.url + path, timeout=60, **kw)

    def submit_file(self, name: str, data: bytes) -> str:
        r = self.post("/api/checks", files={"file": (name, data)})
        assert r.status_code == 202, (r.status_code, r.text)
        body = r.json()
        assert body["status_url"] == f"/api/checks/{body['id']}"
        return body["id"]

    def status(self, cid: str) -> dict:
        r = self.get(f"/api/checks/{cid}")
        assert r.status_code == 200, r.text
        return r.json()

    def wait(self, cid: str, timeout: float = 240, states=("done", "failed")) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            s = self.status(cid)
            if s["state"] in states:
                return s
            time.sleep(0.25)
        raise AssertionError(f"check {cid} still {s['state']} after {timeout}s: {s}")
