"""The conformance runner's line-delimited JSON protocol, Python side.

One JSON object per line on stdout (to the runner) and on stdin (from it); stderr is free text for
diagnostics. See apps/conformance/src/child/lines.ts for the message types.
"""

import json
import os
import platform
import sys
import threading
import time

_write_lock = threading.Lock()

# The token subprotocol prefix the scenarios use; servers never select it (they select only from
# their own supported list), clients only send what the runner asks.
SUPPORTED = {"main": ["chat", "superchat"], "reject": ["chat"], "mismatch": ["other"]}
MODES = ("main", "reject", "mismatch")


def emit(message):
    """Writes one message as one line; safe from any thread."""
    line = json.dumps(message, ensure_ascii=True, separators=(",", ":"))
    with _write_lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def runtime():
    return f"python@{platform.python_version()}"


def info(version, load_error=None):
    return {"version": version, "runtime": runtime(), "loadError": load_error}


def read_commands(on_command):
    """Reads commands from stdin on a daemon thread; `exit` or end of input ends the process."""

    def loop():
        for raw in sys.stdin:
            raw = raw.strip()
            if raw == "":
                continue
            try:
                command = json.loads(raw)
            except ValueError:
                sys.stderr.write(f"not JSON: {raw[:200]}\n")
                continue
            if command.get("type") == "exit":
                break
            on_command(command)
        sys.stdout.flush()
        os._exit(0)

    threading.Thread(target=loop, daemon=True).start()


def latin1(value):
    """Header bytes as the runner expects them: one character per byte."""
    if isinstance(value, bytes):
        return value.decode("latin-1")
    return str(value)


def split_protocols(lines):
    """Every offered subprotocol across header lines, split on commas."""
    return [part.strip() for line in lines for part in line.split(",") if part.strip() != ""]


def pick(offered, supported):
    """The first offered protocol the server supports (client order), else None."""
    for protocol in offered:
        if protocol in supported:
            return protocol
    return None


class Clock:
    def __init__(self):
        self.started = time.monotonic()

    def ms(self):
        return int((time.monotonic() - self.started) * 1000)


def outcome(clock, opened=False, protocol=None, echoed=None, error=None):
    return {
        "opened": opened,
        "protocol": protocol,
        "echoed": echoed,
        "error": error,
        "warnings": [],
        "durationMs": clock.ms(),
    }


def error_info(error, status=None):
    name = type(error).__name__
    message = str(error) or name
    return {"name": name, "code": None, "status": status, "message": message, "synchronous": False}


def nonce():
    return "echo:" + os.urandom(6).hex()


ATTEMPT_PATH_PREFIX = "/__attempt/"


def attempt_key(target):
    """The attempt key in a request target (src/child/protocol.ts attemptKeyOf), or ''."""
    query = target.find("?")
    at = target.find(ATTEMPT_PATH_PREFIX)
    if at == -1 or (query != -1 and at > query):
        return ""
    rest = target[at + len(ATTEMPT_PATH_PREFIX):]
    for index, char in enumerate(rest):
        if char in "/?#":
            return rest[:index]
    return rest


class ServerEvents:
    """A server connection's events (ObservedEvent records), each emitted at once as an `event` line
    keyed by the attempt key; readyState is what the library says where it says it (else -1)."""

    def __init__(self, target):
        self.key = attempt_key(target)
        self.clock = Clock()

    def emit(self, event):
        event["at"] = self.clock.ms()
        emit({"type": "event", "attemptKey": self.key, "event": event})

    def message(self, data, ready_state=1):
        from _script import digest

        raw = data.encode("utf-8") if isinstance(data, str) else bytes(data)
        self.emit(
            {
                "type": "message",
                "kind": "text" if isinstance(data, str) else "bytes",
                "size": len(raw),
                "digest": digest(raw),
                "head": data[:32] if isinstance(data, str) else raw[:16].hex(),
                "readyState": ready_state,
            }
        )

    def error(self, message, ready_state=-1):
        self.emit({"type": "error", "code": None, "closeCode": None, "message": message, "readyState": ready_state})

    def close(self, code, reason, clean=None):
        """`clean`: the library's own word on whether the close was clean, None where it has none."""
        self.emit({"type": "close", "code": code, "reason": reason, "wasClean": clean, "readyState": 3})


def server_command(text):
    """A server command (`@@close <code> <reason>`, `@@close-invalid <code>`, `@@throw`), or None."""
    if not text.startswith("@@"):
        return None
    parts = text[2:].split(" ")
    command = parts[0]
    code = int(parts[1]) if len(parts) > 1 and parts[1].lstrip("-").isdigit() else None
    return command, code, " ".join(parts[2:])


async def run_server_command(command, code, reason, close, send, events):
    """Runs a server command with the library's own close (`close(code, reason)`, reason None: not
    given) and send (`send(text)`); a send the library refuses after its close is an error event."""
    if command == "close":
        await close(code, reason)
    elif command == "close-invalid":
        try:
            await close(code, None)
        except Exception as error:
            await send(f"threw {type(error).__name__}")
            return
        try:
            await send("did not throw")
        except Exception as error:  # the connection is closed: the library refuses the send
            events.error(f"sending the answer after close({code}) failed: {type(error).__name__}: {error}")
    elif command == "throw":
        raise RuntimeError("a server handler raises on purpose")
