"""The service: a Starlette app over one warm lint worker.

Linting is CPU-bound Python, so threads beyond one add no throughput under the GIL: requests are validated on
the event loop (which stays free for /healthz and for reading bodies), then queued to ONE worker thread through a
bounded counter; a request past ``max_queue`` gets 503 at once, one that waits or runs past ``timeout`` gets 503
(a queued one is dropped before it starts; a running one finishes in the worker, its answer discarded).
Bodies are read by the Guard middleware with a size cap and a read deadline before anything is queued.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import sys
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from lint import __version__, api, readers
from lint.config import Config, load_config
from lint.document import Document, InputError
from lint.engine import LintError
from lint.report import json as report_json
from lint.rules import Rule, RuleError

# Fields of POST /v1/lint: name -> (JSON type, Python type, description). The OpenAPI document is built from it.
TEXT_FIELDS = ("text", "markdown", "html")
LINT_FIELDS: dict[str, tuple[str, type, str]] = {
    "text": ("string", str, "plain text: every non-blank line is a paragraph"),
    "markdown": ("string", str, "Markdown: only prose is linted"),
    "html": ("string", str, "an HTML fragment or page: its visible text is linted; findings also carry "
             "source_offset into the HTML"),
    "config": ("object", dict, "settings as in .newslint.yaml, without file paths: "
               + ", ".join(sorted(api.REQUEST_KEYS))),
    "fix": ("boolean", bool, "also return the fixed text (`fixed`) and the number of fixes applied (`fixes_applied`); "
            "the findings are then those left in the fixed text"),
    "unsafe_fixes": ("boolean", bool, "apply unsafe fixes too (joining broken paragraphs, suggestions); implies fix"),
    "lang": ("string", str, "message language: zh (default) or en"),
}
LANGS = ("zh", "en")
# Rule options that name a file: a request may not make the server read files (only its own --config may).
PATH_OPTIONS = {"model"}
WARM_UP_TEXT = "我们要再接再励,把工作做好。\n"
# Scope key of a /v1/lint request's [wall, CPU] seconds in the worker (lint and rendering), for the log line.
JOB_TIMING = "newslint.job"


@dataclass
class Settings:
    config: Path | None = None  # the base config file (default: discovered from the working directory)
    token: str | None = None  # bearer token; None: no authentication
    max_body: int = 1 << 20
    timeout: float = 10.0  # seconds from entering the queue to the answer
    max_queue: int = 64  # requests queued or running in the worker
    read_timeout: float = 10.0  # seconds to send the request head, and again to send the body
    cache_size: int = 16  # Linters kept, one per distinct request config
    allow_origins: list[str] = field(default_factory=list)
    log: Callable[[str], Any] | None = None  # one line per request (default: stderr)


class Busy(Exception):
    pass


class Linters:
    """One Session (so one Linter) per distinct request config, least recently used dropped first.
    Used from the worker thread only."""

    def __init__(self, base: Config, size: int) -> None:
        self.base = base
        self.size = size
        self._cache: OrderedDict[str, api.Session] = OrderedDict()

    def get(self, key: str, mapping: dict[str, Any]) -> api.Session:
        session = self._cache.get(key)
        if session is not None:
            self._cache.move_to_end(key)
            return session
        cfg = self.base if not mapping else api.config_from_mapping(mapping, base=self.base)
        session = api.Session(api.Options(), config=cfg)
        session.linter_for("-")  # build the Linter now: an unknown rule in the config fails here
        self._cache[key] = session
        while len(self._cache) > self.size:
            self._cache.popitem(last=False)
        return session


def config_key(mapping: dict[str, Any]) -> str:
    return json.dumps(mapping, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


class Worker:
    """One lint thread behind a bounded queue (see the module docstring)."""

    def __init__(self, max_queue: int, timeout: float) -> None:
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newslint-lint")
        self.max_queue = max_queue
        self.timeout = timeout
        self.pending = 0  # changed on the event loop only

    def run_sync(self, fn: Callable[[], Any]) -> Any:
        """Run in the worker thread and wait (start-up warm-up, before the loop runs)."""
        return self.executor.submit(fn).result()

    async def run(self, fn: Callable[[], Any]) -> Any:
        if self.pending >= self.max_queue:
            raise Busy
        loop = asyncio.get_running_loop()
        self.pending += 1
        fut = self.executor.submit(fn)
        fut.add_done_callback(lambda _: loop.call_soon_threadsafe(self._done))
        # wait_for cancels the wrapped future on timeout, which drops a job that has not started.
        return await asyncio.wait_for(asyncio.wrap_future(fut), self.timeout)

    def _done(self) -> None:
        self.pending -= 1

    def shutdown(self) -> None:
        self.executor.shutdown(wait=False, cancel_futures=True)


def error(status: int, message: str, field: str | None = None, **headers: str) -> JSONResponse:
    body: dict[str, Any] = {"error": message}
    if status == 422:
        body["field"] = field
    return JSONResponse(body, status_code=status, headers=headers or None)


class Service:
    """Everything the routes share: settings, the base config, the Linter cache, the worker."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.base = load_config(settings.config, Path.cwd())
        self.linters = Linters(self.base, settings.cache_size)
        self.worker = Worker(settings.max_queue, settings.timeout)
        self.started = time.time()
        self.rules: list[Rule] = []

    def warm_up(self) -> float:
        """Load rules, dictionaries and the model in the worker thread before the first request."""
        t0 = time.perf_counter()

        def job() -> None:
            session = self.linters.get(config_key({}), {})
            _, linter = session.linter_for("-")
            self.rules = linter.known or linter.rules
            # every rule's flagged examples: each kind loads what it needs (word lists, the model) now
            examples = [e.text for r in linter.rules for e in r.bad]
            session.lint_text(WARM_UP_TEXT + "\n".join(examples))
            session.preload()  # the model's tables in memory now, not after the first few thousand lookups

        self.worker.run_sync(job)
        return time.perf_counter() - t0

    def rules_json(self) -> list[dict[str, Any]]:
        base = self.base
        out = []
        for r in self.rules:
            out.append({"id": r.id, "category": r.category, "level": base.level_for(r), "fix": r.fix,
                        "enabled": base.is_selected(r), "status": r.status, "message": r.message,
                        "message_en": r.message_en, "description": r.description.strip(), "source": r.source})
        return out

    async def lint(self, job: Callable[[], tuple[int, bytes]]) -> Response:
        """Run a job that returns (status, JSON body) in the worker, with the queue and time limits."""
        try:
            status, body = await self.worker.run(job)
        except Busy:
            return error(503, f"busy: {self.worker.max_queue} requests are already queued; retry shortly",
                         **{"Retry-After": "1"})
        except TimeoutError:
            return error(503, f"timed out: no answer within {self.settings.timeout:g} s (queue wait included); "
                         "send a shorter text or retry", **{"Retry-After": "1"})
        except Exception as exc:  # a rule failing on this text: the service goes on
            return error(500, f"internal error: {type(exc).__name__}: {exc}")
        return Response(body, status_code=status, media_type="application/json")


# ---- /v1 ------------------------------------------------------------------------------------------------
def validate_lint_request(data: Any) -> tuple[dict[str, Any], JSONResponse | None]:
    if not isinstance(data, dict):
        return {}, error(422, "the body must be a JSON object", "body")
    for name, value in data.items():
        spec = LINT_FIELDS.get(name)
        if spec is None:
            return {}, error(422, f"unknown field {name!r} (known: {', '.join(LINT_FIELDS)})", name)
        json_type, py_type, _ = spec
        if not isinstance(value, py_type) or (py_type is not bool and isinstance(value, bool)):
            return {}, error(422, f"{name} must be a JSON {json_type}", name)
    given = [f for f in TEXT_FIELDS if f in data]
    if not given:
        return {}, error(422, "one of text, markdown or html is required", "text")
    if len(given) > 1:
        return {}, error(422, f"give only one of text, markdown or html (got {' and '.join(given)})", given[1])
    name = given[0]
    if name == "html" and "html" not in readers.READERS:
        return {}, error(422, "HTML input is not available in this version of newslint", "html")
    try:
        data[name].encode("utf-8")
    except UnicodeError:
        return {}, error(422, f"{name} is not valid Unicode (a lone surrogate)", name)
    if "lang" in data and data["lang"] not in LANGS:
        return {}, error(422, "lang must be zh or en", "lang")
    for key in data.get("config", {}):
        if key not in api.REQUEST_KEYS:
            return {}, error(422, f"config setting {key!r} is not allowed here (allowed: "
                             f"{', '.join(sorted(api.REQUEST_KEYS))})", f"config.{key}")
    options = data.get("config", {}).get("options")
    if isinstance(options, dict):
        for rule, opts in options.items():
            if isinstance(opts, dict) and set(opts) & PATH_OPTIONS:
                name = sorted(set(opts) & PATH_OPTIONS)[0]
                return {}, error(422, f"option {name!r} names a file on the server; set it in the server's "
                                 "--config instead", f"config.options.{rule}.{name}")
    return data, None


def lint_job(service: Service, data: dict[str, Any], timing: list[float] | None = None) \
        -> Callable[[], tuple[int, bytes]]:
    """The worker's job for one /v1/lint request; ``timing`` gets its wall and CPU seconds (for the log)."""
    name = next(f for f in TEXT_FIELDS if f in data)
    markup = {"text": "plain"}.get(name, name)
    mapping = data.get("config", {})
    key = config_key(mapping)
    fix = bool(data.get("fix") or data.get("unsafe_fixes"))
    unsafe = bool(data.get("unsafe_fixes"))

    def job() -> tuple[int, bytes]:
        t0, c0 = time.perf_counter(), time.thread_time()
        try:
            return run()
        finally:
            if timing is not None:
                timing[:] = [time.perf_counter() - t0, time.thread_time() - c0]

    def run() -> tuple[int, bytes]:
        try:
            session = service.linters.get(key, mapping)
        except RuleError as exc:
            return 422, _json({"error": str(exc), "field": "config"})
        try:
            doc = Document.from_text(data[name], "-", markup)  # type: ignore[arg-type]
            result = session.lint_document(doc, fix=fix, unsafe_fixes=unsafe)
        except InputError as exc:
            return 422, _json({"error": str(exc), "field": name})
        except LintError as exc:
            return 500, _json({"error": str(exc)})
        return 200, render_file(result, data.get("lang"), edits=fix).encode("utf-8")

    return job


def render_file(result: api.FileResult, lang: str | None = None, edits: bool = False) -> str:
    """``api.to_json``'s file object as JSON text, byte for byte ``json.dumps(api.to_json(result, lang, edits),
    ensure_ascii=False, indent=2)``: the findings are written by the JSON report's fast path (lint/report/json.py,
    the text ``check --format json`` prints), about 2x faster than building their dicts and encoding them."""
    doc = result.doc
    enc = report_json._Encoder()
    items = [(k, enc.encode(v, "  ")) for k, v in report_json.file_head(doc).items()]
    items.append(("findings", enc.array(enc.findings(doc, result.findings, lang or result.lang, "    "), "  ")))
    if edits:
        items.append(("fixed", enc.encode(result.fixed.source_text if result.fixed is not None else None, "  ")))
        items.append(("fixes_applied", enc.encode(result.applied, "  ")))
    return enc.obj(items, "")


def _json(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


async def v1_lint(request: Request) -> Response:
    service: Service = request.app.state.service
    body = await request.body()
    try:
        data = json.loads(body)
    except RecursionError:
        return error(422, "malformed JSON: nested too deeply", "body")
    except (ValueError, UnicodeDecodeError) as exc:
        return error(422, f"malformed JSON: {exc}", "body")
    data, problem = validate_lint_request(data)
    if problem is not None:
        return problem
    timing: list[float] = []
    request.scope[JOB_TIMING] = timing  # the Guard's log line shows it
    return await service.lint(lint_job(service, data, timing))


async def v1_rules(request: Request) -> Response:
    return JSONResponse(request.app.state.service.rules_json())


async def healthz(request: Request) -> Response:
    service: Service = request.app.state.service
    w = service.worker
    return JSONResponse({"status": "ok", "version": __version__, "queued": w.pending, "max_queue": w.max_queue,
                         "uptime_s": round(time.time() - service.started, 1)})


async def openapi(request: Request) -> Response:
    from lint.server.openapi import document

    return JSONResponse(document())


# ---- middleware: request log, authentication, body cap and read deadline ----------------------------------
class Guard:
    """Outermost ASGI layer: logs one line per request; checks the bearer token; reads the whole body with a
    size cap (413) and a deadline (408) before the app sees the request, then replays it."""

    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.log = settings.log or (lambda line: sys.stderr.write(line + "\n"))
        self.token = settings.token.encode() if settings.token else None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        t0 = time.perf_counter()
        status = [0]
        size = [0]

        async def logged_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
            await send(message)

        try:
            await self._handle(scope, receive, logged_send, size)
        finally:
            ms = (time.perf_counter() - t0) * 1000
            job = scope.get(JOB_TIMING)
            lint = f" lint {job[0] * 1000:.1f}ms cpu {job[1] * 1000:.1f}ms" if job else ""
            self.log(f"{scope['method']} {scope['path']} {status[0]} {ms:.1f}ms {size[0]}B{lint}")

    async def _handle(self, scope: Scope, receive: Receive, send: Send, size: list[int]) -> None:
        s = self.settings
        headers = dict(scope["headers"])
        if self.token is not None and scope["path"] != "/healthz" and scope["method"] != "OPTIONS":
            auth = headers.get(b"authorization", b"")
            scheme, _, given = auth.partition(b" ")
            if scheme.lower() != b"bearer" or not hmac.compare_digest(given.strip(), self.token):
                await error(401, "missing or wrong bearer token (Authorization: Bearer …)",
                            **{"WWW-Authenticate": "Bearer"})(scope, receive, send)
                return
        declared = headers.get(b"content-length")
        deadline = time.monotonic() + s.read_timeout
        if declared is not None and declared.isdigit() and int(declared) > s.max_body:
            size[0] = int(declared)
            if int(declared) <= DRAIN_FACTOR * s.max_body:
                await _drain(receive, deadline)
            await error(413, f"body over the {s.max_body} byte limit; split the text",
                        Connection="close")(scope, receive, send)
            return
        chunks: list[bytes] = []
        total = 0
        while True:
            try:
                message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
            except TimeoutError:
                size[0] = total
                await error(408, f"the body did not arrive within {s.read_timeout:g} s",
                            Connection="close")(scope, receive, send)
                return
            if message["type"] == "http.disconnect":
                size[0] = total
                return
            chunk = message.get("body", b"")
            total += len(chunk)
            if total > s.max_body:
                size[0] = total
                if message.get("more_body", False):
                    total += await _drain(receive, deadline, DRAIN_FACTOR * s.max_body - total)
                    size[0] = total
                await error(413, f"body over the {s.max_body} byte limit; split the text",
                            Connection="close")(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        size[0] = total
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Message:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


# An oversized body up to this many times the limit is read and dropped before the 413, so a client that
# sends its whole body before reading (most do) gets the answer rather than a reset connection; a bigger
# one is answered at once and the connection closed.
DRAIN_FACTOR = 8


async def _drain(receive: Receive, deadline: float, limit: float = float("inf")) -> int:
    """Read and drop the rest of a request body, until its end, the deadline or limit bytes."""
    total = 0
    while total <= limit:
        try:
            message = await asyncio.wait_for(receive(), max(0.0, deadline - time.monotonic()))
        except TimeoutError:
            break
        if message["type"] != "http.request":
            break
        total += len(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return total


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    return JSONResponse({"error": exc.detail}, status_code=exc.status_code, headers=exc.headers)


def create_app(settings: Settings, service: Service | None = None) -> ASGIApp:
    """The ASGI app; ``service`` is built (not warmed up) when not given."""
    from lint.server import languagetool

    service = service or Service(settings)
    routes = [
        Route("/healthz", healthz, methods=["GET"]),
        Route("/v1/lint", v1_lint, methods=["POST"]),
        Route("/v1/rules", v1_rules, methods=["GET"]),
        Route("/openapi.json", openapi, methods=["GET"]),
        Route("/v2/check", languagetool.check, methods=["GET", "POST"]),
        Route("/v2/languages", languagetool.languages, methods=["GET"]),
    ]
    middleware = []
    if settings.allow_origins:
        middleware.append(Middleware(CORSMiddleware, allow_origins=settings.allow_origins,
                                     allow_methods=["GET", "POST"], allow_headers=["Authorization", "Content-Type"]))
    app = Starlette(routes=routes, middleware=middleware, exception_handlers={HTTPException: _http_error})
    app.state.service = service
    return Guard(app, settings)
