"""Optional pycorrector backends for the typos kind (extra ``newslint[pycorrector]``).

Nothing here is imported unless a rule names a pycorrector backend, and nothing is downloaded: a
backend without a local model path stays silent; one whose model or package is missing says once
what to install and finds nothing.

pycorrector's package ``__init__`` imports its torch-based correctors, so the KenLM corrector (which
needs no torch) is loaded from its submodule when the full import fails for want of torch.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from lint import resources


@dataclass(frozen=True)
class BackendSuspect:
    start: int
    end: int
    original: str
    replacement: str
    confidence: float | None = None


def _pycorrector_module(name: str) -> Any:
    """Import pycorrector.<name>; without torch, load the submodule without the package __init__."""
    try:
        return importlib.import_module(f"pycorrector.{name}")
    except ImportError as exc:
        spec = importlib.util.find_spec("pycorrector")
        if spec is None or not spec.submodule_search_locations:
            raise ImportError("pycorrector is not installed (pip install 'newslint[pycorrector]')") from exc
        if name != "corrector":
            raise
        for mod in [m for m in sys.modules if m == "pycorrector" or m.startswith("pycorrector.")]:
            del sys.modules[mod]
        stub = types.ModuleType("pycorrector")
        stub.__path__ = list(spec.submodule_search_locations)
        sys.modules["pycorrector"] = stub
        return importlib.import_module("pycorrector.corrector")


class PycorrectorBackend:
    """Runs a pycorrector corrector and turns its error list into one-character suspects."""

    def __init__(self, corrector: Any) -> None:
        self.corrector = corrector

    def detect(self, text: str, protected: Any = lambda i: False) -> Iterator[BackendSuspect]:
        if not text.strip():
            return
        result = self.corrector.correct(text)
        for err in result.get("errors", []):
            wrong, right, pos = err[0], err[1], int(err[2])
            # Only same-length replacements map cleanly onto the text; report changed characters.
            if len(wrong) != len(right) or text[pos:pos + len(wrong)] != wrong:
                continue
            for k, (a, b) in enumerate(zip(wrong, right, strict=True)):
                if a != b and not protected(pos + k):
                    yield BackendSuspect(pos + k, pos + k + 1, a, b)


def load_backend(backend: str, model: str | None) -> PycorrectorBackend | None:
    if not model:
        return None  # not configured: the rule stays silent
    if not Path(model).exists():
        resources.notice(f"{backend} check off: model {model} not found (nothing is downloaded; "
                         "point `model:` at a local file or directory)")
        return None
    try:
        if backend == "pycorrector-kenlm":
            mod = _pycorrector_module("corrector")
            return PycorrectorBackend(mod.Corrector(language_model_path=model))
        if backend == "pycorrector-macbert":
            mod = _pycorrector_module("macbert.macbert_corrector")
            return PycorrectorBackend(mod.MacBertCorrector(model))
    except ImportError as exc:
        resources.notice(f"{backend} check off: {exc}; install it with pip install 'newslint[pycorrector]'"
                         + (" (MacBERT also needs torch)" if backend.endswith("macbert") else ""))
        return None
    raise ValueError(f"unknown backend {backend!r}")
