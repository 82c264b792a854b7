"""Shape helpers for the fake-service tests."""

from __future__ import annotations

import json
from xml.etree import ElementTree as ET

from tests.paths import WIRE

SAMPLES = WIRE


def xml_paths(text: str | bytes) -> set[str]:
    if isinstance(text, str):
        text = text.encode("utf-8")
    root = ET.fromstring(text)
    out: set[str] = set()

    def walk(el, prefix):
        p = f"{prefix}/{el.tag}" if prefix else el.tag
        out.add(p)
        for a in el.attrib:
            out.add(f"{p}@{a}")
        for c in el:
            walk(c, p)

    walk(root, "")
    return out


def json_paths(obj, prefix: str = "") -> set[str]:
    out: set[str] = set()
    if isinstance(obj, dict):
        for k, v in obj.items():
            p = f"{prefix}.{k}" if prefix else k
            out.add(p)
            out |= json_paths(v, p)
    elif isinstance(obj, list):
        for v in obj:
            out |= json_paths(v, prefix + "[]")
    return out


def sample_text(rel: str) -> str:
    return (SAMPLES / rel).read_text(encoding="utf-8")


def sample_json(rel: str):
    return json.loads(sample_text(rel))


def doctype_line(text: str) -> str:
    return next(line for line in text.splitlines() if line.startswith("<!DOCTYPE"))
