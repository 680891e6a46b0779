"""The compiled build: the typo check's hot modules compiled with mypyc, as a hatchling build hook.

    pip install .                              # a wheel with lint/typo/lm, detect, known, echo and lint/chars compiled
    NEWSLINT_COMPILE=0 pip install .           # pure Python: no mypy fetched, no compiler needed
    NEWSLINT_COMPILE=1 pip install .           # compiled, or the install fails with mypyc's message
    python tools/build_compiled.py OUT_DIR     # the same modules compiled into a copy of lint/ under OUT_DIR

A wheel is compiled by default (the statistical check runs about 1.5x faster, findings identical: 0 of 6,474
documents differ), as black's released wheels are; where it cannot be (no C compiler, or mypyc fails), the build
says why and makes the pure-Python wheel instead, so an install never fails for want of the compiled modules. The
pure-Python modules stay the source of truth: the wheel holds both the .py files and the compiled extensions (an
extension wins the import; `newslint --version` says which). The compilation runs on a copy of lint/ in a temporary
directory, so no compiled file is ever left next to the checkout's sources, where it would shadow an edited .py. An
editable install (pip install -e .) imports the sources themselves and is not compiled (with NEWSLINT_COMPILE=1 it
is refused).

hatch-mypyc (what black uses) is not used: it compiles in place (build_ext --inplace in the project), which
leaves the .so files beside the sources after `pip install .` and also compiles for an editable install, and
it is switched on only by HATCH_BUILD_HOOK_ENABLE_MYPYC.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # run as a script (bench/bench_compiled.py, tests/test_compiled.py): no hatchling needed
    BuildHookInterface = object  # type: ignore[assignment,misc]

ROOT = Path(__file__).resolve().parent.parent
ENV = "NEWSLINT_COMPILE"
# The modules of the typo.statistical path, compiled together (one shared library for the group).
MODULES = ["lint/chars.py", "lint/typo/known.py", "lint/typo/lm.py", "lint/typo/detect.py", "lint/typo/echo.py"]
# What the build needs on top of hatchling (not asked for with NEWSLINT_COMPILE=0). An editable install gets them
# too: a hook's dependencies are asked before hatchling says which kind of wheel it builds.
REQUIRES = ["mypy>=1.10", "setuptools>=61"]

SETUP = """\
import sys
from setuptools import setup
from mypyc.build import mypycify
setup(name="newslint-compiled", ext_modules=mypycify(
    ["--ignore-missing-imports", "--python-version", "{major}.{minor}", *{modules!r}], opt_level={opt!r},
    debug_level="0"))
"""


def mode() -> str:
    """NEWSLINT_COMPILE: "off" (0, false, no), "force" (1, true, yes) or "auto" (unset or anything else: compiled
    where it can be, else pure Python)."""
    value = os.environ.get(ENV, "").strip().lower()
    return "off" if value in ("0", "false", "no") else "force" if value in ("1", "true", "yes") else "auto"


def compiler() -> str | None:
    """The C compiler the interpreter was built with (what setuptools calls), when it is on PATH."""
    cc = os.environ.get("CC") or sysconfig.get_config_var("CC") or "cc"
    return shutil.which(cc.split()[0]) if cc.split() else None


def compile_into(out: Path, root: Path = ROOT, modules: list[str] = MODULES, opt: str = "3") -> list[Path]:
    """Copy root/lint into out/lint, compile the modules there (out/lint/.../x.cpython-*.so beside x.py, and
    the group's shared library at out's top) and return the compiled files. opt: the C compiler's -O level
    (the test builds with 0: the same code, compiled faster). Raises CalledProcessError with mypyc's output
    when the build fails."""
    out.mkdir(parents=True, exist_ok=True)
    shutil.copytree(root / "lint", out / "lint", dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__", "*.so", "*.pyd"))
    if not (out / "rules").exists():  # a root the checkout's tools can run from (lint/yamlload.py finds it)
        (out / "rules").symlink_to(root / "rules", target_is_directory=True)
    setup = out / "setup_compiled.py"
    setup.write_text(SETUP.format(major=sys.version_info[0], minor=sys.version_info[1], modules=modules, opt=opt),
                     encoding="utf-8")
    env = {**os.environ, "MYPY_CACHE_DIR": str(out / ".mypy_cache")}
    subprocess.run([sys.executable, str(setup), "build_ext", "--inplace", "--build-temp", str(out / "build")],
                   cwd=out, env=env, check=True, capture_output=True, text=True)
    shutil.rmtree(out / "build", ignore_errors=True)
    shutil.rmtree(out / ".mypy_cache", ignore_errors=True)
    suffixes = (".so", ".pyd")
    return sorted(p for p in out.rglob("*") if p.suffix in suffixes)


class CompiledBuildHook(BuildHookInterface):  # type: ignore[misc,valid-type]
    """hatchling's custom build hook ([tool.hatch.build.targets.wheel.hooks.custom] in pyproject.toml)."""

    PLUGIN_NAME = "custom"

    def dependencies(self) -> list[str]:
        return [] if mode() == "off" else list(REQUIRES)

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        how = mode()
        if how == "off" or self.target_name != "wheel":
            return
        if version == "editable":
            if how == "force":
                raise RuntimeError(
                    f"{ENV}=1: an editable install imports the sources themselves, and a compiled module beside a .py "
                    f"would shadow every later edit of it. Install the compiled build with `pip install .` (a wheel), "
                    f"or unset {ENV} for `pip install -e .`.")
            return
        if compiler() is None:
            self._pure(how, "no C compiler found (set CC, or install gcc)")
            return
        self._tmp = tempfile.mkdtemp(prefix="newslint-mypyc-")
        t0 = time.perf_counter()
        try:
            built = compile_into(Path(self._tmp), Path(self.root))
        except subprocess.CalledProcessError as e:  # also a build without isolation where mypy is missing
            self._pure(how, f"mypyc failed:\n{e.stdout}{e.stderr}")
            return
        for f in built:
            build_data["force_include"][str(f)] = f.relative_to(self._tmp).as_posix()
        build_data["pure_python"] = False
        build_data["infer_tag"] = True
        self.app.display_info(f"newslint: compiled {len(MODULES)} modules with mypyc in "
                              f"{time.perf_counter() - t0:.0f} s")

    def _pure(self, how: str, why: str) -> None:
        """The pure-Python wheel instead (auto), or the build stops (force)."""
        if how == "force":
            raise RuntimeError(f"{ENV}=1: the compiled build is not possible here: {why}")
        self.app.display_warning(f"newslint: building the pure-Python wheel (the typo check runs about 1.5x slower): "
                                 f"{why}; {ENV}=0 skips the attempt")

    def finalize(self, version: str, build_data: dict[str, Any], artifact_path: str) -> None:
        tmp = getattr(self, "_tmp", None)
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    t0 = time.perf_counter()
    files = compile_into(Path(sys.argv[1]).resolve())
    print(f"{len(files)} compiled files in {time.perf_counter() - t0:.1f} s:", *files, sep="\n")
