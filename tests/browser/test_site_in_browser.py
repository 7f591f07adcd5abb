"""The built site in a real browser (Debian's chromium), served on 127.0.0.1."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from corridor.urls import LANGUAGE_ROOTS
from tests.browser.browsing import Served, Tab, platform_fonts, tile_hosts
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

LANGUAGES = LANGUAGE_ROOTS
SCREENSHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"

# Marks the headings, paragraphs, list items and nav links whose text is all Tibetan.
MARK_TIBETAN = """() => {
  const blocks = 'article h1, article h2, article p, article li, .md-nav__link';
  for (const el of document.querySelectorAll(blocks)) {
    const text = el.textContent.trim();
    if (/[\\u0f00-\\u0fff]/.test(text) && !/[\\u3400-\\u9fff]/.test(text)) {
      el.setAttribute('data-tibetan', '');
    }
  }
}"""
# Whether any marked element's font stack leaves out the Tibetan web font.
TIBETAN_IN_OTHER_FONT = """() => [...document.querySelectorAll('[data-tibetan]')].some(el =>
  getComputedStyle(el).fontFamily.indexOf('Corridor Tibetan') < 0)"""
# Visible text blocks narrower than three characters of their own font but taller than three
# lines: text wrapping a character per line.
NARROW_TEXT_BLOCKS = """() => [...document.querySelectorAll('article *, .md-footer *')]
  .filter(el => {
    const texts = [...el.childNodes].filter(n => n.nodeType === 3);
    if (!texts.some(n => n.textContent.trim().length > 3)) return false;
    const box = el.getBoundingClientRect();
    if (!box.width || !box.height) return false;
    const size = parseFloat(getComputedStyle(el).fontSize);
    return box.width < 3 * size && box.height > 3 * size;
  })
  .map(el => el.outerHTML.slice(0, 120))"""


def test_every_page_loads_in_each_language_with_its_lang(sample_served: Served, tab: Tab) -> None:
    pages = sample_served.pages()
    assert len(pages) > 20 and "map/" in pages
    local = sample_served.url.split("/")[2]
    tiles = tile_hosts(ROOT)
    for lang, prefix in LANGUAGES.items():
        for path in pages:
            tab.requests.clear()
            response = tab.page.goto(sample_served.url + prefix + path)
            assert response is not None and response.status == 200, prefix + path
            assert tab.page.evaluate("document.documentElement.lang") == lang
            # Only the map page asks another host: the tile server (refused: no internet).
            allowed = {local} | (tiles if path == "map/" else set())
            assert tab.hosts() <= allowed, (prefix + path, tab.hosts())


def _switch(page: Page, name: str) -> None:
    page.locator("button.md-header__button[aria-label]").filter(
        has=page.locator("svg")
    ).last.hover()
    page.get_by_role("link", name=name, exact=True).click()


def test_switcher_lands_on_the_same_page(sample_served: Served, tab: Tab) -> None:
    page = tab.page
    page.goto(sample_served.url + "halls/ganxipo/")
    _switch(page, "བོད་ཡིག")
    expect(page).to_have_url(sample_served.url + "bo/halls/ganxipo/")
    assert page.evaluate("document.documentElement.lang") == "bo"
    _switch(page, "English")
    expect(page).to_have_url(sample_served.url + "en/halls/ganxipo/")
    _switch(page, "中文")
    expect(page).to_have_url(sample_served.url + "halls/ganxipo/")
    assert tab.hosts() == {sample_served.url.split("/")[2]}


def _search(page: Page, url: str, query: str) -> list[str]:
    page.goto(url)
    box = page.locator("input.md-search__input")
    box.click()
    box.fill(query)
    # Material searches on key events; text put in by an input method (or by fill) needs one.
    box.press("End")
    results = page.locator("li.md-search-result__item > a")
    expect(results.first).to_be_visible(timeout=15_000)
    return [str(results.nth(i).get_attribute("href")) for i in range(results.count())]


def test_search_finds_tea_horse_road_in_chinese(sample_served: Served, tab: Tab) -> None:
    found = _search(tab.page, sample_served.url, "茶马古道")
    assert any("halls/ganxipo/" in href for href in found), found


def test_search_finds_a_tibetan_syllable(fixture_served: Served, tab: Tab) -> None:
    # ཚོང is one syllable of ཇ་རྟའི་ཚོང་ལམ། (the Tea-Horse Road) in the hall's theme.
    found = _search(tab.page, fixture_served.url + "bo/", "ཚོང")
    assert any("halls/alpha-hall/" in href for href in found), found


def test_search_finds_tea_in_english(sample_served: Served, tab: Tab) -> None:
    found = _search(tab.page, sample_served.url + "en/", "tea")
    assert any("bases/sijing-tea/" in href for href in found), found


def test_search_finds_tea_in_the_english_fixture(fixture_served: Served, tab: Tab) -> None:
    found = _search(tab.page, fixture_served.url + "en/", "tea")
    assert any("bases/alpha-tea/" in href for href in found), found


def test_tibetan_is_rendered_with_the_subset_noto_serif_tibetan(
    fixture_served: Served, tab: Tab
) -> None:
    page = tab.page
    page.goto(fixture_served.url + "bo/halls/alpha-hall/")
    page.evaluate("document.fonts.ready")
    # Paragraphs and headings whose text is all Tibetan (no Chinese fallback inside).
    page.evaluate(MARK_TIBETAN)
    fonts = platform_fonts(page, "[data-tibetan]")
    tibetan = [f for f in fonts if f["familyName"] == "Noto Serif Tibetan"]
    assert tibetan and all(f["isCustomFont"] for f in tibetan), fonts
    # Every glyph of Tibetan text came from the web font: none from a fallback font
    # (that would be a glyph the subset lacks: tofu) ...
    others = {f["familyName"] for f in fonts if not f["isCustomFont"]}
    tibetan_elsewhere = page.evaluate(TIBETAN_IN_OTHER_FONT)
    assert not tibetan_elsewhere
    # ... system fonts only draw the spaces, digits and Latin letters around it.
    assert all(f["glyphCount"] < 40 for f in fonts if f["familyName"] in others), fonts
    font_requests = [url for url in tab.requests if url.endswith(".woff2")]
    assert font_requests and all("/bo/assets/fonts/tibetan-" in url for url in font_requests)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(SCREENSHOTS / "fixture-bo-hall-phone.png"), full_page=True)


def test_no_request_leaves_the_site(sample_served: Served, tab: Tab) -> None:
    for prefix in LANGUAGES.values():
        for path in ("", "halls/ganxipo/", "towns/labahe/", "about-data/"):
            tab.page.goto(sample_served.url + prefix + path)
            tab.page.wait_for_load_state("networkidle")
        _search(tab.page, sample_served.url + prefix, "318")
    assert tab.hosts() == {sample_served.url.split("/")[2]}


@pytest.mark.parametrize("width", [320, 390])
def test_no_text_wraps_one_character_per_line_on_phones(
    sample_served: Served, fixture_served: Served, tab: Tab, width: int
) -> None:
    tab.page.set_viewport_size({"width": width, "height": 800})
    for served, path in [
        (sample_served, ""),
        (sample_served, "bo/halls/ganxipo/"),
        (sample_served, "en/halls/ganxipo/"),
        (fixture_served, "bo/halls/alpha-hall/"),
        (sample_served, "visiting/"),
        (sample_served, "bo/about-data/"),
        (sample_served, "bo/towns/shiyang/"),
        (sample_served, "bo/map/"),
    ]:
        tab.page.goto(served.url + path)
        narrow = tab.page.evaluate(NARROW_TEXT_BLOCKS)
        assert narrow == [], (path, narrow)
        overflow = tab.page.evaluate(
            "document.documentElement.scrollWidth > document.documentElement.clientWidth"
        )
        assert not overflow, path


@pytest.mark.parametrize("lang", ["zh", "bo", "en"])
def test_no_serious_accessibility_violations(sample_served: Served, tab: Tab, lang: str) -> None:
    axe = Axe()
    for path in (
        "",
        "halls/ganxipo/",
        "bases/sijing-tea/",
        "towns/labahe/",
        "visiting/",
        "about-data/",
        "site/",
        "map/",
        # The interactive map on its own (the frame's document, and "full screen").
        "map/map.html",
    ):
        tab.page.goto(sample_served.url + LANGUAGES[lang] + path)
        results = axe.run(tab.page)
        serious = [
            (v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert serious == [], (lang, path, serious)


@pytest.mark.parametrize("lang", ["zh", "bo", "en"])
def test_screenshots_phone_and_desktop(sample_served: Served, tab: Tab, lang: str) -> None:
    """Screenshots for people to look at (build/screenshots); the page must not scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for width, height, name in ((390, 844, "phone"), (1280, 900, "desktop")):
        tab.page.set_viewport_size({"width": width, "height": height})
        for path in ("", "halls/ganxipo/"):
            tab.page.goto(sample_served.url + LANGUAGES[lang] + path)
            slug = re.sub(r"[^a-z0-9]+", "-", path).strip("-") or "home"
            tab.page.screenshot(
                path=str(SCREENSHOTS / f"{lang}-{slug}-{name}.png"), full_page=(name == "phone")
            )
