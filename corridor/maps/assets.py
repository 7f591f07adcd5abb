"""The self-hosted browser files the interactive map loads, under docs/assets/vendor/.

`scripts/vendor_map_assets.py` fetches them and writes `MANIFEST.json` beside them (versions,
hashes, licences); a test checks that every file named here is in the manifest.
"""

from __future__ import annotations

VENDOR_FOLDER = "docs/assets/vendor"
"""Where the vendored files live in the project (the site serves it as assets/vendor/)."""

LEAFLET = "leaflet/1.9.4"
SCRIPTS: tuple[tuple[str, str], ...] = (("leaflet", f"{LEAFLET}/leaflet.js"),)
STYLESHEETS: tuple[tuple[str, str], ...] = (("leaflet_css", f"{LEAFLET}/leaflet.css"),)


def linked(base_url: str, files: tuple[tuple[str, str], ...]) -> list[tuple[str, str]]:
    """(name, url) pairs for folium, each file under `base_url` (the vendor folder's URL).

    >>> linked("../assets/vendor/", SCRIPTS)
    [('leaflet', '../assets/vendor/leaflet/1.9.4/leaflet.js')]
    """
    base = base_url if base_url.endswith("/") or not base_url else base_url + "/"
    return [(name, f"{base}{path}") for name, path in files]
