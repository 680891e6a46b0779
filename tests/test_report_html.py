"""The HTML report: rendered from the sample article by the real engine and opened in a real headless Chromium
(Debian's chromium + chromium-driver, driven by Selenium; skipped with the reason when they are absent)."""

from __future__ import annotations

import json
import re
import shutil
import tempfile
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from lint import api, cli, report
from lint.document import Document
from lint.finding import Finding
from lint.report import PAGE_LABELS, FileResult, ReportOptions, Results

from .conftest import SEED

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
CHROMEDRIVER = shutil.which("chromedriver") or "/usr/bin/chromedriver"
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--window-size=1400,1000"]
pytestmark = pytest.mark.xdist_group("report-html")  # one worker starts Chromium and renders the sample
INJECTION = '<script>alert(1)</script> 和 "><img src=x onerror=alert(1)>'


@pytest.fixture(scope="module")
def session() -> api.Session:
    return api.Session(api.Options())


@pytest.fixture(scope="module")
def sample(session: api.Session) -> Results:
    return session.run([str(SEED)])[0]


@pytest.fixture(scope="module")
def sample_json(sample: Results) -> list[dict[str, Any]]:
    findings: list[dict[str, Any]] = json.loads(report.render("json", sample))["files"][0]["findings"]
    return findings


@pytest.fixture(scope="module")
def sample_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample's report written by the command line, as an editor would make it."""
    out = tmp_path_factory.mktemp("html") / "report.html"
    assert cli.main(["check", str(SEED), "--format", "html", "--output", str(out)]) == 1
    return out


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed (pip install selenium)")
    from selenium.webdriver.chrome.service import Service

    if not (Path(CHROMIUM).exists() and Path(CHROMEDRIVER).exists()):
        pytest.skip("needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    profile = tempfile.mkdtemp(prefix="newslint-chromium-")
    for flag in [*CHROME_FLAGS, f"--user-data-dir={profile}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)  # no Selenium Manager download
    try:
        yield driver
    finally:
        driver.quit()
        shutil.rmtree(profile, ignore_errors=True)


def visible(s: str) -> str:
    """A span as the page draws it: newlines as ⏎."""
    return s.replace("\r", "").replace("\n", "⏎")


# Each mark's whole text (its later parts included), the kind's rule and whether it is highlighted
MARKS_JS = """
return Array.from(document.querySelectorAll('.doc mark[id]')).map(function (m) {
  var t = m.textContent;
  document.querySelectorAll('mark[data-m="' + m.id + '"]').forEach(function (p) { t += p.textContent; });
  var bg = getComputedStyle(m).backgroundColor;
  return {id: m.id, text: t, off: bg === 'rgba(0, 0, 0, 0)', tab: m.getAttribute('tabindex')};
});
"""


def note_text(driver: Any) -> str:
    text: str = driver.execute_script(
        "var n = document.getElementById('note'); return n.hidden ? '' : n.textContent;")
    return text


def test_sample_page_marks_notes_filters_keyboard(browser: Any, sample_page: Path, sample_json: list[dict[str, Any]],
                                                  tmp_path: Path) -> None:
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(sample_page.as_uri())
    marks = browser.execute_script(MARKS_JS)
    # one highlight element (with its own id) per finding, drawing exactly the finding's span
    assert len(marks) == len(sample_json) == 295
    assert len({m["id"] for m in marks}) == len(marks)
    assert sorted(m["text"] for m in marks) == sorted(visible(f["text"]) or "" for f in sample_json)
    assert not any(m["off"] for m in marks)
    # the article's first mark is its tab stop; the page moves Tab on from mark to mark (tested below)
    assert [m["tab"] for m in marks] == ["0"] + [None] * (len(marks) - 1)
    # every later part of a cut mark points at its finding
    assert browser.execute_script(
        "return Array.from(document.querySelectorAll('mark:not([id])')).every("
        "function (p) { return !!document.getElementById(p.dataset.m); });")
    # broken paragraphs show the break as ⏎ inside the mark
    broken = [f for f in sample_json if f["rule"] == "layout.broken-paragraph"]
    assert len(broken) == 10 and all(visible(f["text"]) in {m["text"] for m in marks} for f in broken)
    assert "⏎" in {m["text"] for m in marks if m["text"] == visible(broken[0]["text"])}.pop()

    # click the typo and read its note: message, suggestion, source, no fix badge (the typo has no fix)
    typo = next(f for f in sample_json if f["category"] == "typo")
    mark_id = next(m["id"] for m in marks if m["text"] == typo["text"])
    mark = browser.find_element(By.ID, mark_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", mark)
    mark.click()
    text = note_text(browser)
    assert typo["message"] in text and typo["suggestions"][0] in text and typo["source"] in text
    assert "错别字" in text and typo["rule"] in text and "可自动修复" not in text
    assert f"{typo['line']}　“{typo['text']}”" in text  # the line in the file and the span
    # Escape closes it
    browser.switch_to.active_element.send_keys(Keys.ESCAPE)
    assert note_text(browser) == ""
    # a fixable finding carries the badge
    yi = next(f for f in sample_json if f["rule"] == "number.yi-amount")
    yi_id = next(m["id"] for m in marks if m["text"] == yi["text"])
    yi_mark = browser.find_element(By.ID, yi_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", yi_mark)
    ActionChains(browser).move_to_element(yi_mark).perform()  # hover shows the note too
    assert yi["message"] in note_text(browser) and "可自动修复（--fix）" in note_text(browser)
    browser.save_screenshot(str(tmp_path / "note.png"))
    assert (tmp_path / "note.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # filter to typo: only the typo stays highlighted and in the tab order
    for box in browser.find_elements(By.CSS_SELECTOR, ".filters input[name=category]"):
        if box.get_attribute("value") != "typo" and box.is_selected():
            box.click()
    marks = browser.execute_script(MARKS_JS)
    on = [m for m in marks if not m["off"]]
    assert [m["text"] for m in on] == [typo["text"]]
    assert browser.find_element(By.ID, "shown").text == "1"
    # the tab stop moved to the one mark left
    assert [m["tab"] for m in marks if m["tab"] == "0"] == ["0"] and next(m for m in marks if m["tab"] == "0") in on
    off_mark = browser.find_element(By.ID, next(m["id"] for m in marks if m["off"]))
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", off_mark)
    off_mark.click()  # an unmarked finding opens no note
    assert note_text(browser) == ""
    # and back: warnings only
    for box in browser.find_elements(By.CSS_SELECTOR, ".filters input[name=category]"):
        if not box.is_selected():
            box.click()
    browser.find_element(By.CSS_SELECTOR, ".filters input[name=level][value=error]").click()
    on = [m for m in browser.execute_script(MARKS_JS) if not m["off"]]
    assert len(on) == sum(1 for f in sample_json if f["level"] == "warning") == 15
    browser.save_screenshot(str(tmp_path / "filtered.png"))


def test_keyboard_tab_enter_escape(browser: Any, sample_page: Path, sample_json: list[dict[str, Any]]) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys

    browser.get(sample_page.as_uri())
    body = browser.find_element(By.TAG_NAME, "body")
    body.click()
    for _ in range(60):  # Tab past the index, the filters and into the article
        browser.switch_to.active_element.send_keys(Keys.TAB)
        if browser.switch_to.active_element.tag_name == "mark":
            break
    first = browser.switch_to.active_element
    assert first.tag_name == "mark"
    first_id = first.get_attribute("id")
    assert first_id
    first.send_keys(Keys.ENTER)
    messages = {f["message"] for f in sample_json}
    assert any(m in note_text(browser) for m in messages)
    first.send_keys(Keys.ESCAPE)
    assert note_text(browser) == ""
    assert browser.switch_to.active_element.get_attribute("id") == first_id
    # Tab goes to the next mark; Space opens its note
    browser.switch_to.active_element.send_keys(Keys.TAB)
    second = browser.switch_to.active_element
    assert second.tag_name == "mark" and second.get_attribute("id") != first_id
    second.send_keys(Keys.SPACE)
    assert any(m in note_text(browser) for m in messages)
    # Shift+Tab goes back
    second.send_keys(Keys.SHIFT, Keys.TAB)
    assert browser.switch_to.active_element.get_attribute("id") == first_id
    assert second.get_attribute("aria-label")  # named for screen readers: level, category, span, message


def test_side_list_jumps_to_the_mark(browser: Any, sample_page: Path, sample_json: list[dict[str, Any]]) -> None:
    from selenium.webdriver.common.by import By

    browser.get(sample_page.as_uri())
    items = browser.find_elements(By.CSS_SELECTOR, ".list li button")
    assert len(items) == len(sample_json)
    target = items[200]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", target)
    target.click()
    active = browser.switch_to.active_element
    assert active.tag_name == "mark" and active.get_attribute("id") == target.get_attribute("data-m")
    in_view = browser.execute_script(
        "var r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight;", active)
    assert in_view and note_text(browser)
    # and the other way: clicking a mark far down the article brings its entry into the list's view
    far = browser.find_elements(By.CSS_SELECTOR, ".doc mark[id]")[280]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", far)
    far.click()
    assert browser.execute_script(
        "var b = document.querySelector('.list button.cur'), l = b.closest('.list');"
        "var br = b.getBoundingClientRect(), lr = l.getBoundingClientRect();"
        "return b.dataset.m === arguments[0].id && br.top >= lr.top && br.bottom <= lr.bottom;", far)


def test_markup_in_article_and_path_stays_text(browser: Any, session: api.Session, tmp_path: Path) -> None:
    from selenium.common.exceptions import NoAlertPresentException
    from selenium.webdriver.common.by import By

    # the file name too: every place the page shows text of ours
    draft = tmp_path / '"><img src=x onerror=alert(1)>.txt'
    draft.write_text(f"记者报道,{INJECTION},现场有群众围观。\n\n我们要再接再励,把工作做好。\n", encoding="utf-8")
    results, _ = session.run([str(draft)])
    assert results.findings
    page = tmp_path / "page.html"
    page.write_text(report.render("html", results), encoding="utf-8")
    browser.get(page.as_uri())
    for m in browser.find_elements(By.CSS_SELECTOR, ".doc mark[id]"):  # notes and lists are built from the text
        browser.execute_script("arguments[0].click()", m)
    with pytest.raises(NoAlertPresentException):
        browser.switch_to.alert  # noqa: B018 (the property raises when no dialog is open)
    assert browser.execute_script("return document.querySelectorAll('img').length") == 0
    assert browser.execute_script("return document.scripts.length") == 2  # the page's data and code only
    article = browser.find_element(By.CSS_SELECTOR, ".doc").get_attribute("textContent")
    assert "<script>alert(1)</script>" in article and '"><img src=x onerror=alert(1)>' in article
    assert browser.find_element(By.CSS_SELECTOR, "details.file h2").text == draft.as_posix()


# ---- without a browser -----------------------------------------------------------------------------------
class _Tree(HTMLParser):
    """Checks the article markup nests properly and collects each finding's marks and text."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, str]] = []
        self.text: dict[str, str] = {}
        self.ids: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        key = (a.get("id") or a.get("data-m") or "") if tag == "mark" else ""
        if tag == "mark" and a.get("id"):
            self.ids.append(key)
        self.stack.append((tag, key))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack and self.stack[-1][0] == tag, (tag, self.stack[-3:])
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        if any(t == "span" for t, _ in self.stack):
            return  # a ⏎ drawn for a break: the newline itself is the text
        for tag, key in self.stack:
            if tag == "mark":
                self.text[key] = self.text.get(key, "") + data


def article_tree(page: str) -> _Tree:
    tree = _Tree()
    for body in re.findall(r'<article class="doc" lang="zh-CN">(.*?)</article>', page, re.S):
        tree.feed(body)
    assert not tree.stack
    return tree


def test_overlapping_findings_nest_or_split(session: api.Session) -> None:
    text = "平顶山高新区召开会议，部署大气污染防治工作。\n\n会议要求压实责任。\n"
    doc = Document.from_text(text, "overlap.txt")
    spans = [(3, 6, "高新区"), (3, 8, "高新区召开"), (5, 10, "区召开会议"), (11, 13, "部署"), (12, 12, ""),
             (20, 27, "作。\n\n会议要"), (0, 3, "平顶山")]
    assert all(text[a:b] == t for a, b, t in spans)
    findings = [Finding("typo.test", "typo", "warning", a, b, f"第{i}处") for i, (a, b, _) in enumerate(spans)]
    results = Results(files=[FileResult("overlap.txt", doc, findings)])
    page = report.render("html", results)
    tree = article_tree(page)
    assert len(tree.ids) == len(findings) == len(set(tree.ids))
    # each finding's marks (its own and its later parts) hold exactly its span
    assert sorted(tree.text.get(i, "") for i in tree.ids) == sorted(t.replace("\n", "") for _, _, t in spans)
    assert len(re.findall(r"<mark id=tw\w+ class=e></mark>", page)) == 1  # the empty span: a zero-width mark
    brk = "<span class=brk>⏎</span>"
    assert re.search(f"作。{brk}{brk}</mark></p><p><mark data-m=tw\\w+>会议要</mark>", page)


def test_sample_page_is_self_contained_and_compact(sample_page: Path, sample: Results) -> None:
    page = sample_page.read_text(encoding="utf-8")
    assert not re.search(r"<link|<script[^>]+src=|<img|@import|url\(|https?://(?!pypi)", page, re.I)
    assert page.count("<script") == 2 and '<html lang="zh-CN">' in page
    tree = article_tree(page)
    assert len(tree.ids) == len(sample.findings)
    # the kinds table describes identical findings once: far fewer entries than findings
    data = json.loads(re.search(r'<script type="application/json" id="data">(.*?)</script>', page, re.S)[1])
    assert len(data["kinds"]) < 40 < len(sample.findings)
    assert {k[0] for k in data["kinds"]} == {f.rule for f in sample.findings}


def test_english_labels_and_messages(sample: Results) -> None:
    page = report.render("html", sample, ReportOptions(lang="en"))
    assert '<html lang="en">' in page and "<h2 id=\"summary-h\">Summary</h2>" in page
    data = json.loads(re.search(r'id="data">(.*?)</script>', page, re.S)[1])
    assert data["labels"]["suggestion"] == "Suggestion" and data["level"]["error"] == "error"
    assert set(PAGE_LABELS["en"]) == set(PAGE_LABELS["zh"])  # no label missing in either language
    assert all(not re.search(r"[\u4e00-\u9fff]", k[3]) for k in data["kinds"] if k[0] == "punctuation.half-width")


def test_long_runs_collapse_clean_files_and_index_all(session: api.Session, tmp_path: Path) -> None:
    (tmp_path / "a_clean.txt").write_text("会议要求压实责任。\n", encoding="utf-8")
    (tmp_path / "b_draft.txt").write_text("我们要再接再励,把工作做好。\n", encoding="utf-8")
    (tmp_path / "c_binary.txt").write_bytes(b"\x00\x01")
    results, _ = session.run([str(tmp_path)])
    page = report.render("html", results)
    sections = re.findall(r'<details class="file( clean)?" id="f(\d+)"( open)?>', page)
    assert sections == [(" clean", "0", ""), ("", "1", " open")]
    assert page.count('<a href="#f') == 2 and "未发现问题" in page
    assert "无法读取的文件" in page and "c_binary.txt" in page


def test_markdown_markup_is_shown_dimmed_and_every_finding_marked(session: api.Session) -> None:
    text = "# 标题\n\n我们要再接再励,把工作做好。\n\n```\ncode, here\n```\n\n他说:好。\n"
    result = session.lint_text(text, "draft.md", "markdown")
    assert len(result.findings) >= 3
    page = report.render("html", Results(files=[result]))
    tree = article_tree(page)
    assert len(tree.ids) == len(result.findings)
    assert sorted(tree.text[i] for i in tree.ids) == sorted(text[f.offset:f.end_offset] for f in result.findings)
    assert "<p class=src>#</p><p class=h>标题</p>" in page and "<p class=src>```\ncode, here\n```</p>" in page
