"""newslint: an editorial QA linter for Simplified Chinese news copy."""

__version__ = "0.2.0"


def build() -> str:
    """How the typo check's modules are built here: "compiled" (mypyc, the default wheel: tools/build_compiled.py)
    or "pure Python" (an editable install, NEWSLINT_COMPILE=0, or a wheel built without a C compiler). Read off
    the file the import system would load, without importing it."""
    import importlib.machinery
    import importlib.util

    spec = importlib.util.find_spec("lint.typo.detect")
    origin = spec.origin if spec is not None else None
    return "compiled" if origin and origin.endswith(tuple(importlib.machinery.EXTENSION_SUFFIXES)) else "pure Python"
