"""numbers: GB/T 15835—2011 number forms and the consistency of figures inside one story.

YAML::

    kind: numbers
    check: yi-amount        # which detector (see CHECKS)
    mode: breakdown         # sum-total only: explicit (共/合计/其余) or breakdown (其中 …)

Every detector reads the shared number layer (lint.numbers.parse). Consistency detectors fire only when
the sentence structure says unambiguously which figures relate, and explain the arithmetic. The detectors
live in lint/numbers/: forms, dates, change statements, consistency.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.numbers import changes, consistency, dates, forms
from lint.rules import Kind, Opt, Rule

Detector = Callable[["Numbers", Document], Iterator[Finding]]

# check name → detector; the keys are the `check:` values a rule may name.
CHECKS: dict[str, Detector] = {
    "impossible-date": dates.impossible_date,
    "weekday": dates.weekday,
    "two-digit-year": dates.two_digit_year,
    "fullwidth-digits": forms.fullwidth_digits,
    "mixed-forms": forms.mixed_forms,
    "fixed-expression": forms.fixed_expression,
    "chinese-statistic": forms.chinese_statistic,
    "yi-amount": forms.yi_amount,
    "percent-range": forms.percent_range,
    "magnitude-range": forms.magnitude_range,
    "decrease-times": forms.decrease_times,
    "percent-point": forms.percent_point,
    "sum-total": consistency.sum_total,
    "subtotal": consistency.subtotal,
    "percentage": consistency.percentage,
    "repeated-figure": consistency.repeated_figure,
    "elapsed-span": dates.elapsed_span,
    "change-consistency": changes.change_consistency,
}


class Numbers(Kind):
    name = "numbers"
    OPTIONS = {
        "check": "which detector: " + ", ".join(CHECKS),
        "mode": Opt("sum-total: 'explicit' (共/合计/其余 structures) or 'breakdown' (其中 lists that exceed the "
                    "total)", choices=("explicit", "breakdown")),
    }
    REQUIRED = ("check",)
    CHECKS = CHECKS
    RELEASES = ("numbers.", "sentences")  # (Kind.RELEASES)

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.detector: Detector = CHECKS[self.options["check"]]
        self.mode: str = self.options.get("mode", "explicit")

    def check(self, doc: Document) -> Iterator[Finding]:
        return self.detector(self, doc)


KIND = Numbers
