"""The command line as users meet it: exit codes, text report, JSON contract, batch, errors."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

from lint.report.json import SCHEMA_PATH

from .conftest import ROOT, SEED, run_cli

SCHEMA = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def run_process(*args: str, stdin: bytes | None = None, cwd: Path = ROOT) -> subprocess.CompletedProcess[bytes]:
    """The real process, for what only a process shows (exit status, stdin, start-up)."""
    return subprocess.run([sys.executable, "-m", "lint", *args], input=stdin, capture_output=True, cwd=cwd,
                          timeout=300)


run = run_cli  # in-process: the same main(), without paying a start-up per call


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    p = tmp_path / "draft.txt"
    p.write_text("标题\n\n我们要再接再励，会议作出布署。\n", encoding="utf-8")
    return p


def test_check_text_report_and_exit_codes(draft: Path) -> None:
    r = run("check", "--no-color", "--select", "typo.known-wrong-form", str(draft))
    out = r.stdout.decode()
    assert r.returncode == 1, r.stderr
    assert f"{draft}:3:4 warning typo.known-wrong-form" in out
    assert "建议：再接再厉" in out and "^^^^^^^^" in out  # 4 wide characters → 8 carets
    assert run("check", "--exit-zero", "--select", "typo.known-wrong-form", str(draft)).returncode == 0
    assert run("check", "--fail-level", "error", "--select", "typo.known-wrong-form", str(draft)).returncode == 0
    en = run("check", "--no-color", "--lang", "en", "--select", "typo.known-wrong-form", str(draft)).stdout.decode()
    assert "is a misspelling of '再接再厉'" in en


def test_json_output_validates_against_published_schema(draft: Path) -> None:
    r = run("check", "--format", "json", str(draft), str(SEED))
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    f = next(f for f in data["files"][0]["findings"] if f["rule"] == "typo.known-wrong-form")
    assert (f["line"], f["column"], f["text"], f["suggestions"][0]) == (3, 4, "再接再励", "再接再厉")
    assert data["summary"]["findings"] == sum(len(x["findings"]) for x in data["files"])


def test_json_lists_unreadable_files_and_keeps_the_rest(tmp_path: Path, draft: Path) -> None:
    binary = tmp_path / "scan.txt"
    binary.write_bytes(b"\x00\x01\x02PK")
    r = run("check", "--format", "json", str(draft), str(binary))
    data = json.loads(r.stdout)
    jsonschema.validate(data, SCHEMA)
    assert r.returncode == 2
    assert [Path(f["path"]).name for f in data["files"]] == ["draft.txt"] and data["files"][0]["findings"]
    assert [Path(e["path"]).name for e in data["errors"]] == ["scan.txt"]
    assert "binary" in data["errors"][0]["message"]


def test_seed_report_json_validates_and_fails() -> None:
    r = run("check", "--format", "json", "seeds/")
    jsonschema.validate(json.loads(r.stdout), SCHEMA)
    assert r.returncode == 1
    assert run("check", "--exit-zero", "seeds/").returncode == 0


def test_batch_one_line_per_input_in_order() -> None:
    payload = (
        '{"id":"a","text":"我们要再接再励。"}\n'
        '{"id":2,"text":"没有问题。"}\n'
        '{"id":"md","text":"# 标题\\n\\n`再接再励`不查，再接再励要查。","format":"markdown"}\n'
    ).encode()
    r = run("batch", "--select", "typo.known-wrong-form", stdin=payload)
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert [x["id"] for x in lines] == ["a", 2, "md"]
    [f] = lines[0]["findings"]
    assert (f["offset"], f["end_offset"], f["suggestions"][0]) == (3, 7, "再接再厉")
    assert lines[1]["findings"] == []
    assert [x["text"] for x in lines[2]["findings"]] == ["再接再励"]
    for rec in lines:
        for finding in rec["findings"]:
            jsonschema.validate(finding, SCHEMA["$defs"]["finding"])


def test_batch_bad_line_reports_error_and_keeps_going() -> None:
    r = run("batch", stdin='not json\n{"id":"b","text":"好。"}\n'.encode())
    lines = [json.loads(x) for x in r.stdout.decode().splitlines()]
    assert "error" in lines[0] and lines[1]["id"] == "b"
    assert r.returncode == 2 and r.stderr.decode().count("\n") == 1


def one_line_error(r: subprocess.CompletedProcess[bytes], *needles: str) -> None:
    err = r.stderr.decode()
    assert r.returncode == 2, (r.returncode, err)
    assert err.count("\n") == 1 and "Traceback" not in err, err
    for n in needles:
        assert n in err, err


def test_input_errors_exit_2_with_one_line(tmp_path: Path) -> None:
    one_line_error(run("check", str(tmp_path / "missing.txt")), "missing.txt", "no such file")
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    before = binary.read_bytes()
    one_line_error(run("check", "--fix", str(binary)), "photo.txt")
    assert binary.read_bytes() == before
    bad_yaml = tmp_path / "house.yaml"
    bad_yaml.write_text("rules:\n  - id: house.x\n    kind: [oops\n", encoding="utf-8")
    cfg = tmp_path / ".newslint.yaml"
    cfg.write_text("rules: [house.yaml]\n", encoding="utf-8")
    one_line_error(run("check", str(SEED), "--config", str(cfg)), "house.yaml:", "YAML syntax error")
    one_line_error(run("check", "--select", "typo.no-such-rule", str(SEED)), "typo.no-such-rule")
    one_line_error(run("explain", "typo.no-such-rule"), "unknown rule")
    one_line_error(run("check", "--no-such-flag"), "--no-such-flag")
    (tmp_path / "big").mkdir()
    (tmp_path / "big" / ".newslint.yaml").write_text("lang: zh\n", encoding="utf-8")
    huge = tmp_path / "big" / "huge.txt"
    huge.write_bytes("正文。".encode() * (8 * 1024 * 1024 // 3))
    size = huge.stat().st_size
    one_line_error(run("check", "--fix", str(huge)), "huge.txt", "limit")
    assert huge.stat().st_size == size


def test_gb18030_copy_finds_the_same_as_utf8(tmp_path: Path) -> None:
    gb = tmp_path / "seed-gb.txt"
    gb.write_bytes(SEED.read_text(encoding="utf-8").encode("gb18030"))
    a = json.loads(run("check", "--format", "json", str(SEED)).stdout)["files"][0]
    b = json.loads(run("check", "--format", "json", str(gb)).stdout)["files"][0]
    assert b["encoding"] == "gb18030"
    key = lambda f: (f["rule"], f["offset"], f["end_offset"], tuple(f["suggestions"]))  # noqa: E731
    assert [key(f) for f in a["findings"]] == [key(f) for f in b["findings"]]
    assert all(x["offset_bytes"] != y["offset_bytes"] or x["offset"] == 0 for x, y in
               zip(a["findings"], b["findings"], strict=True) if x["offset"] > 0)


def test_stdin_and_rules_and_explain() -> None:
    r = run("check", "--format", "json", "-", stdin="再接再励。".encode())
    assert json.loads(r.stdout)["files"][0]["findings"][0]["rule"] == "typo.known-wrong-form"
    rules = json.loads(run("rules", "--format", "json").stdout)
    assert any(x["id"] == "typo.known-wrong-form" for x in rules)
    ex = run("explain", "typo.known-wrong-form").stdout.decode()
    assert "source:" in ex and "bad:" in ex and "good:" in ex


def test_directory_recursion_and_exclude(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.md").write_text("再接再励。\n", encoding="utf-8")
    (tmp_path / "a" / "skip.txt").write_text("再接再励。\n", encoding="utf-8")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG\x00")
    (tmp_path / ".newslint.yaml").write_text("exclude: ['a/skip.txt']\nselect: [typo.known-wrong-form]\n")
    r = run("check", "--format", "json", str(tmp_path))
    paths = [Path(f["path"]).name for f in json.loads(r.stdout)["files"]]
    assert paths == ["x.md"] and r.returncode == 1


def test_real_process_exit_codes_stdin_json_and_one_line_errors(tmp_path: Path) -> None:
    r = run_process("check", "--format", "json", "-", stdin="我们要再接再励。".encode())
    assert r.returncode == 1
    assert json.loads(r.stdout)["files"][0]["findings"][0]["rule"] == "typo.known-wrong-form"
    missing = run_process("check", str(tmp_path / "missing.txt"))
    assert missing.returncode == 2 and missing.stderr.decode().count("\n") == 1 and b"Traceback" not in missing.stderr
    assert run_process("check", "--exit-zero", str(SEED)).returncode == 0
