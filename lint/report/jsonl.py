"""JSON Lines: one finding per line, ``{"path": ..., **finding}`` with the fields of the JSON report's
findings (lint/report/json.py); a file that could not be read is one line ``{"path": ..., "error": ...}``."""

from __future__ import annotations

import json

from lint.report import ReportOptions, Results
from lint.report.json import finding_dict


def render(results: Results, options: ReportOptions) -> str:
    lines = [json.dumps({"path": r.doc.path, **finding_dict(r.doc, f, options.lang_for(r))}, ensure_ascii=False)
             for r in results.files for f in r.findings]
    lines.extend(json.dumps({"path": e["path"], "error": e["message"]}, ensure_ascii=False) for e in results.errors)
    return "".join(line + "\n" for line in lines)
