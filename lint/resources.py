"""Heavy resources, loaded on first use and cached for the process: word lists, jieba, opencc,
pypinyin, the KenLM model. A run that enables no rule needing one never pays for it."""

from __future__ import annotations

import os
import sys
from functools import cache
from pathlib import Path
from typing import Any

# Where Debian's libime-data-language-model puts fcitx5's Chinese word trigram model (KenLM binary).
DEBIAN_LM_PATHS = (
    "/usr/lib/x86_64-linux-gnu/libime/zh_CN.lm",
    "/usr/lib/aarch64-linux-gnu/libime/zh_CN.lm",
    "/usr/lib/libime/zh_CN.lm",
    "/usr/share/libime/zh_CN.lm",
)


@cache
def jieba_dict_path() -> Path:
    import jieba

    return Path(jieba.__file__).with_name("dict.txt")


@cache
def word_freq() -> dict[str, int]:
    """jieba's dictionary: about 349k words with corpus frequencies. Note it also lists some
    misspellings at low frequency, so membership alone does not prove a word is right."""
    freq: dict[str, int] = {}
    with jieba_dict_path().open(encoding="utf-8") as fh:
        for line in fh:
            parts = line.split()
            if len(parts) >= 2:
                freq[parts[0]] = int(parts[1])
    return freq


@cache
def jieba_tokenizer() -> Any:
    """A private jieba Tokenizer (not the global one), initialised once, quietly."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    return tok


@cache
def opencc_converter(config: str) -> Any:
    """opencc converter by config name, e.g. 't2s', 's2t', 'tw2s'."""
    import opencc

    return opencc.OpenCC(config)


def find_lm_path(explicit: str | None = None) -> str | None:
    """The KenLM model to use: an explicit path (config `model`, NEWSLINT_LM), else Debian's."""
    for cand in (explicit, os.environ.get("NEWSLINT_LM"), *DEBIAN_LM_PATHS):
        if cand and Path(cand).is_file():
            return cand
    return None


_notices: set[str] = set()


def notice(msg: str) -> None:
    """Print a notice to stderr once per process (e.g. an optional model that is absent)."""
    if msg not in _notices:
        _notices.add(msg)
        sys.stderr.write(f"newslint: {msg}\n")


@cache
def kenlm_model(path: str) -> Any:
    import kenlm

    return kenlm.Model(path)
