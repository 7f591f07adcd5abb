"""The corridor as open data: one GeoJSON FeatureCollection (RFC 7946, WGS-84).

The route and every town, hall and base, with names and one-line summaries in every language
and the address of each place's page in each language. Properties are flat
(``name_zh``, ``url_bo`` …) because desktop GIS tools handle nested properties poorly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from corridor.maps.places import Translate, corridor_places, message
from corridor.model import Corridor
from corridor.records import Route
from corridor.urls import page_url

OPEN_DATA_PATH = "data/corridor.geojson"
"""Where the website publishes this file, relative to the site root."""


def _coordinates(lat: float, lon: float) -> list[float]:
    # Six decimals is ~0.1 m: more would only pretend to precision the records do not have.
    return [round(lon, 6), round(lat, 6)]


def corridor_geojson(
    corridor: Corridor, route: Route, texts: Mapping[str, Translate], site_url: str = "/"
) -> str:
    """The corridor as GeoJSON text.

    Args:
        corridor: the loaded corridor (WGS-84).
        route: its route line.
        texts: a ``text(context, chinese)`` function per language code, e.g.
            ``{"zh": ..., "bo": ..., "en": ...}``; Chinese is taken as written when absent.
        site_url: the site's address (``https://…/``), or "/" for root-relative page URLs.

    Returns:
        Deterministic JSON text (same records and catalogues, same bytes).
    """
    languages = ["zh", *(code for code in texts if code != "zh")]

    def say(code: str) -> Translate:
        return texts.get(code) or (lambda context, source: source)

    route_properties: dict[str, Any] = {"kind": "route", "schematic": route.schematic}
    key = "map:route-schematic" if route.schematic else "map:route"
    for code in languages:
        route_properties[f"name_{code}"] = message(say(code), key)
    features: list[dict[str, Any]] = [
        {
            "type": "Feature",
            "id": "route",
            "properties": route_properties,
            "geometry": {
                "type": "LineString",
                "coordinates": [_coordinates(lat, lon) for lat, lon in route.points],
            },
        }
    ]
    for place in corridor_places(corridor):
        properties: dict[str, Any] = {
            "kind": place.kind,
            "id": place.id,
            "town": place.town_id,
            "status": place.status,
            "approximate": place.approximate,
        }
        for code in languages:
            properties[f"name_{code}"] = place.translated(say(code), "name")
        for code in languages:
            properties[f"summary_{code}"] = place.translated(say(code), "summary")
        for code in languages:
            properties[f"url_{code}"] = page_url(site_url, code, place.kind, place.id)
        features.append(
            {
                "type": "Feature",
                "id": f"{place.kind}/{place.id}",
                "properties": properties,
                "geometry": {"type": "Point", "coordinates": _coordinates(place.lat, place.lon)},
            }
        )
    head = {
        "type": "FeatureCollection",
        "name": corridor.info.name,
        "updated": corridor.info.updated.isoformat(),
    }
    # One feature per line: readable, and a change to one place is a one-line diff.
    lines = ",\n".join(json.dumps(f, ensure_ascii=False) for f in features)
    return json.dumps(head, ensure_ascii=False)[:-1] + ', "features": [\n' + lines + "\n]}\n"
