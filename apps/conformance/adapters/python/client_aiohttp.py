"""Client adapter: aiohttp 3.8 `ClientSession.ws_connect(url, headers=, protocols=, origin=)`;
the handshake is bounded with asyncio.wait_for (aiohttp 3.8 has no handshake timeout of its own)."""

import asyncio

from _client_loop import run_async_client
from _lines import Clock, error_info, nonce, outcome

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


run_async_client(aiohttp.__version__, attempt)
