"""Command line: argument parsing, output and exit codes only. Linting, config discovery, fixing and the
batch protocol live in lint/api.py."""

from __future__ import annotations

import argparse
import contextlib
import gc
import importlib
import os
import stat
import sys
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NoReturn

import lint.rxcache  # first: seeds regex's and re's compile caches before the modules below compile
from lint import __version__, api, readers
from lint.config import Config, load_config
from lint.document import InputError
from lint.engine import LintError
from lint.finding import LEVELS
from lint.progress import Bar, wanted
from lint.report import REPORTERS, ReportOptions
from lint.rules import RuleError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other input error
        raise UsageError(f"{self.prog}: {message} (see --help)")


def _jobs(value: str) -> int:
    try:
        n = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of processes, not {value!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError("expected 1 or more processes")
    return n


class _Version(argparse.Action):
    """--version: the version, and whether the typo check is compiled (asked only when --version is given)."""

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        from lint import build

        print(f"newslint {__version__} (typo check: {build()})")  # stdout, as argparse's own version action
        parser.exit()


def _formats_help() -> str:
    return "; ".join(f"{name}: {info.help}" for name, info in REPORTERS.items())


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser. ``command``: the subcommand about to run; a front end's module is imported (for its
    arguments) only when it is that command or no command is known, so a hook's `check` imports none."""
    p = _Parser(prog="newslint", description="Editorial QA linter for Simplified Chinese news copy.")
    p.add_argument("--version", action=_Version, nargs=0, help="show the version and the build, and exit")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", type=Path, help="config file (default: nearest .newslint.yaml or pyproject.toml)")
        sp.add_argument("--select", help="comma-separated rule ids, prefixes or categories to enable")
        sp.add_argument("--ignore", help="comma-separated rule ids, prefixes or categories to disable")
        sp.add_argument("--min-level", choices=list(LEVELS), default="suggestion",
                        help="hide findings below this level")
        sp.add_argument("--lang", choices=["zh", "en"], help="message language (default zh)")
        sp.add_argument("--date", help="publication date YYYY-MM-DD for date checks")
        sp.add_argument("--no-progress", action="store_true",
                        help="no progress bar (drawn on stderr for a long run when it is a terminal)")

    suffixes = " ".join(sorted(readers.suffixes()))
    c = sub.add_parser("check", help="lint files, directories or - (stdin)",
                       description=f"Lint files and directories (recursing over {suffixes}) or - (stdin).")
    c.add_argument("paths", nargs="*", default=["."], help=f"files or directories ({suffixes}); - for stdin")
    common(c)
    c.add_argument("--format", choices=list(REPORTERS), default="text", metavar="FORMAT",
                   help=f"output format ({_formats_help()})")
    c.add_argument("--output", "-o", type=Path, help="write the report to FILE instead of stdout")
    c.add_argument("--no-group", action="store_true",
                   help="text report: show identical findings of one rule in one paragraph one by one")
    c.add_argument("--fail-level", choices=list(LEVELS), help="lowest level that fails (default warning)")
    c.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    c.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes (with --fix or --diff)")
    c.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    c.add_argument("--no-color", action="store_true", help="no colour (also NO_COLOR=1)")
    c.add_argument("--statistics", action="store_true", help="print only the counts: per level, category and rule")
    c.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                   help=f"worker processes (default: every core for {api.AUTO_FILES} files or more, else 1)")
    c.add_argument("--stdin-filename", default="-", help="name (and format by suffix) for text read from stdin")

    b = sub.add_parser("batch", help="JSON Lines in, JSON Lines out (CMS plugins, eval scripts)")
    b.add_argument("input", nargs="?", default="-",
                   help=f"JSONL file of {{id, text, format: {'|'.join(api.BATCH_FORMATS)}}}; - for stdin")
    b.add_argument("--format", choices=["jsonl"], default="jsonl")
    b.add_argument("--jobs", "-j", type=_jobs, metavar="N",
                   help=f"worker processes, output in input order (default: every core for {api.AUTO_ARTICLES} "
                        "articles or more, else 1)")
    common(b)

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    r.add_argument("--config", type=Path)
    r.add_argument("--all", action="store_true", help="include rules the configuration disables")

    e = sub.add_parser("explain", help="describe one rule, with its source and examples")
    e.add_argument("rule")
    e.add_argument("--config", type=Path)
    for name, (module, help_text) in FRONT_ENDS.items():
        fe = sub.add_parser(name, help=help_text)
        fe.set_defaults(front_end=module)
        if command is None or command == name:
            importlib.import_module(module).add_arguments(fe)
    return p


def _command(argv: list[str]) -> str | None:
    """The subcommand argv names (its first word not an option: only options without a value come before
    it), or None."""
    return next((a for a in argv if not a.startswith("-")), None)


# Front ends with their own module: name -> (module, help). Each module defines add_arguments(parser) and
# run(args) -> exit code, and imports its heavy dependencies (uvicorn, ray) inside run only.
FRONT_ENDS: dict[str, tuple[str, str]] = {
    "model": ("lint.modelcmd", "get the optional character language model (the one command that uses the network)"),
    "test": ("lint.packtest", "run rule packs' good/bad examples as tests (exit 1 when one fails)"),
    "serve": ("lint.serve", "a warm HTTP service: JSON API and a LanguageTool-compatible API (extra: server)"),
    "audit": ("lint.audit", "lint an archive (JSON Lines or Parquet) on Ray Data; findings as Parquet (extra: ray)"),
}


# A run allocates millions of objects that live as long as the process (word tables, the model's index, the
# rules): at the default threshold (a young collection every 700 allocations) the collector walks them over and
# over, about 15% of a hook run's CPU. Cyclic garbage is still collected, in larger batches.
GC_THRESHOLD = (100_000, 10, 10)


def main(argv: list[str] | None = None) -> int:
    if argv is None:  # a command-line run (newslint, python -m lint): it keeps the patterns it compiles
        lint.rxcache.save_at_exit()
    threshold = gc.get_threshold()
    gc.set_threshold(*GC_THRESHOLD)
    try:
        return _main(sys.argv[1:] if argv is None else argv)
    finally:
        gc.set_threshold(*threshold)  # cli.main may run inside another program (tests)
        if argv is None:
            # The process ends here: its objects go to the collector's permanent generation, so the interpreter's
            # exit frees them without its collections walking them (0.2-0.3 s after a batch of 5,000 articles;
            # Python does not promise finalizers at exit either way).
            gc.freeze()


def _main(argv: list[str]) -> int:
    try:
        args = build_parser(_command(argv)).parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_ERROR
        if args.command in COMMANDS:
            return int(COMMANDS[args.command](args))
        return int(importlib.import_module(args.front_end).run(args))
    except (UsageError, InputError, RuleError, LintError) as exc:
        _err(str(exc))
        return EXIT_ERROR
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # never a traceback for a user; NEWSLINT_DEBUG=1 shows it
        if os.environ.get("NEWSLINT_DEBUG"):
            raise
        _err(f"newslint: internal error: {type(exc).__name__}: {exc} (rerun with NEWSLINT_DEBUG=1 and report it)")
        return EXIT_ERROR


def _err(msg: str) -> None:
    sys.stderr.write(msg.splitlines()[0] if msg else "error")
    sys.stderr.write("\n")


def _csv(s: str | None) -> list[str] | None:
    return [x.strip() for x in s.split(",") if x.strip()] if s else None


def _options(args: argparse.Namespace, **kw: Any) -> api.Options:
    return api.Options(config=args.config, select=_csv(args.select), ignore=_csv(args.ignore), lang=args.lang,
                       date=args.date, min_level=args.min_level, **kw)


def _write_out(text: Iterable[str], output: Path | None) -> None:
    """Write the report's pieces (report.chunks) as they come: the whole report is never held at once."""
    if output is None:
        for piece in text:
            sys.stdout.write(piece)
        return
    import tempfile

    # A report is a new file (or one newslint wrote before): a temporary file renamed over it, with the mode
    # a new file gets (the umask's), so a half-written report is never left behind.
    target = output.resolve()
    if target.exists() and not target.is_file():
        # /dev/null, /dev/stdout, a FIFO: written to as it is (renaming over a device would replace it).
        try:
            with open(target, "wb") as fh:
                for piece in text:
                    fh.write(piece.encode("utf-8"))
        except OSError as exc:
            raise InputError(f"{output}: cannot write the report ({exc.strerror or exc})") from None
        return
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".newslint", dir=target.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                for piece in text:
                    fh.write(piece.encode("utf-8"))
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
            os.replace(tmp, target)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
    except OSError as exc:
        raise InputError(f"{output}: cannot write the report ({exc.strerror or exc})") from None


def cmd_check(args: argparse.Namespace) -> int:
    fixing = args.fix or args.diff
    opts = _options(args, fail_level=args.fail_level, fix=fixing, unsafe_fixes=args.unsafe_fixes,
                    write=args.fix and not args.diff, stdin_filename=args.stdin_filename)
    session = api.Session(opts)
    no_color = args.no_color or bool(os.environ.get("NO_COLOR"))
    # The report is written after the run, so a terminal's stdout does not hide the bar.
    with Bar("files", args.lang, enabled=not args.no_progress and wanted(), color=not no_color) as bar:
        results, diffs = session.run(args.paths, sys.stdin.buffer, on_error=_err, jobs=args.jobs,
                                     progress=bar.files)
    for note in results.notices:
        _err(note)
    if args.diff:
        sys.stdout.write("".join(diffs))
    elif args.fix and "-" in args.paths:
        for r in results.files:  # stdout carries the fixed text
            if r.path == "-" or r.path == args.stdin_filename:
                doc = r.fixed or r.doc
                sys.stdout.buffer.write(doc.encode(doc.source_text))
    else:
        color = not no_color and args.output is None and sys.stdout.isatty()
        options = ReportOptions(lang=args.lang, color=color, statistics=args.statistics, group=not args.no_group,
                                extra={"statistics_only": args.statistics})
        from lint import report

        _write_out(report.chunks(args.format, results, options), args.output)
    if results.errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    if args.diff and diffs:
        return EXIT_FINDINGS
    return EXIT_FINDINGS if any(r.failed for r in results.files) else EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    session = api.Session(_options(args))
    if args.input == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(args.input, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"{args.input}: {exc.strerror}") from None
    # Output lines stream to stdout: no bar when stdout is the same terminal.
    enabled = not args.no_progress and wanted(stdout_too=True)
    try:
        with Bar("articles", args.lang, enabled=enabled, total_bytes=_regular_size(stream) if enabled else None,
                 position=stream.tell) as bar:
            errors, any_fail = api.batch(session, stream, sys.stdout.write, args.input, on_error=_err,
                                         jobs=args.jobs, progress=bar.articles)
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    sys.stdout.flush()
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any_fail else EXIT_OK


def _regular_size(stream: Any) -> int | None:
    """The size of a regular file behind ``stream`` (the bar's total), else None (a pipe, a terminal)."""
    try:
        st = os.fstat(stream.fileno())
    except (OSError, ValueError, AttributeError):  # a stream without a file descriptor
        return None
    return st.st_size if stat.S_ISREG(st.st_mode) else None


def _all_rules(args: argparse.Namespace) -> tuple[Config, list[Any]]:
    from lint.rules import builtin_packs, load_packs

    cfg = load_config(args.config, Path.cwd())
    rules = load_packs([*builtin_packs(), *cfg.rule_files])
    for r in rules:
        r.level = cfg.level_for(r)  # type: ignore[assignment]
    if not getattr(args, "all", True):
        rules = [r for r in rules if cfg.is_selected(r)]
    return cfg, rules


def cmd_rules(args: argparse.Namespace) -> int:
    from lint.docs import rules_json, rules_markdown, rules_text

    _, rules = _all_rules(args)
    render = {"text": rules_text, "json": rules_json, "markdown": rules_markdown}[args.format]
    sys.stdout.write(render(rules))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from lint.docs import explain

    _, rules = _all_rules(args)
    for r in rules:
        if r.id == args.rule:
            sys.stdout.write(explain(r))
            return EXIT_OK
    near = [r.id for r in rules if r.matches(args.rule)]
    hint = f"; rules under it: {', '.join(near[:8])}" if near else "; `newslint rules` lists them"
    raise UsageError(f"newslint: unknown rule {args.rule!r}{hint}")


COMMANDS = {"check": cmd_check, "batch": cmd_batch, "rules": cmd_rules, "explain": cmd_explain}
