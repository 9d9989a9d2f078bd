"""A real Streamlit server and a real Chromium (Debian's), with every non-localhost request blocked."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.conftest import PROJECT

CHROMIUM = "/usr/bin/chromium"
MAP_BOX = ".wv-map"  # the app's map in the page (ui/map_component.py): Leaflet's container fills it
SCREENSHOTS = PROJECT / "tests" / "output"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package to run browser tests")
    return CHROMIUM


@pytest.fixture(scope="session")
def views_file(tmp_path_factory):
    """The views database of the app under test (fresh for the test session)."""
    return tmp_path_factory.mktemp("views") / "views.sqlite"


@pytest.fixture(scope="session")
def app_url(views_file, tmp_path_factory):
    """Start ``streamlit run app.py`` (as the README does) on a free port, wait until it answers; fresh views.

    The server writes its log to a file: a pipe nobody reads fills up and stalls the server.
    """
    port = _free_port()
    views = views_file
    env = {**os.environ, "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false", "WIJKVERKENNER_VIEWS": str(views)}
    log = tmp_path_factory.mktemp("server") / "streamlit.log"
    output = open(log, "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1"],
        cwd=PROJECT, env=env, stdout=output, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    break
        except OSError:
            time.sleep(0.3)
    else:
        server.kill()
        output.close()
        pytest.fail("streamlit did not start within 60 s: " + log.read_text(errors="replace")[-2000:])
    yield url
    server.terminate()
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:  # a busy machine: stop it the hard way
        server.kill()
        server.wait(timeout=30)
    output.close()


@pytest.fixture(scope="session")
def browser(chromium_path):
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A page that may only talk to localhost; every other request is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    page.blocked = []

    def guard(route):
        host = route.request.url.split("/")[2].split(":")[0] if "://" in route.request.url else ""
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            return route.continue_()
        page.blocked.append(route.request.url)
        return route.abort()

    page.route("**/*", guard)
    yield page
    context.close()


@pytest.fixture
def screenshot(request):
    """Save a screenshot under tests/output/ named after the test, and check the state shown passes axe.

    Every state a browser test looks at is a state a user reaches, so each one must meet WCAG 2.1
    AA (issue #20): the check runs after the picture, so a failure still leaves the picture to look at.
    """
    from tests.e2e.axe import axe_violations
    from tests.e2e.waits import wait_until_still

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, suffix: str = "") -> Path:
        wait_until_still(page)  # the picture shows the page drawn, not a rerun's grey placeholders
        path = SCREENSHOTS / f"{request.node.name}{suffix}.png"
        page.screenshot(path=str(path), full_page=True)
        assert axe_violations(page) == []
        return path

    return take


# Browser tests in two halves of about equal time, each on one pytest-xdist worker with its own
# app server and Chromium: on CI's two cores both work on the browser tests and the rest between them.
_SECOND_HALF = ("test_app_browser", "test_compare_browser", "test_events_browser", "test_map_behaviour_browser",
                "test_target_groups_browser")


def pytest_collection_modifyitems(items):
    """Browser tests are marked e2e; each half runs in one worker, sharing one app server and one Chromium."""
    for item in items:
        if "e2e" in str(item.fspath):
            half = 2 if Path(str(item.fspath)).stem in _SECOND_HALF else 1
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.xdist_group(f"browser{half}"))




@pytest.fixture(scope="session")
def static_server(tmp_path_factory):
    """Serve a folder on 127.0.0.1 so rendered pages load over HTTP like a user's browser would."""
    import functools
    import http.server
    import threading

    folder = tmp_path_factory.mktemp("pages")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
