"""The maps on the built sample site in a real browser (Debian's chromium), on 127.0.0.1.

What a visitor would notice: the map page draws every place and the route in each language
and asks no host but the tile server (refused here: there is no internet); a popup's link
reaches the record's page; the home page loads no Leaflet and no tile until the visitor asks
for the map; a town's strip map highlights the town and its links work; Tibetan is drawn
with the site's Tibetan font; nothing overflows a phone. Screenshots go to build/screenshots/
(site-map-*.png) and the measured transfer sizes to build/screenshots/transfer-sizes.json.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from playwright.sync_api import FrameLocator, Page, Response

from corridor.i18n.catalogues import Catalogues, load_catalogues
from corridor.maps import MapPlace, corridor_places
from corridor.records import load_corridor
from corridor.urls import LANGUAGE_ROOTS
from tests.browser.browsing import Served, Tab, platform_fonts, tile_hosts
from tests.browser.test_site_in_browser import NARROW_TEXT_BLOCKS
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

LANGUAGES = LANGUAGE_ROOTS
SCREENSHOTS = ROOT / "build" / "screenshots"
FRAME = ".corridor-map-frame iframe"
TIBETAN_FONT = "Noto Serif Tibetan"


@dataclass(frozen=True)
class Sample:
    """The sample data as the site shows it: places and their names in each language."""

    places: list[MapPlace]
    catalogues: Catalogues

    def name(self, lang: str, place: MapPlace) -> str:
        return self.catalogues.translate(lang, f"{place.context}:name", place.name).text

    def place(self, kind: str, place_id: str) -> MapPlace:
        return next(p for p in self.places if p.kind == kind and p.id == place_id)


@pytest.fixture(scope="module")
def sample() -> Sample:
    corridor = load_corridor(ROOT).corridor
    assert corridor is not None
    catalogues, _ = load_catalogues(ROOT, list(LANGUAGES))
    return Sample(list(corridor_places(corridor)), catalogues)


def _map_frame(page: Page) -> FrameLocator:
    """The map page's frame, once the map is drawn and the page has stopped moving."""
    frame = page.frame_locator(FRAME)
    frame.locator(".leaflet-marker-icon").first.wait_for()
    # The Tibetan web font arrives after the first paint and pushes the frame down: a click
    # aimed before that lands beside the marker.
    page.evaluate("document.fonts.ready")
    page.wait_for_load_state("networkidle")
    return frame


def _open_popup(page: Page, frame: FrameLocator, name: str) -> None:
    """Open a marker's popup from the keyboard (Tab to it, Enter): it works even where
    markers overlap at the corridor's zoom (a town's ring under its hall and base)."""
    frame.locator(f'.corridor-marker[title="{name}"]').focus()
    page.keyboard.press("Enter")
    frame.locator(".leaflet-popup-content h2").wait_for()


def _no_page_overflow(page: Page) -> bool:
    return bool(
        page.evaluate(
            "document.documentElement.scrollWidth <= document.documentElement.clientWidth"
        )
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_page_draws_every_place_and_the_route_asking_only_the_tile_server(
    sample_served: Served, tab: Tab, sample: Sample, lang: str
) -> None:
    page = tab.page
    page.goto(sample_served.url + LANGUAGES[lang] + "map/")
    frame = _map_frame(page)
    assert frame.locator(".leaflet-marker-icon").count() == len(sample.places)
    for kind in ("town", "hall", "base"):
        expected = sum(1 for p in sample.places if p.kind == kind)
        assert frame.locator(f".corridor-marker-{kind}").count() == expected
    # The route: its white casing and the dashed line (schematic).
    assert frame.locator("path.leaflet-interactive").count() == 2
    assert frame.locator("html").get_attribute("lang") == lang
    assert "OpenStreetMap" in frame.locator(".leaflet-control-attribution").inner_text()
    assert "OpenStreetMap" in page.locator(".corridor-map-credit").inner_text()
    page.wait_for_load_state("networkidle")
    local = sample_served.url.split("/")[2]
    tiles = tile_hosts(ROOT)
    assert tab.hosts() <= {local} | tiles, tab.hosts()
    assert tab.blocked, "the map should have asked the tile server for tiles"
    assert all(url.split("/")[2] in tiles for url in tab.blocked), tab.blocked


@pytest.mark.parametrize("lang", LANGUAGES)
def test_popup_link_reaches_the_record_page(
    sample_served: Served, tab: Tab, sample: Sample, lang: str
) -> None:
    page = tab.page
    prefix = LANGUAGES[lang]
    hall = sample.place("hall", "ganxipo")
    name = sample.name(lang, hall)
    page.goto(sample_served.url + prefix + "map/")
    frame = _map_frame(page)
    # A page that scrolls between the press and the release of the mouse is a drag to
    # Leaflet, not a click: bring the map into view first.
    page.locator(FRAME).scroll_into_view_if_needed()
    frame.locator(f'.corridor-marker[title="{name}"]').click()
    popup = frame.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator("h2").inner_text() == name
    # The opened popup pans the map into view; a click during that pan lands where the
    # link was, on the map (seen on a loaded CI machine). Click once the link stays put.
    document = page.locator(FRAME).element_handle().content_frame()
    assert document is not None
    document.wait_for_function(
        """() => {
            const box = document.querySelector('.leaflet-popup-content a').getBoundingClientRect();
            const at = box.x + ',' + box.y;
            const still = window.linkWasAt === at;
            window.linkWasAt = at;
            return still;
        }""",
        polling=300,
    )
    popup.locator("a").click()
    page.wait_for_url(sample_served.url + prefix + "halls/ganxipo/")
    assert page.locator("article h1").inner_text().strip() == name


@pytest.mark.parametrize("lang", LANGUAGES)
def test_home_page_loads_no_leaflet_and_no_tile_until_the_visitor_asks(
    sample_served: Served, tab: Tab, lang: str
) -> None:
    page = tab.page
    page.goto(sample_served.url + LANGUAGES[lang])
    page.wait_for_load_state("networkidle")
    assert page.locator(".corridor-strip svg").is_visible()
    assert not [url for url in tab.requests if "leaflet" in url], tab.requests
    assert tab.blocked == []
    page.locator(".corridor-map-button").click()
    page.wait_for_url(sample_served.url + LANGUAGES[lang] + "map/")
    _map_frame(page)
    page.wait_for_load_state("networkidle")
    assert [url for url in tab.requests if url.endswith("/leaflet.js")]
    assert tab.blocked, "once asked, the map loads its tiles"


@pytest.mark.parametrize("lang", ["zh", "bo", "en"])
def test_town_strip_map_highlights_the_town_and_its_links_work(
    sample_served: Served, tab: Tab, sample: Sample, lang: str
) -> None:
    page = tab.page
    prefix = LANGUAGES[lang]
    page.goto(sample_served.url + prefix + "towns/sijing/")
    svg = page.locator(".corridor-strip svg")
    current = svg.locator('a[aria-current="page"]')
    assert current.count() == 1
    town = sample.place("town", "sijing")
    # SVG text has no innerText; wrapped lines are separate <tspan>s.
    drawn = "".join((current.text_content() or "").split())
    assert drawn == "".join(sample.name(lang, town).split())
    if lang == "bo":
        page.evaluate("document.fonts.ready")
        fonts = platform_fonts(page, ".corridor-strip svg text")
        # The Tibetan labels are drawn with the site's own subset font; system fonts draw only
        # the few digits, arrows and brackets around them (a Tibetan glyph missing from the
        # subset would come from a system font: tofu on a phone that has none).
        custom = [f for f in fonts if f["isCustomFont"]]
        assert {f["familyName"] for f in custom} == {TIBETAN_FONT}, fonts
        assert sum(f["glyphCount"] for f in custom) > 200, fonts
        assert sum(f["glyphCount"] for f in fonts if not f["isCustomFont"]) < 60, fonts
    hall = sample.place("hall", "ganxipo")
    # On the words themselves: SVG text is hit only where it is painted, and the middle of
    # a label of several lines may be the gap between two of them.
    svg.locator('a[href="../../halls/ganxipo/"] tspan').first.click()
    page.wait_for_url(sample_served.url + prefix + "halls/ganxipo/")
    assert page.locator("article h1").inner_text().strip() == sample.name(lang, hall)
    assert tab.blocked == []


def test_tibetan_map_uses_the_site_tibetan_font(
    sample_served: Served, tab: Tab, sample: Sample
) -> None:
    page = tab.page
    town = sample.place("town", "sijing")
    # The map document on its own (as the frame shows it, and "full screen").
    page.goto(sample_served.url + "bo/map/map.html")
    page.locator(f'.corridor-marker[title="{sample.name("bo", town)}"]').focus()
    page.keyboard.press("Enter")
    page.locator(".leaflet-popup-content h2").wait_for()
    page.evaluate("document.fonts.ready")
    fonts = platform_fonts(page, ".leaflet-popup-content h2, .leaflet-control-layers label")
    tibetan = [f for f in fonts if f["familyName"] == TIBETAN_FONT]
    assert tibetan and all(f["isCustomFont"] for f in tibetan), fonts
    assert any("/bo/assets/fonts/tibetan-" in url for url in tab.requests)


@dataclass
class Transfer:
    """Every response of a page visit, gzip-compressed as a server would send it."""

    sizes: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.sizes.values())


@pytest.fixture
def transfers(tab: Tab) -> Iterator[list[Response]]:
    responses: list[Response] = []
    tab.page.on("response", lambda response: responses.append(response))
    yield responses


def _measure(responses: list[Response]) -> Transfer:
    sizes = {}
    for response in responses:
        if response.ok and response.url.startswith("http://127.0.0.1"):
            sizes[response.url.split("/", 3)[3]] = len(gzip.compress(response.body(), 6))
    return Transfer(sizes)


def test_home_page_stays_light_and_the_map_page_carries_the_map(
    sample_served: Served, tab: Tab, transfers: list[Response]
) -> None:
    """Transfer sizes (gzip) of a first visit, recorded in build/screenshots/."""
    page = tab.page
    report: dict[str, Any] = {}
    for lang, prefix in LANGUAGES.items():
        for name, path in (("home", ""), ("map", "map/")):
            transfers.clear()
            page.context.clear_cookies()
            # A fresh cache for each visit: the first visit is what a phone on G318 pays.
            cdp = page.context.new_cdp_session(page)
            cdp.send("Network.enable")
            cdp.send("Network.clearBrowserCache")
            page.goto(sample_served.url + prefix + path)
            if name == "map":
                _map_frame(page)
            page.wait_for_load_state("networkidle")
            measured = _measure(transfers)
            report[f"{lang} {name}"] = {"total_gzip_bytes": measured.total, **measured.sizes}
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "transfer-sizes.json").write_text(
        json.dumps(report, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    for lang in LANGUAGES:
        home, full = report[f"{lang} home"], report[f"{lang} map"]
        assert not any("leaflet" in url for url in home)
        # The map page adds Leaflet (about 50 kB gzip) and the map document to the page.
        assert full["total_gzip_bytes"] - home["total_gzip_bytes"] > 40_000, (home, full)


# Whether the page's own town, on the strip map `e`, is within the strip's visible box.
TOWN_IN_VIEW = """e => {
    const town = e.querySelector('[aria-current="page"]').getBoundingClientRect();
    const box = e.getBoundingClientRect();
    return town.left >= box.left && town.right <= box.right;
}"""


@pytest.mark.parametrize("lang", ["zh", "bo"])
def test_screenshots_of_the_maps_on_a_phone_and_a_desktop(
    sample_served: Served, tab: Tab, sample: Sample, lang: str
) -> None:
    """Pictures to look at: home with its strip map, a town page, the map with a popup open."""
    page = tab.page
    prefix = LANGUAGES[lang]
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    town = sample.place("town", "sijing")
    for width, height, device in ((390, 844, "phone"), (1280, 900, "desktop")):
        page.set_viewport_size({"width": width, "height": height})
        for slug, path in (("home", ""), ("town", "towns/chengxiang/")):
            page.goto(sample_served.url + prefix + path)
            page.evaluate("document.fonts.ready")
            strip = page.locator(".corridor-strip")
            strip.scroll_into_view_if_needed()
            assert _no_page_overflow(page), (lang, path, device)
            assert page.evaluate(NARROW_TEXT_BLOCKS) == [], (lang, path, device)
            if device == "phone":
                # The strip keeps legible labels and scrolls inside its own box.
                assert strip.evaluate("e => e.scrollWidth > e.clientWidth")
                if slug == "town":  # chengxiang, fourth from the west: off screen unscrolled
                    assert strip.evaluate(TOWN_IN_VIEW), (lang, "the page's town is off screen")
            else:
                assert strip.evaluate("e => e.scrollWidth <= e.clientWidth")
            page.screenshot(path=str(SCREENSHOTS / f"site-map-{lang}-{slug}-{device}.png"))
        page.goto(sample_served.url + prefix + "map/")
        frame = _map_frame(page)
        page.locator(FRAME).scroll_into_view_if_needed()
        _open_popup(page, frame, sample.name(lang, town))
        # Popups fade in (0.2 s): wait until fully drawn.
        page.wait_for_timeout(400)
        assert _no_page_overflow(page), (lang, "map/", device)
        page.screenshot(path=str(SCREENSHOTS / f"site-map-{lang}-map-popup-{device}.png"))
