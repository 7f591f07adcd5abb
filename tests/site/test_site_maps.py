"""The maps and the open data in the built website (real `corridor build`, real mkdocs).

Strip maps inline on the home and town pages with links that reach built pages, the map
page in every language framing the interactive map whose assets and popup links exist, the
home page free of Leaflet, the open data written once and valid, and a Tianditu
configuration without its key stopping the build instead of drawing a blank map.
"""

from __future__ import annotations

import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path

import pytest

from corridor.i18n.catalogues import load_catalogues
from corridor.maps import corridor_places
from corridor.records import load_corridor
from tests.conftest import ROOT, TmpCorridor, build_site, site_project_like, tree_digest
from tests.maps_text import map_texts

LANGUAGES = {"zh": "", "bo": "bo/", "en": "en/"}
STRIP = re.compile(r'<div class="corridor-strip" data-search-exclude>.*?</svg>', re.S)
DATA_FILES = ("corridor.geojson", "places.csv", "places.json", "datapackage.json")
TIANDITU = (
    "map:\n  tiles: tianditu\n  tianditu:\n    approval: GS(2024)0650号\n"
    "  west_end: 西边\n  east_end: 东边\n"
)
TIANDITU_KEY = "0123456789abcdef0123456789abcdef"


def page_html(site: Path, url: str) -> str:
    return (site / url / "index.html").read_text(encoding="utf-8")


def target(site: Path, page_url: str, href: str) -> Path:
    """The file a relative link on the page at `page_url` (from the site root) reaches."""
    assert not href.startswith(("/", "http:", "https:")), href
    path = posixpath.normpath(posixpath.join(page_url, href.split("#")[0]))
    assert not path.startswith(".."), f"{href} leaves the site from {page_url}"
    return site / path / "index.html" if href.endswith("/") else site / path


def site_url() -> str:
    found = re.search(r"^site_url: (\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)
    assert found
    return found[1]


def strip_of(text: str) -> str:
    strips = STRIP.findall(text)
    assert len(strips) == 1, len(strips)
    return strips[0]


def check_strip_pages(site: Path, town_ids: list[str], places: int) -> None:
    for prefix in LANGUAGES.values():
        for page in ["", *(f"towns/{town}/" for town in town_ids)]:
            url = prefix + page
            svg = strip_of(page_html(site, url))
            hrefs = re.findall(r'<a href="([^"]+)"', svg)
            assert len(hrefs) == places, url
            for href in hrefs:
                assert target(site, url, href).is_file(), (url, href)
            current = re.findall(r'<a href="([^"]+)" aria-current="page">', svg)
            if page:
                # The town's own name is marked current and reaches the page it sits on.
                assert len(current) == 1, url
                assert target(site, url, current[0]) == site / url / "index.html"
                assert 'fill="#fbefe0"' in svg  # the highlight behind its column
            else:
                assert current == [] and 'fill="#fbefe0"' not in svg


def test_strip_maps_link_only_to_pages_that_exist(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site"
    check_strip_pages(site, ["alpha", "beta"], 6)
    # Each page's strip map speaks its language.
    assert "Jia Town" in strip_of(page_html(site, "en/"))
    assert 'lang="bo"' in strip_of(page_html(site, "bo/towns/beta/"))


def test_sample_strip_maps_highlight_each_town_and_link_only_to_built_pages(
    sample_site: Path,
) -> None:
    corridor = load_corridor(ROOT).corridor
    assert corridor is not None
    towns = [town.id for town in corridor.towns]
    check_strip_pages(sample_site, towns, len(list(corridor_places(corridor))))


def test_strip_map_stays_out_of_the_search_index(fixture_site: Path) -> None:
    index = json.loads(
        (fixture_site / "build" / "site" / "search" / "search_index.json").read_text("utf-8")
    )
    alpha = " ".join(d["text"] for d in index["docs"] if d["location"] == "towns/alpha/")
    # beta's hall is named on alpha's strip map, never in alpha's text.
    assert "乙乡展示馆" not in alpha and "乙乡" not in alpha


def test_map_page_frames_the_interactive_map_in_every_language(sample_site: Path) -> None:
    corridor = load_corridor(ROOT).corridor
    assert corridor is not None
    catalogues, _ = load_catalogues(ROOT, list(LANGUAGES))
    places = list(corridor_places(corridor))
    for lang, prefix in LANGUAGES.items():
        title = catalogues.gettext(lang).gettext("走廊地图")
        page = page_html(sample_site, prefix + "map/")
        assert f'<html lang="{lang}"' in page
        frame_title = catalogues.translate(lang, "map:title", "走廊地图").text
        assert f'<iframe src="map.html" title="{frame_title}">' in page
        assert "OpenStreetMap contributors" in page.split('class="corridor-map-credit"')[1]
        # The navigation of every page has the map page, under its translated name.
        home = page_html(sample_site, prefix)
        nav = home[home.index('<nav class="md-nav md-nav--primary"') :]
        assert re.search(rf'href="map/"[^>]*>\s*<span class="md-ellipsis">\s*{title}\s*<', nav)
        document = (sample_site / prefix / "map" / "map.html").read_text(encoding="utf-8")
        assert f'<html lang="{lang}">' in document
        url = prefix + "map/"
        assets = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', document)
        assert any(a.endswith("leaflet.js") for a in assets)
        assert any(a.endswith("leaflet.css") for a in assets)
        for asset in assets:
            assert target(sample_site, url, asset).is_file(), (lang, asset)
        # Every popup links to its record's page in this language, and the page exists.
        links = re.findall(r'href=\\"([^"\\]+)\\" target=\\"_top\\"', document)
        assert len(links) == len(places)
        for href in links:
            assert target(sample_site, url, href).is_file(), (lang, href)


def test_home_page_loads_no_map_script(sample_site: Path) -> None:
    for prefix in LANGUAGES.values():
        home = page_html(sample_site, prefix)
        assert "leaflet" not in home.lower() and "<iframe" not in home
        assert re.search(r'<a class="md-button corridor-map-button" href="map/">', home)
        assert (sample_site / prefix / "map" / "index.html").is_file()


def test_open_data_is_published_once_for_the_whole_site(sample_site: Path) -> None:
    assert sorted(p.name for p in (sample_site / "data").iterdir()) == sorted(DATA_FILES)
    assert not (sample_site / "bo" / "data").exists()
    assert not (sample_site / "en" / "data").exists()


def test_published_data_package_is_valid(sample_site: Path) -> None:
    result = subprocess.run(
        [
            Path(sys.executable).parent / "frictionless",
            "validate",
            "--json",
            str(sample_site / "data" / "datapackage.json"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stdout)
    assert result.returncode == 0 and report["valid"], result.stdout[:3000]
    checked = {task["name"] for task in report["tasks"]}
    assert checked == {"places", "places-json", "corridor-geojson"}


def test_geojson_has_every_place_in_every_language_and_its_pages(sample_site: Path) -> None:
    corridor = load_corridor(ROOT).corridor
    assert corridor is not None
    data = json.loads((sample_site / "data" / "corridor.geojson").read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    features = {feature["id"]: feature for feature in data["features"]}
    assert features["route"]["geometry"]["type"] == "LineString"
    expected = {f"{place.kind}/{place.id}" for place in corridor_places(corridor)}
    assert set(features) - {"route"} == expected
    assert {feature.split("/")[0] for feature in expected} == {"town", "hall", "base"}
    root_url = site_url()
    for key in expected:
        feature = features[key]
        lon, lat = feature["geometry"]["coordinates"]
        assert 102 < lon < 104 and 29 < lat < 31
        properties = feature["properties"]
        for lang, prefix in LANGUAGES.items():
            assert properties[f"name_{lang}"].strip(), (key, lang)
            url = properties[f"url_{lang}"]
            assert url.startswith(root_url + prefix), url
            assert target(sample_site, "", url.removeprefix(root_url)).is_file(), url
        assert re.search(r"[\u0f00-\u0fff]", properties["name_bo"]), key
        assert re.fullmatch(r"[ -~’–]+", properties["name_en"]), key


def test_about_data_page_links_to_the_open_data_in_every_language(sample_site: Path) -> None:
    for prefix in LANGUAGES.values():
        url = prefix + "about-data/"
        page = page_html(sample_site, url)
        for name in DATA_FILES:
            found = re.findall(rf'<a href="([^"]+/{re.escape(name)})">', page)
            assert len(found) == 1, (url, name)
            assert target(sample_site, url, found[0]) == sample_site / "data" / name


@pytest.fixture
def project(fixture_site: Path, tmp_path: Path) -> TmpCorridor:
    return site_project_like(fixture_site, tmp_path / "project")


def test_tianditu_without_its_key_stops_the_build_and_with_it_shows_the_approval_number(
    project: TmpCorridor,
) -> None:
    assert build_site(project.root, "--lang", "zh").code == 0
    before = tree_digest(project.root / "build" / "site")
    project.write("sites/corridor.yml", project.read("sites/corridor.yml") + TIANDITU)
    message = (
        "map.tianditu.key_env: the map uses Tianditu tiles, but the environment variable "
        "TIANDITU_TK holding its key (tk) is not set"
    )
    run = build_site(project.root, env={"TIANDITU_TK": ""})
    assert run.code == 1
    assert re.search(r"^sites/corridor\.yml:\d+:\d+: " + re.escape(message), run.out, re.M)
    assert tree_digest(project.root / "build" / "site") == before
    # mkdocs on its own (what `corridor serve` runs) stops the same way.
    plain = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project.root / "plain")],
        cwd=project.root,
        env={**os.environ, "TIANDITU_TK": "", "CORRIDOR_LANGUAGE": "bo"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert plain.returncode != 0 and message in plain.stderr
    assert not (project.root / "plain" / "map").exists()

    run = build_site(project.root, "--lang", "zh", env={"TIANDITU_TK": TIANDITU_KEY})
    assert run.code == 0, run.out + run.err
    site = project.root / "build" / "site"
    document = (site / "map" / "map.html").read_text(encoding="utf-8")
    assert "tianditu.gov.cn" in document and "openstreetmap" not in document
    attributions = [t for key, t in map_texts(document).items() if key.endswith("_attribution")]
    assert any("审图号：GS(2024)0650号" in a for a in attributions), attributions
    credit = page_html(site, "map/").split('class="corridor-map-credit"')[1]
    assert "审图号：GS(2024)0650号" in credit.split("</p>")[0]
