"""The interactive map as a visitor's browser receives it: what it loads, says and links to."""

from __future__ import annotations

import json
import re
import shutil
from html.parser import HTMLParser

import branca.element
import folium
import pytest

from corridor.geo import distance_m, wgs84_to_gcj02
from corridor.maps import Tiles
from corridor.maps.assets import SCRIPTS, STYLESHEETS, VENDOR_FOLDER
from corridor.maps.interactive import map_html
from corridor.model import MapSettings
from corridor.records import Loaded, load_corridor
from tests.conftest import ROOT, TmpCorridor, run_cli
from tests.maps_text import BO_FIXTURE, chinese, from_table, map_texts

OSM = Tiles(MapSettings())
AMAP = Tiles(MapSettings(tiles="amap", amap={"approval": "GS(2024)0000号"}))
TIANDITU = Tiles(
    MapSettings(tiles="tianditu", tianditu={"approval": "GS(2024)0000号"}),
    key="0123456789abcdef0123456789abcdef",
)


def loaded_from(tmp_corridor: TmpCorridor) -> Loaded:
    loaded = load_corridor(tmp_corridor.root)
    assert loaded.corridor is not None and loaded.route is not None, loaded.problems
    return loaded


def build(loaded: Loaded, tiles: Tiles = OSM, language: str = "zh", text=chinese) -> str:
    assert loaded.corridor is not None and loaded.route is not None
    return map_html(
        loaded.corridor,
        loaded.route,
        tiles,
        language=language,
        text=text,
        site_root="../",
        assets_url="../assets/vendor/",
    )


class _Links(HTMLParser):
    """Every address an HTML document's own markup asks a browser to load or follow."""

    def __init__(self) -> None:
        super().__init__()
        self.addresses: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("src", "href", "srcset", "poster", "data", "action") and value:
                self.addresses.append(value)


def popup_contents(document: str) -> dict[str, str]:
    """Popup HTML by element name, read from the data each popup's script refers to."""
    texts = map_texts(document)
    found = re.findall(
        r"var (popup_\w+) = L\.popup\([^)]*\)\s*\.setContent\(corridorText\[(\"[^\"]*\")\]\);",
        document,
        re.S,
    )
    return {name: texts[json.loads(key)] for name, key in found}


def marker_position(document: str, name: str) -> list[float]:
    match = re.search(rf"var {name} = L\.marker\(\s*(\[[^\]]*\])", document)
    assert match, name
    return json.loads(match.group(1))


def test_two_builds_are_byte_identical(tmp_corridor: TmpCorridor) -> None:
    loaded = loaded_from(tmp_corridor)
    assert build(loaded) == build(loaded)
    assert build(loaded, TIANDITU, "bo", from_table(BO_FIXTURE)) == build(
        loaded, TIANDITU, "bo", from_table(BO_FIXTURE)
    )


def test_ids_are_named_after_what_they_draw_not_random(tmp_corridor: TmpCorridor) -> None:
    document = build(loaded_from(tmp_corridor))
    assert "var marker_town_alpha = L.marker(" in document
    assert "var popup_hall_alpha_hall = L.popup(" in document
    assert not re.search(r"[0-9a-f]{32}", document)


def test_separate_processes_write_identical_previews(tmp_corridor: TmpCorridor) -> None:
    shutil.copytree(ROOT / VENDOR_FOLDER, tmp_corridor.root / VENDOR_FOLDER)
    root = str(tmp_corridor.root)
    for out in ("one", "two"):
        assert run_cli("--root", root, "map", "--out", f"build/{out}").code == 0
    for name in ("map.html", "strip.svg", "corridor.geojson", "index.html"):
        one = (tmp_corridor.root / "build" / "one" / name).read_bytes()
        assert one == (tmp_corridor.root / "build" / "two" / name).read_bytes(), name


def test_nothing_is_loaded_from_any_host_but_the_tile_server(tmp_corridor: TmpCorridor) -> None:
    document = build(loaded_from(tmp_corridor))
    parser = _Links()
    parser.feed(document)
    assert sorted(parser.addresses) == [
        "../assets/vendor/leaflet/1.9.4/leaflet.css",
        "../assets/vendor/leaflet/1.9.4/leaflet.js",
    ]
    assert re.findall(r"url\(([^)]*)\)", document) == []
    # Every absolute address anywhere in the document, JavaScript strings included.
    addresses = set(re.findall(r"(?:https?:)?//[A-Za-z0-9.-]+\.[a-z]{2,}[^\s\"'\\<>)]*", document))
    assert addresses == {
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",  # the tiles themselves
        "https://www.openstreetmap.org/copyright",  # the attribution's link (followed, not loaded)
        "http://www.w3.org/2000/svg",  # inline SVG's namespace name (never fetched)
    }


def test_folium_defaults_are_not_loaded_or_changed(tmp_corridor: TmpCorridor) -> None:
    default_js = list(folium.Map.default_js)
    default_css = list(folium.Map.default_css)
    generate_id = branca.element.Element.__dict__["_generate_id"]
    document = build(loaded_from(tmp_corridor))

    for library in ("jquery", "bootstrap", "awesome-markers", "fontawesome", "cdn."):
        assert library not in document.lower()
    assert folium.Map.default_js == default_js and folium.Map.default_css == default_css
    assert branca.element.Element.__dict__["_generate_id"] is generate_id
    # Another map in the same process still gets folium's own defaults and random ids.
    other = folium.Map(tiles=None).get_root().render()
    assert "cdn.jsdelivr.net/npm/leaflet@" in other
    assert re.search(r"map_[0-9a-f]{32}", other)
    assert "corridor" not in other


def test_popup_text_from_records_is_escaped(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace(
        "sites/towns/alpha.yml", "name: 甲镇\n", 'name: "<script>alert(1)</script>甲镇"\n'
    )
    tmp_corridor.replace(
        "sites/towns/alpha.yml",
        "summary: 甲镇简介。",
        'summary: "甲镇 <img src=x onerror=alert(2)>"',
    )
    document = build(loaded_from(tmp_corridor))
    assert "<script>alert" not in document and "<img src=x" not in document
    popup = popup_contents(document)["popup_town_alpha"]
    assert "<h2" in popup and "&lt;script&gt;alert(1)&lt;/script&gt;甲镇</h2>" in popup
    assert "甲镇 &lt;img src=x onerror=alert(2)&gt;" in popup
    assert "<script" not in popup and "<img" not in popup


def test_translated_text_is_escaped_too(tmp_corridor: TmpCorridor) -> None:
    text = from_table({"towns/beta:name": '乙乡 <a href="//evil">x</a>', "map:more": "<b>更多</b>"})
    popup = popup_contents(build(loaded_from(tmp_corridor), text=text))["popup_town_beta"]
    assert "乙乡 &lt;a href=&quot;//evil&quot;&gt;x&lt;/a&gt;" in popup
    assert "&lt;b&gt;更多&lt;/b&gt;</a>" in popup


def test_popups_say_name_summary_and_link_to_the_record_page(tmp_corridor: TmpCorridor) -> None:
    popups = popup_contents(build(loaded_from(tmp_corridor)))
    assert set(popups) == {
        "popup_town_alpha",
        "popup_hall_alpha_hall",
        "popup_base_alpha_tea",
        "popup_town_beta",
        "popup_hall_beta_hall",
        "popup_base_beta_herb",
    }
    hall = popups["popup_hall_alpha_hall"]
    assert "甲镇展示馆</h2>" in hall and "<p>甲镇展示馆简介。</p>" in hall
    assert '<a href="../halls/alpha-hall/" target="_top">查看详情</a>' in hall
    assert 'href="../towns/beta/"' in popups["popup_town_beta"]
    assert 'href="../bases/beta-herb/"' in popups["popup_base_beta_herb"]
    # Honest about the data: the base's point is approximate, the surveyed hall's is not.
    assert "位置为近似" in popups["popup_base_alpha_tea"] and "位置为近似" not in hall


def test_cjk_popups_are_wide_enough(tmp_corridor: TmpCorridor) -> None:
    document = build(loaded_from(tmp_corridor))
    assert document.count('"minWidth": 220') == 6 and document.count('"maxWidth": 300') == 6


def test_each_kind_has_its_own_shape_and_layer(tmp_corridor: TmpCorridor) -> None:
    document = build(loaded_from(tmp_corridor))
    for kind in ("town", "hall", "base"):
        assert f"corridor-marker corridor-marker-{kind}" in document
    for layer in ("G318 线路（示意）", "乡镇", "民族风情展示馆", "特色产业示范基地"):
        assert json.dumps(layer)[1:-1] in document
    assert "L.control.layers(" in document and '"collapsed": false' in document
    # The schematic route is dashed and says so on the map.
    assert '"dashArray": "12 8"' in document
    assert json.dumps("线路为示意线")[1:-1] in document


def test_markers_have_accessible_names(tmp_corridor: TmpCorridor) -> None:
    document = build(loaded_from(tmp_corridor), language="bo", text=from_table(BO_FIXTURE))
    assert '"title": corridorText["title_town_alpha"]' in document
    assert map_texts(document)["title_town_alpha"] == "ཅ་གྲོང་རྡལ།"


def test_tibetan_page_has_its_language_and_a_tibetan_font(tmp_corridor: TmpCorridor) -> None:
    document = build(loaded_from(tmp_corridor), language="bo", text=from_table(BO_FIXTURE))
    assert '<html lang="bo">' in document
    assert 'font-family: "Noto Serif Tibetan"' in document
    assert "<title>ཐེན་ཆོན་རྫོང་ · ས་ཁྲ།</title>" in document
    assert "ཅ་གྲོང་རྡལ་འགྲེམས་སྟོན་ཁང་།" in popup_contents(document)["popup_hall_alpha_hall"]


def test_amap_positions_are_gcj02_and_records_stay_wgs84(tmp_corridor: TmpCorridor) -> None:
    loaded = loaded_from(tmp_corridor)
    document = build(loaded, AMAP)
    alpha = loaded.corridor.town("alpha").location  # type: ignore[union-attr]
    shown = marker_position(document, "marker_town_alpha")
    assert distance_m(tuple(shown), wgs84_to_gcj02(alpha.lat, alpha.lon)) < 0.05
    assert distance_m(tuple(shown), (alpha.lat, alpha.lon)) > 100
    assert (alpha.lat, alpha.lon) == (30.0, 102.8)
    route = re.search(r"var poly_line_route_line = L\.polyline\(\s*(\[\[.*?\]\])", document, re.S)
    assert route
    first = json.loads(route.group(1))[0]
    assert distance_m(tuple(first), wgs84_to_gcj02(30.0, 102.8)) < 0.05
    assert "webrd0{s}.is.autonavi.com" in document and "GS(2024)0000" in document


def test_osm_positions_are_the_records_own(tmp_corridor: TmpCorridor) -> None:
    assert marker_position(build(loaded_from(tmp_corridor)), "marker_town_alpha") == [30.0, 102.8]


def test_tianditu_draws_vector_and_labels_with_its_key_and_approval(
    tmp_corridor: TmpCorridor,
) -> None:
    loaded = loaded_from(tmp_corridor)
    zh = build(loaded, TIANDITU)
    assert "t{s}.tianditu.gov.cn/vec_w/wmts?" in zh and "LAYER=cva" in zh
    assert "tk=0123456789abcdef0123456789abcdef" in zh
    assert '"subdomains": "01234567"' in zh
    assert json.dumps("审图号：GS(2024)0000号")[1:-1] in zh
    # English pages get Tianditu's English labels.
    assert "LAYER=eva" in build(loaded, TIANDITU, "en")


def test_assets_the_map_links_are_vendored_with_their_manifest() -> None:
    manifest = json.loads((ROOT / "docs/assets/vendor/MANIFEST.json").read_text("utf-8"))
    listed = {f["path"] for p in manifest["packages"] for f in p["files"]}
    for _, path in (*SCRIPTS, *STYLESHEETS):
        assert path in listed and (ROOT / "docs/assets/vendor" / path).is_file()
    (leaflet,) = manifest["packages"]
    assert leaflet["license"] == "BSD-2-Clause"
    assert (ROOT / "docs/assets/vendor" / leaflet["license_file"]).is_file()
    # Every stylesheet's url() points at a vendored file.
    css = ROOT / "docs/assets/vendor" / STYLESHEETS[0][1]
    for target in re.findall(r"url\(([^)#]+)\)", css.read_text("utf-8")):
        assert (css.parent / target).is_file(), target


def test_vendored_files_match_their_manifest() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, str(ROOT / "scripts/vendor_map_assets.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("language", ["zh", "bo", "en"])
def test_the_sample_corridor_maps_every_place_in_every_language(language: str) -> None:
    loaded = load_corridor(ROOT)
    assert loaded.corridor is not None
    popups = popup_contents(build(loaded, language=language))
    assert len(popups) == 15
    for town in loaded.corridor.towns:
        assert f'href="../towns/{town.id}/"' in popups[f"popup_town_{town.id}"]
        for hall in town.halls:
            name = "popup_hall_" + hall.id.replace("-", "_")
            assert f'href="../halls/{hall.id}/"' in popups[name]


def test_a_surveyed_route_is_solid_and_not_called_schematic(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace("sites/route.geojson", '"schematic": true', '"schematic": false')
    document = build(loaded_from(tmp_corridor))
    assert '"dashArray": null' in document and '"dashArray": "12 8"' not in document
    assert "corridor-map-note" not in document.split("</style>", 1)[1]
    assert json.dumps("G318 线路")[1:-1] in document
    assert json.dumps("示意")[1:-1] not in document
