"""Server adapter: Python websockets 10.4 (legacy asyncio API), three modes on three ports.

What the handler reports is what websockets' own API gave it: ws.path (the raw target),
ws.request_headers, the offer select_subprotocol() received, ws.remote_address.
"""

import asyncio
import http
import sys
import urllib.parse

from _lines import MODES, SUPPORTED, ServerEvents, emit, info, latin1, pick, read_commands, run_server_command, server_command

try:
    import websockets
    from websockets.exceptions import ConnectionClosedError
    from websockets.legacy.server import WebSocketServerProtocol, serve
except Exception as error:  # pragma: no cover - reported to the runner
    emit({"type": "ready", "info": info("", f"import websockets failed: {error}"), "ports": None})
    sys.exit(0)


def make_protocol(mode):
    class Protocol(WebSocketServerProtocol):
        offered = None

        async def process_request(self, path, headers):
            if mode == "reject":
                return (
                    http.HTTPStatus.UNAUTHORIZED,
                    [("WWW-Authenticate", "Bearer"), ("Content-Type", "text/plain")],
                    b"unauthorized\n",
                )
            return None

        def select_subprotocol(self, client_subprotocols, server_subprotocols):
            self.offered = list(client_subprotocols)
            return pick(client_subprotocols, server_subprotocols)

    return Protocol


def make_handler(mode):
    async def handler(ws):
        target = ws.path
        path, _, query = target.partition("?")
        address, port = ws.remote_address[0], ws.remote_address[1]
        emit(
            {
                "type": "connection",
                "native": {
                    "mode": mode,
                    "target": target,
                    "path": path,
                    # websockets gives only the raw target; an app parses it with urllib
                    "query": urllib.parse.parse_qsl(query, keep_blank_values=True),
                    "queryError": None,
                    "headers": [[latin1(k), latin1(v)] for k, v in ws.request_headers.raw_items()],
                    "host": ws.request_headers.get("Host"),
                    "offered": ws.offered,
                    "protocol": ws.subprotocol or "",
                    "client": {"address": address, "port": port},
                },
            }
        )
        events = ServerEvents(target)

        def end(clean):
            # websockets reports cleanliness only by the class of its ConnectionClosed (see
            # client_websockets.clean_of): `async for` ends quietly on ConnectionClosedOK (a 1000 or
            # 1001 close frame received and sent: True) and raises ConnectionClosedError, which says
            # nothing about the closing handshake (None); the @@throw path sees neither (None)
            events.close(ws.close_code, ws.close_reason, clean)

        try:
            async for message in ws:
                events.message(message, ws.state.value)
                if isinstance(message, str):
                    emit({"type": "message", "target": target, "text": message})
                    command = server_command(message)
                    if command is not None:
                        await run_server_command(
                            *command, lambda code, reason: ws.close(code, reason or ""), ws.send, events
                        )
                        continue
                await ws.send(message)
        except websockets.ConnectionClosed as error:
            await ws.wait_closed()
            if isinstance(error, ConnectionClosedError):
                events.error(f"{type(error).__name__}: {error}", ws.state.value)
            end(None)
        except BaseException:
            # the handler raised (@@throw): websockets ends the connection; its end is reported once known
            async def later():
                await ws.wait_closed()
                end(None)

            asyncio.ensure_future(later())
            raise
        else:
            await ws.wait_closed()
            end(True)

    return handler


async def main():
    ports = {}
    for mode in MODES:
        server = await serve(
            make_handler(mode),
            "127.0.0.1",
            0,
            create_protocol=make_protocol(mode),
            subprotocols=SUPPORTED[mode],
            ping_interval=None,
            # as the Node servers' closeTimeoutMs (SERVER_CLOSE_TIMEOUT_MS in server-connection.ts)
            close_timeout=2,
        )
        ports[mode] = server.sockets[0].getsockname()[1]
    emit({"type": "ready", "info": info(websockets.version.version), "ports": ports})
    read_commands(lambda command: None)
    await asyncio.Future()


asyncio.run(main())
