"""Client adapter: tornado 6.2 `websocket_connect(HTTPRequest(url, headers=...), subprotocols=)`;
Origin is a header like any other (tornado has no origin option)."""

import asyncio

from _client_loop import run_async_client
from _lines import Clock, error_info, nonce, outcome

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


run_async_client(tornado.version, attempt)
