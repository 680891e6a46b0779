"""One line per finding, like ruff's concise output: path:line:col: level rule message [suggestion]."""

from __future__ import annotations

from lint.report import ReportOptions, Results, message
from lint.report.text import _Style, _visible, summary_lines


def render(results: Results, options: ReportOptions) -> str:
    st = _Style(options.color)
    lines: list[str] = []
    for r in results.files:
        lang = options.lang_for(r)
        for f in r.findings:
            line, col = r.doc.source_line_col(f.offset)
            tail = f" [{_visible(f.suggestions[0]) or '∅'}]" if f.suggestions else ""
            mark = "*" if f.fix and f.fix.safety == "safe" else ""
            lines.append(f"{st('bold', f'{r.doc.path}:{line}:{col}:')} {st(f.level, f.level)} "
                         f"{f.rule}{mark} {message(f, lang)}{tail}")
    lang = options.lang or (results.files[0].lang if results.files else "zh")
    lines.extend(summary_lines(results, lang, st))
    return "\n".join(lines) + "\n"
