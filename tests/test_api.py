"""The library API and the registries behind the front ends: one call, per-file configs, readers and reporters
added by one file and one line, the text report's grouping and counts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from lint import api, readers, report
from lint.report import REPORTERS

from .conftest import SEED, run_cli


def test_one_call_lints_and_fixes_text() -> None:
    r = api.lint("我们要再接再励，1月6日,省里开会。")
    rules = {f.rule for f in r.findings}
    assert {"typo.known-wrong-form", "punctuation.half-width"} <= rules
    fixed = api.lint("1月6日,省里开会。", fix=True)
    assert fixed.fixed is not None and fixed.fixed.source_text == "1月6日，省里开会。" and fixed.applied == 1
    js = api.to_json(fixed, edits=True)
    assert js["fixed"] == "1月6日，省里开会。" and js["fixes_applied"] == 1


def test_one_call_takes_a_config_mapping_and_refuses_paths() -> None:
    r = api.lint("我们要再接再励，1月6日,省里开会。", config={"select": ["punctuation"], "lang": "en"})
    assert {f.rule.split(".")[0] for f in r.findings} == {"punctuation"} and r.lang == "en"
    with pytest.raises(api.RuleError, match="rules"):
        api.lint("好。", config={"rules": ["/etc/passwd"]})


def _two_projects(tmp_path: Path) -> tuple[Path, Path]:
    strict, lax = tmp_path / "strict", tmp_path / "lax"
    for d in (strict, lax):
        d.mkdir()
    (lax / ".newslint.yaml").write_text("fail-level: error\nlang: en\n", encoding="utf-8")
    text = "我们要再接再励。\n"  # a warning
    (strict / "a.txt").write_text(text, encoding="utf-8")
    (lax / "b.txt").write_text(text, encoding="utf-8")
    return strict / "a.txt", lax / "b.txt"


def test_each_file_is_judged_by_its_own_config(tmp_path: Path) -> None:
    a, b = _two_projects(tmp_path)
    ab = run_cli("check", "--format", "json", str(a), str(b))
    ba = run_cli("check", "--format", "json", str(b), str(a))
    assert ab.returncode == ba.returncode == 1  # a's warning fails under a's own fail level
    assert run_cli("check", str(b)).returncode == 0  # b alone passes: its config says fail-level error
    files = {Path(f["path"]).name: f for f in json.loads(ab.stdout)["files"]}
    assert files["a.txt"]["findings"][0]["message"].startswith("“再接再励”")  # Chinese, the default
    assert "再接再厉" in files["b.txt"]["findings"][0]["message"] and not files["b.txt"]["findings"][0][
        "message"].startswith("“")  # English, b's config


def test_text_report_groups_identical_findings_in_a_paragraph(tmp_path: Path) -> None:
    p = tmp_path / "commas.txt"
    p.write_text("今天,明天,后天,大后天都开会。\n", encoding="utf-8")
    grouped = run_cli("check", "--no-color", "--select", "punctuation.half-width", str(p)).stdout.decode()
    assert grouped.count("punctuation.half-width") == 1 and "×3" in grouped and "同段另有 2 处" in grouped
    assert "共 3 处问题" in grouped  # the summary still counts every finding
    flat = run_cli("check", "--no-color", "--no-group", "--select", "punctuation.half-width", str(p)).stdout.decode()
    assert flat.count("punctuation.half-width") == 3 and "×" not in flat


def test_concise_and_statistics_formats(tmp_path: Path) -> None:
    concise = run_cli("check", "--no-color", "--format", "concise", str(SEED)).stdout.decode().splitlines()
    full = json.loads(run_cli("check", "--format", "json", str(SEED)).stdout)
    n = full["summary"]["findings"]
    finding_lines = [ln for ln in concise if ln.startswith(str(SEED))]
    assert len(finding_lines) == n
    first = full["files"][0]["findings"][0]
    assert finding_lines[0].startswith(f"{SEED}:{first['line']}:{first['column']}: {first['level']} {first['rule']}")
    stats = run_cli("check", "--no-color", "--statistics", str(SEED)).stdout.decode()
    assert "│" not in stats  # counts only, no excerpts
    for rule, count in full["summary"]["by_rule"].items():
        assert f"{count:>6}  {rule}" in stats


def test_a_run_that_lints_nothing_says_so(tmp_path: Path) -> None:
    r = run_cli("check", "--no-color", str(tmp_path))
    assert r.returncode == 0 and "没有可检查的文件" in r.stdout.decode()


def test_formats_it_cannot_read_are_named(tmp_path: Path) -> None:
    (tmp_path / "old.doc").write_bytes(b"\xd0\xcf\x11\xe0" + b"\0" * 100)
    (tmp_path / "ok.txt").write_text("好。\n", encoding="utf-8")
    one = run_cli("check", str(tmp_path / "old.doc"))
    assert one.returncode == 2 and one.stderr.decode().count("\n") == 1 and ".docx" in one.stderr.decode()
    walk = run_cli("check", "--format", "json", str(tmp_path))
    assert walk.returncode == 0 and "old.doc: skipped" in walk.stderr.decode()
    assert [Path(f["path"]).name for f in json.loads(walk.stdout)["files"]] == ["ok.txt"]


def test_batch_line_failures_stay_on_their_line() -> None:
    lines = [
        '{"id": "a", "text": "我们要再接再励。"}',
        '{"id": "\\ud800", "text": "好。"}',  # a lone surrogate in the id
        '{"id": "c", "text": "x\\udc00"}',  # and in the text
        "[" * 100000,  # nested too deeply
        '{"id": "e", "text": "再接再励。"}',
    ]
    r = run_cli("batch", stdin=("\n".join(lines) + "\n").encode())
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert r.returncode == 2 and len(out) == 5
    assert out[0]["findings"] and out[4]["findings"] and out[4]["id"] == "e"
    assert all("error" in o for o in out[1:4]) and out[2]["id"] == "c"


def test_a_toy_reader_and_reporter_are_one_file_and_one_line_each(tmp_path: Path) -> None:
    readers.register("keyvalue", "tests.toys.toy_reader", (".kv",), "key: value lines")
    report.register("toy", "tests.toys.toy_reporter", "rule@line tokens")
    try:
        p = tmp_path / "story.kv"
        p.write_text("title: 好消息\nbody: 我们要再接再励。\n", encoding="utf-8")
        r = run_cli("check", "--format", "toy", str(tmp_path))
        assert r.stdout.decode().split() == ["typo.known-wrong-form@2"]
        js = json.loads(run_cli("check", "--format", "json", str(p)).stdout)["files"][0]["findings"][0]
        src = p.read_text(encoding="utf-8")
        assert src[js["source_offset"]:js["source_end_offset"]] == "再接再励" == js["text"]
    finally:
        del readers.READERS["keyvalue"], REPORTERS["toy"]


def test_batch_date_dates_the_weekday_check_and_an_id_is_not_a_file_name() -> None:
    lines = [
        {"id": "a", "text": "1月10日（星期一），全市召开会议。", "date": "2023-01-10"},
        {"id": "story-2023-01-10", "text": "1月10日（星期一），全市召开会议。"},  # a date-like id dates nothing
    ]
    r = run_cli("batch", "--select", "number", stdin="".join(json.dumps(x) + "\n" for x in lines).encode())
    out = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [f["rule"] for f in out[0]["findings"]] == ["number.weekday-mismatch"]
    assert "2023-01-10" in out[0]["findings"][0]["message"] and out[1]["findings"] == []


def test_a_request_config_cannot_name_a_file() -> None:
    with pytest.raises(api.RuleError, match="names a file"):
        api.config_from_mapping({"options": {"typo.statistical": {"model": "/etc/hostname"}}})
