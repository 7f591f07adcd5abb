"""The maps in a real browser (Debian's chromium through Playwright), served on 127.0.0.1.

What a visitor would notice: markers and the route appear, a popup opens (by mouse and by
keyboard) and its link reaches the record's page, nothing is requested from any host but the
tile server, and Tibetan is drawn with a Tibetan font. Screenshots are written to
build/screenshots/ to be looked at.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from corridor.maps import Tiles, strip_map_svg
from corridor.maps.assets import VENDOR_FOLDER
from corridor.maps.interactive import map_html
from corridor.records import load_corridor
from tests.browser.browsing import serve_folder
from tests.conftest import ROOT
from tests.maps_text import bo_sample, chinese, from_table

pytestmark = pytest.mark.browser

TILE_HOST = "tile.openstreetmap.org"
SCREENSHOTS = ROOT / "build" / "screenshots"
TIBETAN_FONTS = {"Noto Serif Tibetan", "Noto Sans Tibetan"}


def _stub_page(folder: Path, title: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "index.html").write_text(
        f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{title}</title></head>'
        f"<body><h1>{title}</h1></body></html>",
        encoding="utf-8",
    )


def _strip_page(svg: str, language: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="{language}"><head><meta charset="utf-8">'
        f'<title>strip</title></head><body style="margin: 0">{svg}</body></html>'
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sample corridor's maps in zh and bo, with stub record pages, on 127.0.0.1."""
    root = tmp_path_factory.mktemp("site")
    loaded = load_corridor(ROOT)
    assert loaded.corridor is not None and loaded.route is not None
    corridor, route = loaded.corridor, loaded.route
    shutil.copytree(ROOT / VENDOR_FOLDER, root / "assets" / "vendor")
    tiles = Tiles(corridor.info.map)
    for language, text in (("zh", chinese), ("bo", from_table(bo_sample()))):
        base = root if language == "zh" else root / language
        (base / "map").mkdir(parents=True)
        assets = "../assets/vendor/" if language == "zh" else "../../assets/vendor/"
        document = map_html(
            corridor,
            route,
            tiles,
            language=language,
            text=text,
            site_root="../",
            assets_url=assets,
        )
        (base / "map" / "index.html").write_text(document, encoding="utf-8")
        svg = strip_map_svg(
            corridor, route, language=language, text=text, site_root="", highlight="chengxiang"
        )
        (base / "strip.html").write_text(_strip_page(svg, language), encoding="utf-8")
        for town in corridor.towns:
            _stub_page(base / "towns" / town.id, f"town {town.id}")
            for hall in town.halls:
                _stub_page(base / "halls" / hall.id, f"hall {hall.id}")
            for industry_base in town.bases:
                _stub_page(base / "bases" / industry_base.id, f"base {industry_base.id}")
    for served in serve_folder(root):
        yield served.url.rstrip("/")


@dataclass
class Requests:
    """What the page asked for, by kind; anything not local or tiles is a failure."""

    tiles: list[str] = field(default_factory=list)
    foreign: list[str] = field(default_factory=list)


@pytest.fixture
def page(browser: Any) -> Iterator[tuple[Any, Requests]]:
    context = browser.new_context(viewport={"width": 1000, "height": 700})
    seen = Requests()

    def intercept(route: Any) -> None:
        host = urlsplit(route.request.url).hostname or ""
        if host == "127.0.0.1":
            route.continue_()
            return
        # There is no internet here: tile requests are counted and refused, like offline.
        (seen.tiles if host == TILE_HOST else seen.foreign).append(route.request.url)
        route.abort()

    context.route("**/*", intercept)
    new_page = context.new_page()
    yield new_page, seen
    context.close()


def _fonts_of(page: Any, selector: str) -> set[str]:
    """The platform fonts chromium actually used to draw the text of the first match."""
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    document = cdp.send("DOM.getDocument", {"depth": -1})
    root = document["root"]["nodeId"]
    node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})
    fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    return {font["familyName"] for font in fonts}


def _screenshot(browser_page: Any, name: str) -> None:
    # Popups fade in (0.2 s): wait until they are fully drawn before taking the picture.
    browser_page.wait_for_timeout(400)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser_page.screenshot(path=str(SCREENSHOTS / name))


def test_map_shows_route_and_markers_and_loads_nothing_foreign(site: str, page: Any) -> None:
    browser_page, seen = page
    browser_page.goto(f"{site}/map/")
    browser_page.wait_for_selector(".corridor-marker")
    assert browser_page.locator(".corridor-marker-town").count() == 5
    assert browser_page.locator(".corridor-marker-hall").count() == 5
    assert browser_page.locator(".corridor-marker-base").count() == 5
    # The route: the white casing and the dashed red line.
    assert browser_page.locator("path.leaflet-interactive").count() == 2
    assert browser_page.locator('path[stroke-dasharray="12 8"]').count() == 1
    labels = browser_page.locator(".leaflet-control-layers-overlays label").all_inner_texts()
    assert [label.strip() for label in labels] == [
        "G318 线路（示意）",
        "乡镇",
        "民族风情展示馆",
        "特色产业示范基地",
    ]
    assert "线路为示意线" in browser_page.locator(".corridor-map-note").inner_text()
    assert "OpenStreetMap" in browser_page.locator(".leaflet-control-attribution").inner_text()
    assert seen.foreign == []
    assert seen.tiles, "the tile server should have been asked for tiles"
    _screenshot(browser_page, "map-zh.png")


def test_popup_link_reaches_the_record_page(site: str, page: Any) -> None:
    browser_page, seen = page
    browser_page.goto(f"{site}/map/")
    browser_page.locator('.corridor-marker[title="甘溪坡茶马古道陈列馆"]').click()
    popup = browser_page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert "甘溪坡茶马古道陈列馆" in popup.locator("h2").inner_text()
    link = popup.locator("a")
    assert link.get_attribute("href") == "../halls/ganxipo/"
    _screenshot(browser_page, "map-zh-popup.png")
    link.click()
    browser_page.wait_for_url(f"{site}/halls/ganxipo/")
    assert browser_page.title() == "hall ganxipo"
    assert seen.foreign == []


def test_markers_work_from_the_keyboard(site: str, page: Any) -> None:
    browser_page, _ = page
    browser_page.goto(f"{site}/map/")
    marker = browser_page.locator('.corridor-marker[title="始阳镇"]')
    assert marker.get_attribute("role") == "button" and marker.get_attribute("tabindex") == "0"
    marker.focus()
    browser_page.keyboard.press("Enter")
    browser_page.locator(".leaflet-popup-content h2").wait_for()
    assert browser_page.locator(".leaflet-popup-content h2").inner_text() == "始阳镇"


def test_tibetan_map_draws_tibetan_with_a_tibetan_font(site: str, page: Any) -> None:
    browser_page, seen = page
    browser_page.goto(f"{site}/bo/map/")
    browser_page.locator('.corridor-marker[title="སི་ཅིང་གྲོང་རྡལ།"]').click()
    heading = browser_page.locator(".leaflet-popup-content h2")
    heading.wait_for()
    assert heading.inner_text() == "སི་ཅིང་གྲོང་རྡལ།"
    assert _fonts_of(browser_page, ".leaflet-popup-content h2") <= TIBETAN_FONTS
    assert browser_page.locator(".leaflet-popup-content a").get_attribute("href") == (
        "../towns/sijing/"
    )
    assert seen.foreign == []
    _screenshot(browser_page, "map-bo-popup.png")


@pytest.mark.parametrize("language", ["zh", "bo"])
def test_strip_map_renders_and_links(site: str, page: Any, language: str) -> None:
    browser_page, seen = page
    prefix = "" if language == "zh" else "/bo"
    browser_page.goto(f"{site}{prefix}/strip.html")
    svg = browser_page.locator("svg")
    box = svg.bounding_box()
    assert box is not None and box["width"] == 960
    links = svg.locator("a")
    assert links.count() == 15
    current = svg.locator('a[aria-current="page"]')
    assert current.get_attribute("href") == "towns/chengxiang/"
    if language == "bo":
        assert _fonts_of(browser_page, "svg a text") <= TIBETAN_FONTS
    assert seen.foreign == [] and seen.tiles == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    svg.screenshot(path=str(SCREENSHOTS / f"strip-{language}.png"))
    current.click()
    browser_page.wait_for_url(f"{site}{prefix}/towns/chengxiang/")
