"""A stand-alone preview of the maps in one language, until the website embeds them.

`corridor map` writes, into one folder that any static server (or `python -m http.server`)
can serve: ``map.html`` (the interactive map), ``strip.svg``, ``corridor.geojson``, an
``index.html`` showing the strip map and the map together, and the vendored assets.
"""

from __future__ import annotations

import html
import shutil
from pathlib import Path

from corridor.maps.assets import VENDOR_FOLDER
from corridor.maps.interactive import map_html
from corridor.maps.opendata import corridor_geojson
from corridor.maps.places import Translate, message
from corridor.maps.strip import strip_map_svg
from corridor.maps.tiles import Tiles
from corridor.model import Corridor
from corridor.records import Route
from corridor.urls import language_root

PREVIEW_FILES = ("index.html", "map.html", "strip.svg", "corridor.geojson")


def write_preview(
    root: Path,
    corridor: Corridor,
    route: Route,
    tiles: Tiles,
    *,
    language: str,
    text: Translate,
    folder: Path,
) -> None:
    """Write the preview files into `folder` (which must exist and be empty)."""
    # Root-relative page links: they resolve once the preview sits in a built site.
    site_root = "/" + language_root(language)
    document = map_html(
        corridor,
        route,
        tiles,
        language=language,
        text=text,
        site_root=site_root,
        assets_url="assets/vendor/",
    )
    strip = strip_map_svg(corridor, route, language=language, text=text, site_root=site_root)
    (folder / "map.html").write_text(document, encoding="utf-8")
    (folder / "strip.svg").write_text(strip, encoding="utf-8")
    geojson = corridor_geojson(corridor, route, {language: text})
    (folder / "corridor.geojson").write_text(geojson, encoding="utf-8")
    title = html.escape(message(text, "map:title"))
    page = (
        f'<!DOCTYPE html>\n<html lang="{language}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f'<title>{title}</title>\n</head>\n<body style="margin: 16px">\n{strip}'
        f'<iframe src="map.html" title="{title}" loading="lazy" '
        'style="width: 100%; height: 70vh; border: 1px solid #ccc"></iframe>\n'
        '<p><a href="corridor.geojson">corridor.geojson</a></p>\n</body>\n</html>\n'
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    shutil.copytree(root / VENDOR_FOLDER, folder / "assets" / "vendor")
