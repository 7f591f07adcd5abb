"""What every map output draws: the places in route order, and the words around them.

Text in a page's language comes from outside, through a `Translate` function called as
``text(context, chinese_source)``. Record text uses the catalogue contexts of `corridor.i18n`
(``towns/<town>:name``, ``towns/<town>/halls/<hall>:summary`` …); the map's own words use
``map:<key>`` contexts, listed in `MESSAGES` so the catalogue extractor can collect them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from corridor.model import Corridor, PlaceEntry, Town
from corridor.model import town_places as walk_town
from corridor.urls import PlaceKind

Translate = Callable[[str, str], str]
"""``text(context, chinese_source) -> str``: the string to show in the page's language."""


def pgettext(context: str, source: str) -> tuple[str, str]:
    """Marks one of the map's own words for extraction and returns it as (context, source).

    Babel's Python extractor collects `pgettext` calls (translations/babel.cfg maps this
    file), so these words reach the catalogues like any template string.
    """
    return context, source


# The map's own words: context → Chinese source. Placeholders in braces are filled in by the
# code ({km}, {number}); a translation that drops one simply shows without it.
MESSAGES: dict[str, str] = dict(
    [
        pgettext("map:title", "走廊地图"),
        pgettext("map:route", "G318 线路"),
        pgettext("map:route-schematic", "G318 线路（示意）"),
        pgettext(
            "map:schematic-note", "线路为示意线：依次连接各乡镇的近似位置，不是测绘的道路线形。"
        ),
        pgettext("map:towns", "乡镇"),
        pgettext("map:halls", "民族风情展示馆"),
        pgettext("map:bases", "特色产业示范基地"),
        pgettext("map:town", "乡镇"),
        pgettext("map:hall", "展示馆"),
        pgettext("map:base", "产业基地"),
        pgettext("map:planned", "规划中"),
        pgettext("map:approximate", "位置为近似"),
        pgettext("map:more", "查看详情"),
        pgettext("map:distance", "{km} 公里"),
        pgettext("map:approval", "审图号：{number}"),
        pgettext("map:strip-title", "G318 天全段线路图"),
        pgettext("map:strip-description", "沿国道318线自西向东：{stops}。距离沿线路计算。"),
        pgettext("map:west", "西"),
        pgettext("map:east", "东"),
    ]
)


def message(text: Translate, key: str, **values: str) -> str:
    """One of the map's own words in the page's language, placeholders filled in.

    >>> message(lambda context, source: source, "map:distance", km="8.4")
    '8.4 公里'
    """
    translated = text(key, MESSAGES[key])
    for name, value in values.items():
        translated = translated.replace("{" + name + "}", value)
    return translated


@dataclass(frozen=True, slots=True)
class MapPlace:
    """A town, hall or base as the maps need it: its words still in Chinese, its point."""

    kind: PlaceKind
    id: str
    town_id: str
    context: str
    """Catalogue context prefix: ``towns/<town>`` or ``towns/<town>/halls/<hall>`` …"""
    name: str
    summary: str
    lat: float
    lon: float
    approximate: bool
    status: Literal["existing", "planned"] | None

    def translated(self, text: Translate, field: Literal["name", "summary"]) -> str:
        """The record's `field` in the page's language."""
        source: str = getattr(self, field)
        return text(f"{self.context}:{field}", source)


def _place(entry: PlaceEntry) -> MapPlace:
    record = entry.record
    status = None if isinstance(record, Town) else record.status
    return MapPlace(
        kind=entry.kind,
        id=record.id,
        town_id=entry.town.id,
        context=entry.key,
        name=record.name,
        summary=record.summary,
        lat=record.location.lat,
        lon=record.location.lon,
        approximate=record.location.approximate,
        status=status,
    )


def corridor_places(corridor: Corridor) -> Iterator[MapPlace]:
    """Every place in route order: each town, then its halls, then its bases."""
    for town in corridor.towns:
        yield from town_places(town)


def town_places(town: Town) -> Iterator[MapPlace]:
    """The town itself, then its halls, then its bases."""
    for entry in walk_town(town):
        yield _place(entry)
