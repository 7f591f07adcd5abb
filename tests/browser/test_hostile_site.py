"""A whole site built from hostile records and hostile catalogues, opened in a real browser.

Every translatable field of the two-town corridor and every Tibetan and English catalogue
entry holds `tests.hostile.EVERYTHING` (template syntax, HTML/SVG/JS payloads, Markdown
links, bidi overrides, control characters). `corridor build` must build every language and
the open data without evaluating any of it; in chromium, no page, map popup or search result
may run a script: no dialog opens and no element carries an inline event handler.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.pofile import read_po, write_po
from playwright.sync_api import Browser, Dialog, Page, expect

from tests.browser.browsing import Served, serve_folder
from tests.browser.test_site_in_browser import _search
from tests.conftest import build_site, make_site_project
from tests.hostile import EVALUATED, EVERYTHING, TIBETAN, poison_records

pytestmark = pytest.mark.browser

LANGUAGES = {"zh": "", "bo": "bo/", "en": "en/"}
# Placeholders a translation must keep (Python %-format and the map's {name} slots).
_PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}")
# The catalogues' own format pieces would only make `corridor check` refuse the catalogue
# (a tested problem of its own): the translations keep the msgid's placeholders instead.
ENGLISH = EVERYTHING
for piece in ("{0}{km}{x.__class__}", "%(name)s %s", "${CANARY}"):
    ENGLISH = ENGLISH.replace(piece, "")
TRANSLATIONS = {"bo": TIBETAN, "en": ENGLISH}
RECORD = EVERYTHING
# What must be nowhere in the built site: a piece of the payload that only evaluation (or
# no escaping at all) would leave behind.
_RAW = ["<script>alert", "<img src=x onerror", "<svg onload", 'srcdoc="<script>']


def poison_catalogues(root: Path) -> None:
    for lang in ("bo", "en"):
        path = root / "translations" / lang / "LC_MESSAGES" / "messages.po"
        with path.open("rb") as file:
            catalog = read_po(file, locale=lang)
        for message in catalog:
            if not message.id:
                continue
            source = message.id if isinstance(message.id, str) else message.id[0]
            kept = " ".join(_PLACEHOLDER.findall(source))
            text = TRANSLATIONS[lang]
            # Format strings are checked by msgfmt: a translator gets past it by doubling.
            if "python-format" in message.flags:
                text = text.replace("%", "%%")
            if "python-brace-format" in message.flags:
                text = text.replace("{", "{{").replace("}", "}}")
            text = f"{text} {kept}".strip()
            message.string = (text, text) if isinstance(message.id, tuple) else text
        with path.open("wb") as file:
            write_po(file, catalog)


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile") / "project"
    make_site_project(root)
    poison_records(root, lambda message: RECORD)
    poison_catalogues(root)
    run = build_site(root)
    assert run.code == 0, run.out + run.err
    assert "Traceback" not in run.err
    return root / "build" / "site"


@pytest.fixture(scope="module")
def hostile_served(hostile_site: Path) -> Iterator[Served]:
    yield from serve_folder(hostile_site)


def test_nothing_is_evaluated_or_left_unescaped_anywhere(hostile_site: Path) -> None:
    checked = 0
    for path in sorted(hostile_site.rglob("*")):
        if path.suffix not in (".html", ".json", ".csv", ".geojson", ".xml", ".md", ".js"):
            continue
        if "assets" in path.relative_to(hostile_site).parts:
            continue
        text = path.read_text(encoding="utf-8")
        assert not EVALUATED.search(text), path
        # The open data is data (JSON, CSV): it keeps the text exactly, markup and all.
        if path.parent.name != "data":
            for raw in _RAW:
                assert raw not in text, (path, raw)
        checked += 1
    assert checked > 40


def test_map_documents_carry_the_text_as_typed(hostile_site: Path) -> None:
    from tests.unit.test_hostile_text import shown_strings

    for lang, prefix in LANGUAGES.items():
        document = (hostile_site / prefix / "map" / "map.html").read_text(encoding="utf-8")
        expected = RECORD if lang == "zh" else TRANSLATIONS[lang]
        assert shown_strings(document).count(expected) >= 6, lang


_HANDLERS = """() => {
  const found = [];
  const walk = (root) => {
    for (const element of root.querySelectorAll('*')) {
      for (const attribute of element.attributes) {
        const name = attribute.name.toLowerCase();
        const value = attribute.value.trim().toLowerCase();
        if (name.startsWith('on') || ((name === 'href' || name === 'src') &&
            value.startsWith('javascript:'))) {
          found.push(element.tagName + ' ' + name);
        }
      }
      if (element.tagName === 'IFRAME' && element.contentDocument) walk(element.contentDocument);
    }
  };
  walk(document);
  return found;
}"""


class Watched:
    def __init__(self, page: Page) -> None:
        self.page = page
        self.dialogs: list[str] = []
        page.on("dialog", self._dialog)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def handlers(self) -> list[str]:
        return list(self.page.evaluate(_HANDLERS))


@pytest.fixture
def watched(browser: Browser) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.route(re.compile(r"^(?!http://127\.0\.0\.1[:/]|data:|about:)"), lambda r: r.abort())
    yield Watched(context.new_page())
    context.close()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_no_page_runs_hostile_text(hostile_served: Served, watched: Watched, lang: str) -> None:
    pages = hostile_served.pages(LANGUAGES[lang])
    assert len(pages) > 10
    for page in pages:
        watched.page.goto(hostile_served.url + page)
        watched.page.wait_for_load_state("load")
        assert watched.handlers() == [], page
    assert watched.dialogs == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_map_popups_run_no_hostile_text(
    hostile_served: Served, watched: Watched, lang: str
) -> None:
    page = watched.page
    page.goto(hostile_served.url + LANGUAGES[lang] + "map/map.html")
    markers = page.locator(".leaflet-marker-icon")
    markers.first.wait_for()
    assert markers.count() == 6
    for index in range(markers.count()):
        markers.nth(index).focus()
        page.keyboard.press("Enter")
        heading = page.locator(".leaflet-popup-content h2")
        expect(heading).to_have_count(1)
        if lang != "bo":
            assert "<script>alert(1)</script>" in heading.inner_text()
        assert watched.handlers() == [], index
        page.locator(".leaflet-popup-close-button").dispatch_event("click")
        expect(heading).to_have_count(0)
    legend = page.locator(".leaflet-control-layers").inner_text()
    # The layer names are the map's own words: translated (hostile) in Tibetan and English.
    expected = {"zh": "乡镇", "bo": TIBETAN[:8], "en": "<img src=x onerror=alert(2)>"}[lang]
    assert expected in legend
    assert watched.dialogs == []


@pytest.mark.parametrize("lang", LANGUAGES)
def test_search_results_run_no_hostile_text(
    hostile_served: Served, watched: Watched, lang: str
) -> None:
    # A word of the hostile text in the language's pages (Tibetan has no Latin letters).
    query = {"zh": "甲镇", "bo": "ཐེན", "en": "alert"}[lang]
    assert _search(watched.page, hostile_served.url + LANGUAGES[lang], query)
    assert watched.handlers() == []
    assert watched.dialogs == []
