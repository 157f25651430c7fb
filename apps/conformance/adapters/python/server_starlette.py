"""Server adapter: Starlette on uvicorn, with the uvicorn WebSocket backend named in argv[1]
(`websockets` or `wsproto`). uvicorn trusts X-Forwarded-For from 127.0.0.2 only (the runner's proxy
hop), like the ws servers' trustProxy.

Starlette can refuse a WebSocket only by closing before accept(): uvicorn 0.17 then answers 403.
"""

import asyncio
import socket
import sys

from _lines import MODES, SUPPORTED, ServerEvents, emit, info, latin1, pick, read_commands, run_server_command, server_command

backend = sys.argv[1] if len(sys.argv) > 1 else "websockets"
try:
    import starlette
    import uvicorn
    from starlette.applications import Starlette
    from starlette.routing import WebSocketRoute
except Exception as error:  # pragma: no cover
    emit({"type": "ready", "info": info("", f"import starlette/uvicorn failed: {error}"), "ports": None})
    sys.exit(0)


def make_app(mode):
    async def endpoint(websocket):
        if mode == "reject":
            await websocket.close()  # the only refusal Starlette has: uvicorn answers 403
            return
        offered = list(websocket.scope.get("subprotocols") or [])
        await websocket.accept(subprotocol=pick(offered, SUPPORTED[mode]))
        raw_path = websocket.scope.get("raw_path") or websocket.scope["path"].encode()
        query = websocket.scope.get("query_string") or b""
        target = latin1(raw_path) + ("?" + latin1(query) if query else "")
        client = websocket.client
        emit(
            {
                "type": "connection",
                "native": {
                    "mode": mode,
                    "target": target,
                    "path": websocket.scope["path"],
                    "query": [[k, v] for k, v in websocket.query_params.multi_items()],
                    "queryError": None,
                    "headers": [[k, v] for k, v in websocket.headers.items()],
                    "host": websocket.headers.get("host"),
                    "offered": offered,
                    "protocol": pick(offered, SUPPORTED[mode]) or "",
                    "client": {"address": client.host, "port": client.port} if client else {"address": None, "port": None},
                },
            }
        )
        events = ServerEvents(target)
        while True:
            # the ASGI messages as Starlette hands them over: text or bytes, or the disconnect
            message = await websocket.receive()
            if message["type"] == "websocket.disconnect":
                # the ASGI disconnect carries a code only (uvicorn's wsproto backend sometimes none:
                # reported as 1006), no reason and nothing that says whether the close was clean
                code = message.get("code")
                events.close(1006 if code is None else code, "")
                return
            data = message.get("text")
            if data is None:
                data = message.get("bytes") or b""
                events.message(data)
                await websocket.send_bytes(data)
                continue
            events.message(data)
            emit({"type": "message", "target": target, "text": data})
            command = server_command(data)
            if command is None:
                await websocket.send_text(data)
            else:
                await run_server_command(*command, websocket.close, websocket.send_text, events)

    return Starlette(routes=[WebSocketRoute("/{rest:path}", endpoint)])


async def main():
    ports = {}
    tasks = []
    for mode in MODES:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        ports[mode] = sock.getsockname()[1]
        config = uvicorn.Config(
            make_app(mode),
            ws=backend,
            http="h11",
            lifespan="off",
            log_level="critical",
            proxy_headers=True,
            forwarded_allow_ips="127.0.0.2",
            ws_ping_interval=None,
        )
        server = uvicorn.Server(config)
        server.install_signal_handlers = lambda: None
        tasks.append(asyncio.ensure_future(server.serve(sockets=[sock])))
        while not server.started:
            await asyncio.sleep(0.01)
    version = f"{starlette.__version__}+{backend}"
    emit({"type": "ready", "info": info(version), "ports": ports, "engine": f"uvicorn@{uvicorn.__version__}"})
    read_commands(lambda command: None)
    await asyncio.gather(*tasks)


asyncio.run(main())
