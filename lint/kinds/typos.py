"""typos: statistical typo detection with a language model (offline), names left alone.

YAML::

    kind: typos
    check: statistical        # statistical (default) | de-di-de | idiom
    backend: kenlm            # kenlm (default) | pycorrector-kenlm | pycorrector-macbert
    margin: 0.0               # optional: added to every margin (higher = fewer, surer findings)
    model: /path/to/model     # optional: overrides config `model` (kenlm) or names the pycorrector model
    char_model: /path/to.klm  # optional: overrides config `char_model` (the character model, kenlm only)

``kenlm`` scores one-character sound-alike and look-alike replacements with a KenLM word model
(lint/typo/lm.py, lint/typo/detect.py) and reports those that win by a clear margin. Without a model it
says so once and finds nothing. A character KenLM model (config ``char_model``, NEWSLINT_CHAR_LM, or
the one ``newslint model fetch`` puts in the cache: lint/typo/fetch.py) is the second scorer;
without one it says so once and the word model decides alone. The pycorrector backends (extra
``newslint[pycorrector]``) run pycorrector's correctors when the user has their models locally;
they stay silent until a model path is configured. Every finding passes the name guard
(lint/names.py).

``check: de-di-de`` reports 得 written for 的 before a noun (lint/typo/dedide.py): part of speech
around the particle plus the same KenLM model; off without a model.

``check: idiom`` reports a four-character string one confusable character away from a common idiom
(lint/typo/idiom.py): dictionaries only, no model needed.
"""

from __future__ import annotations

import bisect
import os
from collections.abc import Callable, Iterator
from typing import Any, ClassVar

from lint import resources
from lint.config import Config
from lint.document import Document
from lint.finding import Finding
from lint.names import NameGuard, protected
from lint.rules import Kind, Opt, Rule
from lint.spans import Spans

# jieba's dictionary lists some misspellings at low counts; trust a word from this count on.
KNOWN_MIN_FREQ = 20
BACKENDS = ("kenlm", "pycorrector-kenlm", "pycorrector-macbert")


class Typos(Kind):
    name = "typos"
    OPTIONS = {
        "check": "which detector: statistical (default), de-di-de (得 written for 的) or idiom",
        "backend": Opt("kenlm (default), pycorrector-kenlm or pycorrector-macbert", choices=BACKENDS),
        "margin": Opt("number added to every log10 margin (default 0; higher = fewer findings)", "number"),
        "model": Opt("model path: a KenLM file (kenlm, pycorrector-kenlm) or a model directory (macbert)", "str"),
        "char_model": Opt("character KenLM model for the kenlm backend (overrides config `char_model`)", "str"),
    }

    def __init__(self, rule: Rule, config: Config) -> None:
        super().__init__(rule, config)
        self.check_name: str = self.options.get("check", "statistical")
        self.backend: str = self.options.get("backend", "kenlm")
        self.margin = float(self.options.get("margin", 0.0))
        self._engine: Any = None
        self._loaded = False

    # ---- loading --------------------------------------------------------------------------------
    def _load(self) -> Any:
        if self._loaded:
            return self._engine
        self._loaded = True
        explicit = self.options.get("model")
        if self.check_name == "idiom":
            self._engine = self._load_idioms()
        elif self.backend == "kenlm" or self.check_name != "statistical":
            self._engine = self._load_kenlm(explicit or self.config.model)
        else:
            from lint.typo.backends import load_backend

            self._engine = load_backend(self.backend, explicit)
        return self._engine

    def _load_kenlm(self, explicit: str | None) -> Any:
        path = resources.find_lm_path(explicit)
        if path is None:
            named = resources.named_model(explicit, resources.LM_ENV)
            where = f" ({named} not found)" if named else ""
            resources.notice(f"statistical typo check off: no KenLM model{where}; install Debian's "
                             "libime-data-language-model or set `model:` in .newslint.yaml")
            return None
        try:
            import kenlm  # noqa: F401
        except ImportError:
            how = ("add `additional_dependencies: [kenlm-ex]` to the newslint hook in .pre-commit-config.yaml"
                   if os.environ.get("PRE_COMMIT") else "pip install 'newslint[kenlm]'")
            resources.notice(f"statistical typo check off: the kenlm module is missing ({how})")
            return None
        from lint.typo.detect import Detector, Settings
        from lint.typo.lm import language_model

        lm = language_model(path)
        if self.check_name == "de-di-de":
            from lint.typo.dedide import MARGIN, DeDetector

            return DeDetector(lm, MARGIN + self.margin)
        from lint.typo.known import known_words

        return Detector(lm, Settings().shifted(self.margin), known=known_words(KNOWN_MIN_FREQ),
                        tag=resources.word_tags().get, char_lm=self._load_char())

    def _load_char(self) -> Any:
        """The character model, the detector's second scorer; None (with one notice) without one."""
        explicit = self.options.get("char_model") or self.config.char_model
        path = resources.find_char_lm_path(explicit)
        if path is None:
            named = resources.named_model(explicit, resources.CHAR_LM_ENV)
            where = f" ({named} not found)" if named else ""
            resources.notice(f"statistical typo check: character model off{where}; run `newslint model fetch` "
                             "or set `char_model:` in .newslint.yaml")
            return None
        from lint.typo.lm import char_model

        return char_model(path)

    @staticmethod
    def _load_idioms() -> Any:
        from lint.typo.idiom import IdiomDetector
        from lint.typo.lm import candidates

        freq = resources.word_freq()

        def known(w: str) -> bool:  # asked only about near-misses, so pypinyin loads only then
            return freq.get(w, 0) >= KNOWN_MIN_FREQ or w in resources.pinyin_phrases()

        return IdiomDetector(resources.idioms().pairs(), known=known,
                             confusable=lambda a, b: b in candidates(a)[1])

    def preload(self) -> None:
        """The word model's vocabulary, flags and masked index and the known-word set: a process reads them from
        SQLite for its first few thousand lookups, then loads them (lmfile.SWITCH, known.SWITCH). Loaded now, in
        the parent before the fork, each worker shares the one copy instead of repeating both steps."""
        from lint.typo.known import KnownWords

        engine = self._load()
        lm = getattr(engine, "lm", None)
        if lm is not None:
            lm.load_tables()
        known = getattr(engine, "known", None)
        if isinstance(known, KnownWords):
            known.load()

    # ---- checking -------------------------------------------------------------------------------
    def check(self, doc: Document) -> Iterator[Finding]:
        engine = self._load()
        if engine is None:
            return
        yield from self.CHECKS[self.check_name](self, doc, engine, protected(doc, self.config.accept))

    def _idiom(self, doc: Document, engine: Any, spans: Spans) -> Iterator[Finding]:
        for slip in engine.detect(doc.text, spans.__contains__):
            a, b = slip.start, slip.start + 4
            if not doc.is_ignored(a, b):
                yield self.finding(doc, a, b, suggestions=list(slip.idioms), wrong=doc.text[slip.pos],
                                   right=slip.idioms[0][slip.pos - a])

    def _de_di_de(self, doc: Document, engine: Any, spans: Spans) -> Iterator[Finding]:
        for d in engine.detect(doc.text):
            if d.start not in spans and not doc.is_ignored(d.start, d.end):
                yield self.finding(doc, d.start, d.end, suggestions=[d.replacement],
                                   confidence=d.confidence, original=d.original)

    def _statistical(self, doc: Document, engine: Any, spans: Spans) -> Iterator[Finding]:
        vocab = getattr(getattr(engine, "lm", None), "vocab", None)
        guard = NameGuard(vocab)
        for para in doc.paragraphs:
            text = doc.text[para.start:para.end]
            base = para.start
            for s in engine.detect(text, _offsets_in(spans, para.start, para.end).__contains__):
                a, b = base + s.start, base + s.end
                if doc.is_ignored(a, b):
                    continue
                sent = doc.sentence_at(a)
                bounds = (sent.start, sent.end) if sent else (para.start, para.end)
                if guard.is_name(doc.text, a, b, bounds):
                    continue
                yield self.finding(doc, a, b, suggestions=[s.replacement], confidence=s.confidence,
                                   original=s.original)

    # check name -> detector (the loaders in _load follow the same names)
    CHECKS: ClassVar[dict[str, Callable[[Typos, Document, Any, Spans], Iterator[Finding]]]] = {
        "statistical": _statistical,
        "de-di-de": _de_di_de,
        "idiom": _idiom,
    }


def _offsets_in(spans: Spans, start: int, end: int) -> set[int]:
    """The offsets of text[start:end] that spans cover, relative to start (the detector asks about
    every character: a set answers faster than a search of the spans)."""
    out: set[int] = set()
    k = max(0, bisect.bisect_right(spans.starts, start) - 1)
    for a, b in spans.spans[k:]:
        if a >= end:
            break
        if b > start:
            out.update(range(max(a, start) - start, min(b, end) - start))
    return out


KIND = Typos
