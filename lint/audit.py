"""``newslint audit INPUT --output DIR``: lint an archive (JSON Lines or Parquet) on Ray Data, findings as Parquet.

This module only parses arguments; it imports Ray (through lint/audit_ray.py) inside ``run`` so that
``newslint --help`` stays fast and newslint works without the ``ray`` extra.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from lint.document import InputError
from lint.finding import LEVELS

INSTALL_HINT = "pip install 'newslint[ray]'"


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Lint an archive of articles on Ray Data: INPUT is a JSON Lines or Parquet file or directory "
                     "with one article per row; DIR gets one Parquet row per finding, failures/ and summary.json.")
    p.add_argument("input", help="JSON Lines (.jsonl, .json, .jsonl.gz) or Parquet file or directory (or a URI "
                                 "pyarrow reads, e.g. s3://bucket/archive/)")
    p.add_argument("--output", "-o", required=True, help="output directory (must not exist or be empty)")
    p.add_argument("--overwrite", action="store_true",
                   help="replace DIR when it holds an earlier newslint audit (never another directory)")
    p.add_argument("--input-format", choices=["jsonl", "parquet"], help="default: by the files' suffixes")
    p.add_argument("--id-column", default="id", help="column with the article id (default id)")
    p.add_argument("--text-column", default="text", help="column with the article text (default text)")
    p.add_argument("--format-column", default="format",
                   help="column with plain|markdown|html, if present (default format; missing or null: plain)")
    p.add_argument("--passthrough",
                   help="comma-separated input columns copied to every finding row (default: every scalar column "
                        "but id, text and format; --passthrough= for none)")
    p.add_argument("--address", help="Ray cluster to join (e.g. auto, ray://head:10001); default: start a local "
                                     "Ray with this machine's cores")
    p.add_argument("--workers", type=int, help="lint actors (default: the cluster's CPUs)")
    p.add_argument("--batch-size", type=int, default=100, help="articles per batch handed to an actor (default 100)")
    p.add_argument("--config", type=Path, help="config file (default: nearest .newslint.yaml or pyproject.toml "
                                               "from the current directory, read once by the driver)")
    p.add_argument("--select", help="comma-separated rule ids, prefixes or categories to enable")
    p.add_argument("--ignore", help="comma-separated rule ids, prefixes or categories to disable")
    p.add_argument("--min-level", choices=list(LEVELS), default="suggestion", help="drop findings below this level")
    p.add_argument("--lang", choices=["zh", "en"], help="message language (default zh)")
    p.add_argument("--date", help="publication date YYYY-MM-DD for date checks")


def run(args: argparse.Namespace) -> int:
    if args.workers is not None and args.workers < 1:
        raise InputError("newslint audit: --workers must be at least 1")
    if args.batch_size < 1:
        raise InputError("newslint audit: --batch-size must be at least 1")
    try:
        import pyarrow  # noqa: F401
        import ray  # noqa: F401
    except ImportError:
        raise InputError(f"newslint audit needs Ray Data and pyarrow: {INSTALL_HINT}") from None
    from lint import audit_ray

    return audit_ray.main(args)
