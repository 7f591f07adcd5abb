"""Browser tests: Playwright driving Debian's chromium (no browser download is possible)."""

from __future__ import annotations

import functools
import http.server
import os
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, Route, sync_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@dataclass
class Served:
    """A built site served on 127.0.0.1 by Python's http.server, on a free port."""

    root: Path
    url: str

    def pages(self, prefix: str = "") -> list[str]:
        """Every page of one language (by its folder prefix), as paths from the site root."""
        base = self.root / prefix
        found = []
        for index in sorted(base.rglob("index.html")):
            relative = index.parent.relative_to(self.root).as_posix()
            if relative != "." and relative.split("/")[0] in ("bo", "en") and not prefix:
                continue
            if relative.startswith(("search", "assets")):
                continue
            found.append("" if relative == "." else relative + "/")
        return found


def serve_folder(root: Path) -> Iterator[Served]:
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(root, f"http://127.0.0.1:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="session")
def sample_served(sample_site: Path) -> Iterator[Served]:
    yield from serve_folder(sample_site)


@pytest.fixture(scope="session")
def fixture_served(fixture_site: Path) -> Iterator[Served]:
    yield from serve_folder(fixture_site / "build" / "site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A browser page that records every request it makes (tests assert on the hosts).

    Requests to any host but 127.0.0.1 (map tiles) are recorded in `blocked` too, and
    refused: there is no internet here, and a test must not wait for one.
    """

    page: Page
    requests: list[str]
    blocked: list[str]

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.requests if not url.startswith("data:")}


def tile_hosts(root: Path) -> set[str]:
    """Every host the corridor map at `root` may ask for tiles (its configured tile server)."""
    from corridor import maps
    from corridor.records import load_corridor

    tiles, problems = maps.resolve_tiles(load_corridor(root), os.environ)
    assert tiles is not None, problems
    return maps.tile_hosts(tiles)


# Every URL not on 127.0.0.1: matched by the browser, so local requests are not intercepted.
NOT_LOCAL = re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|about:)")


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    blocked: list[str] = []

    def refuse(route: Route) -> None:
        blocked.append(route.request.url)
        route.abort()

    context.route(NOT_LOCAL, refuse)
    page = context.new_page()
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    yield Tab(page, requests, blocked)
    context.close()


def platform_fonts(page: Page, selector: str) -> list[dict[str, Any]]:
    """The fonts chromium really used for the text of each element matching `selector`."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument", {"depth": -1})
    nodes = cdp.send(
        "DOM.querySelectorAll", {"nodeId": document["root"]["nodeId"], "selector": selector}
    )
    fonts: list[dict[str, Any]] = []
    for node_id in nodes["nodeIds"]:
        fonts.extend(cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node_id})["fonts"])
    return fonts
