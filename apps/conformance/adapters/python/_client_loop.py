"""The client side of the line protocol for asyncio clients: every `attempt` and every `connection`
(a connection script, _script.py) runs as its own task (the runner sends several at once), `ping`
answers `pong`."""

import asyncio

from _lines import Clock, emit, error_info, outcome, read_commands


def run_async_client(version, attempt, driver=None):
    """`attempt(spec)` is a coroutine returning an outcome; it must never raise. `driver()` makes a
    fresh _script.Driver for each connection script (None: the client runs none)."""

    async def main():
        loop = asyncio.get_running_loop()

        def on_command(command):
            loop.call_soon_threadsafe(dispatch, command)

        def dispatch(command):
            kind = command.get("type")
            if kind == "ping":
                emit({"type": "pong", "id": command["id"]})
            elif kind == "attempt":
                asyncio.ensure_future(answer(command))
            elif kind == "connection" and driver is not None:
                asyncio.ensure_future(script(command))

        async def script(command):
            from _script import run_script

            clock = Clock()
            try:
                result = await run_script(command["spec"], driver())
            except BaseException as error:  # an adapter bug: still answer, never leave the runner waiting
                result = {
                    "events": [],
                    "readyStates": [],
                    "closed": None,
                    "finalReadyState": -1,
                    "setupError": {"name": "AdapterError", "code": None, "message": f"{type(error).__name__}: {error}"},
                    "timedOut": None,
                    "durationMs": clock.ms(),
                }
            emit({"type": "connection-result", "id": command["id"], "outcome": result})

        async def answer(command):
            clock = Clock()
            try:
                result = await attempt(command["spec"])
            except BaseException as error:  # an adapter bug: still answer, never leave the runner waiting
                result = outcome(clock, error=error_info(error))
                result["error"]["name"] = "AdapterError: " + result["error"]["name"]
            emit({"type": "result", "id": command["id"], "outcome": result})

        from _lines import info

        emit({"type": "ready", "info": info(version)})
        read_commands(on_command)
        await asyncio.Future()

    asyncio.run(main())
