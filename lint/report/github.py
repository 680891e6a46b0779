"""GitHub Actions workflow commands: one ``::error|warning|notice`` line per finding, shown as annotations on
the pull request's diff (like ruff's ``--output-format github``).

    ::error file=a.txt,line=7,col=5,endLine=7,endColumn=6,title=newslint (punctuation.half-width)::a.txt:7:5: …

Lines and columns are the file's (1-based, code points; the end column is exclusive, as in the JSON report).
Values are escaped as GitHub's runner unescapes them: in the message % CR LF, in properties also ``:`` and ``,``.
"""

from __future__ import annotations

from lint.report import ReportOptions, Results, message

LEVEL_MAP = {"error": "error", "warning": "warning", "suggestion": "notice"}


def escape_data(s: str) -> str:
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(s: str) -> str:
    return escape_data(s).replace(":", "%3A").replace(",", "%2C")


def command(level: str, props: dict[str, str | int], text: str) -> str:
    joined = ",".join(f"{k}={escape_property(str(v))}" for k, v in props.items())
    return f"::{level} {joined}::{escape_data(text)}"


def render(results: Results, options: ReportOptions) -> str:
    lines: list[str] = []
    for r in results.files:
        lang = options.lang_for(r)
        doc = r.doc
        for f in r.findings:
            line, col = doc.source_line_col(f.offset)
            end_line, end_col = doc.source_line_col(f.end_offset, end=True)
            props: dict[str, str | int] = {"file": doc.path, "line": line, "col": col, "endLine": end_line,
                                           "endColumn": end_col, "title": f"newslint ({f.rule})"}
            lines.append(command(LEVEL_MAP[f.level], props, f"{doc.path}:{line}:{col}: {f.rule} {message(f, lang)}"))
    for e in results.errors:  # an unreadable file fails the job visibly, on the file
        lines.append(command("error", {"file": e["path"], "title": "newslint"}, e["message"]))
    return "".join(line + "\n" for line in lines)
