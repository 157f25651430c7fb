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
