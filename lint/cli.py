"""Command line: argument parsing, file discovery, output and exit codes. No lint logic here."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NoReturn

from lint import __version__
from lint.config import Config, load_config
from lint.document import TEXT_SUFFIXES, Document, InputError
from lint.engine import Linter, LintError, fails
from lint.finding import LEVELS, Finding
from lint.fix import fix_document, unified_diff, write_atomic
from lint.rules import RuleError

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, exit 2, like every other input error
        raise UsageError(f"{self.prog}: {message} (see --help)")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="newslint", description="Editorial QA linter for Simplified Chinese news copy.")
    p.add_argument("--version", action="version", version=f"newslint {__version__}")
    sub = p.add_subparsers(dest="command", parser_class=_Parser)

    def common(sp: argparse.ArgumentParser) -> None:
        sp.add_argument("--config", type=Path, help="config file (default: nearest .newslint.yaml or pyproject.toml)")
        sp.add_argument("--select", help="comma-separated rule ids, prefixes or categories to enable")
        sp.add_argument("--ignore", help="comma-separated rule ids, prefixes or categories to disable")
        sp.add_argument("--min-level", choices=list(LEVELS), default="suggestion",
                        help="hide findings below this level")
        sp.add_argument("--lang", choices=["zh", "en"], help="message language (default zh)")
        sp.add_argument("--date", help="publication date YYYY-MM-DD for date checks")

    c = sub.add_parser("check", help="lint files, directories or - (stdin)")
    c.add_argument("paths", nargs="*", default=["."], help="files or directories (.md, .markdown, .txt); - for stdin")
    common(c)
    c.add_argument("--format", choices=["text", "json", "sarif"], default="text")
    c.add_argument("--fail-level", choices=list(LEVELS), help="lowest level that fails (default warning)")
    c.add_argument("--fix", action="store_true", help="apply safe fixes in place")
    c.add_argument("--unsafe-fixes", action="store_true", help="also apply unsafe fixes (with --fix or --diff)")
    c.add_argument("--diff", action="store_true", help="print the fixes as a unified diff; write nothing")
    c.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    c.add_argument("--no-color", action="store_true", help="no colour (also NO_COLOR=1)")
    c.add_argument("--statistics", action="store_true", help="count findings per rule")
    c.add_argument("--stdin-filename", default="-", help="name (and markup by suffix) for text read from stdin")

    b = sub.add_parser("batch", help="JSON Lines in, JSON Lines out (CMS plugins, eval scripts)")
    b.add_argument("input", nargs="?", default="-", help="JSONL file of {id, text, format}; - for stdin")
    b.add_argument("--format", choices=["jsonl"], default="jsonl")
    common(b)

    r = sub.add_parser("rules", help="list the rules")
    r.add_argument("--format", choices=["text", "json", "markdown"], default="text")
    r.add_argument("--config", type=Path)
    r.add_argument("--all", action="store_true", help="include rules the configuration disables")

    e = sub.add_parser("explain", help="describe one rule, with its source and examples")
    e.add_argument("rule")
    e.add_argument("--config", type=Path)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    try:
        args = build_parser().parse_args(argv)
        if args.command is None:
            build_parser().print_help()
            return EXIT_ERROR
        return int(COMMANDS[args.command](args))
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


def _config(args: argparse.Namespace, start: Path) -> Config:
    cfg = load_config(args.config, start)
    if getattr(args, "select", None):
        cfg.select = _csv(args.select)
    if getattr(args, "ignore", None):
        cfg.ignore = [*cfg.ignore, *_csv(args.ignore)]
    if getattr(args, "lang", None):
        cfg.lang = args.lang
    if getattr(args, "date", None):
        cfg.date = args.date
    return cfg


def _csv(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


def iter_files(paths: list[str]) -> Iterator[tuple[str, bool]]:
    """(path, explicit) for files named and text files under directories, in a stable order."""
    for p in paths:
        path = Path(p)
        if p == "-" or not path.is_dir():
            yield p, True
            continue
        for root, dirs, files in os.walk(path):
            dirs[:] = sorted(d for d in dirs if not d.startswith(".") and d not in ("node_modules", "__pycache__"))
            for name in sorted(files):
                if Path(name).suffix.lower() in TEXT_SUFFIXES:
                    yield os.path.join(root, name), False


class _Linters:
    """One Linter per configuration file in force (configs are found upward from each file)."""

    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.cache: dict[str, tuple[Config, Linter]] = {}

    def for_path(self, path: str) -> tuple[Config, Linter]:
        from lint.config import find_config

        start = Path.cwd() if path == "-" else Path(path).resolve().parent
        key = str(self.args.config or find_config(start))
        if key not in self.cache:
            cfg = _config(self.args, start)
            self.cache[key] = (cfg, Linter.from_config(cfg))
        return self.cache[key]


def cmd_check(args: argparse.Namespace) -> int:
    from rich.console import Console

    from lint.report import json as json_report
    from lint.report import text as text_report

    linters = _Linters(args)
    results: list[tuple[Document, list[Finding]]] = []
    errors: list[dict[str, str]] = []
    changed = False
    min_level = LEVELS[args.min_level]
    fail_level = args.fail_level
    lang = args.lang or "zh"
    diffs: list[str] = []
    for path, _explicit in iter_files(args.paths):
        try:
            cfg, linter = linters.for_path(path)
            lang = args.lang or cfg.lang
            fail_level = args.fail_level or cfg.fail_level
            if path != "-" and cfg.is_excluded(path):
                continue
            if path == "-":
                doc = Document.from_bytes(sys.stdin.buffer.read(), args.stdin_filename)
            else:
                doc = Document.from_path(path)
            if args.fix or args.diff:
                new, n, findings = fix_document(doc, linter.lint, args.unsafe_fixes)
                if n and new.text != doc.text:
                    changed = True
                    if args.diff:
                        diffs.append(unified_diff(doc, new))
                    elif path == "-":
                        sys.stdout.buffer.write(new.encode(new.text))
                    else:
                        write_atomic(path, new.encode(new.text))
                        doc = new
                elif path == "-" and args.fix:
                    sys.stdout.buffer.write(doc.encode(doc.text))
                if args.diff:
                    findings = linter.lint(doc)
            else:
                findings = linter.lint(doc)
        except (InputError, LintError, OSError) as exc:
            msg = str(exc) if not isinstance(exc, OSError) else f"{path}: {exc.strerror or exc}"
            _err(msg)
            errors.append({"path": path, "message": msg})
            continue
        results.append((doc, [f for f in findings if LEVELS[f.level] >= min_level]))

    if args.diff:
        sys.stdout.write("".join(diffs))
    elif args.fix and "-" in args.paths:
        pass  # stdout carries the fixed text
    elif args.format == "json":
        sys.stdout.write(json_report.render(results, lang, errors))
    elif args.format == "sarif":
        from lint.report import sarif as sarif_report

        rules = [r for _, linter in linters.cache.values() for r in linter.rules]
        sys.stdout.write(sarif_report.render(results, lang, errors, rules))
    else:
        no_color = args.no_color or bool(os.environ.get("NO_COLOR"))
        console = Console(no_color=no_color, highlight=False, soft_wrap=True,
                          force_terminal=None if not no_color else False)
        text_report.render(console, results, lang, args.statistics)
    if errors:
        return EXIT_ERROR
    if args.exit_zero:
        return EXIT_OK
    if args.diff and changed:
        return EXIT_FINDINGS
    all_findings = [f for _, fs in results for f in fs]
    return EXIT_FINDINGS if fails(all_findings, fail_level) else EXIT_OK


def cmd_batch(args: argparse.Namespace) -> int:
    from lint.report.json import finding_dict

    cfg = _config(args, Path.cwd())
    linter = Linter.from_config(cfg)
    lang = args.lang or cfg.lang
    min_level = LEVELS[args.min_level]
    if args.input == "-":
        stream = sys.stdin.buffer
    else:
        try:
            stream = open(args.input, "rb")  # noqa: SIM115 - closed below
        except OSError as exc:
            raise InputError(f"{args.input}: {exc.strerror}") from None
    errors = 0
    any_findings = False
    out = sys.stdout
    try:
        for n, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            rec: Any = None
            try:
                rec = json.loads(raw)
                if not isinstance(rec, dict) or not isinstance(rec.get("text"), str):
                    raise ValueError("each line needs a JSON object with a string 'text'")
                markup = rec.get("format", "plain")
                if markup not in ("plain", "markdown"):
                    raise ValueError("format must be plain or markdown")
                doc = Document.from_text(rec["text"], str(rec.get("path", rec.get("id", n))), markup)
                findings = [f for f in linter.lint(doc) if LEVELS[f.level] >= min_level]
                any_findings |= fails(findings, cfg.fail_level)
                result = {"id": rec.get("id"), "findings": [finding_dict(doc, f, lang) for f in findings]}
            except (ValueError, UnicodeDecodeError) as exc:
                errors += 1
                _err(f"{args.input}:{n}: {exc}")
                result = {"id": rec.get("id") if isinstance(rec, dict) else None, "error": f"line {n}: {exc}"}
            out.write(json.dumps(result, ensure_ascii=False) + "\n")
    finally:
        if stream is not sys.stdin.buffer:
            stream.close()
    out.flush()
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any_findings else EXIT_OK


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
