"""Client adapter: tornado 6.2 `websocket_connect(HTTPRequest(url, headers=...), subprotocols=)`;
Origin is a header like any other (tornado has no origin option)."""

import asyncio

from _client_loop import run_async_client
from _lines import Clock, error_info, nonce, outcome
from _script import OMITTED, Closed, Driver

import tornado
import tornado.httpclient
import tornado.httputil
import tornado.websocket


async def attempt(spec):
    clock = Clock()
    timeout = spec["timeoutMs"] / 1000
    headers = tornado.httputil.HTTPHeaders()
    for name, value in spec["headers"]:
        headers.add(name, value)
    if spec["origin"] is not None:
        headers.add("Origin", spec["origin"])
    try:
        request = tornado.httpclient.HTTPRequest(
            spec["url"], headers=headers, connect_timeout=timeout, request_timeout=timeout
        )
        ws = await asyncio.wait_for(
            tornado.websocket.websocket_connect(request, subprotocols=spec["protocols"] or None),
            timeout + 0.5,
        )
    except tornado.httpclient.HTTPClientError as error:
        return outcome(clock, error=error_info(error, error.code))
    except BaseException as error:
        return outcome(clock, error=error_info(error))
    protocol = ws.selected_subprotocol or ""
    echoed = None
    try:
        if spec["exchange"]:
            token = nonce()
            await ws.write_message(token)
            try:
                echoed = await asyncio.wait_for(ws.read_message(), timeout) == token
            except asyncio.TimeoutError:
                echoed = False
        ws.close(1000)
    except BaseException:
        echoed = bool(echoed)
    return outcome(clock, opened=True, protocol=protocol, echoed=echoed)


class TornadoDriver(Driver):
    """`websocket_connect(url, subprotocols=)`, `read_message()` (str, bytes, or None once closed),
    `write_message(data, binary=)`, `close(code, reason)` (returns at once; tornado waits a fixed 5 s
    for the peer's close frame, there is no option). The end is what tornado recorded: `close_code` and
    `close_reason` of the peer's close frame (None when none came: reported as 1006); tornado reports no
    cleanliness, so clean is None."""

    name = "tornado 6.2"

    async def connect(self, url, protocols, close_timeout, throwing_listeners):
        self.ws = await tornado.websocket.websocket_connect(url, subprotocols=protocols or None)
        return self.ws.selected_subprotocol or ""

    async def receive(self):
        message = await self.ws.read_message()
        if message is not None:
            return message
        code = self.ws.close_code
        return Closed(1006 if code is None else code, self.ws.close_reason or "", None)

    async def send(self, data):
        await self.ws.write_message(data, binary=isinstance(data, bytes))

    async def close(self, code, reason):
        self.ws.close(None if code is OMITTED else code, None if reason is OMITTED else reason)

    async def abort(self):
        if hasattr(self, "ws") and self.ws.protocol is not None:
            self.ws.protocol._abort()


run_async_client(tornado.version, attempt, TornadoDriver)
