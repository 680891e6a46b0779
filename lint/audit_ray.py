"""The Ray Data pipeline behind ``newslint audit`` (imported only when the command runs: it needs ``newslint[ray]``).

    read_json / read_parquet → repartition into batches → map_batches(LintActor, concurrency=N)  one row per article
        → materialize (held in Ray's object store, spilled to disk when large)
        → findings: explode to one row per finding → write_parquet(DIR)
        → failures: articles that could not be linted → write_parquet(DIR/failures)
        → summary.json: counts per batch, summed by the driver

Each actor builds one ``api.Session`` (rules, dictionaries, the language model) and lints every article of its
batches through ``api.lint_record``, the code ``newslint batch`` runs per line, catching per article.

Exactly once: an actor killed mid-batch is restarted and its batch retried by Ray (``max_restarts``,
``max_task_retries``); a killed attempt returns nothing, so the materialized dataset holds each input block's
output once, and the findings are written only after every article is linted (write tasks name their files by
write id and task index, so a retried write overwrites its own file). The output is therefore all or nothing:
an interrupted run leaves no ``summary.json``, and a re-run refuses a non-empty DIR unless ``--overwrite``.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import resource
import socket
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.fs as pafs
import ray
import ray.data

from lint import __version__, api
from lint.config import Config, load_config
from lint.document import InputError

MARKER = "_newslint_audit.json"  # written first: DIR is ours and may be replaced with --overwrite
SUMMARY = "summary.json"  # written last: the audit finished
# Bounded, so that an article that crashes its worker every time fails the run instead of looping.
MAX_RESTARTS = 4

_INT_FIELDS = ["line", "column", "end_line", "end_column", "offset", "end_offset", "offset_utf16",
               "end_offset_utf16", "offset_bytes", "end_offset_bytes"]
_SOURCE_FIELDS = ["source_offset", "source_end_offset", "source_offset_utf16", "source_end_offset_utf16"]
FIX_TYPE = pa.struct([
    ("safety", pa.string()),
    ("edits", pa.list_(pa.struct([("offset", pa.int64()), ("end_offset", pa.int64()),
                                  ("replacement", pa.string())]))),
])
# Every field of the JSON contract's finding (lint/report/json.py finding_dict), in its order; source_* only
# for HTML (null otherwise). ``location`` (.docx only) cannot occur: the audit reads text formats.
FINDING_TYPE = pa.struct([
    ("rule", pa.string()), ("category", pa.string()), ("level", pa.string()), ("message", pa.string()),
    *[(name, pa.int64()) for name in _INT_FIELDS],
    ("text", pa.string()), ("suggestions", pa.list_(pa.string())), ("fix", FIX_TYPE),
    ("source", pa.string()), ("confidence", pa.float64()),
    *[(name, pa.int64()) for name in _SOURCE_FIELDS],
])
FINDING_FIELDS = [f.name for f in FINDING_TYPE]
RESERVED = {"id", *FINDING_FIELDS}


@dataclass
class Plan:
    input: str
    input_format: str  # jsonl | parquet
    output: str  # local absolute path or URI
    id_col: str
    text_col: str
    format_col: str | None  # None when the input has no such column
    passthrough: list[str] = field(default_factory=list)
    options: api.Options = field(default_factory=api.Options)
    config: Config | None = None
    workers: int = 1
    batch_size: int = 100


# ---- the actor -------------------------------------------------------------------------------------------------
class LintActor:
    """One per worker: the linter is built once here and reused for every batch."""

    def __init__(self, options: api.Options, config: Config, id_col: str, text_col: str,
                 format_col: str | None, passthrough: pa.Schema) -> None:
        self.session = api.Session(options, config=config)
        self.session.linter_for("-")  # load rules, dictionaries and the model now, not in the first batch
        self.lang = options.lang
        self.id_col, self.text_col, self.format_col = id_col, text_col, format_col
        self.passthrough = passthrough
        self.host, self.pid = socket.gethostname(), os.getpid()

    def __call__(self, batch: pa.Table) -> pa.Table:
        began, began_cpu = time.perf_counter(), time.process_time()
        n = batch.num_rows
        ids = batch.column(self.id_col).to_pylist()
        texts = batch.column(self.text_col).to_pylist()
        fmts = batch.column(self.format_col).to_pylist() if self.format_col else [None] * n
        findings: list[list[dict[str, Any]]] = []
        chars: list[int] = []
        errors: list[str | None] = []
        failed: list[bool] = []
        for i, (rid, text, fmt) in enumerate(zip(ids, texts, fmts, strict=True)):
            rec: dict[str, Any] = {"id": rid, "text": text}
            if fmt is not None:  # a missing or null format is plain
                rec["format"] = fmt
            try:
                obj, bad = api.lint_record(self.session, rec, i, self.lang)
                findings.append([_flat(d) for d in obj["findings"]])
                chars.append(len(text))
                errors.append(None)
                failed.append(bad)
            except Exception as exc:  # one article's failure is its row in failures, never a lost batch
                findings.append([])
                chars.append(0)
                errors.append(api.record_error(exc))
                failed.append(False)
        column = _findings_array(findings, errors)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        busy = (time.perf_counter() - began) / max(n, 1)  # this batch's seconds, shared among its rows
        busy_cpu = (time.process_time() - began_cpu) / max(n, 1)
        cols: dict[str, Any] = {
            "id": batch.column(self.id_col), "_chars": pa.array(chars, pa.int64()),
            "_error": pa.array(errors, pa.string()), "_failed": pa.array(failed, pa.bool_()), "_findings": column,
            "_host": pa.array([self.host] * n, pa.string()), "_pid": pa.array([self.pid] * n, pa.int64()),
            "_rss": pa.array([usage.ru_maxrss * 1024] * n, pa.int64()),  # ru_maxrss is in KiB on Linux
            "_cpu": pa.array([usage.ru_utime + usage.ru_stime] * n, pa.float64()),
            "_busy": pa.array([busy] * n, pa.float64()), "_busy_cpu": pa.array([busy_cpu] * n, pa.float64()),
            "_done": pa.array([time.time()] * n, pa.float64()),
        }
        for f in self.passthrough:
            cols[f.name] = _cast(batch.column(f.name), f.type)
        return pa.table(cols)


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    return {name: d.get(name) for name in FINDING_FIELDS}


def _findings_array(findings: list[list[dict[str, Any]]], errors: list[str | None]) -> pa.Array:
    try:
        return pa.array(findings, pa.list_(FINDING_TYPE))
    except (pa.ArrowException, TypeError, ValueError):  # find the article that does not fit; fail only it
        for i, fs in enumerate(findings):
            try:
                pa.array([fs], pa.list_(FINDING_TYPE))
            except (pa.ArrowException, TypeError, ValueError) as exc:
                findings[i], errors[i] = [], f"internal error: cannot store its findings: {exc}"
        return pa.array(findings, pa.list_(FINDING_TYPE))


def _cast(col: pa.ChunkedArray, typ: pa.DataType) -> pa.ChunkedArray | pa.Array:
    if col.type == typ:
        return col
    try:
        return col.cast(typ)
    except (pa.ArrowException, TypeError, ValueError):  # a file typed differently: this batch's values are lost
        return pa.nulls(len(col), typ)


# ---- after linting: findings, failures, counts ------------------------------------------------------------------
def explode(t: pa.Table, schema: pa.Schema) -> pa.Table:
    """Per-article rows → one row per finding: id, the finding's fields, the passthrough columns."""
    lists = t.column("_findings").combine_chunks()
    parents = pc.list_parent_indices(lists)
    flat = pc.list_flatten(lists)
    cols: dict[str, Any] = {"id": t.column("id").take(parents).cast(schema.field("id").type)}
    for name, arr in zip(FINDING_FIELDS, flat.flatten(), strict=True):
        cols[name] = arr
    for name in schema.names[len(cols):]:
        cols[name] = t.column(name).take(parents)
    return pa.table(cols, schema=schema)


def failures(t: pa.Table, schema: pa.Schema) -> pa.Table:
    bad = t.filter(pc.is_valid(t.column("_error")))
    return pa.table({"id": bad.column("id").cast(schema.field("id").type), "error": bad.column("_error")},
                    schema=schema)


def batch_stats(t: pa.Table) -> pa.Table:
    lists = t.column("_findings").combine_chunks()
    flat = pc.list_flatten(lists)
    levels = flat.field("level") if len(flat) else pa.array([], pa.string())
    with_error = pc.list_parent_indices(lists).filter(pc.equal(levels, "error"))
    workers: dict[str, dict[str, float]] = {}
    names = ("_host", "_pid", "_rss", "_cpu", "_busy", "_busy_cpu")
    for host, pid, rss, cpu, busy, busy_cpu in zip(*(t.column(c).to_pylist() for c in names), strict=True):
        w = workers.setdefault(f"{host}:{pid}", {"articles": 0, "peak_rss": 0, "cpu": 0.0, "busy": 0.0,
                                                 "busy_cpu": 0.0})
        w["articles"] += 1
        w["peak_rss"], w["cpu"] = max(w["peak_rss"], rss), max(w["cpu"], cpu)
        w["busy"] += busy
        w["busy_cpu"] += busy_cpu
    stats = {
        "articles": t.num_rows,
        "characters": pc.sum(t.column("_chars")).as_py() or 0,
        "failures": t.num_rows - t.column("_error").null_count,
        "articles_with_findings": len(pc.unique(pc.list_parent_indices(lists))),
        "articles_with_errors": len(pc.unique(with_error)),
        "articles_failing": int(pc.sum(t.column("_failed")).as_py() or 0),
        "by_level": _counts(levels), "by_category": _counts(flat.field("category")) if len(flat) else {},
        "by_rule": _counts(flat.field("rule")) if len(flat) else {}, "workers": workers,
        "first_done": pc.min(t.column("_done")).as_py() if t.num_rows else None,
    }
    return pa.table({"stats": [json.dumps(stats)]})


def _counts(arr: pa.Array) -> dict[str, int]:
    return {d["values"]: d["counts"] for d in pc.value_counts(arr).to_pylist()}


def merge_stats(parts: list[dict[str, Any]]) -> dict[str, Any]:
    total: dict[str, Any] = {k: 0 for k in ("articles", "characters", "failures", "articles_with_findings",
                                            "articles_with_errors", "articles_failing")}
    counters: dict[str, Counter[str]] = {k: Counter() for k in ("by_level", "by_category", "by_rule")}
    workers: dict[str, dict[str, float]] = {}
    for p in parts:
        for k in total:
            total[k] += p[k]
        for k, c in counters.items():
            c.update(p[k])
        for key, w in p["workers"].items():
            acc = workers.setdefault(key, {"articles": 0, "peak_rss": 0, "cpu": 0.0, "busy": 0.0, "busy_cpu": 0.0})
            acc["articles"] += w["articles"]
            acc["busy"] += w["busy"]
            acc["busy_cpu"] += w["busy_cpu"]
            acc["peak_rss"], acc["cpu"] = max(acc["peak_rss"], w["peak_rss"]), max(acc["cpu"], w["cpu"])
    firsts = [p["first_done"] for p in parts if p["first_done"] is not None]
    total["first_batch_done"] = min(firsts) if firsts else None
    total["findings"] = sum(counters["by_level"].values())
    total["by_level"] = {lvl: counters["by_level"].get(lvl, 0) for lvl in ("error", "warning", "suggestion")}
    total["by_category"] = dict(sorted(counters["by_category"].items()))
    total["by_rule"] = dict(sorted(counters["by_rule"].items()))
    # busy: seconds in batches (wall, and CPU); cpu: the process's CPU seconds, start-up included; its peak RSS
    total["workers"] = [{"worker": k, "articles": int(w["articles"]), "busy_seconds": round(w["busy"], 2),
                         "busy_cpu_seconds": round(w["busy_cpu"], 2),
                         "cpu_seconds": round(w["cpu"], 2), "peak_rss_mib": round(w["peak_rss"] / 2**20, 1)}
                        for k, w in sorted(workers.items())]
    return total


# ---- planning: input, output, columns ---------------------------------------------------------------------------
def _fs(uri: str) -> tuple[pafs.FileSystem, str]:
    try:
        return pafs.FileSystem.from_uri(uri)
    except (pa.ArrowException, ValueError, OSError) as exc:
        raise InputError(f"{uri}: cannot open ({_reason(exc)})") from None


def _location(path: str) -> str:
    return path if "://" in path else str(Path(path).resolve())


def input_format(path: str, given: str | None) -> str:
    fs, root = _fs(path)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.NotFound:
        raise InputError(f"{path}: no such file or directory")
    names = [root] if info.type == pafs.FileType.File else [
        i.path for i in fs.get_file_info(pafs.FileSelector(root, recursive=True)) if i.type == pafs.FileType.File]
    kinds = {_kind(n) for n in names} - {None}
    if given:
        return given
    if len(kinds) != 1:
        what = "both JSON Lines and Parquet files" if kinds else "no .jsonl, .json or .parquet files"
        raise InputError(f"{path}: {what}; name the files' kind with --input-format jsonl|parquet")
    return str(kinds.pop())


def _kind(name: str) -> str | None:
    name = name.lower()
    if name.endswith((".parquet", ".pq")):
        return "parquet"
    if any(name.endswith(s) for s in (".jsonl", ".json", ".ndjson", ".jsonl.gz", ".json.gz", ".jsonl.zst")):
        return "jsonl"
    return None


def prepare_output(out: str, overwrite: bool) -> None:
    """Refuse a non-empty DIR, unless it holds an earlier audit and --overwrite; then claim it with the marker."""
    fs, root = _fs(out)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.File:
        raise InputError(f"{out}: is a file; --output needs a directory")
    if info.type == pafs.FileType.Directory and fs.get_file_info(pafs.FileSelector(root)):
        ours = fs.get_file_info(f"{root}/{MARKER}").type == pafs.FileType.File
        done = fs.get_file_info(f"{root}/{SUMMARY}").type == pafs.FileType.File
        if not ours:
            raise InputError(f"{out}: not empty and not a newslint audit; choose a new --output directory")
        if not overwrite:
            what = "a finished audit" if done else "an interrupted audit (no summary.json)"
            raise InputError(f"{out}: holds {what}; choose a new --output or pass --overwrite to replace it")
        fs.delete_dir_contents(root)
    fs.create_dir(root, recursive=True)
    with fs.open_output_stream(f"{root}/{MARKER}") as f:
        f.write(json.dumps({"tool": f"newslint {__version__}", "started": _now()}).encode())


def _now() -> str:
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())


def read(plan: Plan) -> ray.data.Dataset:
    if plan.input_format == "parquet":
        return ray.data.read_parquet(plan.input)
    return ray.data.read_json(plan.input)


def choose_columns(plan: Plan, schema: pa.Schema, passthrough: str | None) -> pa.Schema:
    """Check the id and text columns; the passthrough columns and their types."""
    names = list(schema.names)
    for col, flag in ((plan.id_col, "--id-column"), (plan.text_col, "--text-column")):
        if col not in names:
            raise InputError(f"{plan.input}: no column {col!r} (columns: {', '.join(names)}); name it with {flag}")
    if plan.format_col not in names:
        plan.format_col = None
    control = {plan.id_col, plan.text_col, plan.format_col}
    if passthrough is None:
        wanted = [n for n in names if n not in control and n not in RESERVED and _scalar(schema.field(n).type)]
    else:
        wanted = [x.strip() for x in passthrough.split(",") if x.strip()]
        for n in wanted:
            if n not in names:
                raise InputError(f"{plan.input}: --passthrough: no column {n!r} (columns: {', '.join(names)})")
            if n in RESERVED:
                raise InputError(f"{plan.input}: --passthrough: column {n!r} has the name of a finding field; "
                                 "rename it in the input")
    plan.passthrough = wanted
    return pa.schema([pa.field(n, pa.string() if pa.types.is_null(schema.field(n).type) else schema.field(n).type)
                      for n in wanted])


def _scalar(t: pa.DataType) -> bool:
    return not (pa.types.is_nested(t) or pa.types.is_null(t))


# ---- running ---------------------------------------------------------------------------------------------------
def connect(address: str | None, workers: int | None) -> tuple[bool, int]:
    """Join the cluster at ``address`` or start a local one; (started here?, CPUs)."""
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report over the network
    started = False
    if not ray.is_initialized():
        if address:
            ray.init(address=address, logging_level=logging.WARNING)
        else:
            # One logical CPU beyond the actors' for the read, repartition and write tasks (they mostly wait on
            # IO); with every CPU held by actors, Ray Data would hold the read back for ever.
            cpus = max(os.cpu_count() or 1, workers or 1) + 1
            # address="local": always a new private cluster (never one another program started), loopback only.
            ray.init(address="local", num_cpus=cpus, include_dashboard=False, _node_ip_address="127.0.0.1",
                     logging_level=logging.WARNING,
                     runtime_env={"env_vars": {"PYTHONPATH": _package_root()}})
        started = True
    return started, int(ray.cluster_resources().get("CPU", 1))


def _package_root() -> str:
    """The directory holding the ``lint`` package the driver runs, so local workers import the same code."""
    root = str(Path(__file__).resolve().parent.parent)
    rest = os.environ.get("PYTHONPATH")
    return f"{root}{os.pathsep}{rest}" if rest else root


def execute(plan: Plan, passthrough_schema: pa.Schema, ds: ray.data.Dataset, id_type: pa.DataType,
            started: float, wall_started: float) -> dict[str, Any]:
    """Run the pipeline; returns the summary (also written to DIR/summary.json)."""
    assert plan.config is not None
    cols = [plan.id_col, plan.text_col, *([plan.format_col] if plan.format_col else []), *plan.passthrough]
    linted = (ds.select_columns(list(dict.fromkeys(cols)))
              .repartition(target_num_rows_per_block=plan.batch_size)
              .map_batches(LintActor, batch_size=plan.batch_size, batch_format="pyarrow",
                           compute=ray.data.ActorPoolStrategy(size=plan.workers), num_cpus=1,
                           max_restarts=MAX_RESTARTS, max_task_retries=MAX_RESTARTS,
                           fn_constructor_kwargs={"options": plan.options, "config": plan.config,
                                                  "id_col": plan.id_col, "text_col": plan.text_col,
                                                  "format_col": plan.format_col,
                                                  "passthrough": passthrough_schema})
              .materialize())
    linted_at = time.monotonic()
    schema = pa.schema([pa.field("id", id_type), *[pa.field(f.name, f.type) for f in FINDING_TYPE],
                        *passthrough_schema])
    fail_schema = pa.schema([pa.field("id", id_type), pa.field("error", pa.string())])
    linted.map_batches(explode, fn_kwargs={"schema": schema}, batch_format="pyarrow",
                       batch_size=None).write_parquet(plan.output)
    linted.map_batches(failures, fn_kwargs={"schema": fail_schema}, batch_format="pyarrow",
                       batch_size=None).write_parquet(f"{plan.output}/failures")
    _ensure_table(plan.output, schema)
    _ensure_table(f"{plan.output}/failures", fail_schema)
    parts = [json.loads(r["stats"]) for r in
             linted.map_batches(batch_stats, batch_format="pyarrow", batch_size=None).take_all()]
    stats = merge_stats(parts)
    first = stats.pop("first_batch_done")
    elapsed = time.monotonic() - started
    summary = {
        "tool": {"name": "newslint", "version": __version__},
        "input": plan.input, "output": plan.output, "finished": _now(),
        **stats,
        "seconds": round(elapsed, 2), "lint_seconds": round(linted_at - started, 2),
        "first_batch_seconds": round(first - wall_started, 2) if first else None, "workers_requested": plan.workers,
        "articles_per_second": round(stats["articles"] / elapsed, 1) if elapsed else None,
        "characters_per_second": round(stats["characters"] / elapsed) if elapsed else None,
        "options": {"select": plan.options.select, "ignore": plan.options.ignore,
                    "min_level": plan.options.min_level, "lang": plan.options.lang, "date": plan.options.date},
    }
    fs, root = _fs(plan.output)
    with fs.open_output_stream(f"{root}/{SUMMARY}") as f:
        f.write((json.dumps(summary, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
    return summary


def _ensure_table(where: str, schema: pa.Schema) -> None:
    """Ray writes no file for an empty dataset; write one empty table so readers see the columns."""
    import pyarrow.parquet as pq

    fs, root = _fs(where)
    info = fs.get_file_info(root)
    if info.type == pafs.FileType.Directory and any(
            i.path.endswith(".parquet") for i in fs.get_file_info(pafs.FileSelector(root))):
        return
    fs.create_dir(root, recursive=True)
    pq.write_table(schema.empty_table(), f"{root}/empty.parquet", filesystem=fs)


def _reason(exc: BaseException) -> str:
    """The innermost useful line of an exception (Ray wraps a worker's error in its traceback)."""
    while getattr(exc, "cause", None) is not None and exc.cause is not exc:  # type: ignore[attr-defined]
        exc = exc.cause  # type: ignore[attr-defined]
    lines = [ln.strip() for ln in str(exc).splitlines() if ln.strip()]
    return lines[-1] if lines else type(exc).__name__


def options_from(args: argparse.Namespace) -> api.Options:
    def csv(s: str | None) -> list[str] | None:
        return [x.strip() for x in s.split(",") if x.strip()] if s else None

    return api.Options(config=args.config, select=csv(args.select), ignore=csv(args.ignore), lang=args.lang,
                       date=args.date, min_level=args.min_level)


def main(args: argparse.Namespace) -> int:
    t0, wall0 = time.monotonic(), time.time()
    options = options_from(args)
    config = load_config(options.config, Path.cwd())  # resolved once here: workers may not share our cwd
    source = _location(args.input)
    plan = Plan(input=source, input_format=input_format(source, args.input_format), output=_location(args.output),
                id_col=args.id_column, text_col=args.text_column, format_col=args.format_column, options=options,
                config=config, batch_size=args.batch_size)
    prepare_output(plan.output, args.overwrite)
    started, cpus = connect(args.address, args.workers)
    try:
        plan.workers = args.workers or max(1, cpus - 1)  # leave one CPU to the read and write tasks
        ds = read(plan)
        try:
            schema = ds.schema(fetch_if_missing=True)
        except Exception as exc:
            raise InputError(f"{args.input}: cannot read it as {plan.input_format} ({_reason(exc)})") from None
        if schema is None:
            raise InputError(f"{args.input}: no articles")
        arrow_schema = pa.schema([pa.field(n, t) for n, t in zip(schema.names, schema.types, strict=True)])
        pass_schema = choose_columns(plan, arrow_schema, args.passthrough)
        id_type = arrow_schema.field(plan.id_col).type
        try:
            id_type = pa.string() if pa.types.is_null(id_type) else id_type
            summary = execute(plan, pass_schema, ds, id_type, t0, wall0)
        except InputError:
            raise
        except Exception as exc:
            if os.environ.get("NEWSLINT_DEBUG"):
                raise
            raise InputError(f"newslint audit: the run failed, {plan.output} is incomplete ({_reason(exc)})") from None
    finally:
        if started:
            ray.shutdown()
    sys.stderr.write(f"newslint audit: {summary['articles']} articles, {summary['characters']} characters, "
                     f"{summary['findings']} findings, {summary['failures']} failures in {summary['seconds']} s "
                     f"({summary['articles_per_second']} articles/s, {plan.workers} workers) -> {plan.output}\n")
    return 1 if summary["failures"] else 0
