"""Record text and translations are data in every output: generated hostile strings (hypothesis).

Each example puts one hostile string into every translatable field of the two-town corridor
and another into every Tibetan and English catalogue entry, then draws the map in three
languages and writes the open data. The strings must come out literally (escaped for where
they stand), never evaluated, and never stop the build with an exception.

The examples hypothesis finds failing are kept in tests/.hypothesis (see tests/conftest.py),
so a failure replays on the next run, on any machine that has the repository.
"""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

from hypothesis import example, given, settings

from corridor.i18n.catalogues import Catalogues
from corridor.maps import Tiles
from corridor.maps.interactive import map_html
from corridor.maps.places import MESSAGES
from corridor.model import MapSettings
from corridor.opendata import render
from corridor.records import load_corridor
from tests.conftest import FIXTURES
from tests.hostile import EVALUATED, EVERYTHING, hostile_catalog, hostile_text, poison_records

LANGS = ("zh", "bo", "en")
# A JavaScript string literal as folium and our templates write them (JSON).
_JS_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')


class _Text(HTMLParser):
    """The text a browser shows for an HTML fragment, and its attribute values."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.parts.extend(value for _, value in attrs if value)


def shown_strings(document: str) -> list[str]:
    """Every string the map document hands the browser: JS strings, and the HTML inside them."""
    found: list[str] = []
    parser = _Text()
    parser.feed(document)
    found.extend(parser.parts)
    for literal in _JS_STRING.findall(document):
        try:
            value = json.loads(literal)
        except json.JSONDecodeError:
            continue
        found.append(value)
        inner = _Text()
        inner.feed(value)
        found.extend(inner.parts)
    return found


def draw(root: Path, catalogues: Catalogues, lang: str) -> str:
    loaded = load_corridor(root)
    assert loaded.corridor is not None and loaded.route is not None, loaded.problems
    return map_html(
        loaded.corridor,
        loaded.route,
        Tiles(MapSettings()),
        language=lang,
        text=lambda context, source: catalogues.translate(lang, context, source).text,
        site_root="../",
        assets_url="../assets/vendor/",
    )


@settings(max_examples=25)
@given(record=hostile_text(), translation=hostile_text())
@example(record="思经镇{{ 6*7 }}", translation="ཐེན{{ 7*7 }}")
@example(record="甲{% raw %}乙", translation="甲{{乙")
@example(record=EVERYTHING, translation=EVERYTHING[::-1])
def test_hostile_text_is_literal_on_the_map_and_in_the_open_data(
    record: str, translation: str
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "project"
        shutil.copytree(FIXTURES / "corridor", root)
        messages = poison_records(root, lambda message: record)
        entries = [(m.context, record) for m in messages] + list(MESSAGES.items())
        catalogues = Catalogues(
            {lang: hostile_catalog(lang, entries, translation) for lang in ("bo", "en")}
        )
        loaded = load_corridor(root)
        errors = [p.render() for p in loaded.problems if p.is_error]
        assert not errors, errors

        for lang, expected in (("zh", record), ("bo", translation), ("en", translation)):
            document = draw(root, catalogues, lang)
            assert not EVALUATED.search(document), lang
            assert not EVALUATED.search(html.unescape(document)), lang
            shown = shown_strings(document)
            # Every place's name is shown as typed (marker title, popup heading, legend...).
            assert shown.count(expected) >= 6, (lang, expected[:80])

        files = render(
            loaded.corridor, catalogues, LANGS, "https://example.org/", route=loaded.route
        )  # type: ignore[arg-type]
        for name, text in files.items():
            assert not EVALUATED.search(text), name
        rows = list(csv.DictReader(io.StringIO(files["data/places.csv"])))
        assert rows and all(row["name_zh"] == record for row in rows)
        assert all(row["name_bo"] == translation for row in rows)
        places = json.loads(files["data/places.json"])
        assert {place["name_en"] for place in places} == {translation}
        geojson = json.loads(files["data/corridor.geojson"])
        names = {f["properties"].get("name_zh") for f in geojson["features"][1:]}
        assert names == {record}
