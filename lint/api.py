"""The library API: everything a front end (cli, batch, serve, audit) needs, in one place.

    from lint import api
    result = api.lint("我们要再接再励。")                      # one call: plain text, default config
    result = api.lint(html, format="html", fix=True)         # findings and the fixed HTML
    api.to_json(result)                                      # the JSON contract's file object

A ``Session`` holds one Linter per configuration in force (configs are found upward from each file, or given),
so a warm process (the service, a batch) loads rules, dictionaries and models once. Each file is judged by its
own config: its message language and fail level travel with its ``FileResult``.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import chain, islice
from pathlib import Path
from typing import Any, BinaryIO

from lint import files, readers
from lint.config import Config, find_config, load_config
from lint.document import MAX_BYTES, Document, InputError
from lint.engine import Linter, LintError, fails
from lint.finding import LEVELS
from lint.report import FileResult, Results
from lint.rules import Rule, RuleError

__all__ = ["FileResult", "Options", "Results", "Session", "batch", "config_from_mapping", "lint", "to_json"]

# Settings a request may set (the service): no file paths, so a client cannot make the server read files.
# `--jobs` unset: worker processes for this many files or batch articles and more.
AUTO_FILES, AUTO_ARTICLES = 20, 200
# Rule options that name a file (kinds' OPTIONS): refused from a request.
FILE_OPTIONS = {"model", "char_model", "path", "file", "dictionary"}
REQUEST_KEYS = {"preset", "select", "extend-select", "ignore", "levels", "accept", "options", "lang",
                "fail-level", "date"}


@dataclass
class Options:
    """What a front end asks for, on top of each file's configuration."""

    config: Path | None = None  # an explicit config file (default: discovered per file)
    select: list[str] | None = None
    ignore: list[str] | None = None
    lang: str | None = None
    date: str | None = None
    min_level: str = "suggestion"
    fail_level: str | None = None
    fix: bool = False  # compute fixes (check --fix, --diff, fix: true)
    unsafe_fixes: bool = False
    write: bool = False  # write fixed files in place
    stdin_filename: str = "-"


def config_from_mapping(data: dict[str, Any], base: Config | None = None, where: str = "request") -> Config:
    """A config from a mapping of settings (the service's ``config`` field), on top of ``base`` or the preset.
    Only REQUEST_KEYS are allowed: no paths to rule packs or models."""
    from lint import config as config_mod

    bad = sorted(set(data) - REQUEST_KEYS)
    if bad:
        raise RuleError(f"{where}: config: setting {bad[0]!r} is not allowed here (allowed: "
                        f"{', '.join(sorted(REQUEST_KEYS))})")
    options = data.get("options")
    if isinstance(options, dict):  # a rule option may name a file (a model): not from a request either
        for rid, opts in options.items():
            for key in opts if isinstance(opts, dict) else ():
                if key in FILE_OPTIONS:
                    raise RuleError(f"{where}: config: options.{rid}.{key} names a file on this machine; "
                                    "not allowed here")
    if "preset" in data or base is None:
        cfg = load_config(None, Path.cwd()) if "preset" not in data else _preset_config(str(data["preset"]), where)
    else:
        cfg = replace(base, select=list(base.select), ignore=list(base.ignore), levels=dict(base.levels),
                      accept=list(base.accept), options={k: dict(v) for k, v in base.options.items()})
    config_mod._apply(cfg, {k: v for k, v in data.items() if k != "preset"}, Path(where))
    return cfg


def _preset_config(preset: str, where: str) -> Config:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / ".newslint.yaml"
        p.write_text(f"preset: {json.dumps(preset)}\n", encoding="utf-8")
        try:
            cfg = load_config(p)
        except RuleError as exc:
            raise RuleError(f"{where}: {str(exc).split(': ', 1)[-1]}") from None
    cfg.path, cfg.root = None, Path.cwd()
    return cfg


class Session:
    """A long-lived linting context: one Linter per config in force, reused across files and requests.
    ``lint_*`` methods are safe to call from several threads."""

    def __init__(self, options: Options | None = None, config: Config | None = None) -> None:
        self.options = options or Options()
        self.fixed_config = config
        self._linters: dict[str, tuple[Config, Linter]] = {}
        self.notices: list[str] = []  # one-line warnings of the session (user packs whose examples fail)
        self._lock = threading.Lock()

    # ---- configuration ------------------------------------------------------------------------
    def _apply_overrides(self, cfg: Config) -> Config:
        o = self.options
        if o.select:
            cfg.select = list(o.select)
        if o.ignore:
            cfg.ignore = [*cfg.ignore, *o.ignore]
        if o.lang:
            cfg.lang = o.lang
        if o.date:
            cfg.date = o.date
        if o.fail_level:
            cfg.fail_level = o.fail_level
        return cfg

    def linter_for(self, path: str = "-", config: Config | None = None) -> tuple[Config, Linter]:
        """The config in force for a path (or the given one) and its Linter, built once."""
        start = Path.cwd() if path == "-" else Path(path).resolve().parent
        if config is not None:
            key = f"id:{id(config)}"
        elif self.fixed_config is not None:
            key, config = "fixed", self.fixed_config
        else:
            key = str(self.options.config or find_config(start) or f"none:{start}")
        with self._lock:
            hit = self._linters.get(key)
            if hit is None:
                if config is None:
                    config = load_config(self.options.config, start)
                cfg = self._apply_overrides(config)
                hit = self._linters[key] = (cfg, Linter.from_config(cfg))
                if cfg.rule_files:  # a user pack whose own examples fail is worth one warning, not an error
                    from lint.packtest import validate_examples

                    self.notices.extend(w for w in validate_examples(hit[1].known or hit[1].rules, cfg, cfg.lang)
                                        if w not in self.notices)
        return hit

    def rules(self) -> list[Rule]:
        """Every rule that ran in this session (one entry per id)."""
        seen: dict[str, Rule] = {}
        for _, linter in self._linters.values():
            for r in linter.rules:
                seen.setdefault(r.id, r)
        return list(seen.values())

    def preload(self) -> None:
        """Linter.preload of every linter of the session (before forking workers: lint/parallel.py)."""
        with self._lock:
            linters = [linter for _, linter in self._linters.values()]
        for linter in linters:
            linter.preload()

    # ---- linting ------------------------------------------------------------------------------
    def lint_document(self, doc: Document, config: Config | None = None, fix: bool | None = None,
                      unsafe_fixes: bool | None = None) -> FileResult:
        """Lint one document (and fix it when options.fix, or ``fix`` for this call); nothing is written."""
        cfg, linter = self.linter_for(doc.path, config)
        min_level = LEVELS[self.options.min_level]
        fixed, applied = None, 0
        notes: list[str] = []  # rules skipped on this document (over their time budget)
        fix = self.options.fix if fix is None else fix
        unsafe_fixes = self.options.unsafe_fixes if unsafe_fixes is None else unsafe_fixes
        if fix:
            if not doc.writable:
                raise InputError(f"{doc.path}: --fix cannot write {doc.markup} files; apply the suggestions "
                                 "in the original program (run without --fix to see them)")
            from lint.fix import fix_document  # difflib and the writer: only for a run that fixes

            fixed, applied, findings = fix_document(doc, lambda d: linter.lint(d, notes=notes), unsafe_fixes)
            if fixed.source_text == doc.source_text:
                fixed, applied = None, 0
        else:
            findings = linter.lint(doc, notes=notes)
        shown = doc if fixed is None else fixed
        # (no copy when every finding is kept: a finding-dense file has hundreds of thousands)
        kept = findings if min_level == 0 else [f for f in findings if LEVELS[f.level] >= min_level]
        return FileResult(doc.path, shown, kept, lang=cfg.lang, failed=fails(kept, cfg.fail_level),
                          fixed=fixed, applied=applied, original=doc if fixed is not None else None, notes=notes)

    def lint_text(self, text: str, path: str = "-", format: str = "plain", config: Config | None = None) -> FileResult:
        return self.lint_document(Document.from_text(text, path, format), config)

    def lint_bytes(self, data: bytes, path: str, format: str | None = None) -> FileResult:
        return self.lint_document(Document.from_bytes(data, path, format))

    def lint_path(self, path: str, explicit: bool = True) -> FileResult | None:
        """Lint one file by path (None when the config excludes it). Fixes are written when options.write.
        A file whose format cannot be written (.docx) is refused by --fix when named (``explicit``); found in a
        directory, it is linted without fixing and a note says so."""
        cfg, _ = self.linter_for(path)
        if cfg.is_excluded(path):
            return None
        why = readers.refused(path)
        if why:
            raise InputError(f"{path}: {why}")
        data, fingerprint = files.read_file(path, MAX_BYTES)
        before = Document.from_bytes(data, path)
        del data  # the decoded text is all the run needs: the bytes are not held while it lints
        if self.options.fix and not before.writable and not explicit:
            result = self.lint_document(before, cfg, fix=False)
            result.notes.append(f"{path}: not fixed: --fix cannot write {before.markup} files; its findings are "
                                "reported, apply them in the original program")
            return result
        result = self.lint_document(before, cfg)
        if result.fixed is not None and self.options.write:
            from lint.fix import write_atomic

            write_atomic(path, result.fixed.encode(result.fixed.source_text), expected=fingerprint)
        return result

    def _or_error(self, path: str, fn: Callable[[], FileResult | None]) -> FileResult | str | None:
        """fn's result, or the one-line message of an input or lint error (a config error stops the run)."""
        try:
            return fn()
        except (InputError, LintError) as exc:
            return str(exc)
        except OSError as exc:
            return f"{path}: {exc.strerror or exc}"

    def _lint_path_or_error(self, path: str, explicit: bool = True) -> FileResult | str | None:
        return self._or_error(path, lambda: self.lint_path(path, explicit))

    def run(self, paths: Iterable[str], stdin: BinaryIO | None = None,
            on_error: Callable[[str], None] | None = None, jobs: int | None = 1,
            progress: Callable[[int, int], None] | None = None) -> tuple[Results, list[str]]:
        """Lint paths (files, directories, ``-``). Returns the results and the diffs of fixes not written.
        ``jobs``: worker processes (None: every core for AUTO_FILES files or more). ``progress(done, total)``
        is called after each file (lint/progress.py draws it)."""
        results = Results()
        diffs: list[str] = []
        items = []
        for item in files.walk(paths, readers.suffixes() | set(readers.REFUSED)):
            if item.kind == "file" and item.path != "-" and not item.explicit and readers.refused(item.path):
                item = files.Walked("note", item.path, f"{item.path}: skipped: {readers.refused(item.path)}")
            items.append(item)
        todo = [i.path for i in items if i.kind == "file" and i.path != "-"]
        named = {i.path for i in items if i.explicit}
        total, done = sum(1 for i in items if i.kind == "file"), 0
        if jobs is None:
            jobs = 1
            if len(todo) >= AUTO_FILES:  # lint.parallel imports multiprocessing: only for a long run
                from lint.parallel import default_jobs

                jobs = default_jobs()
        if jobs > 1 and len(todo) > 1:
            from lint import parallel

            linted: Iterator[tuple[str, FileResult | str | None]] = parallel.check(self, todo, jobs, named)
        else:
            linted = ((p, self._lint_path_or_error(p, p in named)) for p in todo)
        for item in items:
            path = item.path
            if item.kind != "file":
                if item.kind == "error":
                    if on_error:
                        on_error(item.message)
                    results.errors.append({"path": path, "message": item.message})
                else:
                    results.notices.append(item.message)
                continue
            if path == "-":
                assert stdin is not None
                name = self.options.stdin_filename

                def read_stdin(name: str = name) -> FileResult:
                    doc = Document.from_bytes(files.read_stream_bounded(stdin, MAX_BYTES, "<stdin>"), name)
                    doc.path = "-" if name == "-" else name
                    return self.lint_document(doc)

                res: FileResult | str | None = self._or_error(path, read_stdin)
            else:
                got, res = next(linted)
                assert got == path
            done += 1
            if progress is not None:
                progress(done, total)
            if isinstance(res, str):
                if on_error:
                    on_error(res)
                results.errors.append({"path": path, "message": res})
                continue
            if res is None:
                continue
            results.notices.extend(n for n in res.notes if n not in results.notices)
            if res.fixed is not None and res.original is not None and not self.options.write:
                from lint.fix import unified_diff

                diffs.append(unified_diff(res.original, res.fixed))
            results.files.append(res)
        results.notices.extend(n for n in self.notices if n not in results.notices)
        results.rules = self.rules()
        return results, diffs


# ---- the one-call API ---------------------------------------------------------------------------------
_default_session: Session | None = None
_default_lock = threading.Lock()


def _session() -> Session:
    global _default_session
    with _default_lock:
        if _default_session is None:
            _default_session = Session(Options())
        return _default_session


def lint(text: str | bytes, *, format: str = "plain", config: Config | dict[str, Any] | None = None,
         fix: bool = False, unsafe_fixes: bool = False, path: str = "-") -> FileResult:
    """Lint one payload. ``text`` is the file's content (``bytes`` for .docx); ``config`` a Config, a mapping of
    settings (as in .newslint.yaml) or None for the defaults. With ``fix``, ``result.fixed`` is the fixed
    document (``result.fixed.source_text`` the fixed file) and ``result.applied`` the number of fixes."""
    if isinstance(config, dict):
        config = _mapped_config(json.dumps(config, sort_keys=True, ensure_ascii=False))
    session = _session()
    doc = Document.from_bytes(text, path, format) if isinstance(text, bytes) else Document.from_text(text, path, format)
    if config is None:
        config = session.linter_for("-")[0]
    return session.lint_document(doc, config, fix=fix or unsafe_fixes, unsafe_fixes=unsafe_fixes)


@lru_cache(maxsize=16)
def _mapped_config(canonical: str) -> Config:
    """One Config (so one Linter in the session) per distinct settings mapping, the last 16 kept."""
    return config_from_mapping(json.loads(canonical))


def to_json(result: FileResult, lang: str | None = None, edits: bool = False) -> dict[str, Any]:
    """The JSON contract's file object for one result; with ``edits``, also the fixed text."""
    from lint.report.json import finding_dict

    doc = result.doc
    out: dict[str, Any] = {"path": doc.path, "encoding": doc.encoding, "bom": doc.bom, "format": doc.markup,
                           "findings": [finding_dict(doc, f, lang or result.lang) for f in result.findings]}
    if edits:
        out["fixed"] = result.fixed.source_text if result.fixed is not None else None
        out["fixes_applied"] = result.applied
    return out


# ---- batch: JSON Lines in, JSON Lines out ---------------------------------------------------------------
BATCH_FORMATS = ("plain", "markdown", "html")


def lint_record(session: Session, rec: Any, n: int = 0, lang: str | None = None) -> tuple[dict[str, Any], bool]:
    """One article ``{id, text, format?, path?}`` → (``{"id", "findings": [F, ...]}``, failed?), the object
    ``newslint batch`` prints for it. Raises ValueError, UnicodeError, LintError or InputError (``record_error``
    words any exception) when the article cannot be linted. Shared by batch and the Ray audit."""
    from lint.report.json import finding_dict

    if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
        raise ValueError("each line needs a JSON object with a string 'text'")
    markup = rec.get("format", "plain")
    if markup not in BATCH_FORMATS:
        raise ValueError(f"format must be one of {', '.join(BATCH_FORMATS)}")
    for key in ("text", "id", "path"):  # a lone surrogate cannot be linted or written back
        if isinstance(rec.get(key), str) and not _encodable(rec[key]):
            raise ValueError(f"'{key}' is not valid Unicode (a lone surrogate)")
    cfg, _ = session.linter_for("-")
    # The path only from "path": an id such as "article-20261120" is not a file name to read a date from.
    path = rec.get("path")
    doc = Document.from_text(rec["text"], path if isinstance(path, str) and path else "-", markup)
    if isinstance(rec.get("date"), str):  # the publication date, for the weekday checks
        doc.meta["date"] = rec["date"]
    result = session.lint_document(doc, cfg)
    return {"id": rec.get("id"), "findings": [finding_dict(result.doc, f, lang or result.lang)
                                              for f in result.findings]}, result.failed


def record_error(exc: BaseException) -> str:
    """The error text of an article that could not be linted (batch's and the audit's failures)."""
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    if isinstance(exc, ValueError | UnicodeError | LintError | InputError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


def batch_line(session: Session, raw: bytes, n: int, lang: str | None = None) -> tuple[dict[str, Any], bool]:
    """One input line → (output object, failed?). Any failure on the line is that line's error object."""
    rec: Any = None
    try:
        rec = json.loads(raw)
        return lint_record(session, rec, n, lang)
    except Exception as exc:  # one bad article never loses the rest of the batch
        err = record_error(exc)
    rid = rec.get("id") if isinstance(rec, dict) else None
    if not isinstance(rid, str | int | float | type(None)) or (isinstance(rid, str) and not _encodable(rid)):
        rid = None
    raise _LineError({"id": rid, "error": f"line {n}: {err}"})


def _encodable(s: str) -> bool:
    try:
        s.encode("utf-8")
        return True
    except UnicodeError:
        return False


class _LineError(Exception):
    def __init__(self, obj: dict[str, Any]) -> None:
        super().__init__(obj["error"])
        self.obj = obj


def process_line(session: Session, n: int, raw: bytes | None) -> tuple[str, bool, str | None]:
    """One batch line → (its output line, failed at its fail level, the error for stderr or None)."""
    try:
        if raw is None:
            raise _LineError({"id": None, "error": f"line {n}: over the {MAX_BYTES // 2**20} MiB size limit; "
                              "split the article"})
        obj, failed = batch_line(session, raw, n, session.options.lang)
        err = None
    except _LineError as exc:
        obj, failed, err = exc.obj, False, exc.obj["error"].split(": ", 1)[-1]
    return json.dumps(obj, ensure_ascii=False) + "\n", failed, err


def numbered_lines(stream: BinaryIO) -> Iterator[tuple[int, bytes | None]]:
    """(line number, bytes or None when over the size limit) for every non-blank line."""
    for n, raw in enumerate(files.iter_lines_bounded(stream, MAX_BYTES), 1):
        if raw is None or raw.strip():
            yield n, raw


def batch(session: Session, stream: BinaryIO, write: Callable[[str], Any], name: str = "-",
          on_error: Callable[[str], None] | None = None, jobs: int | None = 1,
          progress: Callable[[int], None] | None = None) -> tuple[int, bool]:
    """Run the batch protocol; returns (lines that failed, any article at or above its fail level).
    With ``jobs`` > 1 the lines are linted by worker processes (lint/parallel.py), output in input order.
    ``progress(done)`` is called after each article's line is written."""
    errors, any_fail = 0, False
    lines: Iterable[tuple[int, bytes | None]] = numbered_lines(stream)
    if jobs is None:  # every core for a long batch, one process for a short one
        from lint.parallel import default_jobs

        head = list(islice(lines, AUTO_ARTICLES))
        jobs = default_jobs() if len(head) >= AUTO_ARTICLES else 1
        lines = chain(head, lines)
    if jobs > 1:
        from lint import parallel

        outputs: Iterable[tuple[int, tuple[str, bool, str | None]]] = parallel.batch(session, lines, jobs)
    else:
        outputs = ((n, process_line(session, n, raw)) for n, raw in lines)
    for done, (n, (out, failed, err)) in enumerate(outputs, 1):
        any_fail |= failed
        if err is not None:
            errors += 1
            if on_error:
                on_error(f"{name}:{n}: {err}")
        write(out)
        if progress is not None:
            progress(done)
    return errors, any_fail
