"""The editor-facing report: path:line:col level rule message, the line with the span marked,
the suggestion and the rule's source; a summary by category and level at the end."""

from __future__ import annotations

import unicodedata
from collections import Counter

from rich.console import Console
from rich.markup import escape

from lint.document import Document
from lint.finding import Finding

CONTEXT = 30  # code points of context on each side of a span
STYLE = {"error": "bold red", "warning": "yellow", "suggestion": "cyan"}
LEVEL_ZH = {"error": "错误", "warning": "警告", "suggestion": "建议"}
CATEGORY_ZH = {"typo": "错别字", "layout": "版式", "number": "数字", "tone": "语气", "punctuation": "标点",
               "term": "用语", "script": "字形", "style": "格式", "directive": "指令"}


def width(s: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in s)


def _visible(s: str) -> str:
    return s.replace("\t", " ").replace("\r", "").replace("\n", "⏎")


def excerpt(doc: Document, f: Finding) -> tuple[str, str]:
    """The source around the span (one line, newlines shown as ⏎) and a caret line under the span."""
    a = max(0, f.offset - CONTEXT)
    b = min(len(doc.text), max(f.end_offset, f.offset + 1) + CONTEXT)
    # stay within the span's own lines unless the span itself crosses lines
    ls = doc.text.rfind("\n", 0, f.offset) + 1
    le = doc.text.find("\n", f.end_offset)
    if "\n" not in doc.text[f.offset:f.end_offset]:
        a, b = max(a, ls), min(b, le if le >= 0 else len(doc.text))
    pre = ("…" if a > ls else "") + _visible(doc.text[a:f.offset])
    span = _visible(doc.text[f.offset:f.end_offset]) or " "
    post = _visible(doc.text[f.end_offset:b]) + ("…" if b < (le if le >= 0 else len(doc.text)) else "")
    return pre + span + post, " " * width(pre) + "^" * max(1, width(span))


def render(console: Console, results: list[tuple[Document, list[Finding]]], lang: str = "zh",
           statistics: bool = False) -> None:
    zh = lang == "zh"
    for doc, findings in results:
        for f in findings:
            line, col = doc.line_col(f.offset)
            msg = f.message if zh or not f.message_en else f.message_en
            console.print(f"[bold]{escape(doc.path)}:{line}:{col}[/] [{STYLE[f.level]}]{f.level}[/] "
                          f"[dim]{f.rule}[/] {escape(msg)}", highlight=False, soft_wrap=True)
            src, caret = excerpt(doc, f)
            num = f"{line:>5} │ "
            console.print(f"[dim]{num}[/]{escape(src)}", highlight=False, soft_wrap=True)
            console.print(f"[dim]{' ' * (len(num) - 2)}│ [/][{STYLE[f.level]}]{caret}[/]", highlight=False,
                          soft_wrap=True)
            if f.suggestions:
                label = "建议" if zh else "suggest"
                shown = " / ".join(_visible(s) or "（删除）" for s in f.suggestions[:3])
                fixable = ""
                if f.fix:
                    safe = f.fix.safety == "safe"
                    note = ("可用 --fix 修复" if safe else "可用 --unsafe-fixes 修复") if zh else \
                        ("fixable with --fix" if safe else "fixable with --unsafe-fixes")
                    fixable = f"  [dim]({note})[/]"
                console.print(f"      = {label}：{escape(shown)}{fixable}", highlight=False, soft_wrap=True)
            if f.source:
                console.print(f"      [dim]= {'依据' if zh else 'source'}：{escape(f.source)}[/]", highlight=False,
                              soft_wrap=True)
            if f.confidence is not None:
                label = "置信度" if zh else "confidence"
                console.print(f"      [dim]= {label}：{f.confidence:.2f}[/]", highlight=False)
            console.print()
    total = [f for _, fs in results for f in fs]
    levels: Counter[str] = Counter(f.level for f in total)
    cats = Counter(f.category for f in total)
    nfiles = sum(1 for _, fs in results if fs)
    if not total:
        console.print(f"未发现问题（{len(results)} 个文件）" if zh else f"No problems found ({len(results)} files)",
                      highlight=False)
        return
    lv = "，".join(f"[{STYLE[k]}]{LEVEL_ZH[k] if zh else k} {levels[k]}[/]" for k in STYLE if levels[k])
    cs = "，".join(f"{CATEGORY_ZH.get(k, k) if zh else k} {v}" for k, v in cats.most_common())
    if zh:
        console.print(f"共 {len(total)} 处问题，涉及 {nfiles}/{len(results)} 个文件：{lv}", highlight=False)
        console.print(f"按类别：{cs}", highlight=False)
    else:
        console.print(f"{len(total)} findings in {nfiles}/{len(results)} files: {lv}", highlight=False)
        console.print(f"by category: {cs}", highlight=False)
    n_safe = sum(1 for f in total if f.fix and f.fix.safety == "safe")
    unsafe = sum(1 for f in total if f.fix and f.fix.safety == "unsafe")
    if n_safe or unsafe:
        console.print(f"[dim]{n_safe} 处可用 --fix 自动修复，另有 {unsafe} 处需加 --unsafe-fixes[/]" if zh else
                      f"[dim]{n_safe} fixable with --fix, {unsafe} more with --unsafe-fixes[/]", highlight=False)
    if statistics:
        rules = Counter((f.rule, f.category) for f in total)
        console.print()
        for (rule, _), n in rules.most_common():
            console.print(f"{n:>6}  {rule}", highlight=False)
