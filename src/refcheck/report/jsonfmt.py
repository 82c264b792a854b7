"""The contract's JSON report (`refcheck/report-v1`): exactly `Report.to_dict()`, one document.

Non-ASCII characters are written as is (UTF-8), indented by two spaces, followed by one newline.
"""

from __future__ import annotations

import json

from refcheck.model import Report


def render(report: Report, *, color: bool = False) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2) + "\n"
