"""The statistical typo detector, through the real engine and the Debian KenLM model."""

from __future__ import annotations

import itertools
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from lint import resources
from lint.config import Config
from lint.document import Document
from lint.engine import Linter

from .conftest import ROOT, lint_text, run_cli_text

HAS_LM = resources.find_lm_path() is not None
try:
    import kenlm  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_LM = False
needs_lm = pytest.mark.skipif(not HAS_LM, reason="no KenLM model or kenlm module")

SEED_NAMES = ("高轶鸣", "张冰楠", "曹倩", "赵妙芳", "张廷萍", "曹景泽", "李凯", "刘渝平")


@needs_lm
@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("这家企业的经营状况一直很稳定，利润逐年曾长。", "曾", "增"),
    ("政府将加大投入，改善农村的交通状况和居住环竟。", "竟", "境"),
    ("学校组织学生参观博物馆，同学们流连忘反。", "反", "返"),
    # frequently confused pairs (lint/data/typo_frequent_pairs.txt), smaller margins
    ("会议结束后，大家一起座车返回了市区。", "座", "坐"),
    ("这部影片像征着两国人民的友谊。", "像", "象"),
])
def test_flags_a_sound_alike_slip(linter: Linter, text: str, wrong: str, right: str) -> None:
    doc, found = lint_text(linter, text, select="typo.statistical")
    assert [(doc.text[f.offset:f.end_offset], f.suggestions[0]) for f in found] == [(wrong, right)]
    f = found[0]
    assert f.level == "suggestion" and f.category == "typo"
    assert f.confidence is not None and 0.5 <= f.confidence <= 1.0


@needs_lm
@pytest.mark.parametrize("text", [
    "双方将进一步加强在经贸领域的合作，推动两国关系不断向前发展。",
    "新华社北京1月1日电（记者张冰楠、赵妙芳）国务院新闻办公室今天举行发布会。",
    "本报讯记者高轶鸣报道：市委副书记曹倩出席了开幕式。",
    "企业负责人曹景泽向电气装备产业园区负责人李凯致歉。",
    "阿根廷首都布宜诺斯艾利斯市议会通过了新的预算。",
    "（张廷萍 摄）",
])
def test_clean_copy_and_names_are_left_alone(linter: Linter, text: str) -> None:
    _, found = lint_text(linter, text, select="typo.statistical")
    assert found == []


@needs_lm
def test_seed_has_no_typo_finding_on_a_name(linter: Linter, seed_doc: Document) -> None:
    found = [f for f in linter.lint(seed_doc) if f.category == "typo"]
    flagged = [seed_doc.text[max(0, f.offset - 2):f.end_offset + 2] for f in found]
    for name in SEED_NAMES:
        assert not any(name in ctx or ctx.strip() in name for ctx in flagged), (name, flagged)


@needs_lm
def test_accept_list_silences_a_finding(config: Config) -> None:
    text = "这家企业的经营状况一直很稳定，利润逐年曾长。"
    cfg = Config(**{**config.__dict__, "accept": ["逐年曾长"]})
    linter = Linter.from_config(cfg)
    _, found = lint_text(linter, text, select="typo.statistical")
    assert found == []


@needs_lm
def test_margin_option_trades_findings_for_certainty(config: Config) -> None:
    text = "这家企业的经营状况一直很稳定，利润逐年曾长。"
    cfg = Config(**{**config.__dict__, "options": {"typo.statistical": {"margin": 50.0}}})
    _, found = lint_text(Linter.from_config(cfg), text, select="typo.statistical")
    assert found == []


def test_without_a_model_the_check_says_so_once_and_finds_nothing(tmp_path: Path) -> None:
    doc = "利润逐年曾长。"
    code = (
        "import sys, os\n"
        "from lint import resources\n"
        "resources.DEBIAN_LM_PATHS = ()\n"
        "os.environ.pop('NEWSLINT_LM', None)\n"
        "from lint.config import load_config\n"
        "from lint.engine import Linter\n"
        "from lint.document import Document\n"
        "cfg = load_config(None)\n"
        "cfg.select = ['typo.statistical']\n"
        "L = Linter.from_config(cfg)\n"
        f"print(len(L.lint(Document.from_text({doc!r}))) + len(L.lint(Document.from_text({doc!r}))))\n"
    )
    # cwd is elsewhere, so name this checkout's package (an editable install may point at another copy)
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "0"
    assert proc.stderr.count("statistical typo check off") == 1


@needs_lm
def test_batch_output_carries_confidence(tmp_path: Path) -> None:
    row = json.dumps({"id": "a", "text": "政府将加大投入，改善农村的交通状况和居住环竟。"}, ensure_ascii=False)
    proc = run_cli_text("batch", "--select", "typo.statistical", stdin=row + "\n")
    assert proc.returncode in (0, 1), proc.stderr
    rec = json.loads(proc.stdout.splitlines()[0])
    assert [f["suggestions"][0] for f in rec["findings"]] == ["境"]


# ---- pycorrector backends (extra newslint[pycorrector]) ------------------------------------------
TINY_ARPA = """\\data\\
ngram 1={n1}
ngram 2={n2}

\\1-grams:
{uni}

\\2-grams:
{bi}

\\end\\
"""


def _tiny_char_arpa(path: Path, corpus: list[str]) -> None:
    """A small character bigram model with add-one estimates, in ARPA form (kenlm loads it)."""
    import math
    from collections import Counter

    uni: Counter[str] = Counter()
    bi: Counter[tuple[str, str]] = Counter()
    for line in corpus:
        toks = ["<s>", *line, "</s>"]
        uni.update(toks)
        bi.update(itertools.pairwise(toks))
    total = sum(uni.values())
    vocab = [*uni, "<unk>"]
    uni_lines = [f"{math.log10((uni[w] + 1) / (total + len(vocab))):.4f}\t{w}\t-0.3" for w in vocab]
    bi_lines = [f"{math.log10(c / uni[a]):.4f}\t{a} {b}" for (a, b), c in bi.items()]
    path.write_text(TINY_ARPA.format(n1=len(uni_lines), n2=len(bi_lines), uni="\n".join(uni_lines),
                                     bi="\n".join(bi_lines)), encoding="utf-8")


def test_pycorrector_backend_is_silent_without_a_model_and_clear_when_it_is_missing(tmp_path: Path) -> None:
    from lint.typo.backends import load_backend

    assert load_backend("pycorrector-kenlm", None) is None
    before = set(resources._notices)
    assert load_backend("pycorrector-kenlm", str(tmp_path / "absent.klm")) is None
    new = set(resources._notices) - before
    assert any("not found" in n and "nothing is downloaded" in n for n in new)


def test_pycorrector_kenlm_backend_with_a_tiny_model(tmp_path: Path) -> None:
    pytest.importorskip("loguru")
    if __import__("importlib.util").util.find_spec("pycorrector") is None:
        pytest.skip("pycorrector not installed (extra newslint[pycorrector])")
    from lint.typo.backends import PycorrectorBackend, load_backend

    arpa = tmp_path / "tiny.arpa"
    _tiny_char_arpa(arpa, ["我们要加强合作。", "双方加强合作，共同发展。", "合作共赢是大家的愿望。"] * 20)
    backend = load_backend("pycorrector-kenlm", str(arpa))
    assert isinstance(backend, PycorrectorBackend)
    # Whatever the tiny model decides, suspects are one character, inside the text, and protected
    # positions are never reported.
    text = "我们要加强和作。"
    found = list(backend.detect(text))
    assert all(0 <= s.start < len(text) and s.end == s.start + 1 for s in found)
    assert all(text[s.start] == s.original != s.replacement for s in found)
    assert list(backend.detect(text, lambda i: True)) == []


@needs_lm
def test_a_character_the_text_uses_in_a_word_elsewhere_is_a_coinage(linter: Linter) -> None:
    # 贷 recurs in 贷款: 送贷上门 is a deliberate coinage, not a slip for 送货上门.
    text = "该镇简化办事流程，为企业制定合理的贷款方案，开展送贷上门服务。"
    _, found = lint_text(linter, text, select="typo.statistical")
    assert found == []


@needs_lm
def test_seed_coinages_are_not_flagged(linter: Linter, seed_doc: Document) -> None:
    found = [f for f in linter.lint(seed_doc) if f.rule == "typo.statistical"]
    flagged = {seed_doc.text[f.offset - 1:f.end_offset + 2] for f in found}
    assert not any(c in w for w in flagged for c in ("送贷上", "量质齐")), flagged


@needs_lm
@pytest.mark.parametrize(("text", "wrong_at"), [
    # 的 written as 得 inside a word: the statistical check's frequent pair, word-forming only
    ("我觉的这样做不太合适。", "觉的"),
    ("这个问题值的大家认真思考。", "值的"),
    ("这件事显的格外重要。", "显的"),
    ("他们不的不提前离开。", "不的"),
    ("大家都记的这件事。", "记的"),  # 记得 before a clause
])
def test_de_that_belongs_to_a_word_is_flagged(linter: Linter, text: str, wrong_at: str) -> None:
    doc, found = lint_text(linter, text, select="typo.statistical")
    assert [(doc.text[f.offset - 1:f.end_offset], f.suggestions[0]) for f in found] == [(wrong_at, "得")]


@needs_lm
@pytest.mark.parametrize("text", [
    "他跑得很快，打的车也准时到了。",  # 得 complement, 打的 (taxi): not a lone replacement
    "这场球打得好，大家说得对。",
    "他的确来过，目的地是上海，我的很多朋友都记得。",
    "他记的笔记很详细，大家都借来看。",  # 的 before a noun: the notes he took
    "外环线将每天穿城而过的几万辆机动车分流。",  # 的 before a numeral phrase
    "目前，省、市两级工会已筹措送温暖资金一百万元。",  # 已 before a verb: "already"
])
def test_de_as_a_word_of_its_own_is_left_to_grammar(linter: Linter, text: str) -> None:
    _, found = lint_text(linter, text, select="typo.statistical")
    assert found == []


@needs_lm
@pytest.mark.parametrize(("text", "found_at"), [
    ("这是一个非常复杂得问题，需要慢慢解决。", [8]),
    ("我们应该珍惜这样得机会，也要记得他的帮助。", [8]),
])
def test_de_before_a_noun(linter: Linter, text: str, found_at: list[int]) -> None:
    _, found = lint_text(linter, text, select="typo.de-before-noun")
    assert [f.offset for f in found] == found_at
    assert all(f.suggestions == ["的"] and f.level == "suggestion" for f in found)


@needs_lm
@pytest.mark.parametrize("text", [
    "他唱得好听，跑得飞快，说得大家都笑了。",  # complements
    "这件事你得抓紧办，所以，得先拿到批文。",  # 得 = must
    "两人把赃物卖掉，得赃款一万余元，今年得奖的人很多。",  # 得 = obtain
    "他把问题说得清清楚楚，气得孩子直哭。",
])
def test_de_before_a_noun_leaves_complements_and_verbs(linter: Linter, text: str) -> None:
    _, found = lint_text(linter, text, select="typo.de-before-noun")
    assert found == []


@needs_lm
def test_dao_before_a_colon_or_quote_is_the_verb_say(config: Config) -> None:
    # With margins lowered far enough, 道 -> 到 wins in 赶紧道，…; before ：“ it is 说道/笑道 and is never tried.
    cfg = Config(**{**config.__dict__, "options": {"typo.statistical": {"margin": -1.5}}})
    linter = Linter.from_config(cfg)
    _, found = lint_text(linter, "小霞赶紧道不行", select="typo.statistical")
    assert [f.suggestions[0] for f in found] == ["到"]
    for text in ("小霞赶紧道：“不行。”", "小霞赶紧道“不行。”", "杨天板着脸道，“到底有没有？”", "血女突然道。"):
        _, found = lint_text(linter, text, select="typo.statistical")
        assert found == [], text


@needs_lm
def test_a_pair_the_text_repeats_is_a_term_not_a_slip(linter: Linter) -> None:
    once = "机滤进出油口的橡胶圈也是判断好坏的参考之一。"
    _, found = lint_text(linter, once, select="typo.statistical")
    assert [f.suggestions[0] for f in found] == ["率"]
    twice = "机滤进出油口的橡胶圈也是判断机滤好坏的参考之一。"
    _, found = lint_text(linter, twice, select="typo.statistical")
    assert found == []


@needs_lm
@pytest.mark.parametrize("text", [
    "公路一处处破裂，桥梁一座座断折，水库储洪很快突破安全线。",  # 一AA: a reduplicated measure word
    "渡船最先将二十八名指战员送上南岸的坂子矶。",  # X子矶: 矶 ends place names
    "他抱着踏实的态度，学习再学习，钻研再钻研。",  # A再A: "again" between a repeated word
])
def test_reduplication_and_place_names_are_left_alone(linter: Linter, text: str) -> None:
    _, found = lint_text(linter, text, select="typo.statistical")
    assert found == []
