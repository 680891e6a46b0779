"""A toy reporter for the registry test: one `rule@line` token per finding."""

from __future__ import annotations

from lint.report import ReportOptions, Results


def render(results: Results, options: ReportOptions) -> str:
    return " ".join(f"{f.rule}@{r.doc.source_line_col(f.offset)[0]}" for r in results.files for f in r.findings) + "\n"
