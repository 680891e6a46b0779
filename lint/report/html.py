"""The copy desk's page: one self-contained HTML file per run (inline CSS and JS, nothing fetched), each
article shown as prose with every finding marked in place.

The page comes from a Jinja2 template with autoescaping on (templates/report.html.j2). The article bodies,
where tens of thousands of marks are nested, are built here with markupsafe's ``escape`` (the function
Jinja's autoescaping calls) and handed to the template as markup; no text of the article or of a message
reaches the page unescaped.

Marks are compact so a run of hundreds of articles stays a few megabytes (the article text itself is most
of the file): a finding is one ``<mark id=pe1k>`` whose id is its category's letter, its level's letter and
its number in base 36. The stylesheet colours and filters by that prefix (``mark[id^=pe]``), and the page's
JSON data gives, per mark number, its *kind* — (rule, level, message, suggestions, fix, source, confidence),
shared by identical findings and described once — from which the script builds notes and side lists on
demand. A finding whose span is cut (by a paragraph break or by another finding it overlaps without
nesting) continues in further ``<mark data-m=pe1k>`` parts; it stays one addressable element, the one with
the id. Only each article's first mark is a tab stop in the markup; the script moves Tab from mark to mark
(setting 60,000 tabindex attributes at load would cost the browser a quarter of a second).
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup, escape

from lint import __version__
from lint.document import Document
from lint.finding import Finding
from lint.report import (
    CATEGORY_LABELS,
    LEVEL_LABELS,
    FileResult,
    ReportOptions,
    Results,
    category_label,
    fix_label,
    level_label,
    message,
    page_labels,
)

LEVEL_ORDER = ("error", "warning", "suggestion")
# One colour per category (marks, filters, summary); other categories get FALLBACK_COLOUR.
COLOURS = {"typo": "#d7263d", "layout": "#7b3fbf", "number": "#1f6fd1", "tone": "#e07b00",
           "punctuation": "#12897a", "term": "#8a5a2b", "script": "#c2368f", "style": "#5b6b7c",
           "directive": "#7d7d7d"}
FALLBACK_COLOUR = "#555555"
UNDERLINE = {"error": "solid", "warning": "dashed", "suggestion": "dotted"}
BLOCK_CLASS = {"gap": "src", "heading": "h", "quote": "q", "list": "l", "table": "t", "cell": "t", "caption": "cap"}
BREAK = "<span class=brk>⏎</span>"
# Category letters for mark ids (others take a free letter; past 26 categories they share "z")
CATEGORY_CODES = {"punctuation": "p", "typo": "t", "layout": "l", "number": "n", "tone": "o", "term": "m",
                  "script": "s", "style": "y", "directive": "d"}
LEVEL_CODES = {"error": "e", "warning": "w", "suggestion": "s"}
_DIGITS = "0123456789abcdefghijklmnopqrstuvwxyz"


def base36(n: int) -> str:
    out = ""
    while True:
        n, r = divmod(n, 36)
        out = _DIGITS[r] + out
        if not n:
            return out


class _Codes:
    """The one-letter code of each category on this page."""

    def __init__(self) -> None:
        self.codes = dict(CATEGORY_CODES)
        self.free = [c for c in "abcfghijkqruvwx" if c not in self.codes.values()]

    def __call__(self, category: str) -> str:
        code = self.codes.get(category)
        if code is None:
            code = self.codes[category] = self.free.pop(0) if self.free else "z"
        return code

    def prefix(self, f: Finding) -> str:
        return self(f.category) + LEVEL_CODES[f.level]


@dataclass
class _Kinds:
    """Distinct finding descriptions; a mark's class ``k<n>`` points at entry n."""

    index: dict[tuple[Any, ...], int]
    rows: list[list[Any]]

    def of(self, f: Finding, lang: str) -> int:
        conf = None if f.confidence is None else round(f.confidence, 2)
        key = (f.rule, f.category, f.level, message(f, lang), tuple(f.suggestions), f.fix and f.fix.safety,
               f.source, conf)
        n = self.index.get(key)
        if n is None:
            n = self.index[key] = len(self.rows)
            self.rows.append([*key[:4], list(key[4]), *key[5:]])
        return n


def _blocks(doc: Document, findings: list[Finding]) -> list[tuple[int, int, str, int, int]]:
    """(start, end, kind, source line, end of its own text) of the blocks to show: the paragraphs, any other
    text that is not blank, and blank stretches a finding covers, joined to the block before them (a broken
    paragraph's break is drawn inside its mark)."""
    text = doc.text
    paras = [(p.start, p.end, p.kind) for p in doc.paragraphs if p.end > p.start] or [(0, len(text), "paragraph")]
    # reach[k]: the furthest end among the k findings that start first
    ordered = sorted(findings, key=lambda f: f.offset)
    starts = [f.offset for f in ordered]
    reach = [-1]
    for f in ordered:
        reach.append(max(reach[-1], f.end_offset))

    def covered(x: int, y: int) -> bool:
        """Whether a finding overlaps [x, y): one starting before y ends after x."""
        return x < y and reach[bisect.bisect_left(starts, y)] > x

    spans: list[tuple[int, int, str, int]] = []
    pos = 0
    for a, b, kind in [*paras, (len(text), len(text), "")]:
        if a > pos:
            gap = text[pos:a]
            if gap.strip():  # not prose (code, markup): shown dimmed, without the blank lines around it
                ta = pos + len(gap) - len(gap.lstrip())
                tb = pos + len(gap.rstrip())
                if covered(pos, ta) or covered(tb, a):
                    ta, tb = pos, a
                spans.append((ta, tb, "gap", tb))
            elif covered(pos, a):
                if spans and spans[-1][1] == pos:
                    spans[-1] = (spans[-1][0], a, spans[-1][2], spans[-1][3])
                else:
                    spans.append((pos, a, "gap", pos))
        if kind:
            spans.append((a, b, kind, b))
        pos = max(pos, b)
    return [(a, b, kind, doc.source_line_col(a)[0], own) for a, b, kind, own in spans]


def _text(s: str, in_mark: bool, in_para: bool) -> str:
    """Escaped text; a newline inside a mark is drawn as ⏎ (and still breaks the line inside a paragraph)."""
    s = s.replace("\r", "")
    if in_mark and "\n" in s:
        return str(escape(s)).replace("\n", BREAK + ("\n" if in_para else ""))
    return str(escape(s))


def _article(doc: Document, findings: list[Finding], prefixes: list[str], first_id: int,
             split: set[str]) -> tuple[str, list[int], list[int]]:
    """The body of one article: blocks with nested marks. Returns the HTML, the findings' indexes in mark
    number order (the first gets ``first_id``) and each block's first line in the file (the script writes
    them in the margin when the article is scrolled to: as attributes they would be 4% of a long page).
    The ids of findings drawn in several parts are added to ``split``."""
    blocks = _blocks(doc, findings)
    starts = [b[0] for b in blocks]
    # which findings each block shows: the ones overlapping it; an empty span goes to the block holding it
    per_block: list[list[int]] = [[] for _ in blocks]
    for i, f in enumerate(findings):
        if f.end_offset > f.offset:
            j = max(0, bisect.bisect_right(starts, f.offset) - 1)
            while j < len(blocks) and blocks[j][0] < f.end_offset:
                if blocks[j][1] > f.offset:
                    per_block[j].append(i)
                j += 1
        else:
            j = max(0, bisect.bisect_right(starts, f.offset) - 1)
            per_block[j].append(i)
    ids: dict[int, str] = {}
    order: list[int] = []

    def new_id(i: int) -> str:
        ids[i] = prefixes[i] + base36(first_id + len(order))
        order.append(i)
        return ids[i]

    out: list[str] = []
    for (a, b, kind, _, own), members in zip(blocks, per_block, strict=True):
        cls = BLOCK_CLASS.get(kind, "")
        out.append(f"<p class={cls}>" if cls else "<p>")
        # zero-width findings are drawn at their position; ranges split the block into segments
        points = sorted({a, b, own} | {max(a, min(b, x)) for i in members for x in (findings[i].offset,
                                                                                findings[i].end_offset)})
        empties: dict[int, list[int]] = {}
        for i in members:
            if findings[i].end_offset == findings[i].offset:
                empties.setdefault(max(a, min(b, findings[i].offset)), []).append(i)
        ranged = sorted((i for i in members if findings[i].end_offset > findings[i].offset),
                        key=lambda i: (findings[i].offset, -findings[i].end_offset, i))
        stack: list[int] = []
        opened: list[int] = []  # findings started by this segment and not yet ended, in ``ranged`` order
        ptr = 0
        for s, e in zip(points, [*points[1:], None], strict=True):
            for i in empties.get(s, ()):
                if i not in ids:
                    tab = "" if order else " tabindex=0"  # the article's first mark is its tab stop
                    out.append(f"<mark id={new_id(i)} class=e{tab}></mark>")
            if e is None:
                break
            while ptr < len(ranged) and findings[ranged[ptr]].offset <= s:
                opened.append(ranged[ptr])
                ptr += 1
            active = opened = [i for i in opened if findings[i].end_offset > s]
            keep = 0
            while keep < len(stack) and keep < len(active) and stack[keep] == active[keep]:
                keep += 1
            out.append("</mark>" * (len(stack) - keep))
            stack = stack[:keep]
            for i in active[keep:]:
                if i in ids:  # a later part of a finding already shown
                    out.append(f"<mark data-m={ids[i]}>")
                    split.add(ids[i])
                else:
                    tab = "" if order else " tabindex=0"
                    out.append(f"<mark id={new_id(i)}{tab}>")
                stack.append(i)
            out.append(_text(doc.text[s:e], bool(stack), s < own))
        out.append("</mark>" * len(stack))
        out.append("</p>")
    return "".join(out), order, [b[3] for b in blocks]


def _mark_css(codes: _Codes, used: set[tuple[str, str]]) -> str:
    """Colour (category) and underline (level) of the marks by id prefix, and of the notes and list entries
    by their ``data-p``."""
    rules = []
    for cat, level in sorted(used):
        pre = codes(cat) + LEVEL_CODES[level]
        c = COLOURS.get(cat, FALLBACK_COLOUR)
        # backgrounds as #rrggbbaa (16%, 28% nested, 38% hovered): plain colours, no color-mix per mark
        rules.append(f"mark[id^={pre}],mark[data-m^={pre}],[data-p={pre}]{{--c:{c};--b:{c}29;--b2:{c}47;"
                     f"--b3:{c}61;--u:{UNDERLINE[level]}}}")
    return "\n".join(rules)


def _summary(results: Results, lang: str) -> dict[str, Any]:
    """Counts by category and rule (and level, and fixable) for the summary table."""
    rows: dict[tuple[str, str], Counter[str]] = {}
    for f in results.findings:
        c = rows.setdefault((f.category, f.rule), Counter())
        c[f.level] += 1
        c["total"] += 1
        if f.fix is not None:
            c["fixable"] += 1
    cats: dict[str, list[tuple[str, Counter[str]]]] = {}
    for (cat, rule), c in sorted(rows.items(), key=lambda kv: (-sum(v["total"] for k, v in rows.items()
                                                                    if k[0] == kv[0][0]), kv[0])):
        cats.setdefault(cat, []).append((rule, c))
    total: Counter[str] = Counter()
    for c in rows.values():
        total.update(c)
    return {"categories": [{"id": cat, "label": category_label(cat, lang), "colour": COLOURS.get(cat, FALLBACK_COLOUR),
                            "rules": rs, "total": sum((c for _, c in rs), Counter())} for cat, rs in cats.items()],
            "total": total}


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("lint.report", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined)


def _asset(name: str) -> Markup:
    """Our own stylesheet or script, inlined as is (it is code, not data)."""
    return Markup(resources.files("lint.report").joinpath("templates", name).read_text(encoding="utf-8"))


def _file_entry(r: FileResult, n: int, kinds: _Kinds, codes: _Codes, marks: list[int], split: set[str],
                msg_lang: str, lang: str) -> dict[str, Any]:
    body, order, lines = _article(r.doc, r.findings, [codes.prefix(f) for f in r.findings], len(marks), split)
    marks.extend(kinds.of(r.findings[i], msg_lang) for i in order)
    levels: Counter[str] = Counter(f.level for f in r.findings)
    return {"n": n, "path": r.doc.path, "count": len(r.findings), "body": Markup(body), "failed": r.failed,
            "levels": [(lv, level_label(lv, lang), levels[lv]) for lv in LEVEL_ORDER if levels[lv]],
            "fixed": r.applied, "lines": lines}


def render(results: Results, options: ReportOptions) -> str:
    lang = options.lang or (results.files[0].lang if results.files else "zh")
    labels = page_labels(lang)
    kinds = _Kinds({}, [])
    codes = _Codes()
    marks: list[int] = []  # the kind of each mark, by mark number
    split: set[str] = set()
    files = [_file_entry(r, n, kinds, codes, marks, split, options.lang_for(r), lang)
             for n, r in enumerate(results.files)]
    findings = results.findings
    combos = Counter(codes.prefix(f) for f in findings)
    # the most frequent kinds get the smallest numbers (the per-mark list is then mostly one digit)
    by_freq = [k for k, _ in Counter(marks).most_common()]
    renumber = {k: n for n, k in enumerate(by_freq)}
    marks = [renumber[k] for k in marks]
    kinds.rows = [kinds.rows[k] for k in by_freq]
    levels: Counter[str] = Counter(f.level for f in findings)
    cats = Counter(f.category for f in findings)
    safe = sum(1 for f in findings if f.fix is not None and f.fix.safety == "safe")
    unsafe = sum(1 for f in findings if f.fix is not None and f.fix.safety == "unsafe")
    data = {
        "kinds": kinds.rows,
        "marks": marks,
        "codes": {c: codes(c) for c in cats},
        "levels": LEVEL_CODES,
        "counts": combos,
        "lines": [f["lines"] for f in files],
        "split": sorted(split),  # findings drawn in several parts
        "labels": labels,
        "level": LEVEL_LABELS.get(lang, LEVEL_LABELS["en"]),
        "category": {c: category_label(c, lang) for c in {*cats, *CATEGORY_LABELS["zh"]}},
        "fix": {s: fix_label(s, lang) for s in ("safe", "unsafe")},
    }
    page = _environment().get_template("report.html.j2").render(
        lang=lang, L=labels, version=__version__, files=files, errors=results.errors, notices=results.notices,
        total=len(findings), files_with=sum(1 for f in files if f["count"]), safe=safe, unsafe=unsafe,
        levels=[(lv, level_label(lv, lang), levels[lv]) for lv in LEVEL_ORDER],
        categories=[(c, category_label(c, lang), COLOURS.get(c, FALLBACK_COLOUR), n) for c, n in cats.most_common()],
        summary=_summary(results, lang), level_label=lambda lv: level_label(lv, lang),
        css=_asset("report.css"),
        mark_css=Markup(_mark_css(codes, {(f.category, f.level) for f in findings})), js=_asset("report.js"), data=data)
    return page
