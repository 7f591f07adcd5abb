"""Open data: every place on the corridor as CSV, JSON and GeoJSON, described by a Data Package.

Published once with the site under `data/` (the Chinese build writes it, for every language)
so that anyone — a map app, a researcher, the county's own systems — can reuse the records
without scraping pages. Each row carries the place's name in every language with that
translation's review state, its page in every language, and its coordinates with their
precision flag, so the data is as honest as the pages. The GeoJSON (`maps.corridor_geojson`)
adds the route line. `datapackage.json` gives each file's size and SHA-256, so `frictionless
validate` also proves the files are the ones described.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from corridor.i18n.catalogues import Catalogues
from corridor.i18n.messages import context
from corridor.maps.opendata import OPEN_DATA_PATH, corridor_geojson
from corridor.maps.places import Translate
from corridor.model import Corridor, Location, Town
from corridor.records import Route
from corridor.spreadsheets import csv_text
from corridor.urls import PlaceKind, page_url

DATA_DIR = "data"
CSV_FILE = "places.csv"
JSON_FILE = "places.json"
GEOJSON_FILE = posixpath.basename(OPEN_DATA_PATH)
PACKAGE_FILE = "datapackage.json"
FILES = (GEOJSON_FILE, CSV_FILE, JSON_FILE, PACKAGE_FILE)
"""Every file `render` writes, by name inside `DATA_DIR`."""


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    type: str
    description: str


def columns(languages: Sequence[str]) -> list[Column]:
    """The table's columns; language-dependent ones are repeated per language."""
    result = [
        Column("id", "string", "Permanent id of the record (also its page address)"),
        Column("kind", "string", "town, hall (exhibition hall) or base (industry base)"),
        Column("town", "string", "Id of the town the place belongs to"),
    ]
    for lang in languages:
        result.append(Column(f"name_{lang}", "string", f"Name in {lang}"))
        if lang != languages[0]:
            result.append(
                Column(
                    f"name_{lang}_state",
                    "string",
                    f"Review state of the {lang} name: reviewed, unreviewed, fuzzy, untranslated "
                    "(fuzzy and untranslated names are given in Chinese)",
                )
            )
    result += [
        Column("lat", "number", "Latitude, WGS-84 degrees"),
        Column("lon", "number", "Longitude, WGS-84 degrees"),
        Column("approximate", "boolean", "true unless the point was surveyed or checked"),
        Column("status", "string", "existing or planned (halls and bases); empty for towns"),
    ]
    result += [Column(f"url_{lang}", "string", f"Page in {lang}") for lang in languages]
    return result


@dataclass(frozen=True, slots=True)
class _Place:
    kind: PlaceKind
    id: str
    town: str
    record: str  # the record part of its message contexts
    name: str
    location: Location
    status: str


def _places(corridor: Corridor) -> Iterator[_Place]:
    """Every town, hall and base, in route order."""
    for entry in corridor.places():
        record = entry.record
        status = "" if isinstance(record, Town) else record.status
        yield _Place(
            entry.kind, entry.id, entry.town.id, entry.key, record.name, record.location, status
        )


def rows(
    corridor: Corridor, catalogues: Catalogues, languages: Sequence[str], site_url: str
) -> list[dict[str, Any]]:
    """One row per place, keyed by column name."""
    result = []
    for place in _places(corridor):
        row: dict[str, Any] = {"id": place.id, "kind": place.kind, "town": place.town}
        for lang in languages:
            translation = catalogues.translate(lang, context(place.record, "name"), place.name)
            row[f"name_{lang}"] = translation.text
            if lang != languages[0]:
                row[f"name_{lang}_state"] = str(translation.state)
        row |= {
            "lat": round(place.location.lat, 6),
            "lon": round(place.location.lon, 6),
            "approximate": place.location.approximate,
            "status": place.status,
        }
        for lang in languages:
            row[f"url_{lang}"] = page_url(site_url, lang, place.kind, place.id)
        result.append(row)
    return result


def render(
    corridor: Corridor,
    catalogues: Catalogues,
    languages: Sequence[str],
    site_url: str,
    *,
    route: Route,
) -> dict[str, str]:
    """The open-data files, as paths under the site root mapped to their text.

    Args:
        corridor: the loaded corridor.
        catalogues: the translations; every language's names and summaries come from them.
        languages: the languages to publish, the source language first.
        site_url: the site's address (``https://…/``): every page URL in the data is absolute.
        route: the route line (the GeoJSON's first feature).

    Returns:
        ``{"data/places.csv": …, "data/places.json": …, "data/corridor.geojson": …,
        "data/datapackage.json": …}``; the same inputs always give the same text.
    """
    table = rows(corridor, catalogues, languages, site_url)
    fields = columns(languages)
    texts: dict[str, Translate] = {lang: _translator(catalogues, lang) for lang in languages}
    files = {
        CSV_FILE: csv_text([c.name for c in fields], table),
        JSON_FILE: _json(table),
        GEOJSON_FILE: corridor_geojson(corridor, route, texts, site_url),
    }
    info = corridor.info
    package = {
        "name": "g318-tianquan-corridor",
        "title": info.name,
        "description": info.summary,
        "version": info.updated.isoformat(),
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0",
            }
        ],
        "sources": [{"title": s.title} for s in info.sources],
        "resources": [
            {
                "name": "places",
                "path": CSV_FILE,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "description": (
                    "Towns, exhibition halls and industry bases of the corridor. Text that "
                    "starts with = + - @, a tab or a carriage return is written with a leading "
                    "apostrophe so that spreadsheets show it as text, not as a formula; "
                    "places.json has every value exactly as published"
                ),
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": c.description}
                        for c in fields
                    ],
                    "primaryKey": ["id"],
                },
                **_integrity(files[CSV_FILE]),
            },
            {
                "name": "places-json",
                "path": JSON_FILE,
                "format": "json",
                "mediatype": "application/json",
                "encoding": "utf-8",
                "description": "The same rows as places.csv, as a JSON array",
                **_integrity(files[JSON_FILE]),
            },
            {
                "name": "corridor-geojson",
                "path": GEOJSON_FILE,
                "format": "geojson",
                "mediatype": "application/geo+json",
                "encoding": "utf-8",
                "description": (
                    "The route (schematic until surveyed) and every place as a GeoJSON "
                    "FeatureCollection (RFC 7946, WGS-84 longitude/latitude), with name_<lang>, "
                    "summary_<lang> and url_<lang> properties in every language (a name not yet "
                    "translated is given in Chinese: places.csv has each name's review state)"
                ),
                **_integrity(files[GEOJSON_FILE]),
            },
        ],
    }
    files[PACKAGE_FILE] = _json(package)
    return {f"{DATA_DIR}/{name}": files[name] for name in FILES}


def _translator(catalogues: Catalogues, lang: str) -> Translate:
    def text(message_context: str, source: str) -> str:
        return catalogues.translate(lang, message_context, source).text

    return text


def _integrity(text: str) -> dict[str, Any]:
    """A resource's size and hash: `frictionless validate` checks the file against both."""
    data = text.encode("utf-8")
    return {"bytes": len(data), "hash": "sha256:" + hashlib.sha256(data).hexdigest()}


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
