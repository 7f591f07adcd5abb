"""Datum conversions against published reference values, and round trips at the five towns."""

from __future__ import annotations

import pytest

from corridor.geo import (
    bd09_to_gcj02,
    distance_m,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    line_length_m,
    project_onto_line,
    to_wgs84,
    wgs84_to_gcj02,
)

# (WGS-84 lat, lon, GCJ-02 lat, lon) from the test suite of eviltransform (googollee),
# the reference implementation most Chinese-map converters are checked against.
EVILTRANSFORM = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
]
# From wandergis/coordtransform's published example (Tiananmen, 39.915 N 116.404 E).
COORDTRANSFORM_GCJ_TO_BD = ((39.915, 116.404), (39.92133699351021, 116.41036949371029))
COORDTRANSFORM_BD_TO_GCJ = ((39.915, 116.404), (39.90865673957631, 116.39762729119315))

FIVE_TOWNS = {
    "shiyang": (30.02, 102.83),
    "chengxiang": (30.067, 102.759),
    "labahe": (30.04, 102.60),
    "sijing": (30.02, 102.73),
    "xiaohe": (30.11, 102.74),
}


@pytest.mark.parametrize("wgs_lat, wgs_lon, gcj_lat, gcj_lon", EVILTRANSFORM)
def test_wgs84_to_gcj02_matches_reference(wgs_lat, wgs_lon, gcj_lat, gcj_lon) -> None:
    assert distance_m(wgs84_to_gcj02(wgs_lat, wgs_lon), (gcj_lat, gcj_lon)) < 0.001


@pytest.mark.parametrize("wgs_lat, wgs_lon, gcj_lat, gcj_lon", EVILTRANSFORM)
def test_gcj02_to_wgs84_inverts_reference(wgs_lat, wgs_lon, gcj_lat, gcj_lon) -> None:
    assert distance_m(gcj02_to_wgs84(gcj_lat, gcj_lon), (wgs_lat, wgs_lon)) < 0.01


def test_bd09_matches_reference_both_ways() -> None:
    source, expected = COORDTRANSFORM_GCJ_TO_BD
    assert distance_m(gcj02_to_bd09(*source), expected) < 0.001
    source, expected = COORDTRANSFORM_BD_TO_GCJ
    assert distance_m(bd09_to_gcj02(*source), expected) < 0.001


@pytest.mark.parametrize("town", sorted(FIVE_TOWNS))
def test_round_trips_at_the_five_towns_stay_within_a_metre(town: str) -> None:
    point = FIVE_TOWNS[town]
    gcj = wgs84_to_gcj02(*point)
    # The offset is real (hundreds of metres), so a missing conversion would be caught.
    assert distance_m(gcj, point) > 100
    assert distance_m(to_wgs84(*gcj, "gcj02"), point) < 1.0
    assert distance_m(to_wgs84(*gcj02_to_bd09(*gcj), "bd09"), point) < 1.0


def test_points_outside_china_are_left_alone() -> None:
    assert wgs84_to_gcj02(51.5, -0.12) == (51.5, -0.12)


# --- along-route positions ------------------------------------------------------------------

# An L-shaped line: 0.01° east (≈ 963 m at 30° N), then 0.01° north (≈ 1,112 m).
L_LINE = [(30.0, 102.0), (30.0, 102.01), (30.01, 102.01)]


def test_line_length_adds_up_its_segments() -> None:
    assert line_length_m(L_LINE) == pytest.approx(963.2 + 1111.9, abs=1)


def test_point_on_the_line_projects_onto_itself() -> None:
    projection = project_onto_line((30.005, 102.01), L_LINE)
    assert projection.offset_m < 0.01
    assert projection.along_m == pytest.approx(963.2 + 556.0, abs=1)


def test_point_beside_a_segment_measures_its_perpendicular_offset() -> None:
    # 0.001° south of the middle of the first segment: ≈ 111 m off, ≈ 482 m along.
    projection = project_onto_line((29.999, 102.005), L_LINE)
    assert projection.offset_m == pytest.approx(111.2, abs=0.5)
    assert projection.along_m == pytest.approx(481.6, abs=1)
    assert projection.foot == pytest.approx((30.0, 102.005))


def test_point_beyond_the_end_projects_onto_the_end() -> None:
    projection = project_onto_line((30.02, 102.01), L_LINE)
    assert projection.along_m == pytest.approx(line_length_m(L_LINE))
    assert projection.offset_m == pytest.approx(1112, abs=1)


def test_a_line_needs_two_points() -> None:
    with pytest.raises(ValueError, match="two points"):
        project_onto_line((30.0, 102.0), [(30.0, 102.0)])


def test_towns_on_the_sample_route_are_ordered_along_it() -> None:
    route = [FIVE_TOWNS[t] for t in ("shiyang", "chengxiang", "xiaohe", "sijing", "labahe")]
    along = [project_onto_line(point, route).along_m for point in route]
    assert along == sorted(along)
    assert along[-1] == pytest.approx(line_length_m(route))
