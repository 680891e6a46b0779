"""Engine and rule loading: validation errors name path:line, selection, levels, accept list."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.config import Config, load_config
from lint.document import Document
from lint.engine import Linter
from lint.rules import RuleError, load_pack

RULE = """\
rules:
  - id: house.no-bad-word
    kind: {kind}
    category: term
    level: error
    message: 避免使用“{{match}}”
    {body}
    examples: {{bad: [坏词], good: [好词]}}
"""


def write(tmp_path: Path, text: str) -> Path:
    p = tmp_path / "pack.yaml"
    p.write_text(text, encoding="utf-8")
    return p


def test_yaml_syntax_error_names_path_and_line(tmp_path: Path) -> None:
    p = write(tmp_path, "rules:\n  - id: a.b\n    kind: [unclosed\n")
    with pytest.raises(RuleError, match=rf"^{p}:\d+: YAML syntax error"):
        load_pack(p)


@pytest.mark.parametrize(("kind", "body", "line", "what"), [
    ("nope", "tokens: [坏词]", 3, "unknown kind"),
    ("existence", "tokenz: [坏词]", 7, "unknown key 'tokenz'"),
    ("pattern", "pattern: '(坏'", 7, "bad regex"),
    ("pattern", "pattern: 'x*'", 7, "matches the empty string"),
    ("substitution", "swap: {坏词: {too: 好词}}", 7, "unknown keys"),
])
def test_rule_validation_errors(tmp_path: Path, kind: str, body: str, line: int, what: str) -> None:
    p = write(tmp_path, RULE.format(kind=kind, body=body))
    with pytest.raises(RuleError) as exc:
        load_pack(p)
    assert str(exc.value).startswith(f"{p}:{line}: ") and what in str(exc.value)


def test_extra_rule_file_runs_with_examples(tmp_path: Path) -> None:
    p = write(tmp_path, RULE.format(kind="existence", body="tokens: [坏词]"))
    cfg = Config(rule_files=[p], select=["house"])
    linter = Linter.from_config(cfg)
    doc = Document.from_text("这是坏词，不是好词。")
    [f] = linter.lint(doc)
    assert (f.rule, f.level, doc.text[f.offset:f.end_offset], f.message) == (
        "house.no-bad-word", "error", "坏词", "避免使用“坏词”")


def test_unknown_selector_is_an_error() -> None:
    with pytest.raises(RuleError, match=r"unknown rule or prefix 'typo\.no-such-rule'"):
        Linter.from_config(Config(select=["typo.no-such-rule"]))


def test_select_ignore_levels_and_accept() -> None:
    text = "大家再接再励，又一次深受震憾。"
    base = Linter.from_config(Config(select=["typo.known-wrong-form"]))
    assert [f.level for f in base.lint(Document.from_text(text))] == ["warning", "warning"]
    raised = Linter.from_config(Config(select=["typo.known-wrong-form"], levels={"typo": "error"}))
    assert {f.level for f in raised.lint(Document.from_text(text))} == {"error"}
    ignored = Linter.from_config(Config(select=["typo"], ignore=["typo.known-wrong-form"]))
    assert not [f for f in ignored.lint(Document.from_text(text)) if f.rule == "typo.known-wrong-form"]
    accepted = Linter.from_config(Config(select=["typo.known-wrong-form"], accept=["震憾"]))
    assert [Document.from_text(text).text[f.offset:f.end_offset] for f in accepted.lint(Document.from_text(text))] \
        == ["再接再励"]


def test_regex_timeout_skips_the_rule_with_a_note(tmp_path: Path) -> None:
    p = write(tmp_path, RULE.format(kind="pattern", body="pattern: '(a|a)+$'"))
    linter = Linter.from_config(Config(rule_files=[p], select=["house", "typo.known-wrong-form"]))
    import lint.kinds.pattern as pattern_kind

    old, pattern_kind.TIMEOUT = pattern_kind.TIMEOUT, 0.05
    try:  # the other rules go on (tests/test_budget.py covers the per-document budget)
        notes: list[str] = []
        found = linter.lint(Document.from_text("再接再励。" + "a" * 40 + "!", "big.txt"), notes=notes)
        assert [f.rule for f in found] == ["typo.known-wrong-form"]
        assert len(notes) == 1 and notes[0].startswith("big.txt: rule house.no-bad-word (")
    finally:
        pattern_kind.TIMEOUT = old


def test_config_discovery_yaml_and_pyproject(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".newslint.yaml").write_text("ignore: [layout]\naccept: [高轶鸣]\nlevels: {typo: error}\n")
    cfg = load_config(None, tmp_path / "sub")
    assert cfg.path == tmp_path / ".newslint.yaml" and "layout" in cfg.ignore and cfg.accept == ["高轶鸣"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "pyproject.toml").write_text('[tool.newslint]\nselect = ["typo"]\nlang = "en"\n')
    cfg2 = load_config(None, other)
    assert cfg2.select == ["typo"] and cfg2.lang == "en"


def test_bad_config_names_line(tmp_path: Path) -> None:
    p = tmp_path / ".newslint.yaml"
    p.write_text("accept: [张三]\nfail-levle: error\n")
    with pytest.raises(RuleError, match=rf"^{p}:2: fail-levle: unknown setting"):
        load_config(p)


def test_per_file_ignores_and_exclude(tmp_path: Path) -> None:
    (tmp_path / ".newslint.yaml").write_text(
        "select: [typo.known-wrong-form]\nper-file-ignores: {'archive/*.txt': [typo]}\nexclude: ['drafts/old/**']\n",
        encoding="utf-8")
    cfg = load_config(None, tmp_path)
    linter = Linter.from_config(cfg)
    text = "大家再接再励。"
    assert linter.lint(Document.from_text(text, str(tmp_path / "news.txt")))
    assert not linter.lint(Document.from_text(text, str(tmp_path / "archive" / "a.txt")))
    assert cfg.is_excluded(str(tmp_path / "drafts" / "old" / "x" / "a.md"))
    assert not cfg.is_excluded(str(tmp_path / "drafts" / "new.md"))


@pytest.mark.parametrize(("kind", "options", "key", "what"), [
    ("context", {"targets": ["致歉"], "window": "chapter"}, "window", "must be one of clause"),
    ("context", {"targets": ["致歉"], "cue_patterns": ["(多亏"]}, "cue_patterns", "bad regex"),
    ("layout", {"check": "broken-paragraph", "max_heading": -1}, "max_heading", "at least 0"),
    ("punctuation", {"check": "dash", "strict": "yes"}, "strict", "true or false"),
    ("typos", {"margin": "high"}, "margin", "must be a number"),
    ("existence", {"tokens": ["坏词", ""]}, "tokens", "non-empty strings"),
    ("numbers", {"check": "no-such-check"}, "check", "unknown check"),
])
def test_kind_options_are_checked_by_their_declared_shape(kind: str, options: dict, key: str, what: str) -> None:
    from lint.rules import get_kind

    problems = list(get_kind(kind).validate(options))
    assert any(k == key and what in msg for k, msg in problems), problems


def test_config_options_and_per_file_ignores_are_validated(tmp_path: Path) -> None:
    cfg = tmp_path / ".newslint.yaml"
    cfg.write_text("options: {typo.statistical: {margin: high}}\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"options for typo\.statistical: 'margin' must be a number"):
        Linter.from_config(load_config(cfg))
    cfg.write_text("options: {typo.no-such: {margin: 1}}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="options for unknown rule"):
        Linter.from_config(load_config(cfg))
    cfg.write_text("per-file-ignores: {'*.md': [typo.no-such]}\n", encoding="utf-8")
    with pytest.raises(RuleError, match="unknown rule or prefix"):
        Linter.from_config(load_config(cfg))


def test_a_weaker_mark_inside_a_stronger_one_of_its_category_is_dropped(tmp_path: Path) -> None:
    # Two house rules of one category: an error on 坏词 and a suggestion on 坏 (inside it) and on 好.
    pack = tmp_path / "house.yaml"
    pack.write_text(
        "rules:\n"
        "  - {id: house.word, kind: existence, category: style, level: error, message: 词,\n"
        "     tokens: [坏词], examples: {bad: [坏词], good: [好]}}\n"
        "  - {id: house.char, kind: existence, category: style, level: suggestion, message: 字,\n"
        "     tokens: [坏, 好], examples: {bad: [坏], good: [词]}}\n"
        "  - {id: house.other, kind: existence, category: term, level: suggestion, message: 他,\n"
        "     tokens: [坏], examples: {bad: [坏], good: [词]}}\n", encoding="utf-8")
    linter = Linter.from_config(Config(rule_files=[pack], select=["house"]))
    doc = Document.from_text("坏词和好词，坏事")
    got = [(f.rule, doc.text[f.offset:f.end_offset], f.offset) for f in linter.lint(doc)]
    # house.char on the first 坏 is covered by house.word; another category (term) is not.
    assert got == [("house.other", "坏", 0), ("house.word", "坏词", 0), ("house.char", "好", 3),
                   ("house.char", "坏", 6), ("house.other", "坏", 6)]


# ---- one Linter, several threads (the HTTP service) ----------------------------------------------
_THREAD_TEXTS = [
    "<!-- newslint-disable-next-line typo.known-wrong-form -->\n队员们表示将再接再励。\n"
    "<!-- newslint-disable-line layout -->今天天气很好。\n",
    "本报记者高轶鸣报道：1月6日,省生态环境厅公布了排名情况。“我们会再接再励，”他说。\n",
    "该区共有农户1200户，其中脱贫户300户，占总数的40%。\n全年完成投资10337万元，同比增长12.5%。\n",
    "在装车现场，企业负责人曹景泽向园区负责人李凯致歉，感谢他们多亏了热情服务。\n",
    "（张冰楠 摄）\n会议由市市委副书记主持。北朝鲜代表团团长先后发言。\n",
    # only the idiom detector and the language model see these: kinds that load on first use
    "他做事总是粗心大义，丢三落四。经过努力，他们终于取得了可喜的成积。\n",
    "我们一定要认真贯彻落实会议经神。他做事总是粗心大义。\n",
]


def _thread_docs() -> list[Document]:
    from .conftest import SEED

    lines = SEED.read_text(encoding="utf-8").splitlines()
    chunks = ["\n".join(lines[i:i + 8]) for i in range(0, len(lines), 8)]
    return [Document.from_text(t, f"d{i}.md" if i % 2 else f"d{i}.txt", "markdown" if i % 2 else "plain")
            for i, t in enumerate([*_THREAD_TEXTS, *chunks])]


def _key(findings: list) -> list[tuple]:
    return [(f.rule, f.offset, f.end_offset, f.level, f.message, tuple(f.suggestions), f.fix) for f in findings]


def test_one_linter_serves_several_threads_as_it_serves_one(config: Config) -> None:
    """Different documents linted at once from four threads by one fresh Linter (kinds loading their
    resources concurrently on first use) give exactly the sequential findings."""
    import sys
    import threading
    from concurrent.futures import ThreadPoolExecutor

    docs = _thread_docs()
    alone = Linter.from_config(config)
    expected = [_key(alone.lint(d)) for d in _thread_docs()]
    assert sum(map(len, expected)) > 100  # the documents exercise many rules

    shared = Linter.from_config(config)
    start = threading.Barrier(4)

    def work(offset: int) -> list[tuple[int, list[tuple]]]:
        start.wait()
        # every thread starts with a document that needs the statistical and idiom detectors
        order = [docs[5 + offset % 2], *(d for d in docs[offset::4] if d is not docs[5 + offset % 2])]
        return [(next(i for i, x in enumerate(docs) if x is d), _key(shared.lint(d))) for d in order]

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as the interpreter can: races show up
    try:
        with ThreadPoolExecutor(4) as pool:
            got = dict(pair for part in pool.map(work, range(4)) for pair in part)
    finally:
        sys.setswitchinterval(interval)
    assert [got[i] for i in range(len(docs))] == expected
    # and a document linted twice, on two threads at once, is unchanged by sharing its cache
    twice = _thread_docs()[1]
    with ThreadPoolExecutor(2) as pool:
        a, b = pool.map(lambda _: _key(shared.lint(twice)), range(2))
    assert a == b == expected[1]
