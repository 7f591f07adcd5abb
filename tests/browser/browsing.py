"""Browser tests: Playwright driving Debian's chromium (no browser download is possible)."""

from __future__ import annotations

import functools
import http.server
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, Page, Request, sync_playwright

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


def _serve(root: Path) -> Iterator[Served]:
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
    yield from _serve(sample_site)


@pytest.fixture(scope="session")
def fixture_served(fixture_site: Path) -> Iterator[Served]:
    yield from _serve(fixture_site / "build" / "site")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@dataclass
class Tab:
    """A browser page that records every request it makes (tests assert on the hosts)."""

    page: Page
    requests: list[str]

    def hosts(self) -> set[str]:
        return {urlsplit(url).netloc for url in self.requests if not url.startswith("data:")}


@pytest.fixture
def tab(browser: Browser) -> Iterator[Tab]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests: list[str] = []

    def record(request: Request) -> None:
        requests.append(request.url)

    page.on("request", record)
    yield Tab(page, requests)
    context.close()
