"""Web budgets: what a phone on a mountain road downloads for a page, in bytes, not seconds.

The home page and a town page in every language are loaded in Debian's chromium from the
sample site served on 127.0.0.1; everything the page requests (HTML, CSS, JS, fonts, images,
the search index) is counted at its gzip-compressed size, as a server would send it. The
interactive map's own files load on demand and are left out (they have their own budget in
the map's tests). Counting bytes, not timings, makes these tests deterministic.
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Response

from tests.browser.browsing import Served, Tab

BUDGET = 150_000  # bytes, gzip-compressed, per page with everything it loads
LANGUAGES = {"zh": "", "bo": "bo/", "en": "en/"}
# The interactive map loads on request: its vendored Leaflet and the map page are not part
# of a page's first load.
ON_DEMAND = ("/assets/vendor/", "/map/")


@dataclass(frozen=True)
class Loaded:
    url: str
    status: int
    raw: int
    gzipped: int


def load(tab: Tab, url: str) -> list[Loaded]:
    """Everything the page at `url` requests until the network is idle, with gzip sizes."""
    responses: list[Response] = []

    def keep(response: Response) -> None:
        responses.append(response)

    tab.page.on("response", keep)
    tab.page.goto(url, wait_until="networkidle")
    # Material starts its search worker after load; give it the time to ask for the index.
    tab.page.wait_for_timeout(500)
    tab.page.wait_for_load_state("networkidle")
    found = []
    for response in responses:
        if response.url.startswith("data:"):
            continue
        body = response.body() if response.status < 300 else b""
        found.append(
            Loaded(response.url, response.status, len(body), len(gzip.compress(body, 6, mtime=0)))
        )
    return found


def first_town(served: Served) -> str:
    return sorted(p for p in served.pages() if p.startswith("towns/") and p != "towns/")[0]


def page_cases() -> list[object]:
    return [pytest.param(lang, kind) for lang in LANGUAGES for kind in ("home", "town")]


@pytest.mark.browser
@pytest.mark.parametrize(("lang", "kind"), page_cases(), ids=lambda v: str(v))
def test_a_page_and_all_it_loads_fit_the_budget(
    sample_served: Served, tab: Tab, lang: str, kind: str
) -> None:
    path = LANGUAGES[lang] + ("" if kind == "home" else first_town(sample_served))
    loaded = load(tab, sample_served.url + path)
    counted = [r for r in loaded if not any(part in urlsplit(r.url).path for part in ON_DEMAND)]
    total = sum(r.gzipped for r in counted)
    listing = "\n".join(
        f"{r.gzipped:>8,} gz {r.raw:>9,} raw  {r.status} {urlsplit(r.url).path}"
        for r in sorted(counted, key=lambda r: -r.gzipped)
    )
    print(f"/{path}: {total:,} bytes gzip-compressed\n{listing}")
    assert {urlsplit(r.url).netloc for r in loaded} == {urlsplit(sample_served.url).netloc}
    assert [r.url for r in loaded if r.status >= 400] == []
    assert total <= BUDGET, f"/{path} loads {total:,} bytes (gzip), budget {BUDGET:,}:\n{listing}"
