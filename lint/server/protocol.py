"""uvicorn's h11 protocol with a deadline for the request head.

uvicorn times out idle keep-alive connections but not a request whose head (request line and headers) arrives
slowly, so a slowloris client could hold a connection for ever. Each connection here gets ``head_timeout``
seconds to send a complete head, from its opening and after each response; one still waiting is closed.

Each connection also gets ``TCP_NODELAY``: uvicorn writes a response's head and body in two writes, and asyncio
sets the option only on sockets whose protocol number is ``IPPROTO_TCP``, which a socket from
``socket.create_server`` (protocol 0) is not. Without it, a small body waited for the client's delayed ACK:
about 40 ms on every response under one segment (measured with the bench/bench_serve.py "new text" row).
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol


class HeadTimeoutProtocol(H11Protocol):
    head_timeout: float = 10.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None

    def _arm_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
        self._head_timer = self.loop.call_later(self.head_timeout, self._head_expired)

    def _head_expired(self) -> None:
        self._head_timer = None
        # IDLE: no complete request head since the connection opened or the last response.
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self._arm_head_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None
        super().connection_lost(exc)


def protocol_class(head_timeout: float) -> type[HeadTimeoutProtocol]:
    return type("NewslintH11Protocol", (HeadTimeoutProtocol,), {"head_timeout": head_timeout})
