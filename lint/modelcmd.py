"""`newslint model fetch|where`: the optional models, obtained only when a user asks (the one network use)."""

from __future__ import annotations

import argparse
import sys


def add_arguments(p: argparse.ArgumentParser) -> None:
    sub = p.add_subparsers(dest="model_command", required=True, metavar="fetch|where")
    f = sub.add_parser("fetch", help="download the character language model into the user cache (sha256-checked)")
    f.add_argument("--dest", help="directory to put it in (default: the user cache, see NEWSLINT_CACHE_DIR)")
    sub.add_parser("where", help="print where the word and character models are found, or that they are not")


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from lint import resources

    if args.model_command == "fetch":
        from lint.typo.fetch import fetch_char_model

        return fetch_char_model(Path(args.dest) if args.dest else None, out=sys.stderr)
    word, char = resources.find_lm_path(None), resources.find_char_lm_path(None)
    sys.stdout.write(f"word model: {word or 'not found'}\ncharacter model: {char or 'not found'}\n")
    return 0
