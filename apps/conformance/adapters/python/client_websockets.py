"""Client adapter: Python websockets 10.4, legacy `websockets.connect()` with `extra_headers=` (a
list of pairs, so repeated names stay repeated), `subprotocols=`, `origin=`, `open_timeout=`."""

import asyncio

from _client_loop import run_async_client
from _lines import Clock, error_info, nonce, outcome

import websockets
from websockets.exceptions import InvalidStatusCode


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


run_async_client(websockets.version.version, attempt)
