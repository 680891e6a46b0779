"""atheris target: the YAML loader, config settings and rule-pack validation on arbitrary text.

Oracle: a value or RuleError (`path:line: what`, one line); never another exception."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

import _common  # noqa: F401  (sys.path)
import atheris

with atheris.instrument_imports(include=["lint"]):
    from lint import config
    from lint.rules import load_pack
    from lint.yamlload import RuleError, load_yaml_text

TMP = Path(tempfile.mkdtemp(prefix="newslint-fuzz-")) / "pack.yaml"


def one(data: bytes) -> None:
    fdp = atheris.FuzzedDataProvider(data)
    as_pack = fdp.ConsumeBool()
    text = fdp.ConsumeUnicodeNoSurrogates(fdp.remaining_bytes())
    try:
        if as_pack:
            TMP.write_text(text, encoding="utf-8")
            load_pack(TMP)
        else:
            value = load_yaml_text(text, "f.yaml")
            if isinstance(value, dict):
                config._apply(config.Config(), value, Path("f.yaml"))
    except RuleError as exc:
        assert "\n" not in str(exc), str(exc)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one)
    atheris.Fuzz()
