"""Name protection: bylines, credits, titles before names, transliterations, 书名号, accept list."""

from __future__ import annotations

from pathlib import Path

import pytest

from lint.names import NameGuard, Spans, protected_spans

from .conftest import SEED


def covered(text: str, accept: tuple[str, ...] = ()) -> list[str]:
    return [text[a:b] for a, b in protected_spans(text, accept)]


@pytest.mark.parametrize(("text", "name"), [
    ("本报讯记者高轶鸣报道：今天上午，市政府召开新闻发布会。", "高轶鸣"),
    ("记者：曹倩", "曹倩"),
    ("新华社北京1月1日电（记者张冰楠、赵妙芳）今天", "张冰楠、赵妙芳"),
    ("（张廷萍 摄）", "张廷萍"),
    ("图为新建成的文化广场。刘渝平 摄", "刘渝平"),
    ("在装车现场，企业负责人曹景泽向园区负责人李凯致歉。", "曹景泽"),
    ("公司副总裁派区克·马克出席仪式。", "派区克·马克"),
])
def test_bylines_and_names_are_protected(text: str, name: str) -> None:
    assert any(name in span for span in covered(text)), covered(text)


def test_transliteration_run_is_protected() -> None:
    text = "阿根廷首都布宜诺斯艾利斯市议会通过预算。"
    spans = Spans(protected_spans(text))
    assert text.index("艾") in spans and text.index("斯") in spans
    assert text.index("议") not in spans


def test_title_of_a_work_is_protected_but_a_document_title_is_not() -> None:
    text = "他读过《红楼梦》，也学习了《国务院关于加强安全生产工作的决定》。"
    spans = covered(text)
    assert "红楼梦" in spans
    assert not any("安全生产" in s for s in spans)


def test_accept_list_and_ordinary_prose() -> None:
    text = "本届论坛由新丝路传媒主办。"
    assert covered(text, ("新丝路传媒",)) == ["新丝路传媒"]
    assert covered("双方将进一步加强在经贸领域的合作。") == []


def test_guard_recognises_names_in_running_text() -> None:
    guard = NameGuard({"一鸣", "高速", "王国"})
    text = "据高轶鸣介绍，该项目已进入收尾阶段。"
    assert guard.is_name(text, text.index("轶"), text.index("轶") + 1)
    plain = "这条高速公路明年通车。"
    assert not guard.is_name(plain, plain.index("路"), plain.index("路") + 1)


def test_repeated_string_counts_as_a_name() -> None:
    text = "袁曙宏认为，这个案子很典型。袁曙宏说，首先应当明确责任。"
    assert NameGuard._repeated(text, 1, 2)


def test_seed_names_are_protected() -> None:
    text = SEED.read_text(encoding="utf-8")
    spans = covered(text)
    for name in ("曹景泽", "刘渝平"):
        assert any(name in s for s in spans), name


@pytest.mark.parametrize("given", ["𠮷鸣", "㛃鸣", "鸣𠮷"])
def test_rare_given_name_characters_outside_the_basic_block_are_names(given: str) -> None:
    # Extension A and B characters (㛃 U+36C3, 𠮷 U+20BB7) are common in personal names.
    guard = NameGuard({"一鸣"})
    text = f"会上，王{given}介绍了情况。"
    i = text.index(given) + 1
    assert guard.is_name(text, i, i + 1)


def test_place_name_final_characters_protect_the_name() -> None:
    assert covered("解放军指战员登上燕子矶，又向沙家浜进发。") == ["燕子矶", "沙家浜"]


def test_transliteration_runs_as_the_regex_module_finds_them() -> None:
    # _TRANSLIT_RUN is an `re` pattern for speed; the `regex` module's reading of the same class is the definition.
    import regex

    from lint import names

    slow = regex.compile(f"[{''.join(sorted(names.TRANSLIT))}]{{4,}}")
    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    texts = [p.read_text(encoding="utf-8") for p in seeds] + [
        "布宜诺斯艾利斯，伊斯梅利亚", "阿阿阿", "阿阿阿阿", "马克思·韦伯和米歇尔·福柯", "卡塔尔多哈"]
    found = 0
    for text in texts:
        want = [m.span() for m in slow.finditer(text)]
        assert list(names._translit_spans(text)) == want, text[:20]
        found += len(want)
    assert found >= 3, found


def test_titles_grouped_by_first_character_match_as_the_plain_alternation() -> None:
    # _by_first_char only regroups the words: every title, one that begins another (书记, 副书记) and none at all,
    # after and before a surname, on the seed and on text built to hold all of them
    import regex

    from lint import names

    titles = names._TITLES.split("|")
    grouped, plain = names._by_first_char(names._TITLES), "|".join(map(regex.escape, titles))
    assert sorted(regex.findall(f"^(?:{grouped})$", "\n".join(titles), flags=regex.M)) == sorted(titles)
    made = "，".join(f"{t}王小{t[:-1]}李{t}" for t in titles) + "。张总书记副书记书记刘主任"
    texts = [SEED.read_text(encoding="utf-8"), made]
    found = 0
    for shape in ("(?:{})(?P<n>[王李张刘]\\p{{Han}}{{1,2}})", "(?P<n>[王李张刘]\\p{{Han}}{{1,2}})(?:{})"):
        fast, slow = regex.compile(shape.format(grouped)), regex.compile(shape.format(plain))
        for text in texts:
            want = [m.span("n") for m in slow.finditer(text, overlapped=False)]
            assert [m.span("n") for m in fast.finditer(text, overlapped=False)] == want
            found += len(want)
    assert found >= len(titles), found


def test_the_name_guard_tags_only_the_block_of_the_position() -> None:
    # is_name cuts from the start of the position's jieba block, up to the position: the same answer as tagging the
    # whole sentence, at every Han character of the seed
    from lint import resources
    from lint.chars import is_han
    from lint.document import Document

    doc = Document.from_text(SEED.read_text(encoding="utf-8"), "seed.txt")
    text, guard, tagger = doc.text, NameGuard(), resources.jieba_posseg()

    def whole_sentence(start: int, a: int, b: int) -> bool:
        pos = a
        for word, flag in tagger.cut(text[a:b], HMM=True):
            if pos <= start < pos + len(word) and flag.startswith(("nr", "ns", "nt", "nz")) and len(word) >= 2:
                return True
            pos += len(word)
        return False

    asked = names = 0
    for i, ch in enumerate(text):
        sent = doc.sentence_at(i)
        if not is_han(ch) or sent is None or guard._repeated(text, i, i + 1) or guard._surname_given(text, i):
            continue
        got = guard.is_name(text, i, i + 1, (sent.start, sent.end))
        assert got == whole_sentence(i, sent.start, sent.end), (i, text[sent.start:sent.end])
        asked += 1
        names += got
    assert asked > 1000 and names > 20, (asked, names)


def test_the_re_classes_hold_what_regex_property_classes_hold(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # names.unicode_classes() stands for regex's \p{Han} and \s in the re patterns of lint/names.py, read off the
    # installed regex (a release may add a CJK extension): compared at every code point (surrogates aside), as
    # derived and as read back from the user cache
    import re

    import regex

    from lint import names

    monkeypatch.setenv("NEWSLINT_CACHE_DIR", str(tmp_path))
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    derived = names._unicode_classes()
    names.unicode_classes.cache_clear()
    try:
        stored = names.unicode_classes()  # derived and written
        names.unicode_classes.cache_clear()
        assert names.unicode_classes() == stored == derived  # read back
        assert list(tmp_path.glob("uniclass-*.pickle"))
    finally:
        names.unicode_classes.cache_clear()
    for prop, body in zip((r"\p{Han}", r"\s"), derived, strict=True):
        want = regex.findall(prop, every)
        assert re.findall(f"[{body}]", every) == want, prop
        assert len(want) >= 25
    han, space = derived
    assert all(re.match(f"[{han}]", c) for c in "〇々一龥\U00020000⺀") and not re.match(f"[{han}]", "ア")
    assert re.match(f"[{space}]", "\x1c") is None and re.match(r"\s", "\x1c")  # where re's \s differs


def test_the_name_patterns_find_what_their_regex_versions_found() -> None:
    # Each pattern of names._patterns() against the same pattern written with regex's \p{Han} and \s (as it was
    # before it moved to re), on the seed and on text holding every shape: bylines, credits after spaces of several
    # kinds (and \x1c, which re's own \s would take), titles, X·Y, place suffixes, Han outside the BMP, radicals, 〇
    import regex

    from lint import names

    han, space = names.unicode_classes()
    made = ("本报记者 高轶鸣、张冰楠报道。记者：曹倩\u2003文/图：王雷\n（刘渝平 摄）\x1c李四\x1c摄。张廷萍/摄\n"
            "新华社北京1月1日电（记者宋熙文、张春利）负责人曹景泽、省委副书记姚湘成和复旦大学伍柏麟教授出席。"
            "艾买提·阿不都与派区克•马克在燕子矶、黄桷垭和三门岙。〇〇〇摄\n记者𠀀𠀁𠀂报道，⺀⺁处长王𪜀𪜁到场。")
    texts = [SEED.read_text(encoding="utf-8"), made]
    found = 0
    for _, fast in names._patterns():
        old = fast.pattern.replace(f"[{han}]", r"\p{Han}").replace(f"[{space}]", r"\s").replace(space, r"\s")
        assert han not in old and space not in old
        slow = regex.compile(old, regex.M if fast.flags & regex.M else 0)
        for text in texts:
            want = [m.span("n") for m in slow.finditer(text)]
            assert [m.span("n") for m in fast.finditer(text)] == want, (old[:40], text[:20])
            found += len(want)
    assert found >= 15, found
