"""Tile providers: which server draws the background, with which key, in which datum.

The choice is data (`map:` in sites/corridor.yml); the Tianditu key is not: it comes from the
environment at build time, so it is never committed. Resolving the configuration returns
problems (missing key) rather than raising, like every check on user input.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal
from urllib.parse import quote, urlsplit

from corridor.maps.places import Translate, message
from corridor.model import MapSettings
from corridor.problems import Problem, Severity
from corridor.records import CORRIDOR_FILE, Loaded
from corridor.speech import _

Datum = Literal["wgs84", "gcj02"]

_TIANDITU = (
    "https://t{{s}}.tianditu.gov.cn/{layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0"
    "&LAYER={layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles"
    "&TILEMATRIX={{z}}&TILEROW={{y}}&TILECOL={{x}}&tk={key}"
)
_AMAP = (
    "https://webrd0{{s}}.is.autonavi.com/appmaptile?lang={lang}&size=1&scale=1&style=8"
    "&x={{x}}&y={{y}}&z={{z}}"
)
_TIANDITU_KEY = re.compile(r"[0-9a-f]{32}")


@dataclass(frozen=True, slots=True)
class Tiles:
    """A usable tile configuration: the settings, and the Tianditu key when it needs one."""

    settings: MapSettings
    key: str | None = None

    @property
    def datum(self) -> Datum:
        """The datum the tiles are drawn in: where markers must be placed for display."""
        return "gcj02" if self.settings.tiles == "amap" else "wgs84"


@dataclass(frozen=True, slots=True)
class TileLayerSpec:
    """One Leaflet tile layer: a URL template, its subdomains and its visible attribution."""

    url: str
    attribution: str
    """HTML: every piece of text in it is escaped."""
    subdomains: str = "abc"
    max_zoom: int = 18

    @property
    def host_pattern(self) -> str:
        """The tile host with ``{s}`` still in it, e.g. ``t{s}.tianditu.gov.cn``."""
        return urlsplit(self.url.replace("{s}", "SUBDOMAIN")).netloc.replace("SUBDOMAIN", "{s}")

    def hosts(self) -> list[str]:
        """Every host this layer may request tiles from."""
        pattern = self.host_pattern
        if "{s}" not in pattern:
            return [pattern]
        return [pattern.replace("{s}", s) for s in self.subdomains]


def resolve_tiles(loaded: Loaded, environ: Mapping[str, str]) -> tuple[Tiles | None, list[Problem]]:
    """The tiles to draw with, or the problems that stop the map from being drawn.

    `environ` is where the Tianditu key is read from (``os.environ`` when building).
    """
    corridor = loaded.corridor
    if corridor is None:
        return None, []
    settings = corridor.info.map
    if settings.tiles != "tianditu" or settings.tianditu is None:
        return Tiles(settings), []
    document = loaded.documents.get(CORRIDOR_FILE)
    variable = settings.tianditu.key_env
    key = environ.get(variable, "").strip()
    where = ("map", "tianditu", "key_env")
    position = document.position(where) if document else None
    line, column = (position.line, position.column) if position else (1, 1)
    if not key:
        return None, [
            Problem(
                CORRIDOR_FILE,
                line,
                column,
                "map.tianditu.key_env",
                _(
                    "the map uses Tianditu tiles, but the environment variable {variable} "
                    "holding its key (tk) is not set"
                ).format(variable=variable),
                _(
                    "set {variable} to the site's Tianditu browser key where the site is built, "
                    "or use `tiles: openstreetmap` for a local preview"
                ).format(variable=variable),
            )
        ]
    problems = []
    if not _TIANDITU_KEY.fullmatch(key):
        problems.append(
            Problem(
                CORRIDOR_FILE,
                line,
                column,
                "map.tianditu.key_env",
                _("{variable} does not look like a Tianditu key (32 hexadecimal digits)").format(
                    variable=variable
                ),
                _("copy the key again from the Tianditu console; tiles will fail with a wrong key"),
                Severity.WARNING,
            )
        )
    return Tiles(settings, key), problems


def check_map(loaded: Loaded, environ: Mapping[str, str]) -> list[Problem]:
    """Problems that would stop the map being drawn (for `corridor check`)."""
    return resolve_tiles(loaded, environ)[1]


def tile_layers(tiles: Tiles, language: str, text: Translate) -> tuple[TileLayerSpec, ...]:
    """The tile layers to draw, bottom first, with attribution in the page's language."""
    settings = tiles.settings
    if settings.tiles == "tianditu" and settings.tianditu is not None and tiles.key:
        credit = _credit("© 天地图 · 国家地理信息公共服务平台", settings.tianditu.approval, text)
        key = quote(tiles.key, safe="")
        # Tianditu labels in Chinese (cva) or English (eva); it has no Tibetan labels.
        labels = "eva" if language == "en" else "cva"
        return (
            TileLayerSpec(_TIANDITU.format(layer="vec", key=key), credit, "01234567"),
            TileLayerSpec(_TIANDITU.format(layer=labels, key=key), "", "01234567"),
        )
    if settings.tiles == "amap" and settings.amap is not None:
        credit = _credit("© 高德地图 AutoNavi", settings.amap.approval, text)
        lang = "en" if language == "en" else "zh_cn"
        return (TileLayerSpec(_AMAP.format(lang=lang), credit, "1234"),)
    osm = settings.openstreetmap
    credit = html.escape(osm.attribution)
    if osm.url == type(osm)().url:
        # OpenStreetMap's licence asks for a link to its copyright page.
        credit = f'<a href="https://www.openstreetmap.org/copyright">{credit}</a>'
    return (TileLayerSpec(osm.url, credit),)


def _credit(owner: str, approval: str, text: Translate) -> str:
    approval_text = message(text, "map:approval", number=approval)
    return f"{html.escape(owner)} · {html.escape(approval_text)}"


def tile_hosts(tiles: Tiles) -> set[str]:
    """Every host the map may ask for tiles, in any language (for tests and audits offline)."""
    return {
        host
        for language in ("zh", "bo", "en")
        for layer in tile_layers(tiles, language, lambda _context, source: source)
        for host in layer.hosts()
    }
