"""The statistical detector's fast candidate loop against the plain one it replaced (tests/typo_reference.py):
the same candidates and the same suspects, with and without the character model, on a few hundred lines
written for this test and the same lines with sound-alike and look-alike slips put in. (The comparison on
the eval corpus, every finding of the default rule set, is bench/bench_typo_identical.py.)"""

from __future__ import annotations

import random
from typing import Any

import pytest

from lint import resources
from lint.kinds.typos import KNOWN_MIN_FREQ
from lint.typo.detect import Detector, Settings
from lint.typo.lm import CharModel, LanguageModel, candidates, frequent_partners

from .typo_reference import ReferenceDetector

HAS_LM = resources.find_lm_path() is not None
try:
    import kenlm  # noqa: F401
except ImportError:  # pragma: no cover
    HAS_LM = False
needs_lm = pytest.mark.skipif(not HAS_LM, reason="no KenLM model or kenlm module")

# Written for this test: news-style sentences with the shapes the detector's guards are about (的/得/地,
# 在/再, 做/作, 已 before a verb, a reduplicated measure word, 道 as "say", 再 between a repeated word,
# names, numbers, short runs), and some slips already in.
LINES = """
市政府昨天召开新闻发布会，介绍今年上半年经济运行情况。
记者从市交通局获悉，地铁三号线将于年底前全线通车。
他笑道：“这件事我们再研究研究。”
我们要再接再励，锻链身体，提高警赐，努力工做。
一座座高楼拔地而起，一批批新人走上岗位。
学习再学习，实践再实践，这是他常说的话。
工会已筹措资金二百万元，用于帮扶困难职工。
这个问题值得大家认真思考，也值得我们反复讨论。
她跑得很快，说的话也很有道理，大家听得很认真。
张晓明在会上说，明年将继续加大投入，做好民生保障工作。
据了解，该项目总投资约十二亿元，预计明年六月建成投产。
他们在也不愿意回到过去那种日子了。
机滤要常换，机滤不贵；送贷上门，贷款到账。
利润逐年曾长，企业的竞争力不段提高。
面对困难，他从不退缩，而是迎难而上，积极想办法解决问题。
近年来，我国农业生产连续丰收，粮食产量稳定在较高水平。
专家指出，要进一步完善社会保障体系，提高保障水平。
这次活动吸引了来自全国各地的三千多名选手参加。
新建的图书馆环境优雅，藏书丰富，深受市民欢迎。
春节期间，各大商场人流如织，节日气氛十分浓厚。
他坐在窗前，静静地看着远处的山峦，心里想着明天的事。
气象部门提醒，未来三天将有一次明显的降温过程。
这部电影讲述了一个普通家庭在时代变迁中的故事。
学校组织学生开展社会实践活动，走进社区服务群众。
比赛进行到最后一分钟，主队终于攻入制胜一球。
医院新开设了便民门诊，方便群众就近看病。
志愿者们冒着严寒，坚守在各自的岗位上。
该公司负责人表示，将严格按照合同约定履行义务。
他把书放在桌子上，转身走出了房间。
我们必须坚持以人民为中心的发展思想。
""".strip().splitlines()


def _slipped(lines: list[str], rng: random.Random, copies: int) -> list[str]:
    """The lines with one to three characters each replaced by a confusable (or a frequent partner)."""
    out = []
    for _ in range(copies):
        for line in lines:
            chars = list(line)
            spots = [i for i, c in enumerate(chars) if candidates(c)[0] or frequent_partners(c)]
            for i in rng.sample(spots, min(len(spots), rng.randint(1, 3))):
                pool = sorted(set(candidates(chars[i])[0]) | frequent_partners(chars[i]))
                chars[i] = rng.choice(pool)
            out.append("".join(chars))
    return out


def _pair(char: bool, **kw: Any) -> tuple[Detector, Detector]:
    path = resources.find_lm_path()
    assert path is not None
    freq, tags = resources.word_freq(), resources.word_tags()
    cpath = resources.find_char_lm_path(None) if char else None
    out = []
    for cls in (ReferenceDetector, Detector):
        # each with its own model objects: no score cache shared between the two
        out.append(cls(LanguageModel(path), known=lambda w: freq.get(w, 0) >= KNOWN_MIN_FREQ, tag=tags.get,
                       char_lm=CharModel(cpath) if cpath else None, **kw))
    return out[0], out[1]


def _candidates(det: Detector, text: str) -> list[tuple[Any, ...]]:
    # by position and replacement: equal gains may come in another order (candidate sets iterate by hash)
    return sorted(tuple(c.__dict__.values()) for c in det.candidates(text))


TEXTS = LINES + _slipped(LINES, random.Random(17), 8) + ["".join(LINES[:10]), "再再", "的", "道：", "一一一"]


@needs_lm
@pytest.mark.parametrize("char", [False, True], ids=["word-model", "both-models"])
def test_fast_loop_finds_what_the_plain_loop_finds(char: bool) -> None:
    if char and resources.find_char_lm_path(None) is None:
        pytest.skip("no character model")
    ref, fast = _pair(char)
    suspects = 0
    for text in TEXTS:
        assert _candidates(fast, text) == _candidates(ref, text), text
        want = list(ref.detect(text))
        assert list(fast.detect(text)) == want, text
        suspects += len(want)
    assert suspects >= 40, suspects  # the slips put in are found: the comparison is not of empty lists


@needs_lm
def test_fast_loop_with_other_margins_and_protected_spans() -> None:
    # margins that name other situations (swap tried, single off) and every third character protected
    st = Settings(swap={"same-tone": 3.0}, frequent={"lone": 2.0, "join": 3.0, "swap": 2.5})
    ref, fast = _pair(False, settings=st)
    for text in TEXTS[:120]:
        assert list(fast.detect(text, lambda i: i % 3 == 0)) == list(ref.detect(text, lambda i: i % 3 == 0)), text
        assert _candidates(fast, text) == _candidates(ref, text), text


@needs_lm
def test_collect_mode_keeps_the_candidates_the_known_word_filter_drops() -> None:
    ref, fast = _pair(False, collect=True)
    for text in TEXTS[:120]:
        assert _candidates(fast, text) == _candidates(ref, text), text
