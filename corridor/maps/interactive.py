"""The interactive corridor map: folium (Leaflet), self-hosted, deterministic, one per language.

Three departures from folium's defaults, each for a reason a visitor would notice:

* **Assets** are set on the map instance (`default_js`/`default_css`) to our vendored Leaflet
  only; folium's class-level lists (jQuery, Bootstrap, Font Awesome, awesome-markers from four
  foreign CDNs) are never read or changed. Markers are inline-SVG `DivIcon`s and popups are our
  own element that needs no jQuery.
* **Ids** are given, not random: every element this module creates is named from what it
  draws (``marker_town_shiyang``) before it is attached, so the same records give the same
  bytes. Nothing global is patched, so other maps in the process keep folium's behaviour.
* **Text is data.** branca parses what each element renders as the source of a new Jinja
  template, so a name reaching an element's output is evaluated (``{{ 6*7 }}`` became 42).
  Every string from the records, the catalogues and the settings therefore goes into one
  JSON object, ``corridorText``, written by the document's own template; elements refer to
  it by key (``corridorText["popup_town_alpha"]``) and render only our code, ids and numbers.
  The HTML in it (popups, layer names, the note) is escaped as it is built. Our element
  templates render sandboxed (`corridor.templating.ElementTemplate`).
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Sequence
from typing import Any, TypeVar

import folium
from branca.element import Element, Figure, MacroElement
from folium.utilities import JsCode

from corridor.geo import LatLon, wgs84_to_gcj02
from corridor.maps.assets import SCRIPTS, STYLESHEETS, linked
from corridor.maps.places import MapPlace, Translate, corridor_places, message
from corridor.maps.style import (
    COLOURS,
    FONT_SCALES,
    LINE_HEIGHTS,
    ROUTE_COLOUR,
    font_family,
    route_symbol_svg,
    symbol_svg,
)
from corridor.maps.tiles import Tiles, tile_layers
from corridor.model import Corridor
from corridor.records import Route
from corridor.templating import ElementTemplate
from corridor.urls import PlaceKind, page_path

E = TypeVar("E", bound=Element)

_LAYERS: dict[PlaceKind, str] = {"town": "map:towns", "hall": "map:halls", "base": "map:bases"}
# Halls and bases are drawn above towns: they are smaller and often within a town's ring.
_Z_OFFSET: dict[PlaceKind, int] = {"town": 0, "hall": 200, "base": 100}
_ICON_SIZE = 30
# The height of the expanded layer list at the top (px): about 120 in Chinese, 140 in Tibetan.
_CONTROLS_HEIGHT = 160


class _Ids:
    """Hands out element ids for one map, from what each draws; refuses duplicate names."""

    def __init__(self) -> None:
        self._used: set[str] = set()

    def own(self, element: E, key: str) -> E:
        # branca gives every element a random `_id` at construction; replace it before the
        # element is attached anywhere (parents key their children by the name it makes).
        element._id = re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")
        name: str = element.get_name()
        if name in self._used:
            raise ValueError(f"two map elements would share the name {name!r}")
        self._used.add(name)
        return element


class _Texts:
    """The map's text, by key: written once as data, referred to from the elements' scripts."""

    def __init__(self) -> None:
        self.by_key: dict[str, str] = {}

    def ref(self, key: str, text: str) -> JsCode:
        """`text` stored under `key`; the JavaScript expression that reads it back."""
        if key in self.by_key:
            raise ValueError(f"two map texts would share the key {key!r}")
        self.by_key[key] = text
        # Keys are made from ids and fixed words (ASCII): json.dumps makes them a JS string.
        return JsCode(f"corridorText[{json.dumps(key)}]")


# The document is the one template whose output branca does not parse again: the only place
# text from the records and catalogues is written (escaped for HTML, or as JSON data).
_DOCUMENT = ElementTemplate(
    """<!DOCTYPE html>
<html lang="{{ this.language }}">
<head>
<meta charset="utf-8">
<title>{{ this.title|e }}</title>
{{ this.header.render(**kwargs) }}
</head>
<body>
<h1 class="corridor-visually-hidden">{{ this.title|e }}</h1>
<div class="corridor-map" id="{{ this.map_name }}" role="region"
     aria-label="{{ this.title|e }}"></div>
{{ this.html.render(**kwargs) }}
<script>
var corridorText = {{ this.texts|tojson }};
{{ this.script.render(**kwargs) }}
</script>
</body>
</html>
"""
)

_MAP = ElementTemplate(
    """
{% macro header(this, kwargs) %}
<meta name="viewport" content="width=device-width, initial-scale=1">
{% endmacro %}
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.map({{ this.get_name()|tojson }}, {{ this.options|tojavascript }});
{{ this.get_name() }}.attributionControl.setPrefix("Leaflet");
L.control.scale({"imperial": false}).addTo({{ this.get_name() }});
{% endmacro %}
"""
)


class _Styles(MacroElement):
    """The map's own stylesheet, in the page's language (fonts, line height)."""

    _template = ElementTemplate(
        """
{% macro header(this, kwargs) %}
<style>
html, body { width: 100%; height: 100%; margin: 0; padding: 0; }
.corridor-map { position: absolute; inset: 0; }
.corridor-map.leaflet-container {
  font-family: {{ this.family }}; font-size: {{ this.size }}px; line-height: {{ this.leading }};
}
.corridor-visually-hidden {
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap;
}
.corridor-marker { background: none; border: 0; }
.corridor-marker svg { display: block; width: 100%; height: 100%; }
.corridor-marker:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.corridor-popup .leaflet-popup-content { margin: 12px 16px; line-height: {{ this.leading }}; }
.corridor-popup h2 { font-size: 1.15em; margin: 0 0 4px; }
.corridor-popup p { margin: 0 0 6px; }
.corridor-popup .corridor-kind { color: #444; font-size: 0.9em; }
.corridor-popup .corridor-kind svg { vertical-align: -4px; margin-right: 4px; }
.corridor-popup .corridor-note { color: #555; font-size: 0.85em; }
.corridor-popup a { font-weight: bold; color: #0b4f9c; }
.corridor-map .leaflet-control-layers label { line-height: 1.6; }
.corridor-map .leaflet-control-layers svg { vertical-align: middle; margin-right: 4px; }
.corridor-map-note {
  background: rgba(255, 255, 255, 0.92); padding: 4px 8px; max-width: 22em;
  border-radius: 4px; color: #1a1a1a; font-size: 0.85em; box-shadow: 0 1px 4px rgba(0,0,0,.3);
}
.corridor-map-note svg { vertical-align: middle; margin-right: 4px; }
/* An open popup has the map to itself: the note at the bottom would cover its link. */
.corridor-map:has(.leaflet-popup) .corridor-map-note { visibility: hidden; }
</style>
{% endmacro %}
"""
    )

    def __init__(self, language: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Styles"
        self.family = font_family(language)
        self.size = round(15 * FONT_SCALES.get(language, 1.0))
        self.leading = LINE_HEIGHTS.get(language, 1.5)


class _Popup(MacroElement):
    """A Leaflet popup with HTML we built (and escaped) ourselves; no jQuery needed."""

    _template = ElementTemplate(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.popup({{ this.options|tojavascript }})
    .setContent({{ this.content|tojavascript }});
{{ this.marker }}.bindPopup({{ this.get_name() }});
{% endmacro %}
"""
    )

    def __init__(self, content: JsCode, marker: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Popup"
        self.content = content
        self.marker = marker
        # CJK and Tibetan lines do not break at spaces: give them room to wrap. The layer
        # list (the legend) stays expanded at the top right and covers what opens under it
        # (on a phone, most of a popup's head): an opening popup pans the map until its top
        # clears the controls.
        self.options = {
            "minWidth": 220,
            "maxWidth": 300,
            "className": "corridor-popup",
            "autoPanPaddingTopLeft": [16, _CONTROLS_HEIGHT],
        }


class _Note(MacroElement):
    """A small always-visible note on the map (that the route is schematic)."""

    _template = ElementTemplate(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control({"position": {{ this.position|tojson }}});
{{ this.get_name() }}.onAdd = function () {
    var note = L.DomUtil.create("div", "corridor-map-note");
    note.innerHTML = {{ this.content|tojavascript }};
    return note;
};
{{ this.get_name() }}.addTo({{ this.map }});
{% endmacro %}
"""
    )

    def __init__(self, content: JsCode, map_name: str, position: str = "bottomleft") -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "Note"
        self.content = content
        self.map = map_name
        self.position = position


class _TileLayer(MacroElement):
    """A Leaflet tile layer whose address and attribution (settings) are read from the data."""

    _template = ElementTemplate(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.tileLayer({{ this.url|tojavascript }},
    {{ this.options|tojavascript }});
{{ this.get_name() }}.addTo({{ this.map }});
{% endmacro %}
"""
    )

    def __init__(self, url: JsCode, options: dict[str, Any], map_name: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "TileLayer"
        self.url = url
        self.options = options
        self.map = map_name


class _Layers(MacroElement):
    """The layer list (it doubles as the legend): overlays named from the data, always open."""

    _template = ElementTemplate(
        """
{% macro script(this, kwargs) %}
var {{ this.get_name() }} = L.control.layers({}, {
{%- for label, layer in this.overlays %}
    [{{ label|tojavascript }}]: {{ layer }},
{%- endfor %}
}, {"position": "topright", "collapsed": false, "autoZIndex": true}).addTo({{ this.map }});
{% endmacro %}
"""
    )

    def __init__(self, overlays: list[tuple[JsCode, str]], map_name: str) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._name = "LayerControl"
        self.overlays = overlays
        self.map = map_name


def map_html(
    corridor: Corridor,
    route: Route,
    tiles: Tiles,
    *,
    language: str,
    text: Translate,
    site_root: str,
    assets_url: str,
    stylesheets: Sequence[str] = (),
) -> str:
    """The interactive map as a complete HTML document, for one language.

    Args:
        corridor: the loaded corridor (WGS-84).
        route: the route line (WGS-84, east to west).
        tiles: resolved tiles (see `resolve_tiles`); AMap tiles make every point GCJ-02.
        language: the page's language code (zh, bo, en): sets ``lang`` and fonts.
        text: ``text(context, chinese) -> str`` in the page's language.
        site_root: URL of the language's root relative to this document (``"../"``, or
            ``"/bo/"``): popups link to ``site_root + urls.page_path(...)``.
        assets_url: URL of the vendored assets folder (docs/assets/vendor) from this document.
        stylesheets: more stylesheets to link, e.g. the site's self-hosted fonts.

    Returns:
        The document's text; the same arguments always give the same bytes.
    """
    ids = _Ids()
    texts = _Texts()
    show = _display_datum(tiles)
    short_name = text("corridor:short_name", corridor.info.short_name)
    title = f"{short_name} · {message(text, 'map:title')}"

    fmap = folium.Map(location=None, tiles=None, zoom_start=10)
    ids.own(fmap, "corridor")
    figure = fmap.get_root()
    assert isinstance(figure, Figure)
    # Instance attributes only: folium's classes (and every other map) are left as they are.
    # The document template reads `language`, `map_name` and `texts`, which folium's classes
    # do not have.
    figure._template = _DOCUMENT
    # branca's header starts with <meta http-equiv="content-type">: with our <meta charset>
    # the document would declare its encoding twice (an HTML error).
    figure.header._children.pop("meta_http", None)
    figure.title = title
    setattr(figure, "language", language)  # noqa: B010
    setattr(figure, "map_name", fmap.get_name())  # noqa: B010
    setattr(figure, "texts", texts.by_key)  # noqa: B010
    fmap._template = _MAP
    map_name = fmap.get_name()
    fmap.options = {"zoomControl": True, "keyboard": True}
    fmap.default_js = linked(assets_url, SCRIPTS)
    fmap.default_css = [
        *linked(assets_url, STYLESHEETS),
        *((f"stylesheet_{i}", url) for i, url in enumerate(stylesheets)),
    ]
    ids.own(_Styles(language), "styles").add_to(fmap)

    for index, layer in enumerate(tile_layers(tiles, language, text)):
        options = {
            "minZoom": 0,
            "maxZoom": layer.max_zoom,
            "maxNativeZoom": layer.max_zoom,
            "attribution": texts.ref(f"tiles_{index}_attribution", layer.attribution or " "),
            "subdomains": layer.subdomains,
        }
        url = texts.ref(f"tiles_{index}_url", layer.url)
        tile = _TileLayer(url, options, map_name)
        ids.own(tile, f"tiles_{index}").add_to(fmap)

    route_points = [show(point) for point in route.points]
    route_key = "map:route-schematic" if route.schematic else "map:route"
    route_label = message(text, route_key)
    legend: list[tuple[JsCode, str]] = []
    route_group = _layer(
        ids, texts, legend, "route", route_symbol_svg(route.schematic), route_label
    )
    casing = folium.PolyLine(  # type: ignore[no-untyped-call]
        route_points, color="#ffffff", weight=9, opacity=0.9
    )
    ids.own(casing, "route_casing").add_to(route_group)
    line = folium.PolyLine(  # type: ignore[no-untyped-call]
        route_points,
        color=ROUTE_COLOUR,
        weight=5,
        opacity=0.95,
        dash_array="12 8" if route.schematic else None,
    )
    ids.own(line, "route_line").add_to(route_group)
    route_group.add_to(fmap)

    groups = {
        kind: _layer(ids, texts, legend, f"{kind}s", symbol_svg(kind, 20), message(text, key))
        for kind, key in _LAYERS.items()
    }
    places = list(corridor_places(corridor))
    for place in places:
        _marker(ids, texts, place, show, text, site_root).add_to(groups[place.kind])
    for group in groups.values():
        group.add_to(fmap)

    if route.schematic:
        note = f"{route_symbol_svg(True, 20)}{html.escape(message(text, 'map:schematic-note'))}"
        ids.own(_Note(texts.ref("note", note), map_name), "schematic_note").add_to(fmap)
    ids.own(_Layers(legend, map_name), "layers").add_to(fmap)

    points = route_points + [show((p.lat, p.lon)) for p in places]
    south, west = min(p[0] for p in points), min(p[1] for p in points)
    north, east = max(p[0] for p in points), max(p[1] for p in points)
    fit = folium.FitBounds([[south, west], [north, east]], padding=(24, 24), max_zoom=14)
    ids.own(fit, "fit").add_to(fmap)
    fmap.location = [round((south + north) / 2, 6), round((west + east) / 2, 6)]
    fmap.options["center"] = fmap.location
    fmap.options["zoom"] = 11

    rendered: str = figure.render()
    return rendered


def _display_datum(tiles: Tiles) -> Any:
    """Where a WGS-84 point is drawn on these tiles (AMap's are shifted to GCJ-02)."""

    def gcj02(point: LatLon) -> LatLon:
        lat, lon = wgs84_to_gcj02(*point)
        return round(lat, 7), round(lon, 7)

    def wgs84(point: LatLon) -> LatLon:
        return point

    return gcj02 if tiles.datum == "gcj02" else wgs84


def _layer(
    ids: _Ids,
    texts: _Texts,
    legend: list[tuple[JsCode, str]],
    key: str,
    symbol: str,
    label: str,
) -> folium.FeatureGroup:
    """An overlay, listed in `legend` under its name (HTML: the symbol, then the text)."""
    # control=False: our own layer list (`_Layers`) names it, from the data.
    group = ids.own(folium.FeatureGroup(name=key, overlay=True, control=False), f"layer_{key}")
    legend.append((texts.ref(f"layer_{key}", f"{symbol}{html.escape(label)}"), group.get_name()))
    return group


def _marker(
    ids: _Ids, texts: _Texts, place: MapPlace, show: Any, text: Translate, site_root: str
) -> folium.Marker:
    key = f"{place.kind}_{place.id}"
    name = place.translated(text, "name")
    icon = folium.DivIcon(
        html=symbol_svg(place.kind, _ICON_SIZE),
        icon_size=(_ICON_SIZE, _ICON_SIZE),
        icon_anchor=(_ICON_SIZE // 2, _ICON_SIZE // 2),
        popup_anchor=(0, -_ICON_SIZE // 2),
        class_name=f"corridor-marker corridor-marker-{place.kind}",
    )
    marker = folium.Marker(
        list(show((place.lat, place.lon))),
        icon=ids.own(icon, key),
        # The title is the marker's accessible name (Leaflet makes DivIcons focusable buttons).
        # folium's options take JsCode (its `tojavascript` writes it as is); its types say not.
        title=texts.ref(f"title_{key}", name),  # type: ignore[arg-type]
        z_index_offset=_Z_OFFSET[place.kind],
        rise_on_hover=True,
    )
    ids.own(marker, key)
    content = texts.ref(f"popup_{key}", _popup_html(place, name, text, site_root))
    ids.own(_Popup(content, marker.get_name()), key).add_to(marker)
    return marker


def _popup_html(place: MapPlace, name: str, text: Translate, site_root: str) -> str:
    kind = message(text, f"map:{place.kind}")
    if place.status == "planned":
        kind = f"{kind} · {message(text, 'map:planned')}"
    parts = [
        f'<p class="corridor-kind">{symbol_svg(place.kind, 18)}{html.escape(kind)}</p>',
        f'<h2 style="color: {COLOURS[place.kind]}">{html.escape(name)}</h2>',
        f"<p>{html.escape(place.translated(text, 'summary'))}</p>",
    ]
    if place.approximate:
        note = html.escape(message(text, "map:approximate"))
        parts.append(f'<p class="corridor-note">{note}</p>')
    href = html.escape(site_root + page_path(place.kind, place.id), quote=True)
    more = html.escape(message(text, "map:more"))
    # target=_top: the map usually sits in an iframe; the record's page replaces the page.
    parts.append(f'<p><a href="{href}" target="_top">{more}</a></p>')
    return "".join(parts)
