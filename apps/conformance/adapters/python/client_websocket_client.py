"""Client adapter: websocket-client 1.2 `create_connection(url, header=["K: v"], subprotocols=,
origin=, timeout=)`, synchronous: each attempt runs on its own thread. Without `origin=` it sends
its default Origin, as its users get."""

import threading

from _lines import Clock, emit, error_info, info, nonce, outcome, read_commands

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


def on_command(command):
    kind = command.get("type")
    if kind == "ping":
        emit({"type": "pong", "id": command["id"]})
    elif kind == "attempt":
        def run():
            emit({"type": "result", "id": command["id"], "outcome": attempt(command["spec"])})

        threading.Thread(target=run, daemon=True).start()


emit({"type": "ready", "info": info(websocket.__version__)})
read_commands(on_command)
threading.Event().wait()
