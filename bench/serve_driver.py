"""`mkdocs serve` driven one edit at a time, for the serve benchmark and tests/test_serve.py.

MkDocs' own `serve` runs as users start it (its config, the plugins' on_startup and on_serve,
its temporary site folder, its builder); only the live-reload server's loop is replaced by a
script. Where the server would notice an edit and call `self.builder()` from its build loop,
the script edits and calls the same builder. Nothing is listened on and no file watcher runs.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from mkdocs.commands import serve as serve_command
from mkdocs.livereload import LiveReloadServer


class Served:
    """The server of one `mkdocs serve`, as the script sees it."""

    def __init__(self, server: LiveReloadServer) -> None:
        self.server = server
        self.site = Path(server.root)

    def rebuild(self) -> float:
        """What the server does after an edit (its build loop calls the builder, which
        raises on a failed build); the seconds until the site is rebuilt."""
        start = time.perf_counter()
        self.server.builder()
        return time.perf_counter() - start


def run_serve(config_file: Path, script: Callable[[Served], None], **options) -> None:
    """`mkdocs serve -f config_file` with `options` as its command line gives them (such as
    `build_type="dirty"`); after the first build, `script` edits and rebuilds, then serve
    shuts down and removes its site folder."""
    def scripted(server: LiveReloadServer, *, open_in_browser: bool = False) -> None:
        script(Served(server))

    real = LiveReloadServer.serve
    LiveReloadServer.serve = scripted  # type: ignore[method-assign]
    try:
        serve_command.serve(config_file=str(config_file), livereload=True, **options)
    finally:
        LiveReloadServer.serve = real  # type: ignore[method-assign]
