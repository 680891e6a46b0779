"""``newslint serve``: the warm HTTP service (lint/server/). Arguments here; starlette and uvicorn are imported
only in ``run``, so ``newslint --help`` stays fast and works without the ``server`` extra."""

from __future__ import annotations

import argparse
import gc
import ipaddress
import os
import re
import socket
import sys
from collections.abc import Callable
from pathlib import Path

DEFAULT_PORT = 8081  # LanguageTool's own default port, so its clients' local defaults find us
_SIZE_RE = re.compile(r"(\d+)\s*(|b|k|kb|kib|m|mb|mib)", re.I)


def _size(s: str) -> int:
    m = _SIZE_RE.fullmatch(s.strip())
    if not m:
        raise argparse.ArgumentTypeError(f"not a size: {s!r} (e.g. 1048576, 512KiB, 1MiB)")
    unit = m.group(2).lower()[:1]
    return int(m.group(1)) * {"": 1, "b": 1, "k": 1024, "m": 1024 * 1024}[unit]


def _positive(kind: Callable[[str], float]) -> Callable[[str], float]:
    def parse(s: str) -> float:
        try:
            v = kind(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
        if v <= 0:
            raise argparse.ArgumentTypeError(f"must be above 0: {s!r}")
        return v

    return parse


def add_arguments(p: argparse.ArgumentParser) -> None:
    p.description = ("Serve POST /v1/lint (the JSON contract), GET /v1/rules, /healthz, /openapi.json and "
                     "LanguageTool's /v2/check and /v2/languages, with rules, dictionaries and the model loaded once.")
    p.add_argument("--host", default="127.0.0.1",
                   help="address to bind (default 127.0.0.1; any other needs a token: NEWSLINT_TOKEN or --token-file)")
    p.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT}; 0: any free port)")
    p.add_argument("--config", type=Path, help="base config file (default: discovered from the working directory)")
    p.add_argument("--token-file", type=Path, help="file holding the bearer token (else NEWSLINT_TOKEN)")
    p.add_argument("--max-body", type=_size, default=1 << 20, metavar="SIZE",
                   help="largest request body (default 1MiB; larger: 413)")
    p.add_argument("--timeout", type=_positive(float), default=10.0, metavar="S",
                   help="seconds a request may wait and run (default 10; later: 503)")
    p.add_argument("--max-queue", type=_positive(int), default=64, metavar="N",
                   help="requests queued or running at once (default 64; more: 503 at once)")
    p.add_argument("--read-timeout", type=_positive(float), default=10.0, metavar="S",
                   help="seconds a client has to send the request head, and again the body (default 10)")
    p.add_argument("--max-connections", type=_positive(int), default=1000, metavar="N",
                   help="open connections before new requests get 503 (default 1000)")
    p.add_argument("--allow-origin", action="append", default=[], metavar="ORIGIN",
                   help="allow browser pages from ORIGIN to call the API (CORS; repeatable; * for any)")
    p.add_argument("--print-openapi", action="store_true", help="print the OpenAPI document and exit")


def _fail(msg: str) -> int:
    sys.stderr.write(msg + "\n")
    return 2


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _token(args: argparse.Namespace) -> tuple[str | None, str | None]:
    """(token, error)."""
    if args.token_file is not None:
        try:
            token = args.token_file.read_text(encoding="utf-8").strip()
        except OSError as exc:
            return None, f"{args.token_file}: cannot read the token file ({exc.strerror or exc})"
        if not token:
            return None, f"{args.token_file}: the token file is empty"
        return token, None
    return os.environ.get("NEWSLINT_TOKEN", "").strip() or None, None


def run(args: argparse.Namespace) -> int:
    if args.print_openapi:
        from lint.server.openapi import text

        sys.stdout.write(text())
        return 0
    token, problem = _token(args)
    if problem:
        return _fail(f"newslint serve: {problem}")
    if not is_loopback(args.host) and token is None:
        return _fail(f"newslint serve: refusing to listen on {args.host} without a token; set NEWSLINT_TOKEN or "
                     "pass --token-file (or bind 127.0.0.1)")
    try:
        import uvicorn

        from lint.server.app import Service, Settings, create_app
        from lint.server.protocol import protocol_class
    except ImportError as exc:
        return _fail(f"newslint serve: needs the server extra ({exc.name} is missing): "
                     "pip install 'newslint[server]'")
    settings = Settings(config=args.config, token=token, max_body=args.max_body, timeout=args.timeout,
                        max_queue=args.max_queue, read_timeout=args.read_timeout, allow_origins=args.allow_origin)
    try:
        sock = socket.create_server((args.host, args.port), family=socket.AF_INET6 if ":" in args.host
                                    else socket.AF_INET, backlog=2048)
    except OSError as exc:
        return _fail(f"newslint serve: cannot listen on {args.host}:{args.port} ({exc.strerror or exc}); "
                     "choose another --port")
    service = Service(settings)
    seconds = service.warm_up()
    # What is loaded now (word tables, the model's index, rules: millions of references) lives as long as the
    # process: moved out of the collector's generations, a full collection no longer walks it (one took ~260 ms
    # of a request every few hundred). cli.main has raised the threshold too; cycles made later are collected.
    gc.collect()
    gc.freeze()
    app = create_app(settings, service)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    sys.stderr.write(f"newslint serve: listening on http://{shown}:{port} (warm in {seconds:.1f} s; "
                     f"{'token required' if token else 'no token'})\n")
    sys.stderr.flush()
    config = uvicorn.Config(app, http=protocol_class(args.read_timeout), lifespan="off", access_log=False,
                            log_level="warning", timeout_keep_alive=5, limit_concurrency=args.max_connections,
                            timeout_graceful_shutdown=3, h11_max_incomplete_event_size=16 * 1024)
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        service.worker.shutdown()
    return 0
