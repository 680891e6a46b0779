"""--fix / --diff: atomic writes, encoding, BOM and newlines kept, nothing outside the edits touched."""

from __future__ import annotations

import subprocess
from pathlib import Path

from .conftest import run_cli


def run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return run_cli(*args)  # in-process: the same main() as the command


TEXT = "标题\r\n\r\n大家再接再励，深受震憾。张𠮷说：好。\r\n第二段没有问题。\r\n"
FIXED = TEXT.replace("再接再励", "再接再厉").replace("震憾", "震撼")


def test_fix_keeps_bom_crlf_and_astral_and_is_idempotent(tmp_path: Path) -> None:
    p = tmp_path / "draft.txt"
    p.write_bytes(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))
    p.chmod(0o640)
    r = run("check", "--fix", "--select", "typo.known-wrong-form", str(p))
    assert r.returncode == 0, r.stderr
    assert p.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert p.stat().st_mode & 0o777 == 0o640
    assert run("check", "--fix", "--select", "typo.known-wrong-form", str(p)).returncode == 0
    assert p.read_bytes() == b"\xef\xbb\xbf" + FIXED.encode("utf-8")
    assert not list(tmp_path.glob(".*newslint"))  # no temp file left behind


def test_fix_keeps_gb18030(tmp_path: Path) -> None:
    p = tmp_path / "draft.txt"
    p.write_bytes(TEXT.encode("gb18030"))
    run("check", "--fix", "--select", "typo.known-wrong-form", str(p))
    assert p.read_bytes() == FIXED.encode("gb18030")


def test_diff_writes_nothing(tmp_path: Path) -> None:
    p = tmp_path / "draft.txt"
    p.write_bytes(TEXT.encode("utf-8"))
    r = run("check", "--diff", "--select", "typo.known-wrong-form", str(p))
    assert r.returncode == 1
    out = r.stdout.decode()
    assert "-大家再接再励，深受震憾。" in out and "+大家再接再厉，深受震撼。" in out
    assert p.read_bytes() == TEXT.encode("utf-8")


def test_fix_stdin_writes_fixed_text_to_stdout() -> None:
    r = run_cli("check", "--fix", "--select", "typo.known-wrong-form", "-", stdin="再接再励。".encode())
    assert r.stdout.decode() == "再接再厉。"
