"""Client adapter: Python websockets 10.4, legacy `websockets.connect()` with `extra_headers=` (a
list of pairs, so repeated names stay repeated), `subprotocols=`, `origin=`, `open_timeout=`."""

import asyncio

from _client_loop import run_async_client
from _lines import Clock, error_info, nonce, outcome
from _script import Closed, Driver, close_arguments

import websockets
from websockets.exceptions import ConnectionClosed, ConnectionClosedError, ConnectionClosedOK, InvalidStatusCode


async def attempt(spec):
    clock = Clock()
    timeout = spec["timeoutMs"] / 1000
    try:
        ws = await websockets.connect(
            spec["url"],
            extra_headers=[(name, value) for name, value in spec["headers"]],
            subprotocols=spec["protocols"] or None,
            origin=spec["origin"],
            open_timeout=timeout,
            ping_interval=None,
        )
    except InvalidStatusCode as error:
        return outcome(clock, error=error_info(error, error.status_code))
    except BaseException as error:  # every failure is reported, never raised
        return outcome(clock, error=error_info(error))
    echoed = None
    try:
        if spec["exchange"]:
            token = nonce()
            await ws.send(token)
            try:
                echoed = await asyncio.wait_for(ws.recv(), timeout) == token
            except asyncio.TimeoutError:
                echoed = False
        await asyncio.wait_for(ws.close(), 2)
    except BaseException:
        echoed = bool(echoed)
    return outcome(clock, opened=True, protocol=ws.subprotocol or "", echoed=echoed)


def clean_of(error):
    """websockets has no wasClean; the class of its ConnectionClosed is its own report, mapped so:
    ConnectionClosedOK says a 1000 or 1001 close frame was received and sent (the closing handshake
    completed): True. ConnectionClosedError says only "not that": another code in a completed
    handshake (4001 both ways) or an end without one, so it tells nothing about cleanliness: None."""
    return True if isinstance(error, ConnectionClosedOK) else None


class WebsocketsDriver(Driver):
    """`websockets.connect(close_timeout=)`, `recv()` (str or bytes), `send()`, `close(code, reason)`.
    The end is what the protocol object recorded (close_code / close_reason) and the ConnectionClosedError
    it raised, if any. Clean: see `clean_of`."""

    name = "websockets 10.4"

    async def connect(self, url, protocols, close_timeout, throwing_listeners):
        self.ws = await websockets.connect(
            url, subprotocols=protocols or None, close_timeout=close_timeout, ping_interval=None
        )
        return self.ws.subprotocol or ""

    async def receive(self):
        try:
            return await self.ws.recv()
        except ConnectionClosed as error:
            ws = self.ws
            problem = f"{type(error).__name__}: {error}" if isinstance(error, ConnectionClosedError) else None
            return Closed(ws.close_code, ws.close_reason, clean_of(error), problem)

    async def send(self, data):
        await self.ws.send(data)

    async def close(self, code, reason):
        await self.ws.close(**close_arguments(code, reason))

    async def abort(self):
        if hasattr(self, "ws"):
            self.ws.transport.abort()


run_async_client(websockets.version.version, attempt, WebsocketsDriver)
