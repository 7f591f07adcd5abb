"""Coordinates: China's map datums, distances, and positions along a line.

Records may carry coordinates copied from AMap/Gaode or Tencent (GCJ-02) or from Baidu
(BD-09); everything downstream works in WGS-84. The GCJ-02 obfuscation is a published,
deterministic formula (the one used by every open-source converter, e.g. eviltransform); its
inverse has no closed form, so we invert it by fixed-point iteration to well under a
centimetre. BD-09 is a further closed-form offset of GCJ-02.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

# Krasovsky 1940 ellipsoid, which the GCJ-02 formula is defined on.
_A = 6378245.0
_EE = 0.00669342162296594323
_X_PI = math.pi * 3000.0 / 180.0
EARTH_RADIUS_M = 6371008.8

LatLon = tuple[float, float]


def _outside_china(lat: float, lon: float) -> bool:
    # The formula is only applied inside this rectangle, by convention of all converters.
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset(lat: float, lon: float) -> LatLon:
    x, y = lon - 105.0, lat - 35.0
    shared = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2 / 3
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    dlat += shared
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2 / 3
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320 * math.sin(y * math.pi / 30.0)) * 2 / 3
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    dlon += shared
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2 / 3
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2 / 3
    radlat = lat / 180.0 * math.pi
    magic = 1 - _EE * math.sin(radlat) ** 2
    sqrtmagic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1 - _EE)) / (magic * sqrtmagic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrtmagic * math.cos(radlat) * math.pi)
    return dlat, dlon


def wgs84_to_gcj02(lat: float, lon: float) -> LatLon:
    """WGS-84 to GCJ-02 (what AMap/Gaode and Tencent tiles expect)."""
    if _outside_china(lat, lon):
        return lat, lon
    dlat, dlon = _offset(lat, lon)
    return lat + dlat, lon + dlon


def gcj02_to_wgs84(lat: float, lon: float) -> LatLon:
    """GCJ-02 to WGS-84, inverted iteratively to better than 1e-9 degrees (~0.1 mm)."""
    guess_lat, guess_lon = lat, lon
    for _ in range(30):
        there_lat, there_lon = wgs84_to_gcj02(guess_lat, guess_lon)
        err_lat, err_lon = there_lat - lat, there_lon - lon
        if abs(err_lat) < 1e-10 and abs(err_lon) < 1e-10:
            break
        guess_lat, guess_lon = guess_lat - err_lat, guess_lon - err_lon
    return guess_lat, guess_lon


def gcj02_to_bd09(lat: float, lon: float) -> LatLon:
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.sin(theta) + 0.006, z * math.cos(theta) + 0.0065


def bd09_to_gcj02(lat: float, lon: float) -> LatLon:
    x, y = lon - 0.0065, lat - 0.006
    z = math.hypot(x, y) - 0.00002 * math.sin(y * _X_PI)
    theta = math.atan2(y, x) - 0.000003 * math.cos(x * _X_PI)
    return z * math.sin(theta), z * math.cos(theta)


def to_wgs84(lat: float, lon: float, crs: Literal["wgs84", "gcj02", "bd09"]) -> LatLon:
    """A point in `crs` converted to WGS-84 (the loader calls this exactly once per point)."""
    if crs == "gcj02":
        return gcj02_to_wgs84(lat, lon)
    if crs == "bd09":
        return gcj02_to_wgs84(*bd09_to_gcj02(lat, lon))
    return lat, lon


def distance_m(a: LatLon, b: LatLon) -> float:
    """Great-circle distance in metres (haversine; ample for a county-sized corridor).

    >>> round(distance_m((30.0, 102.0), (30.0, 102.001)))
    96
    """
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(h))


def _local_xy(origin: LatLon, point: LatLon) -> tuple[float, float]:
    """`point` in metres east and north of `origin` (equirectangular; fine within a county)."""
    scale = math.radians(1.0) * EARTH_RADIUS_M
    east = (point[1] - origin[1]) * scale * math.cos(math.radians(origin[0]))
    north = (point[0] - origin[0]) * scale
    return east, north


def line_length_m(line: Sequence[LatLon]) -> float:
    """Length of a polyline in metres, segment by segment along great circles.

    >>> round(line_length_m([(30.0, 102.0), (30.0, 102.001), (30.0, 102.002)]))
    193
    """
    return sum(distance_m(a, b) for a, b in itertools.pairwise(line))


@dataclass(frozen=True, slots=True)
class Projection:
    """Where a point falls on a line: how far along it, and how far off it."""

    along_m: float
    """Distance from the line's first point to the foot of the point, along the line."""
    offset_m: float
    """Distance from the point to the line (to its nearest point)."""
    foot: LatLon
    """The nearest point on the line."""


def project_onto_line(point: LatLon, line: Sequence[LatLon]) -> Projection:
    """The nearest point of `line` to `point`, and its distance along the line.

    Each segment is treated as straight in a local plane around its start, which is exact to
    well under a metre for segments a few tens of kilometres long. Ties go to the earlier
    segment, so the answer is deterministic.

    >>> p = project_onto_line((30.001, 102.0005), [(30.0, 102.0), (30.0, 102.001)])
    >>> round(p.along_m), round(p.offset_m)
    (48, 111)
    """
    if len(line) < 2:
        raise ValueError("a line needs at least two points")
    best: Projection | None = None
    walked = 0.0
    for start, end in itertools.pairwise(line):
        ex, ey = _local_xy(start, end)
        px, py = _local_xy(start, point)
        squared = ex * ex + ey * ey
        t = 0.0 if squared == 0 else max(0.0, min(1.0, (px * ex + py * ey) / squared))
        foot = (start[0] + t * (end[0] - start[0]), start[1] + t * (end[1] - start[1]))
        segment = distance_m(start, end)
        candidate = Projection(walked + t * segment, distance_m(point, foot), foot)
        if best is None or candidate.offset_m < best.offset_m:
            best = candidate
        walked += segment
    assert best is not None
    return best
