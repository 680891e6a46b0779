"""Reporters: one module per output format, registered once here, all with ``render(results, options) -> str``
(and, for the long ones, ``chunks(results, options)``: the same text in pieces).

The registry is data (module paths), so ``--format`` choices and help come from it without importing a
reporter a run does not use (machine formats never import rich). Adding a format is one module defining
``render`` plus one line in ``REPORTERS`` (or ``register``).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from lint.document import Document
    from lint.finding import Finding
    from lint.rules import Rule


@dataclass(frozen=True)
class ReporterInfo:
    module: str
    help: str
    help_zh: str = ""


REPORTERS: dict[str, ReporterInfo] = {
    "text": ReporterInfo("lint.report.text", "the copy desk's report: findings with context, suggestion and source",
                         "校对报告：每处问题附上下文、建议与依据"),
    "concise": ReporterInfo("lint.report.concise", "one line per finding (path:line:col level rule message)",
                            "每处问题一行"),
    "json": ReporterInfo("lint.report.json", "the JSON contract (schema_version 1) for CMS plugins",
                         "JSON（CMS 接口）"),
    "sarif": ReporterInfo("lint.report.sarif", "SARIF 2.1.0 (GitHub code scanning, GitLab, VS Code)", "SARIF 2.1.0"),
    "html": ReporterInfo("lint.report.html", "one self-contained page: each article with the findings marked in place",
                         "网页校样：文章原文上标出每处问题"),
    "github": ReporterInfo("lint.report.github", "GitHub Actions workflow commands (annotations in the pull request)",
                           "GitHub Actions 注释"),
    "gitlab": ReporterInfo("lint.report.gitlab", "GitLab Code Quality JSON (merge request widget)",
                           "GitLab 代码质量报告"),
    "jsonl": ReporterInfo("lint.report.jsonl", "JSON Lines: one finding per line with its path",
                          "每行一处问题（JSON）"),
}


def register(name: str, module: str, help: str, help_zh: str = "") -> None:
    REPORTERS[name] = ReporterInfo(module, help, help_zh)


def get(name: str) -> Callable[[Results, ReportOptions], str]:
    info = REPORTERS.get(name)
    if info is None:
        raise ValueError(f"unknown format {name!r}; known: {', '.join(REPORTERS)}")
    return importlib.import_module(info.module).render  # type: ignore[no-any-return]


def render(name: str, results: Results, options: ReportOptions | None = None) -> str:
    return get(name)(results, options or ReportOptions())


def chunks(name: str, results: Results, options: ReportOptions | None = None) -> Iterator[str]:
    """The report in pieces that join to ``render``'s text: a reporter's own ``chunks`` when it has one (the
    long reports: written as they are made, never held whole), else the whole text as one piece."""
    get(name)  # an unknown format fails here, before anything is written
    mod = importlib.import_module(REPORTERS[name].module)
    options = options or ReportOptions()
    if hasattr(mod, "chunks"):
        return mod.chunks(results, options)  # type: ignore[no-any-return]
    return iter([mod.render(results, options)])


@dataclass
class FileResult:
    """One linted file: its document, the findings to show (already filtered by level) and its own config's
    message language and fail decision."""

    path: str
    doc: Document
    findings: list[Finding]
    lang: str = "zh"
    failed: bool = False
    # --fix / --diff: the fixed document and the number of fixes applied (None when no fix was asked)
    fixed: Document | None = None
    applied: int = 0
    original: Document | None = None  # the document before fixing, when fixed
    notes: list[str] = field(default_factory=list)  # rules skipped on this file (over their time budget)


@dataclass
class Results:
    files: list[FileResult] = field(default_factory=list)
    # Files that could not be linted: {"path", "message"}
    errors: list[dict[str, str]] = field(default_factory=list)
    # Every rule that ran, for formats that describe rules (SARIF, HTML)
    rules: list[Rule] = field(default_factory=list)
    # One-line notices of the run (a model that is missing, files skipped)
    notices: list[str] = field(default_factory=list)

    def pairs(self) -> list[tuple[Document, list[Finding]]]:
        return [(r.doc, r.findings) for r in self.files]

    @property
    def findings(self) -> list[Finding]:
        return [f for r in self.files for f in r.findings]


@dataclass
class ReportOptions:
    # Message language for every file (--lang); None: each file's own config decides
    lang: str | None = None
    color: bool = False
    statistics: bool = False
    # Identical findings of one rule in one paragraph shown once with a count (text report)
    group: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def lang_for(self, result: FileResult) -> str:
        return self.lang or result.lang


# ---- newsroom labels: the one place that chooses Chinese or English --------------------------------------
LEVEL_LABELS = {"zh": {"error": "错误", "warning": "警告", "suggestion": "建议"},
                "en": {"error": "error", "warning": "warning", "suggestion": "suggestion"}}
CATEGORY_LABELS = {
    "zh": {"typo": "错别字", "layout": "版式", "number": "数字", "tone": "语气", "punctuation": "标点",
           "term": "用语", "script": "字形", "style": "格式", "directive": "指令"},
    "en": {},
}
FIX_LABELS = {"zh": {"safe": "可自动修复（--fix）", "unsafe": "需人工确认（--unsafe-fixes）"},
              "en": {"safe": "fixable (--fix)", "unsafe": "fixable with --unsafe-fixes"}}
# The HTML page's own words
PAGE_LABELS = {
    "zh": {"title": "校对报告", "summary": "问题统计", "category": "类别", "rule": "规则", "level": "级别",
           "fixable": "可修复", "filters": "筛选", "file_index": "文件目录", "finding_list": "问题列表",
           "no_findings": "未发现问题", "errors": "无法读取的文件", "message": "说明", "suggestion": "建议",
           "source": "依据", "confidence": "置信度", "delete": "（删除）", "close": "关闭", "shown": "显示",
           "total": "合计", "notices": "提示", "generated": "newslint 生成", "line": "行",
           "totals": "共 {n} 处问题，涉及 {with_findings}/{files} 个文件",
           "fix_summary": "{safe} 处可用 --fix 自动修复，另有 {unsafe} 处需加 --unsafe-fixes",
           "help": "Tab 键在标记间移动，Enter 或空格打开说明，Esc 关闭；点击右侧列表跳到原文。"},
    "en": {"title": "Proofreading report", "summary": "Summary", "category": "Category", "rule": "Rule",
           "level": "Level", "fixable": "fixable", "filters": "Filters", "file_index": "Files",
           "finding_list": "Findings", "no_findings": "no findings", "errors": "Files that could not be read",
           "message": "Message", "suggestion": "Suggestion", "source": "Source", "confidence": "Confidence",
           "delete": "(delete)", "close": "Close", "shown": "shown", "total": "Total", "notices": "Notices",
           "generated": "generated by newslint", "line": "line",
           "totals": "{n} findings in {with_findings}/{files} files",
           "fix_summary": "{safe} fixable with --fix, {unsafe} more with --unsafe-fixes",
           "help": "Tab moves between marks, Enter or Space opens the note, Esc closes it; "
                   "click a finding in the list to jump to it."},
}


def message(f: Finding, lang: str) -> str:
    """A finding's message in ``lang`` (English falls back to Chinese where a rule has no English)."""
    return (f.message_en or f.message) if lang == "en" else f.message


def level_label(level: str, lang: str) -> str:
    return LEVEL_LABELS.get(lang, LEVEL_LABELS["en"]).get(level, level)


def category_label(category: str, lang: str) -> str:
    return CATEGORY_LABELS.get(lang, {}).get(category, category)


def fix_label(safety: str, lang: str) -> str:
    return FIX_LABELS.get(lang, FIX_LABELS["en"])[safety]


def page_labels(lang: str) -> dict[str, str]:
    return PAGE_LABELS.get(lang, PAGE_LABELS["en"])
