"""script: characters of the wrong script for the edition (opencc), and full-width Latin letters.

YAML::

    kind: script
    check: traditional      # or fullwidth-latin
    target: zh-Hans         # zh-Hans: traditional/variant forms are wrong; zh-Hant: simplified ones are
    allow: [於, 夥]          # characters never flagged (valid in names or in special senses)
    opencc: t2s             # optional: the opencc config; default t2s for zh-Hans, s2t for zh-Hant

opencc converts phrase by phrase, so 乾隆 and 著名 stay while 發展 becomes 发展. The whole text is
converted once (C++, fast); only lines that differ are compared character by character.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import replace
from typing import Any

from lint.chars import is_han
from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.kinds.substitution import PLACE_NOTES
from lint.names import keeps_words, protected
from lint.resources import opencc_converter
from lint.rules import Kind, Opt, Rule

TARGETS = {"zh-Hans": "t2s", "zh-Hant": "s2t"}
# One range is scanned much faster than two; the six signs between the letter blocks are split off.
_FULLWIDTH_RANGE_RE = re.compile("[\uff21-\uff5a]+")
_FULLWIDTH_LETTERS_RE = re.compile("[\uff21-\uff3a\uff41-\uff5a]+")


def _common_han(ch: str) -> bool:
    """In the basic CJK block, where every character of the simplified standard list lies."""
    return "\u4e00" <= ch <= "\u9fff"


class Script(Kind):
    name = "script"
    OPTIONS = {
        "check": "traditional (wrong script for the target) or fullwidth-latin",
        "target": Opt("zh-Hans (default) or zh-Hant", choices=tuple(TARGETS)),
        "allow": "characters never flagged, e.g. ones valid in names",
        "opencc": "opencc config name overriding the target's default (t2s, s2t, tw2s, s2tw …)",
    }
    REQUIRED = ("check",)

    @classmethod
    def validate(cls, options: dict[str, Any]) -> Iterator[tuple[str | None, str]]:
        yield from super().validate(options)
        allow = options.get("allow", {})
        if not isinstance(allow, (list, dict)):
            yield "allow", "'allow' must be a list of characters or a mapping of target to list"
        if "opencc" in options and not (isinstance(options["opencc"], str) and options["opencc"].isascii()):
            yield "opencc", "'opencc' must be an opencc config name such as t2s"

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.target = self.options.get("target", "zh-Hans")
        allow = self.options.get("allow", [])
        if isinstance(allow, dict):  # per-target lists
            allow = allow.get(self.target, [])
        self.allow = frozenset("".join(allow))
        self.config_name = self.options.get("opencc", TARGETS[self.target])
        self.detector = self.CHECKS[self.options["check"]]

    def check(self, doc: Document) -> Iterator[Finding]:
        return self.detector(self, doc)

    def _fullwidth_latin(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for r in _FULLWIDTH_RANGE_RE.finditer(text):
            for m in _FULLWIDTH_LETTERS_RE.finditer(text, r.start(), r.end()):
                yield self.finding(doc, m.start(), m.end(), suggestions=[unicodedata.normalize("NFKC", m.group())])

    def _traditional(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        converted = opencc_converter(self.config_name).convert(text)
        if converted == text:
            return
        old_lines = text.split("\n")
        new_lines = converted.split("\n")
        if len(old_lines) != len(new_lines):  # a conversion that changed line structure: compare all
            old_lines, new_lines = [text], [converted]
        base = 0
        for old, new in zip(old_lines, new_lines, strict=True):
            if old != new:
                yield from self._line(doc, base, old, new)
            base += len(old) + 1

    def _line(self, doc: Document, base: int, old: str, new: str) -> Iterator[Finding]:
        # (start, end, replacement) of each changed stretch, in old-line offsets
        changes: list[tuple[int, int, str]] = []
        if len(old) == len(new):
            for i, (oc, nc) in enumerate(zip(old, new, strict=True)):
                if oc != nc and is_han(oc) and oc not in self.allow:
                    changes.append((i, i + 1, nc))
        else:
            sm = difflib.SequenceMatcher(None, old, new, autojunk=False)
            for tag, i1, i2, j1, j2 in sm.get_opcodes():
                if tag == "replace" and any(is_han(c) and c not in self.allow for c in old[i1:i2]):
                    changes.append((i1, i2, new[j1:j2]))
        # Merge stretches one Han character apart into a word-sized finding (發展經濟 → 发展经济).
        groups: list[list[tuple[int, int, str]]] = []
        for ch in changes:
            if groups and ch[0] - groups[-1][-1][1] <= 1 and all(is_han(c) for c in old[groups[-1][-1][1]:ch[0]]):
                groups[-1].append(ch)
            else:
                groups.append([ch])
        for g in groups:
            if not all(_common_han(c) for _, _, rep in g for c in rep):
                continue  # opencc maps a few rare characters to rarer ones (爇 → 𦶟): not a correction
            s, e = g[0][0], g[-1][1]
            parts, pos = [], s
            for a, b, rep in g:
                parts.append(old[pos:a])
                parts.append(rep)
                pos = b
            parts.append(old[pos:e])
            f = self.finding(doc, base + s, base + e, suggestions=["".join(parts)], target=self.target)
            # opencc converts by phrase, and a phrase may straddle words (颠覆信息: 覆信 → 复信): such a
            # change splits a word, so it is not fixed (lint/kinds/substitution.py, in_words: suggest).
            yield (f if f.fix is None or keeps_words(doc.text, f.offset, f.end_offset, f.suggestions[0],
                                                     protected(doc, self.config.accept))
                   else replace(f, level="suggestion", fix=None, message=f.message + PLACE_NOTES["in_words"][0],
                                message_en=f.message_en + PLACE_NOTES["in_words"][1] if f.message_en else ""))

    # check name → detector; the keys are the `check:` values a rule may name.
    CHECKS = {
        "traditional": _traditional,
        "fullwidth-latin": _fullwidth_latin,
    }


KIND = Script
