"""The corridor's maps: interactive (folium), SVG strip map, open-data GeoJSON.

Never imports mkdocs: the website and the signs call these functions with loaded records.
"""

from corridor.maps.interactive import map_html
from corridor.maps.places import MESSAGES, MapPlace, Translate, corridor_places
from corridor.maps.tiles import TileLayerSpec, Tiles, check_map, resolve_tiles, tile_layers

__all__ = [
    "MESSAGES",
    "MapPlace",
    "TileLayerSpec",
    "Tiles",
    "Translate",
    "check_map",
    "corridor_places",
    "map_html",
    "resolve_tiles",
    "tile_layers",
]
