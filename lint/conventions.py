"""Separator spaces that real news copy writes on purpose (issue 11 item 7).

Central papers set a space, ideographic or ASCII, after a law's article number (``第十二条　预备役军衔……``),
after a dateline (``新华社北京12月31日电　2023年……``), between the parallel phrases of a slogan or headline
(``“融合创新　智慧传播”``) and after a byline label (``记者　张三``). The spacing rules (layout.stray-space,
style.han-latin-spacing) ask :func:`convention` before reporting a space.
"""

from __future__ import annotations

import regex

_NUM = r"[0-9０-９零〇○一二三四五六七八九十百千]"
# 第十二条／第三章／第二款／第一节／第二编 at the start of a line or after a sentence end.
_ARTICLE_RE = regex.compile(rf"(?rm)(?:^|[。！？；：!?;:”」）)\s])第{_NUM}{{1,6}}[条章款节编]")
# A dateline: agency, place and date, then 电/讯, optionally a byline in brackets, at the start of the line.
_DATELINE_RE = regex.compile(r"^[^，,。；;！？!?\n]{0,30}?[电讯](?:[（(][^（()）\n]{0,30}[）)])?$")
_LABEL = r"(?:本报|新华社|人民日报|经济日报|光明日报|中新社|本台|本刊|央视)?(?:特约|见习|实习|驻[\p{Han}]{1,6})?" \
         r"(?:记者|通讯员|实习生|摄影|撰稿|编辑|责任编辑|主持人)"
# 记者　张三: the label at the start of a line, after a dateline or an opening bracket.
_LABEL_RE = regex.compile(rf"(?rm)(?:^|[\s（(【：:]|[电讯])(?:{_LABEL})")
# 记者　张三　李四: the space after a name that follows a label.
_AFTER_NAME_RE = regex.compile(rf"(?rm)(?:^|[\s（(【：:]|[电讯])(?:{_LABEL})(?:[ \u3000]+\p{{Han}}{{2,4}})+")
_NAME_NEXT_RE = regex.compile(r"\p{Han}{2,4}(?=$|[ \u3000\s）)】，,。；;、：:])")
_SPACES = " \u3000\u00a0"
_OPENERS = {"“": "”", "《": "》", "‘": "’", "「": "」", "『": "』", "〈": "〉", "【": "】"}
_PHRASE_RE = regex.compile(r"\p{Han}+")
SLOGAN_MAX = 40  # characters each side of the space: a slogan or headline is shorter
_RUN_BACK = regex.compile(r"(?r)[\p{Han} \u3000\u00a0]*")  # matched backwards from the space
_RUN_FWD = regex.compile(r"[\p{Han} \u3000\u00a0]*")
_WIDE_GAP_RE = regex.compile(r"[ \u3000\u00a0]{3,}")


def convention(text: str, s: int, e: int, floor: int = 0) -> str | None:
    """Which convention the space text[s:e] follows (article, dateline, byline, slogan), or None.
    floor: where the line or paragraph holding it starts."""
    # The patterns before the space are matched backwards from it (regex's REVERSE flag) over a bounded
    # stretch: the check stays linear in a long line.
    if _ARTICLE_RE.match(text, max(floor, s - 12), s):
        return "article"
    if s - floor <= 40 and _DATELINE_RE.match(text, floor, s):
        return "dateline"
    if ((_LABEL_RE.match(text, max(floor, s - 16), s) or _AFTER_NAME_RE.match(text, max(floor, s - 40), s))
            and _NAME_NEXT_RE.match(text, e)):
        return "byline"
    if _parallel_phrases(text, s, e, floor):
        return "slogan"
    return None


def _parallel_phrases(text: str, s: int, e: int, floor: int) -> bool:
    """The space separates phrases of equal length that fill a quotation or title (“融合创新　智慧传播”,
    《奋进新时代　建功新征程》) or a whole line: a slogan or a headline's parallel halves."""
    lo = max(floor, s - SLOGAN_MAX)
    back = _RUN_BACK.match(text, lo, s)
    i = back.start() if back else s
    n = min(len(text), e + SLOGAN_MAX)
    fwd = _RUN_FWD.match(text, e, n)
    j = fwd.end() if fwd else e
    if (i == lo and lo > floor) or (j == n and n < len(text)):
        return False  # a longer run than any slogan (and the scan stays linear in the line)
    n = len(text)
    opener = text[i - 1] if i > floor else ""
    closer = text[j] if j < n else ""
    quoted = opener in _OPENERS and closer == _OPENERS[opener]
    whole_line = i == floor and (j == n or closer in "\r\n")
    if not (quoted or whole_line):
        return False
    inner = text[i:j].strip(_SPACES)
    if _WIDE_GAP_RE.search(inner):
        return False  # aligned columns, not a separator
    phrases = _PHRASE_RE.findall(inner)
    return len(phrases) >= 2 and len({len(p) for p in phrases}) == 1 and 2 <= len(phrases[0]) <= 8
