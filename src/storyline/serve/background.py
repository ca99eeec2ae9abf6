"""A real uvicorn server in a background thread: for benchmarks, tests and notebooks.

``with BackgroundServer(app) as server: urlopen(server.url + "/api/stories")``: the app
listens on 127.0.0.1 and a free port from the moment the ``with`` block starts until it ends.
The socket is bound before the thread starts, so there is no race for the port.
"""

from __future__ import annotations

import threading
import time
from types import TracebackType
from typing import Any

from storyline.serve.server import bind


class BackgroundServer:
    """Serves ``app`` with uvicorn in a daemon thread while the context is open."""

    def __init__(self, app: Any, *, host: str = "127.0.0.1", port: int = 0) -> None:
        import uvicorn

        self.socket = bind(host, port)
        self.host, self.port = self.socket.getsockname()[:2]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(
            target=self.server.run, kwargs={"sockets": [self.socket]}, daemon=True
        )

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> BackgroundServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if not self.thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the background server did not start")
            time.sleep(0.01)
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=30)
        self.socket.close()
