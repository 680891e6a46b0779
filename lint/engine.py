"""Runs the enabled rules over a Document; one place decides levels, suppression and order.

Two stages: the rule kinds check the text, then the engine settles what is reported (levels,
suppression comments, deduplication); kinds that judge the run itself (``Auditor``: the directive
audits) come last and see what the first stage left, through a ``LintRun``. Per-document results the
rules share live on the Document (``rules.memo``), so one Linter serves several threads at once.
"""

from __future__ import annotations

import operator
import re
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, Protocol, cast, runtime_checkable

from lint import budget
from lint.config import Config
from lint.document import Document
from lint.finding import LEVELS, Finding
from lint.rules import Kind, Rule, RuleError, builtin_packs, get_kind, load_packs
from lint.suppression import Suppressions


class LintError(Exception):
    """A run that cannot complete (a rule failing on a file); one line for the user."""


@dataclass
class LintRun:
    """One lint of one document, as the stage after the rule kinds sees it."""

    doc: Document
    suppressions: Suppressions | None  # None: the text has no suppression comment
    ran: list[Rule]  # the rules that checked the text in this run
    known: list[Rule]  # every rule there is (a comment may name one this run leaves out)
    findings: list[Finding]  # what the run reports so far: levels, suppression and deduplication done


@runtime_checkable
class Auditor(Protocol):
    """A kind that judges the run rather than the text: it runs after every other kind."""

    def audit(self, run: LintRun) -> Iterable[Finding]: ...


@dataclass
class Linter:
    config: Config
    rules: list[Rule]  # the rules the config enables
    known: list[Rule] = field(default_factory=list)  # every rule there is (empty: rules)

    @classmethod
    def from_config(cls, config: Config) -> Linter:
        rules = load_packs([*builtin_packs(), *config.rule_files])
        where = str(config.path) if config.path else "command line"
        pfi = [s for sels in config.per_file_ignores.values() for s in sels]
        for sel in [*config.select, *config.ignore, *config.levels, *pfi]:
            if sel != "ALL" and not any(r.matches(sel) for r in rules):
                raise RuleError(f"{where}: unknown rule or prefix {sel!r} (see `newslint rules`)")
        by_id = {r.id: r for r in rules}
        for rid, opts in config.options.items():
            rule = by_id.get(rid)
            if rule is None:
                raise RuleError(f"{where}: options for unknown rule {rid!r} (see `newslint rules`)")
            for _key, problem in get_kind(rule.kind).validate({**rule.options, **opts}):
                raise RuleError(f"{where}: options for {rid}: {problem}")
        return cls(config, [r for r in rules if config.is_selected(r)], rules)

    def __post_init__(self) -> None:
        self._kinds: dict[str, Kind] = {}
        # Kinds load their resources on first use (a model, a tagger): the first run of each kind is
        # taken one thread at a time, later ones run freely.
        self._warm: set[str] = set()
        self._auditor: dict[str, bool] = {}
        self._kind_releases: dict[str, tuple[str, ...]] = {}  # kind name -> Kind.RELEASES
        self._lock = threading.RLock()
        # One line per rule skipped on a document (over its time budget), when lint() is given no list.
        self.notes: list[str] = []
        for r in self.rules:
            r.level = self.config.level_for(r)  # type: ignore[assignment]

    def kind(self, rule: Rule) -> Kind:
        """Rule kinds are built on first use, so a run pays only for the resources it needs."""
        k = self._kinds.get(rule.id)
        if k is None:
            with self._lock:
                k = self._kinds.get(rule.id)
                if k is None:
                    k = self._kinds[rule.id] = get_kind(rule.kind)(rule, self.config)
        return k

    def preload(self) -> None:
        """Kind.preload of every kind built so far (those of the rules that have run)."""
        with self._lock:
            kinds = list(self._kinds.values())
        for k in kinds:
            k.preload()

    def lint(self, doc: Document, rules: list[Rule] | None = None, notes: list[str] | None = None) -> list[Finding]:
        """Findings of the rules (default: those enabled) on doc. A rule that runs over its time budget
        (lint.budget) is skipped for this document and a line saying so is added to ``notes``
        (default ``self.notes``), once; the other rules go on."""
        notes = self.notes if notes is None else notes
        ignored_here = self.config.ignored_for(doc.path) if doc.path != "-" else []
        run = [r for r in (rules if rules is not None else self.rules)
               if not any(r.matches(s) for s in ignored_here)]
        checks = [r for r in run if not self._audits(r)]
        audits = [r for r in run if self._audits(r)]
        out: list[Finding] = []
        for rule, done in zip(checks, self._releases(checks), strict=True):
            out.extend(self._run(rule, doc, lambda k: k.check(doc), notes))
            if done:
                doc.release(done)
        sup = Suppressions(doc) if "newslint-" in doc.text else None
        kept = self._finish(doc, out, sup)
        if not audits:
            return kept
        ctx = LintRun(doc, sup, checks, self.known or self.rules, list(kept))
        n = len(kept)
        for rule in audits:
            kept.extend(self._run(rule, doc, lambda k: cast(Auditor, k).audit(ctx), notes))
        if len(kept) > n:  # else kept is in order already
            _sort(kept, Finding.sort_key)
        return kept

    def _releases(self, checks: list[Rule]) -> list[tuple[str, ...]]:
        """Per rule of ``checks``: the per-document state (Kind.RELEASES) no rule after it reads."""
        last: dict[str, int] = {}
        for n, rule in enumerate(checks):
            names = self._kind_releases.get(rule.kind)
            if names is None:
                names = self._kind_releases[rule.kind] = get_kind(rule.kind).RELEASES
            for name in names:
                last[name] = n
        after: list[tuple[str, ...]] = [() for _ in checks]
        for name, n in last.items():
            after[n] = (*after[n], name)
        return after

    def _audits(self, rule: Rule) -> bool:
        """The rule's kind judges the run (an Auditor), not the text."""
        known = self._auditor.get(rule.id)
        if known is None:
            known = self._auditor[rule.id] = isinstance(self.kind(rule), Auditor)
        return known

    def _run(self, rule: Rule, doc: Document, stage: Callable[[Kind], Iterable[Finding]],
             notes: list[str]) -> list[Finding]:
        """One rule's findings on doc within its time budget (over it: a note, no findings); a rule that
        fails becomes one clear LintError."""
        kind = self.kind(rule)
        try:
            with budget.scope(budget.seconds_for(len(doc.text))):
                if rule.id in self._warm:
                    return list(stage(kind))
                with self._lock:
                    found = list(stage(kind))
                    self._warm.add(rule.id)
                return found
        except (RuleError, LintError):
            raise
        except TimeoutError:
            note = (f"{doc.path}: rule {rule.id} ({rule.where}) ran out of time on this file and was skipped;"
                    " simplify its pattern or ignore the rule for this file")
            if note not in notes:
                notes.append(note)
            return []
        except Exception as exc:  # a rule bug must not lose the user's run silently
            raise LintError(f"{doc.path}: rule {rule.id} ({rule.where}) failed: "
                            f"{type(exc).__name__}: {exc}") from None

    def _finish(self, doc: Document, found: list[Finding], sup: Suppressions | None) -> list[Finding]:
        accepted = _accepted_spans(doc.text, self.config.accept)
        seen: set[tuple[str, int, int]] = set()
        # per category and level: the furthest end of a finding kept so far (all start at or before f)
        reach: dict[tuple[str, int], int] = {}
        out = []
        # Two rules saying the same thing (span and first suggestion) of one category count once: the
        # stronger level wins, then a safe fix over an unsafe one over none.
        said: set[tuple[str, int, int, str]] = set()
        at = -1  # seen and said hold the keys of this offset only: findings come by offset, keys name theirs
        _sort(found, _processing_order)
        for f in found:
            if f.offset != at:
                at = f.offset
                seen.clear()
                said.clear()
            key = (f.rule, f.offset, f.end_offset)
            if key in seen or doc.is_ignored(f.offset, f.end_offset):
                continue
            same = (f.category, f.offset, f.end_offset, f.suggestions[0] if f.suggestions else "")
            if same in said:
                continue
            # A weaker mark inside a stronger one of the same category says nothing new (a language-model
            # guess on a word the curated list already reports).
            lv = LEVELS[f.level]
            end = max(f.end_offset, f.offset + 1)
            if any(reach.get((f.category, higher), -1) >= end for higher in range(lv + 1, 3)):
                continue
            if any(a < end and f.offset < b for a, b in accepted):
                continue
            seen.add(key)
            said.add(same)
            rk = (f.category, lv)
            reach[rk] = max(reach.get(rk, -1), f.end_offset)
            # A suppressed finding still speaks for the weaker ones it covers: silencing
            # typo.known-wrong-form on a line must not bring back typo.idiom-slip on the same span.
            if sup and sup.suppressed(f):
                continue
            out.append(f)
        _sort(out, Finding.sort_key)
        return out


_SAFETY_RANK = {"safe": 0, "unsafe": 1}


def _processing_order(f: Finding) -> tuple[int, int, int, int, str]:
    """Covering spans first; at one span the stronger level, then the safer fix, then the rule id."""
    return (f.offset, -f.end_offset, -LEVELS[f.level], _SAFETY_RANK.get(f.fix.safety, 2) if f.fix else 2, f.rule)


_OFFSET = operator.attrgetter("offset")


def _sort(found: list[Finding], key: Callable[[Finding], tuple[Any, ...]]) -> None:
    """Sort in place by ``key``, whose first item is the offset: by offset first (the key objects are the
    findings' own ints), then each run of findings at one offset by the whole key. The same order as one
    stable sort by ``key``, without a tuple per finding at once: a finding-dense file has hundreds of
    thousands, and their keys were ~25 MB at the run's peak."""
    found.sort(key=_OFFSET)
    i, n = 0, len(found)
    while i < n:
        at, j = found[i].offset, i + 1
        while j < n and found[j].offset == at:
            j += 1
        if j - i > 1:
            found[i:j] = sorted(found[i:j], key=key)
        i = j


def _accepted_spans(text: str, accept: list[str]) -> list[tuple[int, int]]:
    if not accept:
        return []
    rx = re.compile("|".join(re.escape(a) for a in sorted(accept, key=len, reverse=True) if a))
    return [(m.start(), m.end()) for m in rx.finditer(text)]


def fails(findings: list[Finding], fail_level: str) -> bool:
    return any(LEVELS[f.level] >= LEVELS[fail_level] for f in findings)
