"""Loading records: what editors' files from real editors look like, and hostile input."""

from __future__ import annotations

import pytest

from corridor.geo import distance_m, wgs84_to_gcj02
from corridor.records import load_corridor
from corridor.yamlfile import MAX_BYTES
from tests.conftest import ROOT, TmpCorridor

ALPHA = "sites/towns/alpha.yml"


def rendered(tmp_corridor: TmpCorridor) -> list[str]:
    return [p.render() for p in load_corridor(tmp_corridor.root).problems]


def test_fixture_corridor_is_clean(tmp_corridor: TmpCorridor) -> None:
    loaded = load_corridor(tmp_corridor.root)
    assert loaded.problems == []
    assert loaded.corridor is not None
    assert [t.id for t in loaded.corridor.towns] == ["alpha", "beta"]


def test_sample_data_is_clean_and_in_route_order() -> None:
    loaded = load_corridor(ROOT)
    assert loaded.problems == []
    assert loaded.corridor is not None
    assert [t.name for t in loaded.corridor.towns] == [
        "始阳镇",
        "城厢镇",
        "小河镇",
        "思经镇",
        "喇叭河镇",
    ]
    for town in loaded.corridor.towns:
        assert town.halls and town.bases and town.sources
    assert loaded.route is not None and loaded.route.schematic


def test_windows_bom_and_crlf_are_accepted(tmp_corridor: TmpCorridor) -> None:
    text = tmp_corridor.read(ALPHA).replace("\n", "\r\n")
    tmp_corridor.write(ALPHA, "\ufeff".encode() + text.encode())
    assert rendered(tmp_corridor) == []


def test_gbk_file_is_named_as_gbk(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(ALPHA, tmp_corridor.read(ALPHA).encode("gbk"))
    assert rendered(tmp_corridor) == [
        "sites/towns/alpha.yml:2:7: the file is not valid UTF-8\n"
        "  hint: it decodes as GBK (common from Windows editors in China): save it as UTF-8"
    ]


def test_binary_garbage_is_not_utf8(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(ALPHA, b"id: alpha\n\xff\xfe\xfd\x80")
    assert rendered(tmp_corridor) == [
        "sites/towns/alpha.yml:2:1: the file is not valid UTF-8\n  hint: save the file as UTF-8"
    ]


def test_oversized_file_is_refused_before_parsing(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(ALPHA, "# " + "x" * MAX_BYTES + "\n")
    (problem,) = load_corridor(tmp_corridor.root).problems
    assert problem.file == ALPHA
    assert "records may be at most 1,048,576 bytes" in problem.message


def test_control_character_is_located(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace(ALPHA, "name: 甲镇", "name: 甲\x07镇")
    assert rendered(tmp_corridor) == [
        "sites/towns/alpha.yml:2:8: the file contains the control character U+0007\n"
        "  hint: delete it: it is invisible in most editors"
    ]


def test_deep_nesting_is_refused_not_crashed(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(ALPHA, "a: " + "[" * 100_000 + "]" * 100_000 + "\n")
    (problem,) = load_corridor(tmp_corridor.root).problems
    assert problem.message == "the YAML is nested too deeply to be a record"


def test_yaml_extension_is_pointed_out(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write("sites/towns/gamma.yaml", "id: gamma\n")
    assert rendered(tmp_corridor) == [
        "sites/towns/gamma.yaml:1:1: town files end in .yml\n  hint: rename it to gamma.yml"
    ]


def test_every_problem_is_reported_not_just_the_first(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.replace(ALPHA, "kind: 镇", "kind: 村")
    tmp_corridor.replace("sites/towns/beta.yml", "pinyin: Yi", "pinyin: yi")
    files = {p.file for p in load_corridor(tmp_corridor.root).problems}
    assert files == {ALPHA, "sites/towns/beta.yml"}


def test_missing_corridor_file(tmp_corridor: TmpCorridor) -> None:
    (tmp_corridor.root / "sites/corridor.yml").unlink()
    (problem,) = load_corridor(tmp_corridor.root).problems
    assert problem.render().startswith("sites/corridor.yml:1:1: the corridor file is missing")


def test_times_are_not_read_as_sexagesimal_numbers(tmp_corridor: TmpCorridor) -> None:
    # YAML 1.1 reads an unquoted 9:30 as the number 570; editors mean half past nine.
    tmp_corridor.replace(ALPHA, 'open: "09:00"', "open: 09:30")
    tmp_corridor.replace(ALPHA, 'close: "17:00"', "close: 17:00")
    corridor = load_corridor(tmp_corridor.root).corridor
    assert corridor is not None
    opening = corridor.towns[0].halls[0].opening
    assert opening is not None
    assert (opening.periods[0].open, opening.periods[0].close) == ("09:30", "17:00")


@pytest.mark.parametrize("crs", ["gcj02", "bd09"])
def test_copied_map_coordinates_are_converted_once(tmp_corridor: TmpCorridor, crs: str) -> None:
    from corridor.geo import gcj02_to_bd09

    true_point = (30.001, 102.801)
    shown = wgs84_to_gcj02(*true_point)
    if crs == "bd09":
        shown = gcj02_to_bd09(*shown)
    tmp_corridor.replace(
        ALPHA,
        "{lat: 30.001, lon: 102.801, crs: wgs84,",
        f"{{lat: {shown[0]:.7f}, lon: {shown[1]:.7f}, crs: {crs},",
    )
    corridor = load_corridor(tmp_corridor.root).corridor
    assert corridor is not None
    location = corridor.towns[0].halls[0].location
    assert location.crs == "wgs84"
    # Converted twice would be ~500 m off; BD-09's published inverse is good to centimetres.
    assert distance_m((location.lat, location.lon), true_point) < 1.0


def test_route_that_is_not_json(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write("sites/route.geojson", '{"type": "Feature",\n  "geometry": }')
    assert rendered(tmp_corridor) == ["sites/route.geojson:2:15: not valid JSON: Expecting value"]


def test_route_with_swapped_coordinates(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(
        "sites/route.geojson",
        '{"type": "Feature", "properties": {}, "geometry": {"type": "LineString",'
        ' "coordinates": [[30.0, 102.8], [102.6, 30.04]]}}',
    )
    assert rendered(tmp_corridor) == [
        "sites/route.geojson:1:1: geometry.coordinates[0]: "
        "latitude and longitude look swapped (GeoJSON is [lon, lat])"
    ]


def test_route_that_is_a_point(tmp_corridor: TmpCorridor) -> None:
    tmp_corridor.write(
        "sites/route.geojson",
        '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [102.8, 30.0]}}',
    )
    assert rendered(tmp_corridor) == [
        "sites/route.geojson:1:1: expected a GeoJSON Feature whose geometry is a LineString"
    ]
