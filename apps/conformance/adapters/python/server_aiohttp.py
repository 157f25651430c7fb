"""Server adapter: aiohttp 3.8 (low-level web.Server, so every target reaches the handler).

Reports request.raw_path, request.path, request.query (MultiDict), request.host, request.headers,
the offer as an app reads it (headers.getall + split), request.remote.
"""

import asyncio
import sys

from _lines import MODES, SUPPORTED, ServerEvents, emit, info, latin1, read_commands, run_server_command, server_command, split_protocols

try:
    import aiohttp
    from aiohttp import web
except Exception as error:  # pragma: no cover
    emit({"type": "ready", "info": info("", f"import aiohttp failed: {error}"), "ports": None})
    sys.exit(0)


def make_handler(mode):
    async def handle(request):
        if mode == "reject":
            return web.Response(status=401, headers={"WWW-Authenticate": "Bearer"}, text="unauthorized\n")
        # timeout: how long close() waits for the peer's close frame, as the Node servers' closeTimeoutMs
        ws = web.WebSocketResponse(protocols=SUPPORTED[mode], autoping=True, timeout=2)
        await ws.prepare(request)
        peer = request.transport.get_extra_info("peername") if request.transport else None
        target = request.raw_path
        emit(
            {
                "type": "connection",
                "native": {
                    "mode": mode,
                    "target": target,
                    "path": request.path,
                    "query": [[k, v] for k, v in request.query.items()],
                    "queryError": None,
                    "headers": [[latin1(k), latin1(v)] for k, v in request.raw_headers],
                    "host": request.host,
                    "offered": split_protocols(request.headers.getall("Sec-WebSocket-Protocol", [])),
                    "protocol": ws.ws_protocol or "",
                    "client": {"address": request.remote, "port": peer[1] if peer else None},
                },
            }
        )
        events = ServerEvents(target)
        reason = ""
        while True:
            message = await ws.receive()
            if message.type in (aiohttp.WSMsgType.TEXT, aiohttp.WSMsgType.BINARY):
                events.message(message.data)
                if message.type == aiohttp.WSMsgType.BINARY:
                    await ws.send_bytes(message.data)
                    continue
                emit({"type": "message", "target": target, "text": message.data})
                command = server_command(message.data)
                if command is None:
                    await ws.send_str(message.data)
                else:
                    await run_server_command(
                        *command,
                        lambda code, reason: ws.close(code=code, message=(reason or "").encode("utf-8")),
                        ws.send_str,
                        events,
                    )
            elif message.type == aiohttp.WSMsgType.CLOSE:
                # the peer's close frame: aiohttp answers it (autoclose), CLOSED comes next
                reason = message.extra or ""
            elif message.type == aiohttp.WSMsgType.ERROR:
                events.error(f"{type(message.data).__name__}: {message.data}")
            else:  # CLOSING, CLOSED: the end
                break
        code = ws.close_code
        # close_code None: aiohttp has none (reported as 1006, the RFC's code for no close frame);
        # aiohttp reports no cleanliness: wasClean null
        events.close(1006 if code is None else code, reason)
        return ws

    return handle


async def main():
    ports = {}
    for mode in MODES:
        runner = web.ServerRunner(web.Server(make_handler(mode)), handle_signals=False)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        ports[mode] = site._server.sockets[0].getsockname()[1]
    emit({"type": "ready", "info": info(aiohttp.__version__), "ports": ports})
    read_commands(lambda command: None)
    await asyncio.Future()


asyncio.run(main())
