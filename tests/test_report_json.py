"""The JSON report's fast writer (lint/report/json.py ``render``) is, byte for byte, ``json.dumps`` of the report
as data (``document``), on real runs: plain text, GBK, a BOM, CRLF, Markdown, HTML (an offset map), several files,
astral characters, empty reports and files that could not be read (.docx: tests/test_reader_docx.py)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lint import api, report
from lint.report import ReportOptions, Results
from lint.report.json import document, dumps

from .conftest import SEED

CASES = {
    "dense.txt": ("会上,代表们认为,今年经济运行总体平稳,稳中有进。\n\n𠮷野家,门店增加到 12 家,营收 10337万元。\r\n"
                  "再接再励,把工作做好!\n"),
    "note.md": "# 标题\n\n本报讯,全市新增就业岗位一万个。“他说:好”\n\n- 列表项,有半角逗号\n",
    "page.html": "<p>本报讯,全市&nbsp;新增就业岗位<b>一万</b>个。</p><p>向读者致歉,感谢支持!</p>",
    "empty.txt": "本报讯　全市今年新增就业岗位一万个。\n",
}


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> Results:
    d = tmp_path_factory.mktemp("json")
    for name, text in CASES.items():
        (d / name).write_text(text, encoding="utf-8", newline="")
    (d / "gbk.txt").write_bytes("本报讯,全市新增岗位一万个。".encode("gbk"))
    (d / "bom.txt").write_bytes("\ufeff本报讯,全市新增岗位一万个。".encode())
    res, _ = api.Session(api.Options()).run([str(SEED), *sorted(str(p) for p in d.iterdir())])
    res.errors.append({"path": str(d / "missing.txt"), "message": "无法读取：文件不存在"})
    return res


def expected(results: Results, options: ReportOptions) -> str:
    return json.dumps(document(results, options), ensure_ascii=False, indent=2) + "\n"


@pytest.mark.parametrize("lang", [None, "en"])
def test_render_is_json_dumps_of_the_document(results: Results, lang: str | None) -> None:
    options = ReportOptions(lang=lang)
    out = report.render("json", results, options)
    assert out == expected(results, options)
    files = json.loads(out)["files"]
    assert len(files) == len(CASES) + 3
    # the cases the fast writer covers and the ones it leaves to the general path are both present
    assert any(f["format"] == "html" and f["findings"] for f in files)
    assert any(f["format"] == "plain" and f["findings"] for f in files)
    assert any(any(x["confidence"] is not None for x in f["findings"]) for f in files)
    assert any(x["offset_utf16"] != x["offset"] for f in files for x in f["findings"])  # after the astral 𠮷


def test_empty_reports() -> None:
    for res in (Results(), Results(errors=[{"path": "a.txt", "message": "无法读取"}])):
        assert report.render("json", res) == expected(res, ReportOptions())


@pytest.mark.parametrize("value", [
    {}, [], {"a": [], "b": {}}, [1, -2, 2.5, -0.0, 1e100, None, True, False],
    {"s": "x\n\"y\\ \u2028 \x00 𠮷 中文", "n": [[{"k": [()]}]]}, {"nan": float("nan"), "inf": float("-inf")},
    {1: "non-string key", None: 2}, "text", 7, None,
])
def test_dumps_is_json_dumps(value: object) -> None:
    assert dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


def test_seed_report_keeps_its_schema(tmp_path: Path) -> None:
    import jsonschema

    from lint.report.json import SCHEMA_PATH

    res, _ = api.Session(api.Options()).run([str(SEED)])
    data = json.loads(report.render("json", res))
    jsonschema.validate(data, json.loads(SCHEMA_PATH.read_text(encoding="utf-8")))
    assert data["summary"]["findings"] == len(data["files"][0]["findings"]) > 100
