"""The SVG strip map and the open-data GeoJSON, as a reader, a printer and a GIS tool see them."""

from __future__ import annotations

import dataclasses
import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from corridor.geo import distance_m, line_length_m
from corridor.maps import (
    corridor_geojson,
    distances_km,
    strip_map_svg,
    strip_stops,
    towns_along,
)
from corridor.records import Loaded, load_corridor
from tests.conftest import ROOT, TmpCorridor
from tests.maps_text import BO_FIXTURE, bo_sample, chinese, from_table

SVG = "{http://www.w3.org/2000/svg}"


def strip(loaded: Loaded, **options: object) -> str:
    assert loaded.corridor is not None and loaded.route is not None
    arguments: dict = {"language": "zh", "text": chinese, "site_root": "../", **options}
    return strip_map_svg(loaded.corridor, loaded.route, **arguments)


def texts(svg: str) -> list[str]:
    """Each <text> element's lines joined, in document (painting) order."""
    root = ET.fromstring(svg)
    return ["".join(t.itertext()) for t in root.iter(f"{SVG}text")]


def links(svg: str) -> dict[str, str]:
    """Label text → link target."""
    root = ET.fromstring(svg)
    return {"".join(a.itertext()): a.get("href", "") for a in root.iter(f"{SVG}a")}


@pytest.fixture
def sample() -> Loaded:
    loaded = load_corridor(ROOT)
    assert loaded.corridor is not None
    return loaded


def test_distances_are_measured_along_the_route(tmp_corridor: TmpCorridor) -> None:
    loaded = load_corridor(tmp_corridor.root)
    assert loaded.corridor is not None and loaded.route is not None
    stops = strip_stops(loaded.corridor, loaded.route)
    assert [s.town.id for s in stops] == ["alpha", "beta"]
    (km,) = distances_km(stops)
    # Both towns sit on the ends of a one-segment route.
    assert km == pytest.approx(distance_m((30.0, 102.8), (30.04, 102.6)) / 1000, abs=0.001)
    assert f"≈ {km:.1f} 公里" in texts(strip(loaded))


def test_sample_distances_add_up_to_the_route(sample: Loaded) -> None:
    assert sample.corridor is not None and sample.route is not None
    gaps = distances_km(strip_stops(sample.corridor, sample.route))
    assert [round(km, 1) for km in gaps] == [8.6, 5.1, 10.1, 12.7]
    assert sum(gaps) == pytest.approx(line_length_m(sample.route.points) / 1000, abs=0.01)


def test_svg_is_well_formed_with_every_town_in_order_west_to_east(sample: Loaded) -> None:
    svg = strip(sample)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    towns = [t for t in texts(svg) if t.endswith("镇")]
    assert towns == ["喇叭河镇", "思经镇", "小河镇", "城厢镇", "始阳镇"]
    assert [t for t in texts(svg) if t.endswith("公里")] == [
        "≈ 12.7 公里",
        "≈ 10.1 公里",
        "≈ 5.1 公里",
        "≈ 8.6 公里",
    ]


def test_every_label_is_text_linked_to_its_page(sample: Loaded) -> None:
    svg = strip(sample, site_root="/bo/")
    targets = links(svg)
    assert targets["始阳镇"] == "/bo/towns/shiyang/"
    assert targets["甘溪坡茶马古道陈列馆"] == "/bo/halls/ganxipo/"
    assert targets["思经茶园示范基地"] == "/bo/bases/sijing-tea/"
    assert len(targets) == 5 + 5 + 5
    # Labels are text, not outlines: nothing the reader sees is only in a path.
    assert "<path" not in "".join(
        ET.tostring(t, encoding="unicode") for t in ET.fromstring(svg).iter(f"{SVG}text")
    )


def test_it_is_an_accessible_figure(sample: Loaded) -> None:
    root = ET.fromstring(strip(sample, id_prefix="home-strip"))
    assert root.get("role") == "figure"
    assert root.get("aria-labelledby") == "home-strip-title"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "home-strip-title"
    assert title.text == "G318 天全段线路图"
    assert desc is not None and desc.text == (
        "沿国道318线自西向东：喇叭河镇 → ≈ 12.7 公里 → 思经镇 → ≈ 10.1 公里 → 小河镇 → "
        "≈ 5.1 公里 → 城厢镇 → ≈ 8.6 公里 → 始阳镇。距离沿线路计算。"
    )


def test_highlight_marks_one_town_as_the_current_page(sample: Loaded) -> None:
    svg = strip(sample, highlight="xiaohe")
    root = ET.fromstring(svg)
    current = [a for a in root.iter(f"{SVG}a") if a.get("aria-current") == "page"]
    assert ["".join(a.itertext()) for a in current] == ["小河镇"]
    # Not by colour alone: the tinted column has an outline, and the town's node is larger.
    assert 'fill="#fbefe0" stroke=' in svg
    assert "aria-current" not in strip(sample)


def longer(loaded: Loaded, copies: int) -> Loaded:
    """The sample corridor repeated: `copies` × 5 towns, each copy's ids suffixed -1, -2, …"""
    assert loaded.corridor is not None

    def renamed(record: Any, n: int) -> Any:
        return record.model_copy(update={"id": f"{record.id}-{n}"})

    towns = [
        town.model_copy(
            update={
                "id": f"{town.id}-{n}",
                "halls": [renamed(hall, n) for hall in town.halls],
                "bases": [renamed(base, n) for base in town.bases],
            }
        )
        for n in range(1, copies + 1)
        for town in loaded.corridor.towns
    ]
    return dataclasses.replace(loaded, corridor=loaded.corridor.model_copy(update={"towns": towns}))


def test_a_long_corridor_shows_the_town_and_its_neighbours(sample: Loaded) -> None:
    long = longer(sample, 4)  # 20 towns, listed east to west: shiyang-1, chengxiang-1, …
    svg = strip(long, highlight="xiaohe-2", towns=5)
    towns = [a for a in ET.fromstring(svg).iter(f"{SVG}a") if "/towns/" in a.get("href", "")]
    # The road's ends name the next towns beyond, linked; then the five, west to east.
    assert [("".join(a.itertext()), a.get("href")) for a in towns] == [
        ("← 始阳镇", "../towns/shiyang-3/"),
        ("喇叭河镇 →", "../towns/labahe-1/"),
        ("喇叭河镇", "../towns/labahe-2/"),
        ("思经镇", "../towns/sijing-2/"),
        ("小河镇", "../towns/xiaohe-2/"),
        ("城厢镇", "../towns/chengxiang-2/"),
        ("始阳镇", "../towns/shiyang-2/"),
    ]
    assert len(links(svg)) == 2 + 5 + 5 + 5  # the ends, towns, halls, bases
    current = [a for a in ET.fromstring(svg).iter(f"{SVG}a") if a.get("aria-current")]
    assert [a.get("href") for a in current] == ["../towns/xiaohe-2/"]
    # At the first towns (the home page), the window starts at the corridor's east end.
    first = links(strip(long, towns=5))
    assert first["始阳镇"] == "../towns/shiyang-1/"
    assert first["← 始阳镇"] == "../towns/shiyang-2/"  # the next town west, beyond the strip
    assert "雅安（经飞仙关） →" in texts(strip(long, towns=5))  # the corridor's own east end
    # The strip's size stops growing with the corridor.
    assert len(strip(longer(sample, 40), highlight="xiaohe-20", towns=5)) < 1.1 * len(svg)


def test_tibetan_labels_use_a_tibetan_font_and_language(tmp_corridor: TmpCorridor) -> None:
    loaded = load_corridor(tmp_corridor.root)
    svg = strip(loaded, language="bo", text=from_table(BO_FIXTURE))
    root = ET.fromstring(svg)
    # xml:lang, not lang: inline in HTML, the Nu HTML Checker refuses `lang` on <svg>.
    assert root.get("lang") is None
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "bo"
    assert (root.get("font-family") or "").startswith('"Noto Serif Tibetan"')
    assert "ཅ་གྲོང་རྡལ།" in texts(svg) and "ལུའུ་ཏིང་།" not in "".join(texts(svg))


def test_long_tibetan_names_wrap_after_a_tsheg(sample: Loaded) -> None:
    svg = strip(sample, language="bo", text=from_table(bo_sample()))
    root = ET.fromstring(svg)
    wrapped = [
        [span.text or "" for span in text.iter(f"{SVG}tspan")]
        for text in root.iter(f"{SVG}text")
        if len(list(text.iter(f"{SVG}tspan"))) > 1
    ]
    assert wrapped, "long Tibetan labels should wrap"
    for lines in wrapped:
        for line in lines[:-1]:
            assert line.endswith(("་", "།")), lines
        for line in lines[1:]:
            assert not line.startswith("།"), lines


def test_a_given_size_scales_the_drawing(sample: Loaded) -> None:
    root = ET.fromstring(strip(sample, width=1200, height=300))
    assert (root.get("width"), root.get("height")) == ("1200", "300")
    assert (root.get("viewBox") or "").startswith("0 0 1200 ")
    natural = ET.fromstring(strip(sample, width=600))
    assert natural.get("height") == (natural.get("viewBox") or "").split()[3]


def test_towns_projected_once_draw_the_same_strip(sample: Loaded) -> None:
    assert sample.corridor is not None and sample.route is not None
    along = towns_along(sample.corridor, sample.route)
    assert strip(sample, along=along, highlight="xiaohe") == strip(sample, highlight="xiaohe")


def test_same_records_same_svg(sample: Loaded) -> None:
    assert strip(sample, highlight="labahe") == strip(sample, highlight="labahe")


def test_geojson_has_the_route_and_every_place_in_every_language(sample: Loaded) -> None:
    assert sample.corridor is not None and sample.route is not None
    text = corridor_geojson(
        sample.corridor,
        sample.route,
        {"zh": chinese, "bo": from_table(bo_sample()), "en": chinese},
        "https://example.org/g318/",
    )
    data = json.loads(text)
    assert data["type"] == "FeatureCollection"
    route, *places = data["features"]
    assert route["geometry"]["type"] == "LineString" and route["properties"]["schematic"]
    assert route["geometry"]["coordinates"][0] == [102.83, 30.02]  # [lon, lat]
    assert len(places) == 15
    ganxipo = next(f for f in places if f["id"] == "hall/ganxipo")
    assert ganxipo["properties"]["name_zh"] == "甘溪坡茶马古道陈列馆"
    assert ganxipo["properties"]["name_bo"] == "སི་ཅིང་མི་རིགས་ཡུལ་སྲོལ་འགྲེམས་སྟོན་ཁང་།"
    assert ganxipo["properties"]["url_en"] == "https://example.org/g318/en/halls/ganxipo/"
    assert ganxipo["properties"]["url_zh"] == "https://example.org/g318/halls/ganxipo/"
    assert text == corridor_geojson(
        sample.corridor,
        sample.route,
        {"zh": chinese, "bo": from_table(bo_sample()), "en": chinese},
        "https://example.org/g318/",
    )
