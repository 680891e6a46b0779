"""Rule-pack tester: a pack's own ``good``/``bad`` examples, run on the real engine (like textlint's and
LanguageTool's rule testers).

A bad example must be flagged by its rule (with the expected suggestion among the finding's, when
the example gives one); a good example must not be. ``run_pack_tests`` prints each failing example
with its file:line (``newslint test PACK.yaml …``); ``validate_examples`` gives one-line warnings
for the user packs of a configuration (``check``). tests/test_examples.py runs the built-in packs
through ``check_example`` too: one implementation.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from lint.config import Config, load_config
from lint.document import Document
from lint.engine import Auditor, Linter, LintError
from lint.rules import Example, Rule, RuleError, builtin_packs, load_pack, load_packs

EXIT_OK, EXIT_FAILED, EXIT_UNLOADABLE = 0, 1, 2


@dataclass(frozen=True)
class Failure:
    rule: Rule
    which: str  # bad or good
    example: Example
    problem_zh: str
    problem_en: str
    line: int

    def line_text(self, lang: str = "zh") -> str:
        problem = self.problem_en if lang == "en" else self.problem_zh
        return f"{self.rule.path}:{self.line}: {self.rule.id}: {problem}"


def check_example(linter: Linter, rule: Rule, which: str, example: Example) -> tuple[str, str] | None:
    """None when the example behaves as its pack says; else the problem (Chinese, English)."""
    doc = Document.from_text(example.text, "example.txt")
    # A suppression directive is judged by what the other rules find, so those rules run too.
    run = (linter.known or linter.rules) if isinstance(linter.kind(rule), Auditor) else [rule]
    try:
        found = [f for f in linter.lint(doc, run) if f.rule == rule.id]
    except LintError as exc:
        return f"示例运行出错：{exc}", f"the example fails to run: {exc}"
    text = _short(example.text)
    if which == "bad":
        if not found:
            return f"错误示例未被发现：{text}", f"bad example not flagged: {text}"
        if example.suggestion is not None and not any(example.suggestion in f.suggestions for f in found):
            got = "、".join(s for f in found for s in f.suggestions) or "无"
            got_en = ", ".join(s for f in found for s in f.suggestions) or "none"
            return (f"错误示例已发现，但建议中没有“{example.suggestion}”（实际：{got}）：{text}",
                    f"bad example flagged without the suggestion {example.suggestion!r} (got: {got_en}): {text}")
        return None
    if found:
        spans = "、".join(f"“{doc.text[f.offset:f.end_offset]}”" for f in found)
        spans_en = ", ".join(repr(doc.text[f.offset:f.end_offset]) for f in found)
        return f"正确示例被误报（{spans}）：{text}", f"good example flagged ({spans_en}): {text}"
    return None


def _short(text: str, limit: int = 40) -> str:
    one = text.replace("\n", "⏎")
    return one if len(one) <= limit else one[:limit] + "…"


def example_cases(rules: Iterable[Rule]) -> Iterator[tuple[Rule, str, Example]]:
    for r in rules:
        for which, examples in (("bad", r.bad), ("good", r.good)):
            for e in examples:
                yield r, which, e


def failures(linter: Linter, rules: Iterable[Rule]) -> Iterator[Failure]:
    rules = list(rules)
    lines = _ExampleLines()
    for r, which, e in example_cases(rules):
        problem = check_example(linter, r, which, e)
        if problem is not None:
            yield Failure(r, which, e, problem[0], problem[1], lines.line_of(r, which, e))


class _ExampleLines:
    """The line of an example in its pack file: the YAML loader keeps lines of mappings, not of list
    items, so the example's text is looked up from its rule's line on (the first unclaimed hit)."""

    def __init__(self) -> None:
        self._files: dict[str, list[str]] = {}
        self._claimed: set[tuple[str, int]] = set()

    def line_of(self, rule: Rule, which: str, example: Example) -> int:
        if rule.path not in self._files:
            try:
                self._files[rule.path] = Path(rule.path).read_text(encoding="utf-8").splitlines()
            except (OSError, UnicodeDecodeError):
                self._files[rule.path] = []
        lines = self._files[rule.path]
        needle = example.text.splitlines()[0] if example.text.strip() else example.text
        start = max(0, rule.line - 1)
        # from the rule's examples: key on (a description may quote an example too)
        start = next((i for i in range(start, len(lines)) if lines[i].strip().startswith("examples:")), start)
        for i in range(start, len(lines)):
            if i > start and lines[i].lstrip().startswith("- id:"):
                break  # the next rule
            if needle and needle in lines[i] and (rule.path, i) not in self._claimed:
                self._claimed.add((rule.path, i))
                return i + 1
        return rule.line


def _linter_for(config: Config, rules: list[Rule], known: list[Rule] | None = None) -> Linter:
    """A Linter running exactly these rules; every other rule there is stays known (for directives)."""
    if known is None:
        try:
            known = load_packs([*builtin_packs(), *config.rule_files])
        except RuleError:
            known = []
    ids = {r.id for r in rules}
    return Linter(config, rules, [*rules, *(r for r in known if r.id not in ids)])


def run_pack_tests(paths: list[Path], lang: str = "zh", out: TextIO = sys.stdout,
                   config: Config | None = None) -> int:
    """Run the packs' examples; print each failing one with file:line and a summary line.
    0: every example passes; 1: an example fails; 2: a pack (or the config) does not load."""
    en = lang == "en"
    unloadable = False
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for p in paths:
        try:
            pack = load_pack(Path(p))
        except RuleError as exc:
            out.write(f"{exc}\n")
            unloadable = True
            continue
        for r in pack:
            if r.id in seen:
                out.write(f"{r.where}: rule id {r.id!r} already defined at {seen[r.id]}\n")
                unloadable = True
                continue
            seen[r.id] = r.where
            rules.append(r)
    try:
        cfg = config if config is not None else load_config(None, Path.cwd())
    except RuleError as exc:
        out.write(f"{exc}\n")
        return EXIT_UNLOADABLE
    linter = _linter_for(cfg, rules)
    total = sum(1 for _ in example_cases(rules))
    failed = 0
    for f in failures(linter, rules):
        failed += 1
        out.write(f.line_text(lang) + "\n")
    no_examples = [r.id for r in rules if not r.bad and not r.good]
    for rid in no_examples:
        out.write(f"{rid}: no examples to run\n" if en else f"{rid}：没有可运行的示例\n")
    if en:
        out.write(f"{len(rules)} rules, {total} examples: {total - failed} passed, {failed} failed\n")
    else:
        out.write(f"共 {len(rules)} 条规则、{total} 个示例：通过 {total - failed}，未通过 {failed}\n")
    if unloadable:
        return EXIT_UNLOADABLE
    return EXIT_FAILED if failed else EXIT_OK


def validate_examples(rules: Iterable[Rule], config: Config | None = None, lang: str = "zh",
                      known: list[Rule] | None = None) -> list[str]:
    """One-line warnings for user packs' examples that do not behave as their pack says (built-in
    packs are tested by the test suite); meant to be called once per configuration by ``check``.
    ``known``: every rule there is (Linter.known), to spare loading the packs again."""
    user = [r for r in rules if not r.builtin]
    if not user:
        return []
    linter = _linter_for(config or Config(), user, known)
    return [f"{f.line_text(lang)}" + (" (run `newslint test` on the pack)" if lang == "en"
                                      else "（可用 newslint test 检查规则包）")
            for f in failures(linter, user)]


# ---- `newslint test PACK.yaml…` (a front end: lint.cli.FRONT_ENDS) ----------------------------------
def add_arguments(p: Any) -> None:
    p.add_argument("packs", nargs="+", type=Path, help="rule pack files (YAML) whose examples to run")
    p.add_argument("--config", type=Path, help="config file (default: nearest .newslint.yaml or pyproject.toml)")
    p.add_argument("--lang", choices=["zh", "en"], default="zh", help="message language (default zh)")


def run(args: Any) -> int:
    cfg = load_config(args.config, Path.cwd()) if args.config else None
    return run_pack_tests(list(args.packs), args.lang, sys.stdout, cfg)
