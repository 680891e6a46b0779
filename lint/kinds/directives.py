"""directives: suppression comments that silence nothing or name no rule (ruff's RUF100, ESLint's
--report-unused-disable-directives).

YAML::

    kind: directives
    check: unused          # or unknown-rule

A directive can only be judged after the rules it names have run: this kind is an ``Auditor``
(lint/engine.py), which the engine runs after every other kind, on the document's suppressions.
``unused`` is judged only when every rule the directive names ran in this run (a ``--select``
subset proves nothing about the rest, nor does a rule the config switches off).
"""

from __future__ import annotations

from collections.abc import Iterator

from lint.config import Config
from lint.document import Document
from lint.engine import LintRun
from lint.finding import Edit, Finding
from lint.rules import Kind, Opt, Rule
from lint.suppression import Directive


class Directives(Kind):
    name = "directives"
    REQUIRED = ("check",)

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.auditor = self.CHECKS[self.options["check"]]

    def check(self, doc: Document) -> Iterator[Finding]:
        return iter(())  # judged after the other rules: see audit()

    def audit(self, run: LintRun) -> Iterator[Finding]:
        """Findings on the document's suppression comments, once the rules of the run are done."""
        if run.suppressions is None:
            return
        for d in run.suppressions.directives:
            yield from self.auditor(self, run, d)

    def _unknown_rule(self, run: LintRun, d: Directive) -> Iterator[Finding]:
        bad = [s for s in d.selectors if not any(r.matches(s) for r in run.known)]
        if bad:
            yield self.finding(run.doc, d.start, d.end, rules="、".join(bad), rules_en=", ".join(bad))

    def _unused(self, run: LintRun, d: Directive) -> Iterator[Finding]:
        known = run.known
        if d.what == "enable" or d.used:
            return
        sels = [s for s in d.selectors if any(r.matches(s) for r in known)]
        if d.selectors and not sels:
            return  # names no rule at all: that is unknown-rule's finding
        named = [r for r in known if r.kind != "directives"
                 and (not sels or any(r.matches(s) for s in sels))]
        # Judged only when every rule it names ran: a directive for a rule this run leaves out
        # (--select, ignore in the config) may be needed by another configuration.
        ran_ids = {r.id for r in run.ran}
        if named and all(r.id in ran_ids for r in named):
            yield self.finding(run.doc, d.start, d.end, suggestions=[""], edits=[_removal(run.doc.text, d)])

    # check name → audit of one directive; the keys are the `check:` values a rule may name.
    CHECKS = {
        "unused": _unused,
        "unknown-rule": _unknown_rule,
    }
    OPTIONS = {"check": Opt(f"which audit: {', '.join(CHECKS)}", choices=tuple(CHECKS))}


_BLANK = " \t\u3000"


def _removal(text: str, d: Directive) -> Edit:
    """Delete the comment, and its line when the comment stands alone on it; at the end of a line the
    spaces before it go too, and between two words one of the two gaps (no trailing space is left)."""
    a = text.rfind("\n", 0, d.start) + 1
    b = text.find("\n", d.end)
    b = len(text) if b < 0 else b
    before, after = text[a:d.start], text[d.end:b]
    if not before.strip() and not after.strip():
        return Edit(a, min(b + 1, len(text)), "")
    gap_after = len(after) - len(after.lstrip(_BLANK))
    if not after.strip():
        return Edit(a + len(before.rstrip(_BLANK)), d.end + gap_after, "")
    if before.strip() and before[-1] in _BLANK and gap_after:
        return Edit(d.start, d.end + gap_after, "")
    return Edit(d.start, d.end, "")


KIND = Directives
