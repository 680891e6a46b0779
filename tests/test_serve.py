"""`newslint serve` as a real process on 127.0.0.1: the native API, its limits and its behaviour under load."""

from __future__ import annotations

import asyncio
import json
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from lint import readers

from .conftest import ROOT, SEED, run_cli

httpx = pytest.importorskip("httpx")
pytest.importorskip("uvicorn")
pytest.importorskip("starlette")

pytestmark = pytest.mark.xdist_group("serve")  # one worker starts the module's server, and runs its tests

SCHEMA = json.loads((ROOT / "lint" / "report" / "newslint.schema.json").read_text(encoding="utf-8"))
START_TIMEOUT = 180  # seconds: the first start may build the word tables and the model index


class Server:
    """``python -m lint serve --port 0`` from the checkout, its stderr in a file; the port is read from it."""

    def __init__(self, *args: str, env: dict[str, str] | None = None) -> None:
        self.log = tempfile.NamedTemporaryFile(prefix="newslint-serve-", suffix=".log", delete=False)  # noqa: SIM115
        self.proc = subprocess.Popen([sys.executable, "-m", "lint", "serve", "--port", "0", *args], cwd=ROOT,
                                     stdout=subprocess.DEVNULL, stderr=self.log, env={**os.environ, **(env or {})})
        deadline = time.monotonic() + START_TIMEOUT
        self.port = 0
        while time.monotonic() < deadline:
            text = self.stderr()
            if "listening on http://127.0.0.1:" in text:
                self.port = int(text.split("listening on http://127.0.0.1:", 1)[1].split()[0])
                break
            if self.proc.poll() is not None:
                raise AssertionError(f"newslint serve exited {self.proc.returncode}: {text}")
            time.sleep(0.1)
        else:
            self.close()
            raise AssertionError(f"newslint serve did not start within {START_TIMEOUT} s: {self.stderr()}")
        self.url = f"http://127.0.0.1:{self.port}"

    def stderr(self) -> str:
        return Path(self.log.name).read_text(encoding="utf-8", errors="replace")

    def rss_kib(self) -> int:
        for line in Path(f"/proc/{self.proc.pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise AssertionError("no VmRSS")

    def close(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        os.unlink(self.log.name)


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    # 200 concurrent articles queue behind one worker: room for all of them, and time.
    s = Server("--max-queue", "256", "--timeout", "600", "--read-timeout", "3")
    try:
        yield s
    finally:
        s.close()


@pytest.fixture(scope="module")
def sample() -> str:
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def check_findings() -> list[dict[str, Any]]:
    out = run_cli("check", "--format", "json", str(SEED))  # in-process: the same main() as the command
    assert out.returncode == 1, out.stderr
    return json.loads(out.stdout)["files"][0]["findings"]  # type: ignore[no-any-return]


def post(server: Server, body: Any = None, content: bytes | None = None, **kw: Any) -> Any:
    if content is None:
        content = json.dumps(body, ensure_ascii=False).encode("utf-8")
    return httpx.post(f"{server.url}/v1/lint", content=content, headers={"Content-Type": "application/json"},
                      timeout=120, **kw)


def validate_findings(findings: list[dict[str, Any]]) -> None:
    import jsonschema

    schema = {"$defs": SCHEMA["$defs"], "type": "array", "items": {"$ref": "#/$defs/finding"}}
    jsonschema.validate(findings, schema)


def test_lint_matches_check_json(server: Server, sample: str, check_findings: list[dict[str, Any]]) -> None:
    r = post(server, {"text": sample})
    assert r.status_code == 200, r.text
    obj = r.json()
    assert obj["format"] == "plain" and obj["encoding"] == "utf-8"
    assert obj["findings"] == check_findings
    assert len(check_findings) > 100
    validate_findings(obj["findings"])
    # the log line of the request carries the worker's time for it (lint and encoding: wall, CPU)
    assert re.search(r"POST /v1/lint 200 [\d.]+ms \d+B lint [\d.]+ms cpu [\d.]+ms\n", server.stderr())


def test_render_is_json_dumps_of_the_contract(sample: str) -> None:
    """The answer's text comes from the JSON report's fast path: byte for byte json.dumps of api.to_json, for
    plain text (astral characters: UTF-16 offsets), Markdown, HTML (source offsets), with fixes, in English."""
    from lint import api
    from lint.document import Document
    from lint.server.app import render_file

    session = api.Session()
    astral = "𠮷𠮷我们要再接再励,把工作做好。"
    cases = [(sample, "plain", False, None), (sample, "plain", False, "en"),
             (astral, "plain", False, None), (astral, "plain", True, "en"),
             ("# 标题\n\n我们要再接再励。`a,b`\n", "markdown", False, None), ("", "plain", True, None)]
    if "html" in readers.READERS:
        html = '<p>我们要<strong>再接再</strong>励,把工作做好。</p><p title="x,y">第二段。</p>'
        cases += [(html, "html", False, None), (html, "html", True, None)]
    sizes = []
    for text, markup, fix, lang in cases:
        result = session.lint_document(Document.from_text(text, "-", markup), fix=fix)  # type: ignore[arg-type]
        expected = json.dumps(api.to_json(result, lang=lang, edits=fix), ensure_ascii=False, indent=2)
        assert render_file(result, lang, edits=fix) == expected, (markup, fix, lang)
        sizes.append(len(result.findings))
    assert sizes[0] > 100 and sizes[2] == 2


def test_lint_utf16_offsets_and_english(server: Server) -> None:
    text = "𠮷𠮷我们要再接再励。"  # two astral characters before the finding
    obj = post(server, {"text": text, "lang": "en"}).json()
    f = next(f for f in obj["findings"] if f["text"] == "再接再励")
    assert text[f["offset"]:f["end_offset"]] == "再接再励"
    units = text.encode("utf-16-le")
    assert units[2 * f["offset_utf16"]:2 * f["end_offset_utf16"]].decode("utf-16-le") == "再接再励"
    assert f["offset_utf16"] == f["offset"] + 2
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in f["message"].replace("再接再励", "").replace("再接再厉", ""))


def test_fix_returns_fixed_text(server: Server) -> None:
    obj = post(server, {"text": "我们要再接再励,把工作做好。", "fix": True}).json()
    assert obj["fixed"] == "我们要再接再厉，把工作做好。"
    assert obj["fixes_applied"] == 2
    assert obj["findings"] == []
    unfixed = post(server, {"text": "我们要再接再励,把工作做好。"}).json()
    assert "fixed" not in unfixed and len(unfixed["findings"]) == 2


def test_config_is_per_request_and_cached(server: Server) -> None:
    text = "我们要再接再励,把工作做好。"
    ignored = post(server, {"text": text, "config": {"ignore": ["punctuation"]}}).json()
    assert [f["rule"] for f in ignored["findings"]] == ["typo.known-wrong-form"]
    t0 = time.perf_counter()
    again = post(server, {"text": text, "config": {"ignore": ["punctuation"]}}).json()
    assert again == ignored and time.perf_counter() - t0 < 30
    both = post(server, {"text": text}).json()
    assert len(both["findings"]) == 2
    bad = post(server, {"text": text, "config": {"ignore": ["no-such-rule"]}})
    assert bad.status_code == 422 and bad.json()["field"] == "config" and "no-such-rule" in bad.json()["error"]
    path = post(server, {"text": text, "config": {"rules": ["/etc/passwd"]}})
    assert path.status_code == 422 and path.json()["field"] == "config.rules"
    model = post(server, {"text": text, "config": {"options": {"typo.statistical": {"model": "/etc/passwd"}}}})
    assert model.status_code == 422 and model.json()["field"] == "config.options.typo.statistical.model"


def test_markdown_input(server: Server) -> None:
    obj = post(server, {"markdown": "# 标题\n\n我们要再接再励。`a,b`\n"}).json()
    assert obj["format"] == "markdown"
    assert [f["text"] for f in obj["findings"]] == ["再接再励"]  # the comma in code is not prose


@pytest.mark.skipif("html" not in readers.READERS, reason="the HTML reader is not in this checkout")
def test_html_input_maps_to_source(server: Server) -> None:
    import re

    html = '<p>我们要<strong>再接再</strong>励,把工作做好。</p><script>var a=1,b;</script><p title="x,y">第二段。</p>'
    obj = post(server, {"html": html}).json()
    assert obj["format"] == "html"
    found = {f["rule"]: f for f in obj["findings"]}
    assert set(found) == {"typo.known-wrong-form", "punctuation.half-width"}  # not the script, not the attribute
    typo = found["typo.known-wrong-form"]
    assert html[typo["source_offset"]:typo["source_end_offset"]] == "再接再</strong>励"
    assert html[found["punctuation.half-width"]["source_offset"]] == ","
    fixed = post(server, {"html": html, "fix": True}).json()
    assert re.findall(r"<[^>]*>", fixed["fixed"]) == re.findall(r"<[^>]*>", html)  # every tag byte-identical
    assert "，把工作" in fixed["fixed"] and fixed["fixes_applied"] >= 1


@pytest.mark.parametrize(("body", "field"), [
    (b'{"text": "abc"', "body"),  # malformed JSON
    (b"\xff\xfe", "body"),  # not UTF-8
    (b'["text"]', "body"),  # not an object
    (json.dumps({"text": "我们", "colour": 1}).encode(), "colour"),  # unknown field
    (json.dumps({"config": {}}).encode(), "text"),  # no text
    (json.dumps({"text": "我们", "html": "<p>我们</p>"}).encode(), "html"),  # two texts
    (json.dumps({"text": 5}).encode(), "text"),  # wrong type
    (json.dumps({"text": "我们", "fix": 1}).encode(), "fix"),  # an int is not a boolean
    (json.dumps({"text": "我们", "config": []}).encode(), "config"),
    (json.dumps({"text": "我们", "lang": "fr"}).encode(), "lang"),
    (b'{"text": "\\ud800"}', "text"),  # a lone surrogate
])
def test_invalid_requests_get_422_naming_the_field(server: Server, body: bytes, field: str) -> None:
    r = post(server, content=body)
    assert r.status_code == 422, r.text
    assert r.json()["field"] == field
    assert r.json()["error"]


def test_oversized_body_gets_413(server: Server) -> None:
    big = json.dumps({"text": "我" * (400 * 1024)}).encode()  # 1.2 MB of UTF-8
    assert len(big) > 1 << 20
    r = post(server, content=big)
    assert r.status_code == 413 and "limit" in r.json()["error"]

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it arrives
        for _ in range(20):
            yield b" " * (64 * 1024)

    r = httpx.post(f"{server.url}/v1/lint", content=chunks(), timeout=60)
    assert r.status_code == 413
    assert post(server, {"text": "我们"}).status_code == 200  # the server goes on


def test_not_found_and_wrong_method_are_json(server: Server) -> None:
    r = httpx.get(f"{server.url}/v1/nothing")
    assert r.status_code == 404 and "error" in r.json()
    r = httpx.get(f"{server.url}/v1/lint")
    assert r.status_code == 405 and "error" in r.json()


def test_rules_and_openapi(server: Server) -> None:
    from lint.config import load_config
    from lint.engine import Linter

    rules = httpx.get(f"{server.url}/v1/rules").json()
    linter = Linter.from_config(load_config(None, ROOT))
    assert [r["id"] for r in rules] == [r.id for r in linter.known]
    one = next(r for r in rules if r["id"] == "typo.known-wrong-form")
    assert one["category"] == "typo" and one["enabled"] and one["fix"] == "safe" and one["source"]
    served = httpx.get(f"{server.url}/openapi.json").json()
    committed = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert served == committed, "docs/openapi.json is stale: python -m lint serve --print-openapi > docs/openapi.json"
    assert set(served["paths"]) >= {"/v1/lint", "/v1/rules", "/healthz", "/v2/check", "/v2/languages"}


async def _burst(server: Server, sample: str, n: int) -> tuple[list[Any], list[float]]:
    """n concurrent /v1/lint requests, polling /healthz while they are in flight."""
    limits = httpx.Limits(max_connections=n + 5, max_keepalive_connections=n + 5)
    body = json.dumps({"text": sample}, ensure_ascii=False).encode("utf-8")
    async with httpx.AsyncClient(base_url=server.url, limits=limits, timeout=900) as client:
        tasks = [asyncio.create_task(client.post("/v1/lint", content=body)) for _ in range(n)]
        health: list[float] = []
        await asyncio.sleep(0.5)
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as probe:
            while not all(t.done() for t in tasks) or not health:
                t0 = time.perf_counter()
                r = await probe.get("/healthz")
                assert r.status_code == 200
                if r.json()["queued"] > 0:
                    health.append(time.perf_counter() - t0)
                await asyncio.sleep(0.25)
        return list(await asyncio.gather(*tasks)), health


@pytest.mark.slow
def test_200_concurrent_requests(server: Server, sample: str, check_findings: list[dict[str, Any]]) -> None:
    post(server, {"text": sample})
    rss_before = server.rss_kib()
    responses, health = asyncio.run(_burst(server, sample, 200))
    rss_after = server.rss_kib()
    assert [r.status_code for r in responses] == [200] * 200
    bodies = {r.content for r in responses}
    assert len(bodies) == 1
    assert json.loads(bodies.pop())["findings"] == check_findings
    # /healthz answered every time while requests were queued: at once but while the 200 arrive together
    # (the probe shares this process's event loop with the 200 client requests; a shared CI machine)
    assert len(health) >= 3 and statistics.median(health) < 0.25 and max(health) < 5, health
    # memory: 200 queued articles and their answers cost little; nothing accumulates
    print(f"RSS before {rss_before // 1024} MiB, after 200 concurrent requests {rss_after // 1024} MiB; "
          f"/healthz median {statistics.median(health) * 1000:.0f} ms, max {max(health) * 1000:.0f} ms over "
          f"{len(health)} probes")
    assert rss_after - rss_before < 150 * 1024
    assert rss_after < 1024 * 1024
    log = server.stderr()
    assert log.count("POST /v1/lint 200 ") >= 200


def _slow_clients(port: int, n: int, body: bool) -> list[socket.socket]:
    socks = []
    for _ in range(n):
        s = socket.create_connection(("127.0.0.1", port), timeout=10)
        if body:
            s.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 100000\r\n\r\n{\"text\": \"")
        else:
            s.sendall(b"POST /v1/lint HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        socks.append(s)
    return socks


def test_slow_clients_do_not_block(server: Server) -> None:
    """50 slowloris-style clients (25 trickle a request head, 25 a body) for 2.5 s: /healthz and /v1/lint still
    answer, and the server cuts them off after --read-timeout (3 s here)."""
    heads = _slow_clients(server.port, 25, body=False)
    bodies = _slow_clients(server.port, 25, body=True)
    socks = heads + bodies
    try:
        t_end = time.monotonic() + 2.5
        latencies = []
        while time.monotonic() < t_end:
            for s in socks:
                s.send(b"X-Slow: 1\r\n" if s in heads else "我".encode())
            t0 = time.perf_counter()
            assert httpx.get(f"{server.url}/healthz", timeout=5).status_code == 200
            latencies.append(time.perf_counter() - t0)
            time.sleep(0.3)
        assert max(latencies) < 1.0, latencies
        assert post(server, {"text": "我们要再接再励。"}).status_code == 200
        # the clients stop sending; the server cuts each off once its 3 s are up
        deadline = time.monotonic() + 10
        answers = []
        for s in socks:
            s.settimeout(max(0.1, deadline - time.monotonic()))
            data = b""
            try:
                while chunk := s.recv(65536):
                    data += chunk
            except TimeoutError:
                data += b"(still open)"
            answers.append(data)
        assert all(a == b"" for a in answers[:25]), answers[:25]  # head never completed: closed
        assert all(a.startswith(b"HTTP/1.1 408") for a in answers[25:]), answers[25:]
        assert time.monotonic() < deadline
    finally:
        for s in socks:
            s.close()


def test_queue_limit_and_timeout_give_503() -> None:
    s = Server("--max-queue", "2", "--timeout", "0.5")
    try:
        text = SEED.read_text(encoding="utf-8") * 20  # ~100,000 characters: seconds of work

        async def burst() -> list[Any]:
            async with httpx.AsyncClient(base_url=s.url, timeout=60) as client:
                return list(await asyncio.gather(*[client.post("/v1/lint", json={"text": text}) for _ in range(6)]))

        responses = asyncio.run(burst())
        codes = sorted(r.status_code for r in responses)
        assert codes == [503] * 6, codes
        errors = [r.json()["error"] for r in responses]
        busy = sum(e.startswith("busy") for e in errors)  # turned away at once (the queue holds 2)
        late = sum(e.startswith("timed out") for e in errors)  # accepted, no answer within 0.5 s
        assert busy >= 2 and late >= 2 and busy + late == 6, errors
        assert all(r.headers["Retry-After"] for r in responses)
        assert httpx.get(f"{s.url}/healthz").status_code == 200
    finally:
        s.close()


def test_token_required_when_set() -> None:
    s = Server(env={"NEWSLINT_TOKEN": "s3cret-token"})
    try:
        assert httpx.get(f"{s.url}/healthz").status_code == 200
        r = httpx.post(f"{s.url}/v1/lint", json={"text": "我们"})
        assert r.status_code == 401 and r.headers["WWW-Authenticate"] == "Bearer"
        assert httpx.post(f"{s.url}/v1/lint", json={"text": "我们"},
                          headers={"Authorization": "Bearer wrong"}).status_code == 401
        assert httpx.get(f"{s.url}/v1/rules").status_code == 401
        assert httpx.post(f"{s.url}/v2/check", data={"text": "我们", "language": "zh-CN"}).status_code == 401
        ok = httpx.post(f"{s.url}/v1/lint", json={"text": "再接再励"}, headers={"Authorization": "Bearer s3cret-token"})
        assert ok.status_code == 200 and ok.json()["findings"]
    finally:
        s.close()


def test_non_loopback_host_needs_a_token(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSLINT_TOKEN"}
    out = subprocess.run([sys.executable, "-m", "lint", "serve", "--host", "0.0.0.0", "--port", "0"], cwd=ROOT,
                         capture_output=True, timeout=60, env=env)
    assert out.returncode == 2
    assert out.stderr.decode().count("\n") == 1 and "token" in out.stderr.decode()
    empty = tmp_path / "token"
    empty.write_text("\n")
    out = subprocess.run([sys.executable, "-m", "lint", "serve", "--host", "0.0.0.0", "--token-file", str(empty)],
                         cwd=ROOT, capture_output=True, timeout=60, env=env)
    assert out.returncode == 2 and "empty" in out.stderr.decode() and "Traceback" not in out.stderr.decode()


def test_connections_get_tcp_nodelay() -> None:
    """uvicorn writes a response's head and body separately; on a socket from socket.create_server (protocol 0)
    asyncio does not set TCP_NODELAY, and a small body then waited ~40 ms for the client's delayed ACK."""
    import asyncio
    import socket

    import uvicorn
    from uvicorn.server import ServerState

    from lint.server.protocol import protocol_class

    async def app(scope: Any, receive: Any, send: Any) -> None:  # never called here
        raise AssertionError

    config = uvicorn.Config(app, lifespan="off")
    config.load()
    listener = socket.create_server(("127.0.0.1", 0))
    client = socket.create_connection(listener.getsockname())
    accepted, _ = listener.accept()
    assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0  # what asyncio would leave alone
    loop = asyncio.new_event_loop()
    try:
        async def made() -> int:
            transport, _ = await loop.connect_accepted_socket(
                lambda: protocol_class(5.0)(config=config, server_state=ServerState(), app_state={}), accepted)
            sock = transport.get_extra_info("socket")
            value = sock.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY)
            transport.close()
            return int(value)

        assert loop.run_until_complete(made()) == 1
    finally:
        loop.close()
        client.close()
        listener.close()


# ---- the property tests' invariants through the service (issue 12, item 6) ---------------------------------
def _service_property() -> Any:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from tests.test_properties import html_texts, texts

    payloads = st.one_of(st.builds(lambda t: ("text", t), texts), st.builds(lambda t: ("markdown", t), texts),
                         st.builds(lambda t: ("html", t), html_texts))

    @settings(max_examples=int(os.environ.get("NEWSLINT_PROPERTY_EXAMPLES", "150")) // 2, deadline=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
    @given(payload=payloads, fix=st.booleans())
    def check(server: Server, payload: tuple[str, str], fix: bool) -> None:
        from lint import api

        field, text = payload
        r = post(server, {field: text, "fix": fix})
        assert r.status_code == 200, r.text
        obj = r.json()
        fmt = {"text": "plain"}.get(field, field)
        local = api.to_json(api.lint(text, format=fmt, fix=fix), edits=fix)
        assert obj["findings"] == local["findings"]  # the service answers what the library computes
        if fix:
            assert obj["fixed"] == local["fixed"]
        source = obj["fixed"] if fix and obj["fixed"] is not None else text  # with fix: those left in the fixed text
        for f in obj["findings"]:
            if fmt == "html":
                a, b = f["source_offset"], f["source_end_offset"]
                assert 0 <= a <= b <= len(source)
                assert f["source_offset_utf16"] == len(source[:a].encode("utf-16-le")) // 2
            else:
                assert f["text"] == source[f["offset"]:f["end_offset"]]
                assert f["offset_utf16"] == len(source[:f["offset"]].encode("utf-16-le")) // 2

    return check


test_service_answers_what_the_library_computes_for_any_text = _service_property()
