"""Server adapter: tornado 6.2 WebSocketHandler (xheaders=True: tornado's own proxy support, which
trusts X-Forwarded-For from any peer). check_origin allows every origin, as the ws servers do.
"""

import asyncio
import sys

from _lines import MODES, SUPPORTED, ServerEvents, emit, info, pick, read_commands, server_command

try:
    import tornado
    import tornado.httpserver
    import tornado.web
    import tornado.websocket
except Exception as error:  # pragma: no cover
    emit({"type": "ready", "info": info("", f"import tornado failed: {error}"), "ports": None})
    sys.exit(0)


def make_handler(mode):
    class Handler(tornado.websocket.WebSocketHandler):
        offered = None

        async def get(self, *args, **kwargs):
            if mode == "reject":
                self.set_status(401)
                self.set_header("WWW-Authenticate", "Bearer")
                self.finish("unauthorized\n")
                return
            await super().get(*args, **kwargs)

        def check_origin(self, origin):
            return True

        def select_subprotocol(self, subprotocols):
            self.offered = list(subprotocols)
            return pick(subprotocols, SUPPORTED[mode])

        def open(self, *args, **kwargs):
            request = self.request
            query, error = [], None
            for name, values in request.query_arguments.items():
                for value in values:
                    try:
                        query.append([name, self.decode_argument(value, name=name)])
                    except tornado.web.HTTPError as problem:
                        error = str(problem)
            self.events = ServerEvents(request.uri)
            peer = getattr(request.connection, "context", None)
            peer_address = getattr(peer, "address", None)
            emit(
                {
                    "type": "connection",
                    "native": {
                        "mode": mode,
                        "target": request.uri,
                        "path": request.path,
                        "query": query,
                        "queryError": error,
                        "headers": [[k, v] for k, v in request.headers.get_all()],
                        "host": request.host,
                        "offered": self.offered if self.offered is not None else [],
                        "protocol": self.selected_subprotocol or "",
                        "client": {
                            "address": request.remote_ip,
                            "port": peer_address[1] if isinstance(peer_address, tuple) else None,
                        },
                    },
                }
            )

        def on_message(self, message):
            self.events.message(message)
            if isinstance(message, bytes):
                self.write_message(message, binary=True)
                return
            emit({"type": "message", "target": self.request.uri, "text": message})
            command = server_command(message)
            if command is None:
                self.write_message(message)
                return
            command, code, reason = command
            if command == "close":
                self.close(code, reason)
            elif command == "close-invalid":
                try:
                    self.close(code)
                except Exception as error:
                    self.write_message(f"threw {type(error).__name__}")
                    return
                try:
                    self.write_message("did not throw")
                except Exception as error:  # closed: tornado refuses the write
                    self.events.error(f"write_message after close({code}) failed: {type(error).__name__}: {error}")
            elif command == "throw":
                raise RuntimeError("a server handler raises on purpose")

        def on_close(self):
            # close_code / close_reason: the peer's close frame, None when none came (reported as 1006);
            # tornado reports no cleanliness: wasClean null
            code = self.close_code
            self.events.close(1006 if code is None else code, self.close_reason or "")

    return Handler


async def main():
    ports = {}
    for mode in MODES:
        app = tornado.web.Application([(r".*", make_handler(mode))])
        server = tornado.httpserver.HTTPServer(app, xheaders=True)
        sockets = tornado.netutil.bind_sockets(0, "127.0.0.1")
        server.add_sockets(sockets)
        ports[mode] = sockets[0].getsockname()[1]
    emit({"type": "ready", "info": info(tornado.version), "ports": ports})
    read_commands(lambda command: None)
    await asyncio.Future()


asyncio.run(main())
