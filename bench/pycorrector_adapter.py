#!/usr/bin/env python3
"""Run pycorrector's offline KenLM corrector behind newslint's batch interface, as a baseline for
score.py (JSON Lines {"id", "text"} in, {"id", "findings"} out)::

    python ../shared/eval/score.py ../shared/eval/sighan15.jsonl \
        --cmd "/work/venv-pyc/bin/python bench/pycorrector_adapter.py --model /path/to/chars.klm"

Needs pycorrector (pip install 'newslint[pycorrector]'; torch is not needed for this corrector) and a
local KenLM model; nothing is downloaded. Without --model, Debian's word model is used (pycorrector
scores characters, so a character model is the fair baseline when you have one).
"""

from __future__ import annotations

import argparse
import json
import sys

from lint import resources
from lint.typo.backends import load_backend


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", default=None, help="KenLM model (default: the Debian model newslint finds)")
    args = ap.parse_args()
    model = args.model or resources.find_lm_path()
    backend = load_backend("pycorrector-kenlm", model)
    if backend is None:
        raise SystemExit("pycorrector or the model is missing")
    for line in sys.stdin:
        if not line.strip():
            continue
        row = json.loads(line)
        findings = [{"rule": "pycorrector.kenlm", "category": "typo", "level": "suggestion",
                     "offset": s.start, "end_offset": s.end, "suggestions": [s.replacement]}
                    for s in backend.detect(row["text"])]
        sys.stdout.write(json.dumps({"id": row["id"], "findings": findings}, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
