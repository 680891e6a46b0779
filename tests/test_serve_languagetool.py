"""The LanguageTool-compatible API (/v2) of `newslint serve`, driven by a real LanguageTool client
(language_tool_python, which needs no Java for a remote server) and by raw form requests."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import pytest

from .test_serve import Server

httpx = pytest.importorskip("httpx")
ltp = pytest.importorskip("language_tool_python")

pytestmark = pytest.mark.xdist_group("serve-languagetool")  # one worker starts the module's server

PARAGRAPH = "面对新的形势，全区干部群众要再接再励,把生态环境保护工作抓紧抓实。"


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    s = Server()
    try:
        yield s
    finally:
        s.close()


def check(server: Server, **params: str) -> Any:
    return httpx.post(f"{server.url}/v2/check", data=params, timeout=60)


def test_language_tool_python_client(server: Server) -> None:
    tool = ltp.LanguageTool("zh-CN", remote_server=server.url)
    try:
        matches = tool.check(PARAGRAPH)
        got = {(m.rule_id, m.offset, m.error_length, tuple(m.replacements)) for m in matches}
        assert got == {
            ("typo.known-wrong-form", PARAGRAPH.index("再接再励"), 4, ("再接再厉",)),
            ("punctuation.half-width", PARAGRAPH.index(","), 1, ("，",)),
        }
        typo = next(m for m in matches if m.rule_id == "typo.known-wrong-form")
        assert typo.category == "TYPO" and typo.rule_issue_type == "misspelling"
        assert typo.context[typo.offset_in_context:typo.offset_in_context + typo.error_length] == "再接再励"
        assert tool.correct(PARAGRAPH) == PARAGRAPH.replace("再接再励", "再接再厉").replace(",", "，")
        # offsets are UTF-16 units on the wire; the client turns them back into code points
        astral = "𠮷𠮷" + PARAGRAPH
        m = next(m for m in tool.check(astral) if m.rule_id == "typo.known-wrong-form")
        assert astral[m.offset:m.offset + m.error_length] == "再接再励"
        tool.disabled_categories = {"PUNCTUATION"}
        assert [m.rule_id for m in tool.check(PARAGRAPH)] == ["typo.known-wrong-form"]
    finally:
        tool.close()


def test_response_shape(server: Server) -> None:
    r = check(server, text="𠮷" + PARAGRAPH, language="zh-CN")
    assert r.status_code == 200
    obj = r.json()
    assert obj["software"]["apiVersion"] == 1 and obj["software"]["name"] == "newslint"
    assert obj["language"]["code"] == "zh-CN" and obj["language"]["detectedLanguage"]["code"] == "zh-CN"
    m = next(m for m in obj["matches"] if m["rule"]["id"] == "typo.known-wrong-form")
    units = ("𠮷" + PARAGRAPH).encode("utf-16-le")
    assert units[2 * m["offset"]:2 * (m["offset"] + m["length"])].decode("utf-16-le") == "再接再励"
    assert m["offset"] == PARAGRAPH.index("再接再励") + 2  # the astral character is two UTF-16 units
    ctx = m["context"]  # UTF-16 units too
    cu = ctx["text"].encode("utf-16-le")
    assert cu[2 * ctx["offset"]:2 * (ctx["offset"] + ctx["length"])].decode("utf-16-le") == "再接再励"
    assert m["sentence"] == "𠮷" + PARAGRAPH
    assert m["replacements"] == [{"value": "再接再厉"}]
    assert m["type"]["typeName"] and isinstance(m["ignoreForIncompleteSentence"], bool)
    assert m["rule"]["category"] == {"id": "TYPO", "name": "错别字"} and m["rule"]["description"]
    issue = {x["rule"]["id"]: x["rule"]["issueType"] for x in obj["matches"]}
    assert issue == {"typo.known-wrong-form": "misspelling", "punctuation.half-width": "typographical"}
    langs = httpx.get(f"{server.url}/v2/languages").json()
    assert {"name": "Chinese", "code": "zh", "longCode": "zh-CN"} in langs


def test_long_context_is_cut_like_languagetool(server: Server) -> None:
    text = "今天天气很好。" * 10 + "我们要再接再励。" + "今天天气很好。" * 10
    m = check(server, text=text, language="zh").json()["matches"][0]
    ctx = m["context"]
    assert ctx["text"].startswith("...") and ctx["text"].endswith("...")
    assert ctx["text"][ctx["offset"]:ctx["offset"] + ctx["length"]] == "再接再励"
    assert ctx["offset"] == 3 + 40


def test_annotated_text_skips_markup_and_counts_it(server: Server) -> None:
    parts = [{"markup": "<p>"}, {"text": "我们要"}, {"markup": "<b class=\"a,b\">"}, {"text": "再接再励"},
             {"markup": "</b>"}, {"text": ",把工作做好。"}, {"markup": "<br/>", "interpretAs": "\n"},
             {"text": "第二段。"}, {"markup": "</p>"}]
    full = "".join(p.get("text", p.get("markup", "")) for p in parts)
    r = check(server, data=json.dumps({"annotation": parts}, ensure_ascii=False), language="auto")
    assert r.status_code == 200, r.text
    found = {(m["rule"]["id"], full[m["offset"]:m["offset"] + m["length"]]) for m in r.json()["matches"]}
    # the comma inside the tag's attribute is markup: not linted
    assert found == {("typo.known-wrong-form", "再接再励"), ("punctuation.half-width", ",")}
    m = next(m for m in r.json()["matches"] if m["rule"]["id"] == "punctuation.half-width")
    assert m["offset"] == full.index("</b>,") + 4


def test_multipart_and_get(server: Server) -> None:
    files = {"text": (None, PARAGRAPH), "language": (None, "zh-CN")}
    r = httpx.post(f"{server.url}/v2/check", files=files, timeout=60)
    assert r.status_code == 200 and len(r.json()["matches"]) == 2
    r = httpx.get(f"{server.url}/v2/check", params={"text": PARAGRAPH, "language": "zh-CN"}, timeout=60)
    assert r.status_code == 200 and len(r.json()["matches"]) == 2


def test_rule_selection(server: Server) -> None:
    only = check(server, text=PARAGRAPH, language="zh-CN", enabledRules="punctuation.half-width",
                 enabledOnly="true").json()
    assert [m["rule"]["id"] for m in only["matches"]] == ["punctuation.half-width"]
    off = check(server, text=PARAGRAPH, language="zh-CN", disabledRules="typo.known-wrong-form,WHITESPACE_RULE").json()
    ids = [m["rule"]["id"] for m in off["matches"]]  # unknown ids are ignored
    assert "punctuation.half-width" in ids and "typo.known-wrong-form" not in ids
    cat = check(server, text=PARAGRAPH, language="zh-CN", disabledCategories="typo").json()
    assert [m["rule"]["id"] for m in cat["matches"]] == ["punctuation.half-width"]
    r = check(server, text=PARAGRAPH, language="zh-CN", enabledRules="NO_SUCH_RULE", enabledOnly="true")
    assert r.status_code == 400


def test_level_picky_adds_suggestions(server: Server) -> None:
    text = "我们购买了苹果、香蕉、和橘子。"  # a 顿号 before 和: a suggestion
    assert check(server, text=text, language="zh-CN").json()["matches"] == []
    picky = check(server, text=text, language="zh-CN", level="picky").json()["matches"]
    assert [m["rule"]["id"] for m in picky] == ["punctuation.enum-conjunction"]
    assert picky[0]["type"]["typeName"] == "Hint"


@pytest.mark.parametrize(("params", "needle"), [
    ({"text": "我们", "language": "en-US"}, "en-US"),
    ({"text": "我们"}, "language"),
    ({"language": "zh-CN"}, "text"),
    ({"text": "我们", "data": "{}", "language": "zh-CN"}, "only one"),
    ({"data": "{not json", "language": "zh-CN"}, "data"),
    ({"data": json.dumps({"annotation": [{"neither": 1}]}), "language": "zh-CN"}, "annotation item 0"),
    ({"text": "我们", "language": "zh-CN", "level": "extreme"}, "level"),
])
def test_bad_parameters_get_400(server: Server, params: dict[str, str], needle: str) -> None:
    r = check(server, **params)
    assert r.status_code == 400
    assert r.text.startswith("Error: ") and needle in r.text


def test_ltex_request_form_sent_as_json_content_type(server: Server) -> None:
    """LTeX (and LTeX+) POSTs its form urlencoded but labelled "Content-Type: application/json", with the text as
    annotated ``data`` and its other settings (ltex-ls LanguageToolHttpInterface.createRequestBody);
    LanguageTool reads such a body as a form, and so must this server."""
    from urllib.parse import urlencode

    parts = [{"markup": "# "}, {"text": "标题"}, {"markup": "\n\n"}, {"text": PARAGRAPH},
             {"markup": "`a,b`", "interpretAs": "代码"}]
    full = "".join(p.get("text", p.get("markup", "")) for p in parts)
    body = urlencode({"language": "zh-CN", "data": json.dumps({"annotation": parts}, ensure_ascii=False),
                      "motherTongue": "en-US", "level": "picky", "enabledRules": "SOME_LT_RULE",
                      "username": "someone@example.org", "apiKey": "xyz"})
    r = httpx.post(f"{server.url}/v2/check", content=body.encode(), timeout=60,
                   headers={"Content-Type": "application/json"})
    assert r.status_code == 200, r.text
    found = {(m["rule"]["id"], full[m["offset"]:m["offset"] + m["length"]]) for m in r.json()["matches"]}
    assert ("typo.known-wrong-form", "再接再励") in found and ("punctuation.half-width", ",") in found
    assert all(text != "," or full[m["offset"] - 1] != "a" for m in r.json()["matches"]
               for text in [full[m["offset"]:m["offset"] + m["length"]]])  # not the comma in the code span


def test_other_languagetool_parameters_are_ignored(server: Server) -> None:
    """Parameters LanguageTool clients send that newslint has no use for change nothing (LanguageTool ignores
    unknown ones too); the query's parameters win over the body's, as in LanguageTool."""
    plain = check(server, text=PARAGRAPH, language="zh-CN").json()["matches"]
    extra = check(server, text=PARAGRAPH, language="auto", preferredVariants="en-US,de-DE", motherTongue="de-DE",
                  noopLanguages="en", mode="allButTextLevelOnly", allowIncompleteResults="true",
                  useragent="webextension-chrome-ng", textSessionId="123:456", enabledOnly="false",
                  disabledRules="WHITESPACE_RULE", instanceId="abc").json()["matches"]
    assert [m["rule"]["id"] for m in extra] == [m["rule"]["id"] for m in plain] and len(plain) == 2
    r = httpx.post(f"{server.url}/v2/check", params={"language": "zh-CN"}, data={"text": PARAGRAPH, "language": "fr"},
                   timeout=60)
    assert r.status_code == 200 and len(r.json()["matches"]) == 2
