"""Client adapter: websocket-client 1.2 `create_connection(url, header=["K: v"], subprotocols=,
origin=, timeout=)`, synchronous: each attempt runs on its own thread. Without `origin=` it sends
its default Origin, as its users get. Connection scripts use its event API, `WebSocketApp` with
callbacks and `run_forever()` on a thread of its own, driven from one asyncio loop."""

import asyncio
import threading

from _lines import Clock, emit, error_info, info, nonce, outcome, read_commands
from _script import Closed, Driver, close_arguments, run_script

import websocket


def attempt(spec):
    clock = Clock()
    timeout = spec["timeoutMs"] / 1000
    options = {"timeout": timeout, "header": [f"{name}: {value}" for name, value in spec["headers"]]}
    if spec["protocols"]:
        options["subprotocols"] = spec["protocols"]
    if spec["origin"] is not None:
        options["origin"] = spec["origin"]
    try:
        ws = websocket.create_connection(spec["url"], **options)
    except websocket.WebSocketBadStatusException as error:
        return outcome(clock, error=error_info(error, error.status_code))
    except BaseException as error:
        return outcome(clock, error=error_info(error))
    echoed = None
    try:
        if spec["exchange"]:
            token = nonce()
            ws.send(token)
            try:
                echoed = ws.recv() == token
            except websocket.WebSocketTimeoutException:
                echoed = False
        ws.close(timeout=2)
    except BaseException:
        echoed = bool(echoed)
    return outcome(clock, opened=True, protocol=ws.getsubprotocol() or "", echoed=echoed)


class WebSocketAppDriver(Driver):
    """`WebSocketApp(url, subprotocols=, on_open=, on_message=, on_error=, on_close=)` on a thread;
    `send(data, opcode)`, `close(status=, reason=bytes, timeout=)` (blocks until the peer's close
    frame or the timeout). Its one on_message callback is the app's listener: with throwing listeners
    it hands the message over, then raises, and websocket-client passes the exception to on_error (its
    one error channel, reported as an error event). The end is on_close's (status, reason): both None
    when no close frame was read; it reports no cleanliness, so clean is None."""

    name = "websocket-client 1.2"
    listeners = True

    async def connect(self, url, protocols, close_timeout, throwing_listeners):
        loop = asyncio.get_running_loop()
        self.queue = asyncio.Queue()
        self.close_timeout = close_timeout
        opened = loop.create_future()

        def deliver(item):
            loop.call_soon_threadsafe(self.queue.put_nowait, item)

        def on_open(app):
            loop.call_soon_threadsafe(lambda: opened.done() or opened.set_result(app.sock.getsubprotocol() or ""))

        def on_message(app, message):
            deliver(message)
            for index in range(throwing_listeners):
                raise RuntimeError(f"listener {index + 1} throws on purpose")

        def on_error(app, error):
            text = f"{type(error).__name__}: {error}"
            if opened.done():
                deliver(("error", text))
            else:
                loop.call_soon_threadsafe(lambda: opened.done() or opened.set_exception(error))

        def on_close(app, status, reason):
            deliver(Closed(1006 if status is None else status, reason or "", None))

        self.app = websocket.WebSocketApp(
            url, subprotocols=protocols or None, on_open=on_open, on_message=on_message, on_error=on_error, on_close=on_close
        )

        def run():
            self.app.run_forever()
            # run_forever returned without on_close (it failed before opening)
            loop.call_soon_threadsafe(lambda: opened.done() or opened.set_exception(ConnectionError("run_forever() returned")))

        threading.Thread(target=run, daemon=True).start()
        try:
            return await opened
        except asyncio.CancelledError:
            self.app.close()
            raise

    async def receive(self):
        item = await self.queue.get()
        if isinstance(item, tuple):
            self.on_error_callback(item[1])
            return None
        return item

    async def send(self, data):
        opcode = websocket.ABNF.OPCODE_TEXT if isinstance(data, str) else websocket.ABNF.OPCODE_BINARY
        await asyncio.to_thread(self.app.send, data, opcode)

    async def close(self, code, reason):
        arguments = close_arguments(code, reason, code_name="status", encode=True)
        await asyncio.to_thread(self.app.close, timeout=self.close_timeout, **arguments)

    async def abort(self):
        if hasattr(self, "app") and self.app.sock is not None:
            await asyncio.to_thread(self.app.sock.abort)


loop = None


def on_command(command):
    kind = command.get("type")
    if kind == "ping":
        emit({"type": "pong", "id": command["id"]})
    elif kind == "attempt":
        def run():
            emit({"type": "result", "id": command["id"], "outcome": attempt(command["spec"])})

        threading.Thread(target=run, daemon=True).start()
    elif kind == "connection":
        async def script():
            result = await run_script(command["spec"], WebSocketAppDriver())
            emit({"type": "connection-result", "id": command["id"], "outcome": result})

        asyncio.run_coroutine_threadsafe(script(), loop)


async def main():
    global loop
    loop = asyncio.get_running_loop()
    emit({"type": "ready", "info": info(websocket.__version__)})
    read_commands(on_command)
    await asyncio.Future()


asyncio.run(main())
