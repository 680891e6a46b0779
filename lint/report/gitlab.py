"""GitLab Code Quality report: a JSON array of issues for the merge request widget (like ruff's
``--output-format gitlab``). Declare it in ``.gitlab-ci.yml`` as ``artifacts: reports: codequality: FILE``.

The fingerprint identifies an issue across pipelines: a hash of the path, the rule, the span's text and
which occurrence of that (rule, text) in the file it is — not of line numbers, so editing the lines above
a finding does not make GitLab report it as fixed and new.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from typing import Any

from lint.report import ReportOptions, Results, message

SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}
CATEGORY = "Style"  # GitLab's category list has no better fit for copy-editing findings


def fingerprint(*parts: str | int) -> str:
    return hashlib.sha256("\0".join(str(p) for p in parts).encode("utf-8")).hexdigest()


def _path(path: str) -> str:
    """Relative to the working directory (the repository root in CI) when under it, with POSIX slashes."""
    if os.path.isabs(path):
        rel = os.path.relpath(path)
        if not rel.startswith(".."):
            path = rel
    return path.replace(os.sep, "/")


def issues(results: Results, options: ReportOptions) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for r in results.files:
        lang = options.lang_for(r)
        doc = r.doc
        seen: Counter[tuple[str, str]] = Counter()
        for f in r.findings:
            text = doc.text[f.offset:f.end_offset]
            n = seen[(f.rule, text)]
            seen[(f.rule, text)] += 1
            begin, _ = doc.source_line_col(f.offset)
            end, _ = doc.source_line_col(f.end_offset, end=True)
            out.append({
                "type": "issue",
                "description": message(f, lang),
                "check_name": f.rule,
                "categories": [CATEGORY],
                "fingerprint": fingerprint(_path(doc.path), f.rule, text, n),
                "severity": SEVERITY[f.level],
                "location": {"path": _path(doc.path), "lines": {"begin": begin, "end": end}},
            })
    for e in results.errors:
        out.append({
            "type": "issue",
            "description": e["message"],
            "check_name": "input-error",
            "categories": ["Bug Risk"],
            "fingerprint": fingerprint(_path(e["path"]), "input-error"),
            "severity": "critical",
            "location": {"path": _path(e["path"]), "lines": {"begin": 1, "end": 1}},
        })
    return out


def render(results: Results, options: ReportOptions) -> str:
    return json.dumps(issues(results, options), ensure_ascii=False, indent=2) + "\n"
