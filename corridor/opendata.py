"""Open data: every place on the corridor as CSV and JSON, described by a Data Package.

Published with the site under `data/` so that anyone — a map app, a researcher, the county's
own systems — can reuse the records without scraping pages. Each row carries the place's name
in every language with that translation's review state, its page in every language, and its
coordinates with their precision flag, so the data is as honest as the pages.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from corridor.i18n.catalogues import Catalogues
from corridor.i18n.messages import context, record_key
from corridor.model import Corridor, Hall, IndustryBase, Location
from corridor.urls import PlaceKind, page_url

DATA_DIR = "data"
CSV_FILE = "places.csv"
JSON_FILE = "places.json"
PACKAGE_FILE = "datapackage.json"


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
    for town in corridor.towns:
        yield _Place("town", town.id, town.id, record_key(town.id), town.name, town.location, "")
        groups: tuple[tuple[PlaceKind, str, Sequence[Hall | IndustryBase]], ...] = (
            ("hall", "halls", town.halls),
            ("base", "bases", town.bases),
        )
        for kind, key, places in groups:
            for place in places:
                record = record_key(town.id, key, place.id)
                yield _Place(
                    kind, place.id, town.id, record, place.name, place.location, place.status
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
    corridor: Corridor, catalogues: Catalogues, languages: Sequence[str], site_url: str
) -> dict[str, str]:
    """The open-data files, as paths under the site root mapped to their text."""
    table = rows(corridor, catalogues, languages, site_url)
    fields = columns(languages)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, [c.name for c in fields], lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({k: str(v).lower() if isinstance(v, bool) else v for k, v in row.items()})
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
                "description": "Towns, exhibition halls and industry bases of the corridor",
                "schema": {
                    "fields": [
                        {"name": c.name, "type": c.type, "description": c.description}
                        for c in fields
                    ],
                    "primaryKey": ["id"],
                },
            },
            {
                "name": "places-json",
                "path": JSON_FILE,
                "format": "json",
                "mediatype": "application/json",
                "description": "The same rows as places.csv, as a JSON array",
            },
        ],
    }
    return {
        f"{DATA_DIR}/{CSV_FILE}": buffer.getvalue(),
        f"{DATA_DIR}/{JSON_FILE}": _json(table),
        f"{DATA_DIR}/{PACKAGE_FILE}": _json(package),
    }


def _json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
