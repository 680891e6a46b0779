"""Memory (issues 12 and 17): linting a finding-dense file and writing its report holds the findings, not the report.

The seed article with its sentence punctuation in half-width forms (，→, 。→.) has a finding in nearly every
sentence: ~0.6 MB of it gives ~15,000 findings and a ~15 MB JSON report. The same input at 1 MB, lint + JSON report,
traced peak: 129 MB before the findings had slots and the reporters wrote in pieces (report.chunks), 32 MB after
(~125 and ~32 bytes per input byte). The bound below, 45 bytes per input byte plus 8 MB, sits between the two.
The typo kinds are left out: their tables and caches are the models' (a fixed cost, capped in lint/typo), and they
would take most of the time."""

from __future__ import annotations

import itertools
import json
import tracemalloc

import pytest

from lint import report
from lint.document import Document
from lint.engine import Linter
from lint.report import FileResult, ReportOptions, Results
from lint.report import json as json_report
from lint.report import text as text_report

from .conftest import SEED

DENSE = str.maketrans({"，": ",", "。": ".", "：": ":", "；": ";"})
BYTES_PER_INPUT_BYTE = 45
CONSTANT = 8 * 2**20


def _dense(n_bytes: int) -> str:
    """Seed paragraphs with half-width sentence punctuation, one per line with blank lines between."""
    paras = [ln.strip().translate(DENSE) for ln in SEED.read_text(encoding="utf-8").splitlines() if ln.strip()]
    out, size = [], 0
    for p in itertools.cycle(paras):
        out.append(p)
        size += len(p.encode("utf-8")) + 2
        if size >= n_bytes:
            return "\n\n".join(out) + "\n"
    raise AssertionError("unreachable")


@pytest.mark.slow
def test_lint_and_json_report_of_a_dense_file_peak_under_a_bound(linter: Linter) -> None:
    rules = [r for r in linter.rules if r.kind != "typos"]
    linter.lint(Document.from_text(_dense(20_000), "warm.txt"), rules)  # tables the kinds load on first use
    text = _dense(600_000)
    size = len(text.encode("utf-8"))
    tracemalloc.start()
    try:
        doc = Document.from_text(text, "dense.txt")
        findings = linter.lint(doc, rules)
        written = 0
        for piece in report.chunks("json", Results([FileResult(doc.path, doc, findings)]), ReportOptions()):
            written += len(piece.encode("utf-8"))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(findings) > 10_000
    assert written > 20 * size  # the report is far bigger than what the run may hold at once
    assert peak < BYTES_PER_INPUT_BYTE * size + CONSTANT, (
        f"traced peak {peak / 2**20:.1f} MB for {size / 2**20:.2f} MB of input and {len(findings)} findings")


def _results(linter: Linter) -> Results:
    doc = Document.from_text(_dense(6_000), "dense.txt")
    seed = Document.from_path(SEED)
    return Results([FileResult(doc.path, doc, linter.lint(doc)), FileResult(seed.path, seed, linter.lint(seed)),
                    FileResult("empty.txt", Document.from_text("", "empty.txt"), [])])


def test_json_chunks_join_to_the_json_document(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _results(linter)
    assert len(results.files[0].findings) > 7
    monkeypatch.setattr(json_report, "BATCH", 3)  # several pieces per file, one with a short tail
    pieces = list(report.chunks("json", results))
    assert len(pieces) > len(results.files[0].findings) // 3
    assert "".join(pieces) == json.dumps(json_report.document(results), ensure_ascii=False, indent=2) + "\n"


def test_text_chunks_join_to_the_whole_text_report(linter: Linter, monkeypatch: pytest.MonkeyPatch) -> None:
    results = _results(linter)
    whole = report.render("text", results, ReportOptions(statistics=True))
    monkeypatch.setattr(text_report, "BATCH", 7)
    pieces = list(report.chunks("text", results, ReportOptions(statistics=True)))
    assert len(pieces) > 3
    assert "".join(pieces) == whole


def test_a_format_without_chunks_is_one_piece(linter: Linter) -> None:
    results = _results(linter)
    assert list(report.chunks("concise", results)) == [report.render("concise", results)]
    with pytest.raises(ValueError, match="unknown format"):
        report.chunks("nope", results)


# ---- per-document state released after the rules that read it (Kind.RELEASES, Document.release) ----------------
def _mixed() -> str:
    """The seed article (figures, quotes, names) and finding-dense paragraphs."""
    return SEED.read_text(encoding="utf-8") + "\n" + _dense(30_000)


def test_state_of_earlier_rules_is_released_and_the_findings_stay(linter: Linter,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    doc = Document.from_text(_mixed(), "mixed.txt")
    findings = linter.lint(doc)
    assert {f.rule.split(".")[0] for f in findings} >= {"number", "punctuation", "typo"}
    released = [k for k in doc.cache if k.startswith(("numbers.", "context.", "repetition.", "marks."))]
    assert released == [] and "sentences" not in doc.__dict__  # the typo rules came after them
    assert "names.protected:()" in doc.cache  # read by the last rules: kept

    monkeypatch.setattr(Document, "release", lambda self, names: None)
    kept = Document.from_text(_mixed(), "mixed.txt")
    assert linter.lint(kept) == findings
    assert any(k.startswith("numbers.") for k in kept.cache) and "sentences" in kept.__dict__


def test_release_drops_only_what_it_names(seed_doc: Document) -> None:
    doc = Document.from_text(seed_doc.text, "seed.txt")
    sentences, quotations = doc.sentences, doc.quotations
    doc.cache.update({"numbers.q": [1], "numbers.d": [2], "numbersx": 3, "names.protected:()": 4})
    doc.release(("numbers.", "sentences", "paragraphs"))
    assert doc.cache == {"numbersx": 3, "names.protected:()": 4}
    assert "sentences" not in doc.__dict__ and doc.quotations is quotations and doc.paragraphs
    assert doc.sentences == sentences and doc.sentences is not sentences  # built again, the same


def test_sentence_at_without_the_sentence_list_is_the_same_sentence(seed_doc: Document) -> None:
    text = seed_doc.text + "\n\n  “第二段。”  还有一句？没有结尾\n\n\n结尾……"
    whole = Document.from_text(text, "seed.txt")
    whole.sentences  # noqa: B018 - the list path
    part = Document.from_text(text, "seed.txt")
    for offset in [-1, *range(len(text) + 2)]:
        assert part.sentence_at(offset) == whole.sentence_at(offset), offset
    assert "sentences" not in part.__dict__
    assert any(whole.sentence_at(o) is None for o in range(len(text)))  # blank lines and leading spaces


def test_sentence_at_with_paragraphs_out_of_order_reads_the_list() -> None:
    doc = Document.from_text("甲。乙。\n丙。", "t.txt")
    doc.paragraphs = [doc.paragraphs[1], doc.paragraphs[0]]  # a hand-built document
    assert doc.sentence_at(1) is not None and "sentences" in doc.__dict__


def test_engine_sort_is_one_stable_sort_by_the_key(linter: Linter) -> None:
    from dataclasses import replace

    from lint import engine

    doc = Document.from_text(_mixed(), "mixed.txt")
    found = linter.lint(doc, [r for r in linter.rules if r.kind != "typos"])
    # ties at one offset: other rules and levels, and copies equal by key whose order must stay
    extra = [replace(f, rule="a.first", level="suggestion", message=f"copy {n}") for n, f in enumerate(found[::7])]
    extra += [replace(f, message=f"twin {n}") for n, f in enumerate(found[::5])]
    mixed = [*found[::-1], *extra, *found[: len(found) // 3]]
    for key in (engine._processing_order, engine.Finding.sort_key):
        got = list(mixed)
        engine._sort(got, key)
        assert [id(f) for f in got] == [id(f) for f in sorted(mixed, key=key)]
