"""The client side of the line protocol for asyncio clients: every `attempt` runs as its own task
(the runner sends several at once), `ping` answers `pong`."""

import asyncio

from _lines import Clock, emit, error_info, outcome, read_commands


def run_async_client(version, attempt):
    """`attempt(spec)` is a coroutine returning an outcome; it must never raise."""

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
