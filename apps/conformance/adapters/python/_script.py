"""Connection scripts (src/child/protocol.ts: ConnectionSpec -> ConnectionOutcome) for the Python
clients, each through its own library's API (a driver per library, see `Driver`).

What is recorded is what the library did: a message is `text` (str) or `bytes` (the library's binary
type: there is no binaryType), a close is what the library reported when the connection ended, an
error is an exception (or an error message) the library gave the app. Nothing is normalized here;
the scenarios judge the record.

readyState is this program's bookkeeping of the library's lifecycle (0 before connect() returned, 1
open, 2 once close() was called, 3 once the library reported the end), since most of these libraries
have no readyState. A step's `at` is when the step began: a native close() may block for the whole
closing handshake, and the scenarios time the close from the call.
"""

import asyncio
import base64
import time

FNV_OFFSET = 0x811C9DC5
FNV_PRIME = 0x01000193


def digest(data):
    """FNV-1a 32-bit of the bytes, 8 hex digits (src/child/digest.ts)."""
    value = FNV_OFFSET
    for byte in data:
        value ^= byte
        value = (value * FNV_PRIME) & 0xFFFFFFFF
    return f"{value:08x}"


def script_data(data):
    """What a `send` step sends: a str for text, bytes for binary (every view is just its bytes)."""
    repeat = data.get("repeat", 1)
    if data["kind"] == "text":
        return data["text"] * repeat
    return base64.b64decode(data["base64"]) * repeat


class Closed:
    """How the library said the connection ended: code, reason, `clean` (True or False only where
    the library itself says whether the close was clean, else None: reported as wasClean null, which
    the scenarios do not judge; never derived from the code), and the error it raised, if any."""

    def __init__(self, code, reason, clean, error=None):
        self.code = code
        self.reason = reason
        self.clean = clean
        self.error = error


class Unsupported(Exception):
    """A script step the library's API has no equivalent for (reported as the step's throw)."""


def thrown(error):
    name = type(error).__name__
    return {"name": name, "code": None, "message": str(error) or name}


class Driver:
    """One library's client API. `connect` returns the selected subprotocol (raises when the library
    refuses the handshake); `receive` returns a str, bytes, or a Closed; `close` is the library's
    close with the arguments the step gives (OMITTED for an absent one)."""

    #: the library calls a message callback the app gives it (websocket-client's WebSocketApp)
    listeners = False

    async def connect(self, url, protocols, close_timeout, throwing_listeners):
        raise NotImplementedError

    async def receive(self):
        raise NotImplementedError

    async def send(self, data):
        raise NotImplementedError

    async def close(self, code, reason):
        raise NotImplementedError

    def binary_type(self, value):
        raise Unsupported(f"{self.name} has no binaryType: binary messages are {self.binary_kind}")

    async def abort(self):
        """Drops a connection the script left open (after the outcome is taken)."""

    name = "the library"
    binary_kind = "bytes"


OMITTED = object()


def close_arguments(code, reason, code_name="code", reason_name="reason", encode=False):
    """The keyword arguments of a library's close() for a step: an absent argument is left out (the
    library's default applies); `encode`: the library takes the reason as bytes."""
    arguments = {}
    if code is not OMITTED:
        arguments[code_name] = code
    if reason is not OMITTED:
        arguments[reason_name] = reason.encode("utf-8") if encode else reason
    return arguments


async def run_script(spec, driver):
    """Runs one ConnectionSpec through `driver`; returns a ConnectionOutcome. Never raises."""
    started = time.monotonic()
    events = []
    ready_states = []
    state = {"value": 0, "messages": 0, "closed": None, "timed_out": None, "done": False}
    changed = asyncio.Event()

    def at():
        return int((time.monotonic() - started) * 1000)

    def sample(value=None):
        if value is not None:
            state["value"] = value
        current = state["value"]
        if not ready_states or ready_states[-1] != current:
            ready_states.append(current)
        return current

    def poke():
        changed.set()

    def on_message(data):
        state["messages"] += 1
        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        events.append(
            {
                "type": "message",
                "at": at(),
                "kind": "text" if isinstance(data, str) else driver.binary_kind,
                "size": len(raw),
                "digest": digest(raw),
                "head": data[:32] if isinstance(data, str) else raw[:16].hex(),
                "readyState": sample(),
            }
        )
        poke()

    def on_error(message):
        events.append(
            {"type": "error", "at": at(), "code": None, "closeCode": None, "message": message, "readyState": sample()}
        )
        poke()

    def on_closed(closed):
        if closed.error is not None:
            on_error(closed.error)
        state["closed"] = {"code": closed.code, "reason": closed.reason, "wasClean": closed.clean}
        events.append(
            {
                "type": "close",
                "at": at(),
                "code": closed.code,
                "reason": closed.reason,
                "wasClean": closed.clean,
                "readyState": sample(3),
            }
        )
        state["done"] = True
        poke()

    def on_listener_error(message):
        events.append({"type": "listener-error", "at": at(), "message": message})

    driver.on_listener_error = on_listener_error
    driver.on_message_callback = on_message
    driver.on_error_callback = on_error

    async def read_loop():
        while True:
            try:
                item = await driver.receive()
            except Exception as error:  # the library raised instead of reporting a close
                on_error(f"{type(error).__name__}: {error}")
                on_closed(Closed(1006, "", None))
                return
            if isinstance(item, Closed):
                on_closed(item)
                return
            if item is not None:
                on_message(item)

    sample()
    reader = None
    connect = asyncio.ensure_future(
        driver.connect(spec["url"], spec["protocols"], spec["closeTimeoutMs"] / 1000, spec["throwingListeners"])
    )

    def connected(task):
        nonlocal reader
        if task.cancelled():
            sample(3)
            state["done"] = True
        elif task.exception() is not None:
            error = task.exception()
            on_error(f"{type(error).__name__}: {error}")
            sample(3)
            state["done"] = True
        else:
            events.append({"type": "open", "at": at(), "readyState": sample(1), "protocol": task.result() or ""})
            reader = asyncio.ensure_future(read_loop())
        poke()

    connect.add_done_callback(connected)

    async def until(condition, timeout_ms, what, stop_when_done=False):
        """Waits for condition(), bounded; `what()` names the wait when it is cut off (told then, so a
        count in it is the count at the end)."""
        deadline = time.monotonic() + timeout_ms / 1000
        while not condition():
            if stop_when_done and state["done"]:
                state["timed_out"] = state["timed_out"] or f"{what()}: the connection ended first"
                return
            left = deadline - time.monotonic()
            if left <= 0:
                state["timed_out"] = state["timed_out"] or what()
                return
            changed.clear()
            try:
                await asyncio.wait_for(changed.wait(), left)
            except asyncio.TimeoutError:
                pass

    if spec["openTimeoutMs"] > 0:
        await until(lambda: connect.done(), spec["openTimeoutMs"], lambda: "open")

    for index, step in enumerate(spec["steps"]):
        began = at()
        threw = None
        op = step["op"]
        try:
            if op == "binary-type":
                driver.binary_type(step["value"])
            elif op == "send":
                if not connect.done() or connect.cancelled() or connect.exception() is not None:
                    raise Unsupported("no socket: connect() has not returned one")
                await driver.send(script_data(step["data"]))
            elif op == "await-messages":
                count = step["count"]
                await until(
                    lambda: state["messages"] >= count,
                    step["timeoutMs"],
                    lambda: f"{count} messages (got {state['messages']})",
                    stop_when_done=True,
                )
            elif op == "close":
                code = step["code"] if "code" in step and step["code"] is not None else OMITTED
                reason = step["reason"] if "reason" in step else OMITTED
                if not connect.done():
                    # no socket yet: connect() is still running; its users cancel it
                    connect.cancel()
                else:
                    if state["value"] == 1:
                        sample(2)
                    await driver.close(code, reason)
            elif op == "await-close":
                await until(lambda: state["done"], step["timeoutMs"], lambda: "the close event")
            elif op == "wait":
                await asyncio.sleep(step["ms"] / 1000)
        except Exception as error:
            if state["value"] == 2 and state["closed"] is None:
                sample(1)
            threw = thrown(error)
        events.append({"type": "step", "at": began, "index": index, "op": op, "threw": threw, "readyState": sample()})

    settle_until = time.monotonic() + spec["settleMs"] / 1000
    while time.monotonic() < settle_until:
        await asyncio.sleep(0.02)
        sample()
    outcome = {
        "events": events,
        "readyStates": ready_states,
        "closed": state["closed"],
        "finalReadyState": sample(),
        "setupError": None,
        "timedOut": state["timed_out"],
        "durationMs": at(),
    }
    try:
        await asyncio.wait_for(driver.abort(), 2)
    except BaseException:
        pass
    if reader is not None and not reader.done():
        reader.cancel()
    if not connect.done():
        connect.cancel()
    return outcome
