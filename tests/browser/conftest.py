"""Browser fixtures: the sample site built once, served on 127.0.0.1, driven in Chromium.

Debian's `chromium` is driven by Playwright for Python (never `playwright install`); axe-core
comes from the npm registry (`package.json`). `make test` installs both.
"""

from __future__ import annotations

import contextlib
import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[2]
AXE = REPO / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--no-first-run", "--disable-quic",
                 "--disable-sync"]
DESKTOP = {"width": 1280, "height": 900}


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's name
        pass


@pytest.fixture(scope="session")
def site_dir(tmp_path_factory) -> Path:
    """The sample site, built once with `mkdocs build --strict` (packets included)."""
    out = tmp_path_factory.mktemp("site")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    mkdocs = Path(sys.executable).parent / "mkdocs"
    result = subprocess.run([str(mkdocs), "build", "--strict", "-q", "-d", str(out)], cwd=REPO,
                            env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="session")
def base_url(site_dir):
    """An HTTP server on a free loopback port, for the whole run."""
    with serving(site_dir) as url:
        yield url


@pytest.fixture(scope="session")
def sample():
    """The sample curriculum as the core loads it, to compare what the browser shows with."""
    from mkdocs_curriculum.config import read_layout
    from mkdocs_curriculum.validate import check_project

    curriculum, _ = check_project(read_layout(REPO / "mkdocs.yml")[0])
    return curriculum


@pytest.fixture(scope="session")
def serve():
    """`serve(folder)`: a context manager serving another built site, for tests that build one."""
    return serving


@contextlib.contextmanager
def serving(folder: Path):
    """`folder` served over HTTP on a free loopback port; yields its address."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def browser():
    executable = shutil.which("chromium")
    assert executable, "Debian's chromium is missing: run `make test`, which installs it"
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, headless=True,
                                              args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=DESKTOP)
    opened = context.new_page()
    yield opened
    context.close()


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory, request) -> Path:
    """Where screenshots go; the folder is printed at the end of the run."""
    folder = Path(os.environ.get("SCREENSHOT_DIR") or tmp_path_factory.mktemp("screenshots"))
    folder.mkdir(parents=True, exist_ok=True)
    request.config._curriculum_screenshots = folder
    return folder


@pytest.fixture(scope="session")
def axe_source() -> str:
    assert AXE.is_file(), "axe-core is missing: run `make test`, which runs npm ci"
    return AXE.read_text(encoding="utf-8")


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    folder = getattr(config, "_curriculum_screenshots", None)
    if folder is not None:
        terminalreporter.write_line(f"screenshots of the site: {folder}")
