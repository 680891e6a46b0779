"""The editor-facing report: path:line:col level rule message, the line with the span marked,
the suggestion and the rule's source; a summary by category and level at the end.

Built as one string with ANSI styles written directly (no console round trip per finding: a report of
thousands of findings costs milliseconds). Identical findings of one rule in one paragraph are shown once
with a count unless ``options.group`` is off.
"""

from __future__ import annotations

import bisect
import functools
import unicodedata
from collections import Counter
from collections.abc import Iterator
from typing import Any

from lint.document import Document
from lint.finding import Finding
from lint.report import FileResult, ReportOptions, Results, category_label, level_label, message

CONTEXT = 30  # code points of context on each side of a span
_ANSI = {"bold": "1", "dim": "2", "error": "1;31", "warning": "33", "suggestion": "36"}
LEVEL_ORDER = ("error", "warning", "suggestion")


@functools.cache
def _char_width(c: str) -> int:
    return 2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1


def width(s: str) -> int:
    """Terminal columns of s (wide and full-width characters 2, combining marks 0)."""
    return len(s) if s.isascii() else sum(map(_char_width, s))


def _visible(s: str) -> str:
    return s.replace("\t", " ").replace("\r", "").replace("\n", "⏎")


def excerpt(doc: Document, f: Finding) -> tuple[str, str]:
    """The source around the span (one line, newlines shown as ⏎) and a caret line under the span."""
    a = max(0, f.offset - CONTEXT)
    b = min(len(doc.text), max(f.end_offset, f.offset + 1) + CONTEXT)
    # stay within the span's own lines unless the span itself crosses lines (found in the line index: a
    # search of the text would scan a long line once per finding)
    starts = doc.line_starts
    ls = starts[bisect.bisect_right(starts, f.offset) - 1]
    nxt = bisect.bisect_right(starts, f.end_offset)
    le = starts[nxt] - 1 if nxt < len(starts) else -1
    if "\n" not in doc.text[f.offset:f.end_offset]:
        a, b = max(a, ls), min(b, le if le >= 0 else len(doc.text))
    pre = ("…" if a > ls else "") + _visible(doc.text[a:f.offset])
    span = _visible(doc.text[f.offset:f.end_offset]) or " "
    post = _visible(doc.text[f.end_offset:b]) + ("…" if b < (le if le >= 0 else len(doc.text)) else "")
    return pre + span + post, " " * width(pre) + "^" * max(1, width(span))


class _Style:
    def __init__(self, color: bool) -> None:
        self.color = color

    def __call__(self, style: str, s: str) -> str:
        return f"\x1b[{_ANSI[style]}m{s}\x1b[0m" if self.color and s else s


def groups(doc: Document, findings: list[Finding]) -> list[list[Finding]]:
    """Findings in order; identical ones (rule, level, text, first suggestion, fix safety) in one paragraph
    form one group."""
    out: list[list[Finding]] = []
    where: dict[tuple[Any, ...], list[Finding]] = {}
    paras = doc.paragraphs
    starts = [p.start for p in paras]  # Document.paragraph_at, with the starts listed once, not per finding
    for f in findings:
        i = bisect.bisect_right(starts, f.offset) - 1
        para = i if i >= 0 and f.offset < max(paras[i].end, paras[i].start + 1) else None
        key = (f.rule, f.level, doc.text[f.offset:f.end_offset], f.suggestions[0] if f.suggestions else "",
               f.fix.safety if f.fix else None, para)
        g = where.get(key) if para is not None else None
        if g is None:
            g = where[key] = [f]
            out.append(g)
        else:
            g.append(f)
    return out


def _finding(r: FileResult, group: list[Finding], lang: str, st: _Style) -> list[str]:
    doc, f = r.doc, group[0]
    zh = lang == "zh"
    line, col = doc.source_line_col(f.offset)
    times = f" {st('bold', '×' + str(len(group)))}" if len(group) > 1 else ""
    lines = [f"{st('bold', f'{doc.path}:{line}:{col}')} {st(f.level, f.level)} {st('dim', f.rule)} "
             f"{message(f, lang)}{times}"]
    src, caret = excerpt(doc, f)
    tline, _ = doc.line_col(f.offset)
    num = f"{tline:>5} │ "
    lines.append(f"{st('dim', num)}{src}")
    lines.append(f"{st('dim', ' ' * (len(num) - 2) + '│ ')}{st(f.level, caret)}")
    if len(group) > 1:
        cols = "、".join(str(doc.source_line_col(g.offset)[1]) for g in group[1:9]) + ("…" if len(group) > 9 else "")
        lines.append(f"      = 同段另有 {len(group) - 1} 处，第 {cols} 列" if zh else
                     f"      = {len(group) - 1} more in this paragraph, columns {cols}")
    if f.suggestions:
        label = "建议" if zh else "suggest"
        shown = " / ".join(_visible(s) or ("（删除）" if zh else "(delete)") for s in f.suggestions[:3])
        fixable = ""
        if f.fix:
            safe = f.fix.safety == "safe"
            note = ("可用 --fix 修复" if safe else "可用 --unsafe-fixes 修复") if zh else \
                ("fixable with --fix" if safe else "fixable with --unsafe-fixes")
            fixable = "  " + st("dim", f"({note})")
        lines.append(f"      = {label}：{shown}{fixable}")
    if f.source:
        lines.append(st("dim", f"      = {'依据' if zh else 'source'}：{f.source}"))
    if f.confidence is not None:
        lines.append(st("dim", f"      = {'置信度' if zh else 'confidence'}：{f.confidence:.2f}"))
    lines.append("")
    return lines


def summary_lines(results: Results, lang: str, st: _Style) -> list[str]:
    zh = lang == "zh"
    total = results.findings
    nfiles = sum(1 for r in results.files if r.findings)
    if not results.files:
        return ["没有可检查的文件" if zh else "No files were linted"]
    if not total:
        n = len(results.files)
        return [f"未发现问题（{n} 个文件）" if zh else f"No problems found ({n} files)"]
    levels: Counter[str] = Counter(f.level for f in total)
    cats = Counter(f.category for f in total)
    sep = "，" if zh else ", "
    lv = sep.join(st(k, f"{level_label(k, lang)} {levels[k]}") for k in LEVEL_ORDER if levels[k])
    cs = sep.join(f"{category_label(k, lang)} {v}" for k, v in cats.most_common())
    if zh:
        out = [f"共 {len(total)} 处问题，涉及 {nfiles}/{len(results.files)} 个文件：{lv}", f"按类别：{cs}"]
    else:
        out = [f"{len(total)} findings in {nfiles}/{len(results.files)} files: {lv}", f"by category: {cs}"]
    n_safe = sum(1 for f in total if f.fix and f.fix.safety == "safe")
    unsafe = sum(1 for f in total if f.fix and f.fix.safety == "unsafe")
    if n_safe or unsafe:
        out.append(st("dim", f"{n_safe} 处可用 --fix 自动修复，另有 {unsafe} 处需加 --unsafe-fixes" if zh else
                      f"{n_safe} fixable with --fix, {unsafe} more with --unsafe-fixes"))
    return out


def statistics_lines(results: Results) -> list[str]:
    rules = Counter(f.rule for f in results.findings)
    return [f"{n:>6}  {rule}" for rule, n in rules.most_common()]


def render(results: Results, options: ReportOptions) -> str:
    return "".join(chunks(results, options))


BATCH = 20_000  # lines per piece of the report chunks() yields


def chunks(results: Results, options: ReportOptions) -> Iterator[str]:
    """render's text in pieces of about BATCH lines, for a front end to write as they come."""
    st = _Style(options.color)
    lines: list[str] = []
    lang = options.lang or (results.files[0].lang if results.files else "zh")
    only_counts = options.extra.get("statistics_only", False)
    if not only_counts:
        for r in results.files:
            flang = options.lang_for(r)
            gs = groups(r.doc, r.findings) if options.group else [[f] for f in r.findings]
            for g in gs:
                lines.extend(_finding(r, g, flang, st))
                if len(lines) >= BATCH:
                    yield "".join([line + "\n" for line in lines])
                    lines = []
    lines.extend(summary_lines(results, lang, st))
    if options.statistics and results.findings:
        lines.append("")
        lines.extend(statistics_lines(results))
    yield "".join([line + "\n" for line in lines])
