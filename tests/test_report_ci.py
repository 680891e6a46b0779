"""The CI formats (github, gitlab, jsonl) on the sample article, read back the way the CI systems read them."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jsonschema
import pytest

from lint import api, cli, report
from lint.report import ReportOptions, Results

from .conftest import SEED

# GitHub's workflow command grammar: ::name key=value,key=value::data (values escaped, see github.py)
COMMAND_RE = re.compile(r"^::(error|warning|notice) ((?:\w+=[^,:]*)(?:,\w+=[^,:]*)*)::(.*)$")

# GitLab's Code Quality report: the fields its documentation lists as required, and the severity values.
GITLAB_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["description", "check_name", "fingerprint", "severity", "location"],
        "properties": {
            "description": {"type": "string", "minLength": 1},
            "check_name": {"type": "string", "minLength": 1},
            "fingerprint": {"type": "string", "minLength": 1},
            "severity": {"enum": ["info", "minor", "major", "critical", "blocker"]},
            "location": {
                "type": "object",
                "required": ["path", "lines"],
                "properties": {
                    "path": {"type": "string", "minLength": 1, "not": {"pattern": "^/"}},
                    "lines": {"type": "object", "required": ["begin"],
                              "properties": {"begin": {"type": "integer", "minimum": 1},
                                             "end": {"type": "integer", "minimum": 1}}},
                },
            },
        },
    },
}


def unescape(s: str) -> str:
    return s.replace("%0D", "\r").replace("%0A", "\n").replace("%3A", ":").replace("%2C", ",").replace("%25", "%")


def parse_commands(out: str) -> list[tuple[str, dict[str, str], str]]:
    parsed = []
    for line in out.splitlines():
        m = COMMAND_RE.match(line)
        assert m, f"not a workflow command: {line!r}"
        props = dict(kv.split("=", 1) for kv in m.group(2).split(","))
        parsed.append((m.group(1), {k: unescape(v) for k, v in props.items()}, unescape(m.group(3))))
    return parsed


@pytest.fixture(scope="module")
def session() -> api.Session:
    return api.Session(api.Options())


@pytest.fixture(scope="module")
def sample(session: api.Session) -> Results:
    results, _ = session.run([str(SEED)])
    return results


@pytest.fixture(scope="module")
def sample_json(sample: Results) -> list[dict]:
    return json.loads(report.render("json", sample))["files"][0]["findings"]


def test_github_one_command_per_finding(sample: Results, sample_json: list[dict]) -> None:
    out = report.render("github", sample)
    commands = parse_commands(out)
    assert len(commands) == len(sample_json) == len(sample.findings) > 100
    levels = {"error": "error", "warning": "warning", "suggestion": "notice"}
    for (level, props, data), f in zip(commands, sample_json, strict=True):
        assert level == levels[f["level"]]
        assert props == {"file": str(SEED), "line": str(f["line"]), "col": str(f["column"]),
                         "endLine": str(f["end_line"]), "endColumn": str(f["end_column"]),
                         "title": f"newslint ({f['rule']})"}
        assert data == f"{SEED}:{f['line']}:{f['column']}: {f['rule']} {f['message']}"
    # the broken paragraphs span lines
    assert any(int(p["endLine"]) > int(p["line"]) for _, p, _ in commands)


def test_github_escapes_paths_and_messages(session: api.Session, tmp_path: Path) -> None:
    # a path with every character GitHub wants escaped in a property
    weird = tmp_path / "a,b:c%d.txt"
    shutil.copy(SEED, weird)
    results, _ = session.run([str(weird)])
    lines = report.render("github", results).splitlines()
    assert lines and all("a%2Cb%3Ac%25d.txt" in line.split("::")[1] for line in lines)
    _, props, data = parse_commands(lines[0])[0]
    assert props["file"] == str(weird)
    assert data.startswith(f"{weird}:")  # in the message only % is escaped: the colon stays
    # newlines in a message become %0A (an unreadable file's message is ours; make one with a newline)
    results.errors.append({"path": "x.txt", "message": "x.txt: line one\nline two\r"})
    last = report.render("github", results).splitlines()[-1]
    assert last.endswith("::x.txt: line one%0Aline two%0D")
    assert parse_commands(last)[0] == ("error", {"file": "x.txt", "title": "newslint"},
                                       "x.txt: line one\nline two\r")


def test_github_lang_en(sample: Results) -> None:
    out = report.render("github", sample, ReportOptions(lang="en"))
    data = [d for _, _, d in parse_commands(out)]
    assert any("full-width" in d.lower() or "fullwidth" in d.lower() for d in data), data[:3]


def test_gitlab_code_quality_fields(sample: Results, sample_json: list[dict]) -> None:
    issues = json.loads(report.render("gitlab", sample))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert len(issues) == len(sample_json)
    assert len({i["fingerprint"] for i in issues}) == len(issues)
    severity = {"error": "major", "warning": "minor", "suggestion": "info"}
    for i, f in zip(issues, sample_json, strict=True):
        assert (i["check_name"], i["description"], i["severity"]) == (f["rule"], f["message"], severity[f["level"]])
        assert i["location"] == {"path": str(SEED.relative_to(Path.cwd())) if SEED.is_relative_to(Path.cwd())
                                 else str(SEED), "lines": {"begin": f["line"], "end": f["end_line"]}}


def test_gitlab_fingerprints_survive_lines_added_above(session: api.Session, tmp_path: Path) -> None:
    draft = tmp_path / "draft.txt"
    text = SEED.read_text(encoding="utf-8")
    draft.write_text(text, encoding="utf-8")
    before = json.loads(report.render("gitlab", session.run([str(draft)])[0]))
    draft.write_text("编者按：本文有删改。\n\n" + text, encoding="utf-8")
    after = json.loads(report.render("gitlab", session.run([str(draft)])[0]))
    assert [i["location"]["lines"]["begin"] + 2 for i in before] == [i["location"]["lines"]["begin"] for i in after]
    assert [i["fingerprint"] for i in before] == [i["fingerprint"] for i in after]


def test_gitlab_reports_unreadable_files(session: api.Session, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)  # an absolute path under the working directory is written relative to it
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01binary")
    results, _ = session.run([str(bad)])
    issues = json.loads(report.render("gitlab", results))
    jsonschema.validate(issues, GITLAB_SCHEMA)
    assert [(i["check_name"], i["severity"], i["location"]["path"]) for i in issues] == [
        ("input-error", "critical", "scan.txt")]
    assert "binary" in issues[0]["description"]


def test_jsonl_is_the_json_reports_findings(sample: Results, sample_json: list[dict]) -> None:
    rows = [json.loads(line) for line in report.render("jsonl", sample).splitlines()]
    assert rows == [{"path": str(SEED), **f} for f in sample_json]


def test_cli_writes_each_format_to_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # the registry reaches --format; --output writes the file and leaves stdout empty
    for name in ("github", "gitlab", "jsonl"):
        out = tmp_path / f"report.{name}"
        code = cli.main(["check", str(SEED), "--format", name, "--output", str(out)])
        assert code == 1
        assert capsys.readouterr().out == ""
        assert out.read_text(encoding="utf-8") == report.render(name, api.Session(api.Options()).run([str(SEED)])[0])


def test_output_to_a_fifo_or_device_writes_through_and_keeps_it(tmp_path: Path) -> None:
    # -o /dev/null or a FIFO: written to as it is, never renamed over (as root that would replace the device)
    import os
    import threading

    fifo = tmp_path / "report.fifo"
    os.mkfifo(fifo)
    got: list[bytes] = []
    reader = threading.Thread(target=lambda: got.append(fifo.read_bytes()))
    reader.start()
    assert cli.main(["check", str(SEED), "--format", "jsonl", "--output", str(fifo)]) == 1
    reader.join(timeout=30)
    assert fifo.is_fifo() and got and got[0].decode("utf-8").count("\n") > 100
    assert cli.main(["check", str(SEED), "--format", "jsonl", "--output", os.devnull]) == 1
    assert Path(os.devnull).is_char_device()
