"""The corridor's maps: interactive (folium), SVG strip map, open-data GeoJSON.

Never imports mkdocs: the website and the signs call these functions with loaded records.
The interactive map is `corridor.maps.interactive.map_html`, imported from there: folium
costs about a second and 40 MB, which commands that draw no map (check, new, impact) skip.
"""

from corridor.maps.opendata import OPEN_DATA_PATH, corridor_geojson
from corridor.maps.places import MESSAGES, MapPlace, Translate, corridor_places
from corridor.maps.strip import (
    STRIP_TOWNS,
    StripStop,
    distances_km,
    strip_map_svg,
    strip_stops,
    towns_along,
)
from corridor.maps.tiles import (
    TileLayerSpec,
    Tiles,
    check_map,
    resolve_tiles,
    tile_hosts,
    tile_layers,
)

__all__ = [
    "MESSAGES",
    "OPEN_DATA_PATH",
    "STRIP_TOWNS",
    "MapPlace",
    "StripStop",
    "TileLayerSpec",
    "Tiles",
    "Translate",
    "check_map",
    "corridor_geojson",
    "corridor_places",
    "distances_km",
    "resolve_tiles",
    "strip_map_svg",
    "strip_stops",
    "tile_hosts",
    "tile_layers",
    "towns_along",
]
