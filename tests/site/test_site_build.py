"""The real mkdocs build of the website: every language, strict, atomic and deterministic."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
from fontTools.ttLib import TTFont

from tests.conftest import (
    ROOT,
    TmpCorridor,
    build_site,
    site_project_like,
    tree_digest,
)

LANGUAGES = {"zh": "", "bo": "bo/", "en": "en/"}
PAGES = [
    "",
    "map/",
    "towns/",
    "towns/alpha/",
    "towns/beta/",
    "halls/",
    "halls/alpha-hall/",
    "halls/beta-hall/",
    "bases/",
    "bases/alpha-tea/",
    "bases/beta-herb/",
    "visiting/",
    "about-data/",
    "site/",
]


def html(site: Path, lang: str, page: str) -> str:
    return (site / LANGUAGES[lang] / page / "index.html").read_text(encoding="utf-8")


def search_index(site: Path, lang: str) -> dict:  # type: ignore[type-arg]
    path = site / LANGUAGES[lang] / "search" / "search_index.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


@pytest.fixture
def project(fixture_site: Path, tmp_path: Path) -> TmpCorridor:
    return site_project_like(fixture_site, tmp_path / "project")


def test_every_page_is_built_in_every_language(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site"
    for lang in LANGUAGES:
        for page in PAGES:
            text = html(site, lang, page)
            assert f'<html lang="{lang}" class="no-js">' in text, (lang, page)


def test_build_output_is_clean_of_warnings(tmp_path: Path, fixture_site: Path) -> None:
    project = site_project_like(fixture_site, tmp_path / "project")
    run = build_site(project.root, "--lang", "bo")
    assert run.code == 0
    # No mkdocs or template warning: only the one line counting content in progress
    # (the fixture's unreviewed translations), then the build's own line.
    counted, built = run.out.splitlines()
    assert re.fullmatch(
        r"0 errors, \d+ warnings in \d+ files: `corridor check` lists them", counted
    )
    assert built.startswith("built build/site/ in "), run.out
    assert run.err == ""


def test_language_switcher_and_hreflang_point_at_the_same_page(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site"
    for lang, prefix in LANGUAGES.items():
        sitemap = (site / prefix / "sitemap.xml").read_text(encoding="utf-8")
        # By path: the sitemap holds the absolute addresses under mkdocs.yml's site_url.
        entries = {
            urlsplit(loc).path: {
                found: urlsplit(href).path for found, href in ALTERNATE.findall(body)
            }
            for loc, body in re.findall(r"<loc>([^<]+)</loc>(.*?)</url>", sitemap, re.S)
        }
        for page in PAGES:
            text = html(site, lang, page)
            here = f"https://site.test/{prefix}{page}"
            switcher = dict(
                (found_lang, href)
                for href, found_lang in re.findall(
                    r'<a href="([^"]+)" hreflang="([a-z]+)" lang="[a-z]+" class="md-select__link"',
                    text,
                )
            )
            # No alternates in the head: Material would fetch a sitemap.xml beside each.
            assert '<link rel="alternate"' not in text
            alternates = entries[f"/{prefix}{page}"]
            assert sorted(switcher) == ["bo", "en", "zh"], (lang, page)
            for other, other_prefix in LANGUAGES.items():
                expected = f"https://site.test/{other_prefix}{page}"
                assert urljoin(here, switcher[other]) == expected
                assert alternates[other] == f"/{other_prefix}{page}"
            assert alternates["x-default"] == f"/{page}"


ALTERNATE = re.compile(r'<xhtml:link rel="alternate" hreflang="([a-z-]+)" href="([^"]+)"/>')


def test_footer_shows_filing_number_and_publisher_on_every_page(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site"
    for lang in LANGUAGES:
        for page in PAGES:
            text = html(site, lang, page)
            footer = text[text.index('<div class="md-copyright">') :]
            assert 'href="https://beian.miit.gov.cn/"' in footer
            assert "蜀ICP备00000000号&#45;1</a>" in footer or "蜀ICP备00000000号-1</a>" in footer
            assert "测试县人民政府" in footer
            assert "corridor-tag--sample" in footer


def test_every_page_says_when_its_data_last_changed(fixture_site: Path) -> None:
    # The fixture is not in git: dates fall back to the corridor's `updated` (2026-01-01).
    site = fixture_site / "build" / "site"
    expected = {"zh": "数据更新于2026年1月1日", "en": "Data last changed on January 1, 2026"}
    for lang, words in expected.items():
        for page in PAGES:
            assert words in html(site, lang, page), (lang, page)
    sitemap = (site / "bo" / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {"2026-01-01"}


def test_each_language_has_its_own_search_index(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site"
    zh, bo, en = (search_index(site, lang) for lang in ("zh", "bo", "en"))
    assert "\\u0f0b" in bo["config"]["separator"] and bo["config"]["pipeline"] == []
    assert "\\u0f0b" not in zh["config"]["separator"]
    locations = {doc["location"] for doc in zh["docs"]}
    assert "halls/alpha-hall/" in locations
    bo_text = " ".join(doc["text"] for doc in bo["docs"])
    assert "ཇ་རྟའི་ཚོང་ལམ།" in bo_text
    en_titles = {doc["title"] for doc in en["docs"]}
    assert "Jia Town Tea Garden" in en_titles


def _tokens(index: dict, location: str) -> set[str]:  # type: ignore[type-arg]
    # Python's re reads the JavaScript separator as it is (\s, \uXXXX, classes).
    separator = re.compile(index["config"]["separator"])
    return {
        token
        for doc in index["docs"]
        if doc["location"].startswith(location)
        for token in separator.split(doc["title"] + " " + doc["text"])
    }


def test_chinese_proper_nouns_are_single_search_terms(fixture_site: Path) -> None:
    index = search_index(fixture_site / "build" / "site", "zh")
    assert "茶马古道" in _tokens(index, "halls/alpha-hall/")
    assert "川牛膝" in _tokens(index, "bases/beta-herb/")


def test_tibetan_is_indexed_by_syllable(fixture_site: Path) -> None:
    index = search_index(fixture_site / "build" / "site", "bo")
    tokens = _tokens(index, "halls/alpha-hall/")
    assert {"ཇ", "རྟའི", "ཚོང", "ལམ"} <= tokens


def test_tibetan_font_is_a_subset_that_covers_the_site(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site" / "bo"
    css = (site / "assets" / "stylesheets" / "corridor-fonts.css").read_text(encoding="utf-8")
    names = re.findall(r'url\("\.\./fonts/([^"]+)"\)', css)
    # One weight: browsers embolden it (a bold subset would cost every Tibetan page 100 kB).
    assert len(names) == 1
    used = {
        char
        for path in site.rglob("*.html")
        for char in path.read_text(encoding="utf-8")
        if "\u0f00" <= char <= "\u0fff"
    }
    assert len(used) > 20
    for name in names:
        path = site / "assets" / "fonts" / name
        font = TTFont(path)
        assert font.flavor == "woff2"
        cmap = font.getBestCmap()
        assert {chr(c) for c in cmap} >= used
        # A subset, not the whole font (1,891 glyphs, 157 kB as WOFF2): the characters used
        # and the stacks the layout can form from them ...
        assert len(cmap) < len(used) + 10
        assert len(font.getGlyphOrder()) < 1000 and path.stat().st_size < 100_000
        # ... that still shapes Tibetan: stacking (GSUB) and mark positioning (GPOS) survive.
        assert "GSUB" in font and "GPOS" in font
        gpos_types = {lookup.LookupType for lookup in font["GPOS"].table.LookupList.Lookup}
        assert {4, 6} & gpos_types, "mark-to-base / mark-to-mark positioning is gone"


def test_nothing_is_loaded_from_another_host(fixture_site: Path) -> None:
    site = fixture_site / "build" / "site"
    loading = re.compile(
        r"""<(?:script|img|iframe|source|audio|video)[^>]+src="(https?:)?//"""
        r"""|<link[^>]+rel="(?:stylesheet|preload|preconnect|modulepreload|icon)"[^>]+href="(https?:)?//"""
        r"""|url\(["']?(?:https?:)?//|@import\s+["']?(?:https?:)?//"""
    )
    for path in sorted(site.rglob("*")):
        if path.suffix in (".html", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not loading.search(text), path
            assert "fonts.googleapis" not in text and "fonts.gstatic" not in text


def test_navigation_is_pruned_to_the_current_town(fixture_site: Path) -> None:
    text = html(fixture_site / "build" / "site", "zh", "halls/alpha-hall/")
    start = text.index('<nav class="md-nav md-nav--primary"')
    nav = text[start : text.index('<div class="md-sidebar md-sidebar--secondary"', start)]
    assert "alpha-tea" in nav
    # The other town is listed, its pages are not (navigation.prune).
    assert "beta-hall" not in nav and "beta-herb" not in nav


HOSTILE = "<script>alert(1)</script> {{ 7*7 }} **bold** <img src=x onerror=alert(2)>"


def test_hostile_record_text_is_literal_on_the_page_and_in_search(project: TmpCorridor) -> None:
    alpha = "sites/towns/alpha.yml"
    project.replace(alpha, "summary: 甲镇简介。", f"summary: '{HOSTILE}'")
    project.replace(alpha, "name: 甲镇\n", "name: '甲镇</title><script>alert(3)</script>'\n")
    run = build_site(project.root, "--lang", "zh")
    assert run.code == 0, run.out + run.err
    site = project.root / "build" / "site"
    page = html(site, "zh", "towns/alpha/")
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "<strong>bold" not in page and "49" not in re.sub(r"<[^>]+>", "", page)[:2000]
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#123;&#123; 7&#42;7 &#125;&#125;" in page
    title = re.search(r"<title>(.*?)</title>", page)
    assert title and "&lt;/title&gt;&lt;script&gt;alert(3)" in title[1]
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "<script>" not in index and "<img" not in index
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in index
    # Every page shows the name literally, navigation included.
    for page_path in PAGES:
        assert "<script>alert(3)" not in html(site, "zh", page_path)


def test_template_error_fails_naming_the_template_and_keeps_the_old_site(
    project: TmpCorridor,
) -> None:
    assert build_site(project.root, "--lang", "zh").code == 0
    before = tree_digest(project.root / "build" / "site")
    template = project.root / "templates" / "pages" / "town.md.j2"
    lines = template.read_text(encoding="utf-8").splitlines()
    lines.insert(4, "{{ town.no_such_field }}")
    template.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run = build_site(project.root)
    assert run.code == 1
    assert "templates/pages/town.md.j2:5:1: undefined:" in run.out
    assert "no_such_field" in run.out
    assert "the previous build/site is untouched" in run.err
    assert tree_digest(project.root / "build" / "site") == before
    assert sorted(p.name for p in (project.root / "build").iterdir()) == [".cache", "site"]


def test_bad_yaml_fails_before_building_and_keeps_the_old_site(project: TmpCorridor) -> None:
    assert build_site(project.root, "--lang", "en").code == 0
    before = tree_digest(project.root / "build" / "site")
    project.replace("sites/towns/beta.yml", "kind: 乡", "kind: [乡")
    run = build_site(project.root)
    assert run.code == 1
    assert run.out.startswith("sites/towns/beta.yml:6:8: YAML syntax error")
    assert tree_digest(project.root / "build" / "site") == before


def test_two_builds_are_byte_identical(project: TmpCorridor) -> None:
    assert build_site(project.root).code == 0
    first = tree_digest(project.root / "build" / "site")
    assert build_site(project.root).code == 0
    assert tree_digest(project.root / "build" / "site") == first
    # The comparison covers the maps and the open data.
    for generated in (
        "index.html",  # the strip map
        "towns/alpha/index.html",
        "map/index.html",
        "map/map.html",
        "bo/map/map.html",
        "en/map/map.html",
        "data/corridor.geojson",
        "data/places.csv",
        "data/places.json",
        "data/datapackage.json",
    ):
        assert generated in first, generated


def test_sample_sites_build_in_three_languages(sample_site: Path) -> None:
    ids = [path.stem for path in (ROOT / "sites" / "towns").glob("*.yml")]
    for prefix in LANGUAGES.values():
        for town in ids:
            assert (sample_site / prefix / "towns" / town / "index.html").is_file()
        assert (sample_site / prefix / "halls" / "ganxipo" / "index.html").is_file()
        assert (sample_site / prefix / "bases" / "sijing-tea" / "index.html").is_file()
    zh = json.loads((sample_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert "茶马古道" in _tokens(zh, "halls/ganxipo/")
    assert "川牛膝" in _tokens(zh, "bases/labahe-achyranthes/")
