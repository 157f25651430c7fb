"""Client adapter: aiohttp 3.8 `ClientSession.ws_connect(url, headers=, protocols=, origin=)`;
the handshake is bounded with asyncio.wait_for (aiohttp 3.8 has no handshake timeout of its own)."""

import asyncio

from _client_loop import run_async_client
from _lines import Clock, error_info, nonce, outcome
from _script import Closed, Driver, close_arguments

import aiohttp


async def attempt(spec):
    clock = Clock()
    timeout = spec["timeoutMs"] / 1000
    session = aiohttp.ClientSession()
    try:
        try:
            ws = await asyncio.wait_for(
                session.ws_connect(
                    spec["url"],
                    headers=[(name, value) for name, value in spec["headers"]],
                    protocols=spec["protocols"],
                    origin=spec["origin"],
                    autoping=True,
                ),
                timeout,
            )
        except aiohttp.WSServerHandshakeError as error:
            return outcome(clock, error=error_info(error, error.status))
        except BaseException as error:
            return outcome(clock, error=error_info(error))
        echoed = None
        try:
            if spec["exchange"]:
                token = nonce()
                await ws.send_str(token)
                try:
                    message = await asyncio.wait_for(ws.receive(), timeout)
                    echoed = message.type == aiohttp.WSMsgType.TEXT and message.data == token
                except asyncio.TimeoutError:
                    echoed = False
            await asyncio.wait_for(ws.close(), 2)
        except BaseException:
            echoed = bool(echoed)
        return outcome(clock, opened=True, protocol=ws.protocol or "", echoed=echoed)
    finally:
        await session.close()


class AiohttpDriver(Driver):
    """`session.ws_connect(protocols=, timeout=)` (timeout: how long close() waits for the peer's close
    frame), `receive()` (WSMessage: TEXT, BINARY, CLOSE, CLOSING, CLOSED, ERROR), `send_str` /
    `send_bytes`, `close(code=, message=)` (the reason as bytes, as its users pass it). The end is what
    aiohttp recorded: `close_code` (it sets 1006 itself when close() timed out), the peer's reason from
    a CLOSE message (when the app closed first, close() reads the answer and keeps only its code), an
    ERROR message's exception. aiohttp reports no cleanliness (its CLOSE message and close_code say
    which frame came, not whether the closing handshake completed): clean is None."""

    name = "aiohttp 3.8"

    async def connect(self, url, protocols, close_timeout, throwing_listeners):
        self.session = aiohttp.ClientSession()
        self.reason = ""
        self.error = None
        self.closing = None
        self.ws = await self.session.ws_connect(url, protocols=protocols, timeout=close_timeout)
        return self.ws.protocol or ""

    def ended(self):
        code = self.ws.close_code
        return Closed(code if code is not None else 1006, self.reason, None, self.error)

    async def receive(self):
        message = await self.ws.receive()
        if message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
            return message.data
        if message.type == aiohttp.WSMsgType.CLOSE:
            # the peer's close frame (aiohttp answers it); CLOSED comes next
            self.reason = message.extra or ""
            return None
        if message.type == aiohttp.WSMsgType.ERROR:
            self.error = f"{type(message.data).__name__}: {message.data}"
            return None
        if message.type == aiohttp.WSMsgType.CLOSING and self.closing is not None:
            # the app's close() is running: the end is known when it returns
            await self.closing.wait()
        return self.ended()

    async def send(self, data):
        if isinstance(data, str):
            await self.ws.send_str(data)
        else:
            await self.ws.send_bytes(data)

    async def close(self, code, reason):
        arguments = close_arguments(code, reason, reason_name="message", encode=True)
        self.closing = asyncio.Event()
        try:
            await self.ws.close(**arguments)
        finally:
            self.closing.set()

    async def abort(self):
        if hasattr(self, "session"):
            await self.session.close()


run_async_client(aiohttp.__version__, attempt, AiohttpDriver)
