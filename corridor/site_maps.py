"""The maps and the open data on the website, for one language's build.

What the pages' map slot (`pages.Site.map_html`) shows, and the files the plugin adds:

* ``map_slot("corridor", none)`` (home page) and ``map_slot("town", id)`` (a town's page): the
  strip map inline — plain SVG, no tiles, no JavaScript needed (on a phone a small script only
  scrolls it to the page's town) — with the town highlighted on its own
  page and every label linking to its record's page, relative to the page it sits on;
* ``map_slot("map", none)`` (the map page, ``map/``): the interactive map in a frame, with the
  tile credit (and Tianditu's 审图号) written under it as text;
* `SiteMaps.document`: the interactive map itself (folium/Leaflet, vendored assets only),
  ``map/map.html`` in each language's tree — the only page that loads Leaflet and tiles;
* `open_data_files`: ``data/`` (GeoJSON, CSV, JSON, datapackage.json), once for the whole site.

Text comes from the catalogues in the build's language. Never imports mkdocs.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from markupsafe import Markup

from corridor import opendata
from corridor.i18n.catalogues import Catalogues
from corridor.maps import (
    STRIP_TOWNS,
    Tiles,
    resolve_tiles,
    strip_map_svg,
    tile_layers,
    towns_along,
)
from corridor.maps.interactive import map_html
from corridor.maps.places import message
from corridor.model import Corridor
from corridor.problems import Problem
from corridor.records import Loaded, Route
from corridor.urls import page_path

MAP_PAGE = "map/"
"""The map page (a generated Markdown page, `map/index.md`), relative to a language's root."""
MAP_DOCUMENT = MAP_PAGE + "map.html"
"""The interactive map document the map page frames, relative to a language's root."""
VENDOR_URL = "assets/vendor/"
"""Where mkdocs copies docs/assets/vendor/ in each language's tree."""
MAP_STYLESHEETS = (
    # The Tibetan web-font subset the plugin writes after the pages (the map's HTML counts).
    "assets/stylesheets/corridor-fonts.css",
    "assets/stylesheets/corridor-map.css",
)

# The strip map's drawing width per language, in CSS px. Labels keep their size and wrap to
# their column, so the width sets how many lines they take: the longest English word on the
# strip ("Demonstration") needs a column of about 170 px, and Tibetan names break after
# nearly every syllable below about 800 px. Chinese fits in 720.
STRIP_WIDTHS: dict[str, int] = {"zh": 720, "bo": 880, "en": 880}
# On a phone (corridor.css: below 45em) the strip is drawn at no less than this share of its
# width (labels of 15 px stay at least 12 px) and scrolls sideways inside its own box; wider
# screens and paper scale it to the column, which is then at least about 690 px.
STRIP_MIN_SCALE = 0.8


def root_from(url: str) -> str:
    """The relative URL from the page at `url` (relative to a language's root) to that root.

    >>> root_from(""), root_from("map/"), root_from("towns/sijing/")
    ('', '../', '../../')
    """
    return "../" * url.count("/")


@dataclass(frozen=True, slots=True)
class SiteMaps:
    """The maps of one language's build: the corridor, its route, tiles and translations."""

    corridor: Corridor
    route: Route
    tiles: Tiles
    catalogues: Catalogues
    lang: str
    # Each town's distance along the route (`maps.towns_along`), projected once per build.
    along: Mapping[str, float]

    def text(self, context: str, source: str) -> str:
        """A record's or the map's text in this build's language (Chinese if untranslated)."""
        return self.catalogues.translate(self.lang, context, source).text

    def slot(self, scope: str, record_id: str | None) -> Markup:
        """A page's map slot: ``("corridor", None)``, ``("town", id)`` or ``("map", None)``."""
        if scope == "corridor":
            return self.strip("", None)
        if scope == "town" and record_id is not None:
            return self.strip(page_path("town", record_id), record_id)
        if scope == "map":
            return self.frame()
        raise ValueError(f"no map for the slot ({scope!r}, {record_id!r})")

    def strip(self, page: str, highlight: str | None) -> Markup:
        """The strip map for the page at `page`, its links relative to that page."""
        width = STRIP_WIDTHS.get(self.lang, max(STRIP_WIDTHS.values()))
        svg = strip_map_svg(
            self.corridor,
            self.route,
            language=self.lang,
            text=self.text,
            site_root=root_from(page),
            highlight=highlight,
            width=width,
            towns=STRIP_TOWNS,
            along=self.along,
        )
        # A raw HTML block for Markdown (starts with a block tag, no blank line inside);
        # data-search-exclude keeps every town's name out of each page's search entry.
        return Markup(
            '<div class="corridor-strip" data-search-exclude>\n'
            '<div class="corridor-strip__canvas" '
            f'style="--corridor-strip-min-width: {round(width * STRIP_MIN_SCALE)}px">\n'
            f"{svg.strip()}\n</div>\n</div>"
        )

    def frame(self) -> Markup:
        """The map page's frame holding the interactive map, and the tiles' credit as text."""
        title = html.escape(message(self.text, "map:title"), quote=True)
        source = posixpath.relpath(MAP_DOCUMENT, MAP_PAGE)
        layers = tile_layers(self.tiles, self.lang, self.text)
        credits = [layer.attribution for layer in layers if layer.attribution.strip()]
        return Markup(
            '<div class="corridor-map-frame">\n'
            f'<iframe src="{source}" title="{title}"></iframe>\n</div>\n\n'
            f'<p class="corridor-map-credit">{" · ".join(credits)}</p>'
        )

    def document(self) -> str:
        """The interactive map (`MAP_DOCUMENT`): Leaflet, popups linking to record pages."""
        up = root_from(MAP_PAGE)
        return map_html(
            self.corridor,
            self.route,
            self.tiles,
            language=self.lang,
            text=self.text,
            site_root=up,
            assets_url=up + VENDOR_URL,
            stylesheets=[up + sheet for sheet in MAP_STYLESHEETS],
        )


def load_site_maps(
    loaded: Loaded, catalogues: Catalogues, lang: str, environ: Mapping[str, str]
) -> tuple[SiteMaps | None, list[Problem]]:
    """The maps of a build of `lang`, or the problems that stop them (e.g. no Tianditu key).

    `environ` holds the Tianditu key (``os.environ`` when building): a missing key is the
    same problem `corridor check` reports, and the build stops rather than draw a blank map.
    """
    tiles, problems = resolve_tiles(loaded, environ)
    if tiles is None or loaded.corridor is None or loaded.route is None:
        return None, problems
    along = towns_along(loaded.corridor, loaded.route)
    return SiteMaps(loaded.corridor, loaded.route, tiles, catalogues, lang, along), problems


def open_data_files(maps: SiteMaps, languages: Sequence[str], site_url: str) -> dict[str, str]:
    """The open-data files (``data/…`` → text) for the whole site, every language in each.

    `site_url` is the whole site's address (not a language's): page URLs in the data are
    absolute; without one they are root-relative.
    """
    return opendata.render(
        maps.corridor, maps.catalogues, languages, site_url or "/", route=maps.route
    )
