"""layout: artefacts of page layout, PDF and CMS paste.

One kind, several detectors, picked with ``check``::

    kind: layout
    check: broken-paragraph      # or hyphenation, invisible, stray-space, page-furniture, repeated-paragraph,
                                 # merged-paragraph

broken-paragraph scores each boundary between two paragraphs on the signals of the
"Layout artifacts" standard: the first paragraph ends without a terminal mark or with a
clause mark, the next one opens with a mark that may not start a line, a quote or bracket
is balanced only across the pair, the characters on both sides form a dictionary word
(jieba's dictionary with its frequencies and part-of-speech tags), and the shape of
headlines, bylines, photo credits, datelines and list items, which end without a full stop
and must stay quiet.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from lint.chars import is_han
from lint.config import Config
from lint.conventions import convention
from lint.document import Document, Paragraph
from lint.finding import Edit, Finding, Level
from lint.lineshapes import (
    SENT_MARK_RE,
    between_prose,
    dateline_space,
    describe_space,
    heading_like,
    in_prose_sentence,
    is_emoji,
    last_clause_mark,
    name_padding,
    unbalanced_close,
    unbalanced_open,
    verse_pair,
)
from lint.resources import find_lm_path, jieba_table_tokenizer, word_freq, word_tags
from lint.rules import Kind, Opt, Rule

# Marks that end a paragraph (GB/T 15834 §4.1–4.3, ellipsis, closing quotes and brackets).
TERMINAL = "。！？!?…”’」』）)》】〕"
# Clause marks: a paragraph never legitimately ends on one of these (the colon is handled apart).
CLAUSE_END = "，、；,;"
# Marks that may not start a line (GB/T 15834 §5.1).
NO_LINE_START = "。，、；：？！,;:?!”’」』）)》】〕…"
HAN_NUMERALS = "一二三四五六七八九十百千万亿零〇"

# Part-of-speech tags (jieba's dictionary) of words that cannot end a headline or phrase:
# prepositions, conjunctions, structural particles, adverbs.
# one-character prepositions, conjunctions, particles, adverbs, localisers, measure words and bound
# morphemes (zg, ng, g, k: characters that are not words on their own).
FRAGMENT_END_TAGS = {"p", "c", "uj", "ul", "uz", "uv", "ud", "u", "d", "f", "q", "zg", "ng", "g", "k"}
# ... and of words that cannot open a sentence: particles, localisers, measure words, adjectives
# and bound morphemes.
FRAGMENT_START_TAGS = {"uj", "ul", "uz", "ug", "uv", "ud", "u", "y", "f", "q", "zg", "ng", "g", "k", "a"}

# Shapes of lines that end without a full stop on purpose.
_CREDIT_RE = regex.compile(r"^[（(]?\s*(?:\p{Han}{2,4}[\s\u3000]*(?:[、/]\s*)?)+[\s\u3000]*"
                           r"(?:摄|摄影|绘|制图)\s*[）)]?$|^[（(]?\s*(?:摄影|图|图片|制图|绘图)\s*[:：/]")
_BYLINE_RE = regex.compile(r"^[（(]?\s*(?:本报|新华社|特约|实习)?(?:记者|通讯员|实习生|特约撰稿人|作者)")
_DATELINE_RE = regex.compile(
    r"^(?:本报讯|本报[^\s，。,]{0,14}(?:电|讯)|新华社[^\s，。,]{0,20}电|(?:据|中新社|中新网)[^\s，。,]{0,16}(?:电|讯|报道)"
    r"|\d{1,2}月\d{1,2}日|\d{4}年\d{1,2}月\d{1,2}日|[（(]?本报记者)")
_LIST_RE = regex.compile(
    r"^“?(?:[（(][一二三四五六七八九十\d]{1,3}[）)]|[一二三四五六七八九十]{1,3}[、.．是]|\d{1,3}[、.．)）]"
    r"|第[一二三四五六七八九十百\d]{1,4}[条章节款项]|[●•·■□◆◇▲△○◎※★☆\-*—])")
# A whole line in brackets: a source, note or byline (（附图片1张）, （本报群众工作部）).
_BRACKETED_RE = regex.compile(r"^[（(][^（()）]*[）)]$")
_HAN_TAIL_RE = regex.compile(r"\p{Han}{1,12}$")
_HAN_HEAD_RE = regex.compile(r"\p{Han}{1,12}")
# Dictionary tags of words a sentence may open on alone: prepositions, conjunctions, pronouns, time words.
OPENING_TAGS = {"p", "c", "r", "t", "tg"}
# Titles that stand before a person's name (美国总统⏎克林顿, 外交部部长⏎唐家璇): a closed class.
_TITLE_END_RE = regex.compile(
    r"(?:总统|主席|总理|首相|国王|女王|亲王|王子|外长|议长|书记|主任|大使|委员|司令员|政委|将军|教授|博士|院士"
    r"|经理|董事长|总裁|秘书长|发言人|[部省市县区乡镇村局处厂院校社会队所署]长)$")
NAME_TAGS = {"nr", "nrt", "nrfg"}
# Dictionary tags of words that may stand alone as a label line: nouns, verbal nouns, idioms.
LABEL_TAGS = {"n", "vn", "nz", "l", "i", "j"}
# Classifiers wait for their noun (一个⏎村民); units of measure (千元, 8人, 二十年) may close a headline.
CLASSIFIERS = "个位名架只头匹条张把件座所家部批台辆艘本份篇首幅间种类项群支套双对阵番"
# Reporting verbs: they follow their speaker (……李瑞环⏎指出).
_COMMA_RE, _CLAUSE_MARK_RE = regex.compile(r"[，,]"), regex.compile(r"[，。！？；,!?;]")
_PAGE_NUMBER_RE, _SPACES_RE = regex.compile(r"\d{1,3}"), regex.compile(r"[\s\u3000]+")
_PAGE_HEAD_RE = regex.compile(r"\d{4}年|星期|周[一二三四五六日]|日报|晚报|要闻|新闻")
_REPORTING_RE = regex.compile(r"说|指出|认为|表示|强调|介绍|透露|宣布|说道|谈到|坦言|回忆说|补充说")


@dataclass
class _Signals:
    zh: list[str]
    en: list[str]

    def add(self, zh: str, en: str) -> None:
        self.zh.append(zh)
        self.en.append(en)


@dataclass
class _Evidence:
    zh: str
    en: str
    level: Level
    confidence: float


@lru_cache(maxsize=4096)
def _tokens(text: str) -> tuple[tuple[int, int], ...]:
    """Dictionary-only segmentation (no HMM guesses) of text, as (start, end) spans; kept for the same edge
    asked again (a[-8:] by _running_text and _weak_join)."""
    out, off = [], 0
    for tok in jieba_table_tokenizer().cut(text, HMM=False):
        out.append((off, off + len(tok)))
        off += len(tok)
    return tuple(out)


class Layout(Kind):
    name = "layout"
    REQUIRED = ("check",)

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.detector = self.CHECKS[self.options["check"]]
        self.max_heading: int = self.options.get("max_heading", 30)
        self.min_word_freq: int = self.options.get("min_word_freq", 50)
        self.min_length: int = self.options.get("min_length", 20)
        self.min_heading: int = self.options.get("min_heading", 3)
        self.lm_gain: int = self.options.get("lm_gain", 7)
        self.lm_gain_other: int = min(self.lm_gain, 3)
        self._lm_loaded = False
        self._lm_model: Any = None

    def check(self, doc: Document) -> Iterator[Finding]:
        return self.detector(self, doc)

    # ---- broken paragraphs ----------------------------------------------------------------------
    def _broken(self, doc: Document) -> Iterator[Finding]:
        paras = doc.paragraphs
        for p, q in itertools.pairwise(paras):
            if p.kind != "paragraph" or q.kind != "paragraph" or p.end >= q.start:
                continue
            gap = doc.text[p.end:q.start]
            if gap.strip() or "\n" not in gap:
                continue
            found = self._score_break(doc, p, q)
            if found is not None:
                yield found

    def _score_break(self, doc: Document, p: Paragraph, q: Paragraph) -> Finding | None:
        a, b = doc.text[p.start:p.end], doc.text[q.start:q.end]
        last, first = a[-1], b[0]
        sig = _Signals([], [])
        strong = False
        bridged = unbalanced_open(a) and unbalanced_close(b)
        # Lines that stand on their own by shape: credits, bylines, datelines, list items, verse.
        if verse_pair(a, b):
            return None
        # One or two characters are no headline, whatever follows (据⏎新华社……电).
        if not bridged and first not in NO_LINE_START and len(a) >= self.min_heading and (
                _CREDIT_RE.match(a) or _CREDIT_RE.match(b) or _BYLINE_RE.match(b) or _DATELINE_RE.match(b)
                or _LIST_RE.match(b) or _BRACKETED_RE.match(b)):
            return None
        if first in NO_LINE_START:
            sig.add(f"下段以“{first}”开头（不能居行首）",
                    f"next paragraph opens with '{first}', which may not start a line")
            strong = True
        if bridged:
            sig.add("引号或括号跨段才配对", "a quote or bracket pairs up only across the break")
            strong = True
        if (last in HAN_NUMERALS and first in HAN_NUMERALS) or (last.isdigit() and first.isdigit()):
            sig.add("数字被断开", "a number is split")
            strong = True
        # A headline closes its quotes and brackets.
        heading = heading_like(a, self.max_heading) and not unbalanced_open(a)
        if last in CLAUSE_END:
            sig.add(f"上段以“{last}”结尾", f"paragraph ends with '{last}'")
            strong = True
        open_end = is_han(last) or last.isalnum()
        if not open_end and not strong:
            return None
        if open_end:
            sig.add("上段末尾没有句末标点", "paragraph ends without a terminal mark")
        word = self._word_across(a, b) if open_end and (is_han(first) or first.isalnum()) else None
        if word:
            sig.add(f"断开处前后构成词“{word}”", f"the characters either side form the word '{word}'")
        if not strong and open_end:
            if not heading:
                if len(a) > self.max_heading:
                    sig.add("上段长度不像标题", "paragraph is too long for a headline")
                else:
                    sig.add("上段含句中标点，不像标题", "paragraph has sentence punctuation, not a headline shape")
            else:
                # A headline-shaped line: flag only on evidence that the phrase is cut.
                fresh = (heading_like(b, self.max_heading) and b[-1] not in TERMINAL) or first.isdigit()
                frag = self._fragment_edges(a, b)
                if frag:
                    sig.add(*frag)
                if fresh:
                    return None
                if not (word or frag):
                    # No word or function word at the cut: look for a first part that is running text
                    # rather than a headline, then for weaker evidence (suggestion level).
                    cont = self._running_text(a, b) or self._weak_join(a, b)
                    if cont is None:
                        return None
                    sig.add(cont.zh, cont.en)
                    return self._break_finding(doc, p, q, sig, False, False, cont.level, cont.confidence)
        return self._break_finding(doc, p, q, sig, strong, bool(word))

    def _word_across(self, a: str, b: str) -> str | None:
        """A dictionary word across the break: the one the segmentation of the joined text puts there,
        else the most frequent crossing word of three or more characters."""
        left, right = a[-6:], b[:6]
        k = len(left)
        joined = left + right
        freq = word_freq()
        for s, e in _tokens(joined):
            if s < k < e:
                w = joined[s:e]
                if freq.get(w, 0) >= self.min_word_freq:
                    return w
                break
        best, best_f = None, 0
        for s in range(k):
            for e in range(max(k + 1, s + 3), len(joined) + 1):
                w = joined[s:e]
                f = freq.get(w, 0)
                if f >= self.min_word_freq and f > best_f:
                    best, best_f = w, f
        return best

    def _fragment_edges(self, a: str, b: str) -> tuple[str, str] | None:
        """A function word ends the first line or a particle opens the second (jieba POS tags)."""
        tags = word_tags()
        ta = _tokens(a[-6:])
        if ta:
            s, e = ta[-1]
            w = a[-6:][s:e]
            tag = tags.get(w, "")
            # "……是……的" closes a headline: 的 after 是 is not a cut.
            short = len(w) == 1 or (len(w) == 2 and tag in ("p", "c"))
            if tag in FRAGMENT_END_TAGS and short and not (w == "的" and "是" in a):
                return f"上段以虚词“{w}”结尾", f"paragraph ends on the function word '{w}'"
        tb = _tokens(b[:6])
        if tb:
            s, e = tb[0]
            w = b[s:e]
            if tags.get(w, "") in FRAGMENT_START_TAGS:
                return f"下段以助词“{w}”开头", f"next paragraph opens with the particle '{w}'"
        return None

    def _running_text(self, a: str, b: str) -> _Evidence | None:
        """A headline-shaped first part that is the start of running text: one or two characters, a
        lead clause before a comma, a dateline with text after it, a title before a name."""
        # A lone common noun may be a label line (链接, 背景, 短评); place names and pronouns are not.
        if len(a) < self.min_heading and all(map(is_han, a)) and word_tags().get(a, "") not in LABEL_TAGS:
            return _Evidence(f"上段仅{len(a)}个字，不成标题", f"paragraph of {len(a)} characters, too short "
                             "for a headline", "warning", 0.6)
        halves = _COMMA_RE.split(a)
        # A headline's two halves are parallel (包袱变财富，白雪也生金); a lead clause is not.
        if len(halves) == 2 and (abs(len(halves[0]) - len(halves[1])) > 1 or min(map(len, halves)) < 4):
            return _Evidence("上段逗号前后不对称，是句子开头而非标题",
                             "paragraph is a lead clause and the start of another, not a two-part headline",
                             "warning", 0.6)
        m = _DATELINE_RE.match(a)
        if m and len(a) > m.end() + 1:
            return _Evidence("上段以电头开始，是正文", "paragraph opens with a dateline: it is body text",
                             "warning", 0.6)
        ta, tb = _tokens(a[-8:]), _tokens(b[:8])
        if not (ta and tb):
            return None
        la, fb = a[-8:][ta[-1][0]:ta[-1][1]], b[tb[0][0]:tb[0][1]]
        if _TITLE_END_RE.search(la) and word_tags().get(fb, "") in NAME_TAGS:
            return _Evidence("职务与姓名被断开", "a title is cut from the name after it", "warning", 0.6)
        # A headline does not end on the copula (……则是), and a story does not open on a reporting verb
        # whose speaker is the line above (李瑞环⏎指出).
        if len(la) <= 2 and la.endswith("是") and word_tags().get(la, "") in ("v", "d", "c"):
            return _Evidence(f"上段以系词“{la}”结尾", f"paragraph ends on the copula '{la}'", "warning", 0.6)
        # A numeral and measure word wait for their noun (一个⏎村民); counts of time may end a headline.
        tags = word_tags()
        num = la if tags.get(la, "") == "m" else a[-8:][ta[-2][0]:ta[-1][1]] if (
            len(ta) >= 2 and tags.get(la, "") == "q") else ""
        if len(num) >= 2 and num[0] in HAN_NUMERALS + "两几数每这那" and num[-1] in CLASSIFIERS:
            return _Evidence(f"上段以数量词“{num}”结尾", f"paragraph ends on the numeral and measure word '{num}'",
                             "warning", 0.6)
        # An opening 在 frame left without its localiser or noun (在新年午夜⏎荷兰……).
        if ta[0] == (0, 1) and a[0] == "在" and tags.get(a[:1]) == "p" and len(a) <= 10 and not any(
                tags.get(a[-8:][s:e], "") == "f" for s, e in ta) and fb not in tags.keys() & {"的"}:
            return _Evidence("上段以介词“在”开头，介词结构未完", "paragraph opens a phrase with '在' it does not close",
                             "warning", 0.6)
        if _REPORTING_RE.fullmatch(fb) and is_han(a[-1]):
            return _Evidence(f"下段以“{fb}”开头，缺少说话人", f"next paragraph opens with '{fb}' and no speaker",
                             "warning", 0.6)
        return None

    def _weak_join(self, a: str, b: str) -> _Evidence | None:
        """Evidence short of proof that a headline-shaped first part runs on: both edges are lone
        characters of the dictionary segmentation, or the language model reads the two sides as one
        phrase. Suggestion level."""
        tags = word_tags()
        ta, tb = _tokens(a[-8:]), _tokens(b[:8])
        if ta and tb and is_han(a[-1]) and is_han(b[0]):
            la, fb = a[-8:][ta[-1][0]:ta[-1][1]], b[tb[0][0]:tb[0][1]]
            # A sentence may open on a lone preposition, conjunction, pronoun or time word (在, 当, 我).
            if len(la) == 1 and len(fb) == 1 and tags.get(fb, "") not in OPENING_TAGS:
                return _Evidence(f"断开处两侧都是单字“{la}”“{fb}”", f"lone characters '{la}' and '{fb}' either side",
                                 "suggestion", 0.5)
        gain = self._lm_gain(a, b)
        # A story may open on a preposition, pronoun or time word that reads on from a headline
        # (编者的话⏎当……): with those, the gain must be higher.
        opening = bool(tb) and tags.get(b[tb[0][0]:tb[0][1]], "") in OPENING_TAGS
        if gain is not None and gain > (self.lm_gain if opening else self.lm_gain_other) / 10:
            return _Evidence(f"语言模型显示断开处前后连读自然，关联增益{gain:.1f}",
                             f"the language model reads across the break (association gain {gain:.1f})",
                             "suggestion", 0.45)
        return None

    def _lm_gain(self, a: str, b: str) -> float | None:
        """log10 P(tail + head) - log10 P(tail) - log10 P(head) under the KenLM word model, for the last
        three words of the Han run ending a and the first three of the Han run opening b (segmented with
        the model's vocabulary). None without a model."""
        lm = self._lm()
        if lm is None:
            return None
        ma, mb = _HAN_TAIL_RE.search(a), _HAN_HEAD_RE.match(b)
        if not ma or not mb:
            return None
        tail = lm.segment_words(ma.group())[-3:]
        head = lm.segment_words(mb.group())[:3]
        return float(lm.score(tail + head) - lm.score(tail) - lm.score(head))

    def _lm(self) -> Any:
        """The KenLM word model (shared with the typo check), or None when kenlm or the file is missing."""
        if not self._lm_loaded:
            path = find_lm_path(self.config.model)
            if path is not None:
                try:
                    import kenlm  # noqa: F401
                except ImportError:
                    path = None
            if path is not None:
                from lint.typo.lm import language_model

                self._lm_model = language_model(path)
            self._lm_loaded = True  # after the model: another thread must not see "loaded" and no model
        return self._lm_model

    def _break_finding(self, doc: Document, p: Paragraph, q: Paragraph, sig: _Signals, strong: bool,
                       word: bool, level: Level | None = None, confidence: float | None = None) -> Finding:
        text = doc.text
        # Show the words on both sides: the last token of p and the first of q.
        left = text[max(p.start, p.end - 6):p.end]
        right = text[q.start:min(q.end, q.start + 6)]
        toks = _tokens(left + right)
        k = len(left)
        s = max((ts for ts, te in toks if ts < k), default=k - 1)
        e = min((te for ts, te in toks if te > k), default=k + 1)
        start, end = p.end - (k - s), q.start + (e - k)
        joined = text[start:p.end] + text[q.start:end]
        if confidence is None:
            confidence = 0.9 if strong or word else 0.7
        return self.finding(doc, start, end, suggestions=[joined], edits=[Edit(p.end, q.start, "")],
                            confidence=confidence, level=level, signals="；".join(sig.zh),
                            signals_en="; ".join(sig.en))

    # ---- hyphenated Latin words across a line break ------------------------------------------------
    _HYPHEN_RE = regex.compile(r"(?<![A-Za-z-])([A-Za-z]{2,})-[ \t]*\r?\n[ \t\r\n]*([a-z]{2,})(?![A-Za-z])")

    def _hyphenation(self, doc: Document) -> Iterator[Finding]:
        for m in self._HYPHEN_RE.finditer(doc.text):
            joined = m.group(1) + m.group(2)
            hyph = m.group(1) + "-" + m.group(2)
            yield self.finding(doc, m.start(), m.end(), suggestions=[joined, hyph],
                               edits=[Edit(m.end(1), m.start(2), "")], word=joined)

    # ---- invisible characters ------------------------------------------------------------------
    # Soft hyphen, zero-width space/non-joiner/joiner, word joiner, BOM, Mongolian vowel separator,
    # bidi marks and embeddings/isolates, function application etc.
    _INVISIBLE_RE = regex.compile(
        "[\u00ad\u034f\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]+")
    _NAMES = {
        "\u00ad": "软连字符 U+00AD", "\u200b": "零宽空格 U+200B", "\u200c": "零宽非连接符 U+200C",
        "\u200d": "零宽连接符 U+200D", "\u2060": "词连接符 U+2060", "\ufeff": "字节顺序标记 U+FEFF",
    }

    def _invisible(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for m in self._INVISIBLE_RE.finditer(text):
            s, e = m.span()
            # A zero-width joiner between emoji builds one glyph: keep it.
            if m.group() == "\u200d" and s > 0 and e < len(text) and is_emoji(text[s - 1]) and is_emoji(text[e]):
                continue
            names = "、".join(dict.fromkeys(self._NAMES.get(c, f"U+{ord(c):04X}") for c in m.group()))
            yield self.finding(doc, s, e, suggestions=[""], what=names)

    # ---- stray spaces between Han characters ----------------------------------------------------
    _SPACE_RE = regex.compile(r"(?<=\p{Han})[ \u3000\u00a0]+(?=\p{Han})")
    _BRACKETS_RE = regex.compile(r"[（(][^（()）]*[）)]")

    def _stray_space(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        for para in doc.paragraphs:
            if para.kind != "paragraph":
                continue
            ptext = text[para.start:para.end]
            # Headlines, credits, bylines: spaces there separate parts on purpose.
            if not _CLAUSE_MARK_RE.search(ptext):
                continue
            inside = [(m.start(), m.end()) for m in self._BRACKETS_RE.finditer(ptext)]
            last_mark = last_clause_mark(ptext)
            for m in self._SPACE_RE.finditer(ptext):
                s, e = m.span()
                if any(a <= s < b for a, b in inside):
                    continue  # a byline in brackets: （记者张三 通讯员李四）
                if name_padding(ptext, s, e) or dateline_space(ptext, s) or convention(ptext, s, e):
                    continue  # 李　鹏, 本报讯 记者……, 第十二条　……, “融合创新　智慧传播”, 记者　张三
                if not in_prose_sentence(ptext, s, e, last_mark):
                    continue
                yield self.finding(doc, para.start + s, para.start + e, suggestions=[""],
                                   what=describe_space(m.group()))

    # ---- paragraphs run together: an indent in mid-line -----------------------------------------
    # A sentence end, then the two full-width spaces (or four ASCII spaces) that indent a paragraph,
    # then text: the line break before the indent was lost in a paste.
    _MERGED_RE = regex.compile(r"(?<=[。！？!?…”’」』）)])(?:\u3000{2,}|\u3000? {4,}|(?:\u3000 ?){2,})(?=\S)")

    def _merged(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        if "\u3000" not in text and "    " not in text:
            return
        # The break to restore: the way this copy separates paragraphs, and its indentation.
        nl = "\r\n" if "\r\n" in text else "\r" if "\r" in text and "\n" not in text else "\n"
        sep = nl * 2 if nl * 2 in text.strip("\r\n") else nl
        indented = sum(1 for p in doc.paragraphs if text[max(0, p.start - 2):p.start] == "\u3000\u3000")
        indent = "\u3000\u3000" if indented * 2 >= max(1, len(doc.paragraphs)) else ""
        for para in doc.paragraphs:
            if para.kind != "paragraph":
                continue
            for m in self._MERGED_RE.finditer(text, para.start, para.end):
                s, e = m.span()
                if not text[para.start:s].strip():
                    continue  # the indent of this very paragraph
                yield self.finding(doc, s, e, suggestions=[sep + indent], what=describe_space(m.group()))

    # ---- page furniture -------------------------------------------------------------------------
    _PAGE_ONLY_RE = regex.compile(
        r"^(?:[-—－–·\s]*\d{1,3}[-—－–·\s]*|第\s*[\d０-９一二三四五六七八九十]{1,3}\s*[版页]"
        r"|[（(]?\s*(?:下转|上接|转|接)第?\s*[\d０-９一二三四五六七八九十]{1,3}\s*[版页]\s*[）)]?)$")
    _JUMP_RE = regex.compile(r"[（(]\s*(?:下转|上接|转|接)第?\s*[\d０-９一二三四五六七八九十]{1,3}\s*[版页]\s*[）)]")
    _EDITOR_RE = regex.compile(
        r"[（(【\[]?\s*(?:责任编辑|责编|本版编辑|美术编辑|版式设计|校对|编辑)\s*[:：]\s*[\p{Han}·]{2,8}"
        r"(?:[\s、]+[\p{Han}·]{2,8})*\s*[）)】\]]?")
    _PAGE_HEADER_RE = regex.compile(r"第\s*[\d０-９一二三四五六七八九十]{1,3}\s*版")

    def _furniture(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        paras = [p for p in doc.paragraphs if p.kind == "paragraph"]
        for i, para in enumerate(paras):
            ptext = text[para.start:para.end]
            last = i == len(paras) - 1
            if self._PAGE_ONLY_RE.match(ptext):
                if _PAGE_NUMBER_RE.fullmatch(ptext.strip()) and not between_prose(doc, paras, i):
                    continue
                yield self._furniture_line(doc, para, "页码或版次")
                continue
            m = self._EDITOR_RE.match(ptext)
            if m and m.end() == len(ptext):
                if not last:  # a sign-off at the very end of the copy is where it belongs
                    yield self._furniture_line(doc, para, "编辑署名")
                continue
            for m in self._JUMP_RE.finditer(ptext):
                yield self.finding(doc, para.start + m.start(), para.start + m.end(), what="转版提示")
            for m in self._EDITOR_RE.finditer(ptext):
                if m.start() > 0 and ptext[m.start()] not in "（(【[":
                    prev = ptext[m.start() - 1]
                    if not (prev in "。！？”）" or prev.isspace()):
                        continue
                if not (m.start() == 0 and m.end() == len(ptext)) and m.end() < len(ptext):
                    yield self.finding(doc, para.start + m.start(), para.start + m.end(), what="编辑署名")
            if heading_like(ptext, 40) and not self._PAGE_ONLY_RE.match(ptext):
                hm = self._PAGE_HEADER_RE.search(ptext)
                # A running head: paper, date, weekday or section name beside 第N版.
                if hm and _PAGE_HEAD_RE.search(ptext):
                    yield self.finding(doc, para.start + hm.start(), para.start + hm.end(), what="版次")

    def _furniture_line(self, doc: Document, para: Paragraph, what: str) -> Finding:
        text = doc.text
        # Remove the line with the line break before it (or after it at the start of the file).
        a = text.rfind("\n", 0, para.start)
        start = a if a >= 0 else para.start
        end = para.end
        if a < 0:
            nl = text.find("\n", para.end)
            end = nl + 1 if nl >= 0 else len(text)
        return self.finding(doc, para.start, para.end, suggestions=[""], edits=[Edit(start, end, "")], what=what)

    # ---- repeated paragraphs --------------------------------------------------------------------
    def _repeated(self, doc: Document) -> Iterator[Finding]:
        text = doc.text
        seen: dict[str, Paragraph] = {}
        prev_end = 0
        for para in doc.paragraphs:
            ptext = _SPACES_RE.sub("", text[para.start:para.end])
            gap_start = prev_end
            prev_end = para.end
            if para.kind != "paragraph" or len(ptext) < self.min_length or not SENT_MARK_RE.search(ptext):
                continue
            first = seen.get(ptext)
            if first is None:
                seen[ptext] = para
                continue
            line, _ = doc.line_col(first.start)
            yield self.finding(doc, para.start, para.end, suggestions=[""],
                               edits=[Edit(gap_start, para.end, "")] if gap_start < para.start else None,
                               line=line)

    # check name → detector; the keys are the `check:` values a rule may name.
    CHECKS = {
        "broken-paragraph": _broken,
        "hyphenation": _hyphenation,
        "invisible": _invisible,
        "stray-space": _stray_space,
        "page-furniture": _furniture,
        "repeated-paragraph": _repeated,
        "merged-paragraph": _merged,
    }
    OPTIONS = {
        "check": f"which detector: {', '.join(CHECKS)}",
        "max_heading": Opt("broken-paragraph: longest line (code points) that may be a headline (default 30)",
                           "int", minimum=0),
        "min_word_freq": Opt("broken-paragraph: lowest jieba frequency for a word across the break (default 50)",
                             "int", minimum=0),
        "min_length": Opt("repeated-paragraph: shortest paragraph compared (default 20)", "int", minimum=0),
        "min_heading": Opt("broken-paragraph: shortest line (Han characters) that may be a headline (default 3)",
                           "int", minimum=0),
        "lm_gain": Opt("broken-paragraph: language-model association gain across the break, in tenths of a "
                       "log10 unit, above which a headline-shaped line is suggested as broken (default 7)",
                       "int", minimum=0),
    }


KIND = Layout
