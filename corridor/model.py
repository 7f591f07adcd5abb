"""The corridor's data model: what a record may contain, declared once.

These pydantic models are the single declaration behind three things: validation of the YAML
records (with `extra="forbid"`, so a misspelt key is an error), the JSON Schema that editors'
tools use for completion (`corridor schema`), and the typed, frozen objects every output reads.

Record text is written in Chinese only. Fields typed `Text` are translatable: their strings go
through the catalogues (`translations/`) to Tibetan and English; other strings (ids, codes,
pinyin, phone numbers, citations) are printed as written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Annotated, Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    ModelWrapValidatorHandler,
    model_validator,
)
from pydantic_core import PydanticCustomError, core_schema

from corridor.geo import to_wgs84
from corridor.speech import N_, _
from corridor.urls import PlaceKind, page_path

TRANSLATABLE = "x-translatable"


@dataclass(frozen=True, slots=True)
class Format:
    """Annotated metadata: text that must match `pattern`, with an editor-readable message.

    The pattern also goes into the JSON Schema so editors' tools flag it while typing.
    """

    pattern: str
    expected: str  # marked N_(): translated when the message is made
    example: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> core_schema.CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> dict[str, Any]:
        return {**handler(schema), "pattern": f"^(?:{self.pattern})$", "examples": [self.example]}

    def _check(self, value: str) -> str:
        if not re.fullmatch(self.pattern, value):
            raise PydanticCustomError(
                "format",
                _('expected {expected}, got "{got}"'),
                {"expected": _(self.expected), "got": value, "example": self.example},
            )
        return value


Slug = Annotated[
    str,
    Format(
        r"[a-z][a-z0-9-]{1,39}", N_("an id of lowercase letters, digits and hyphens"), "ganxipo"
    ),
]
Time = Annotated[str, Format(r"(?:[01]\d|2[0-3]):[0-5]\d|24:00", N_("a time as HH:MM"), "09:00")]
StatisticalCode = Annotated[
    str, Format(r"\d{9}", N_("a 9-digit national statistical code"), "511825101")
]
_PINYIN_LETTERS = "a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü"
Pinyin = Annotated[
    str,
    Format(
        rf"[A-Z][{_PINYIN_LETTERS}]*(?:[ '-]?[A-Z{_PINYIN_LETTERS}]+)*",
        N_("pinyin in Latin letters, capitalised"),
        "Shiyang",
    ),
]
Phone = Annotated[
    str,
    Format(
        r"0\d{2,3}-\d{7,8}|1\d{10}|400-\d{3}-\d{4}",
        N_("a Chinese phone number such as 0835-7222222"),
        "0835-7222222",
    ),
]
Url = Annotated[
    str,
    Format(r"https?://\S+", N_("a web address starting with http:// or https://"), "https://…"),
]

# A translatable string: written in Chinese, translated through the catalogues.
Text = Annotated[str, Field(min_length=1, json_schema_extra={TRANSLATABLE: True})]
# A plain string that is printed as written (names of sources, notes for editors).
Plain = Annotated[str, Field(min_length=1)]

Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
Crs = Literal["wgs84", "gcj02", "bd09"]


class Model(BaseModel):
    # Numbers typed where text is expected (a code, a phone) are taken as the text typed.
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Source(Model):
    """A citation: where a fact in the record comes from."""

    title: Plain = Field(
        description=N_("Title of the document or page, in its own language"),
        examples=["天全县志"],
    )
    publisher: Plain | None = Field(
        None, description=N_("Who published it"), examples=["天全县人民政府"]
    )
    year: int | None = Field(
        None, ge=1300, le=2100, description=N_("Year of publication"), examples=[2023]
    )
    url: Url | None = Field(None, description=N_("Where a reader can find it"))
    note: Plain | None = Field(
        None,
        description=N_("What the source supports, or how far it was checked"),
        examples=["支持茶马司设立年份；原文未核对"],
    )


Sources = Annotated[list[Source], Field(min_length=1)]


class Location(Model):
    """A point. After loading it is always WGS-84: other systems are converted exactly once."""

    lat: float = Field(ge=-90, le=90, description=N_("Latitude in degrees"), examples=[30.0669])
    lon: float = Field(ge=-180, le=180, description=N_("Longitude in degrees"), examples=[102.7586])
    crs: Crs = Field(
        "wgs84",
        description=N_("wgs84 (GPS, Tianditu), gcj02 (AMap/Gaode, Tencent) or bd09 (Baidu)"),
    )
    approximate: bool = Field(description=N_("true unless the point was surveyed or checked"))
    note: Text | None = Field(
        None, description=N_("How exact the point is"), examples=["按地图估计，误差约 1 公里"]
    )

    @model_validator(mode="wrap")
    @classmethod
    def _in_wgs84(cls, data: Any, handler: ModelWrapValidatorHandler[Location]) -> Location:
        # Loading is the one place points are converted, so nothing downstream ever sees
        # GCJ-02 or BD-09 (converting twice would move a point by hundreds of metres).
        point = handler(data)
        if point.crs == "wgs84":
            return point
        lat, lon = to_wgs84(point.lat, point.lon, point.crs)
        return point.model_copy(update={"lat": lat, "lon": lon, "crs": "wgs84"})


class OpeningPeriod(Model):
    days: Annotated[list[Day], Field(min_length=1)] = Field(
        description=N_("The days of the week these times hold for")
    )
    open: Time = Field(description=N_("Opening time, HH:MM"))
    close: Time = Field(description=N_("Closing time, HH:MM"), examples=["17:00"])

    @model_validator(mode="after")
    def _closes_after_opening(self) -> OpeningPeriod:
        if self.close <= self.open:
            raise PydanticCustomError(
                "order",
                _("closes at {close} but opens at {open}: the closing time must be later"),
                {"open": self.open, "close": self.close},
            )
        if len(set(self.days)) != len(self.days):
            raise PydanticCustomError("repeat", _("a day is listed twice in days"), {})
        return self


class Opening(Model):
    """Structured opening hours: days and times, never free text."""

    periods: list[OpeningPeriod] = Field(
        default_factory=list, description=N_("Regular opening times; empty when not known")
    )
    verified: bool = Field(description=N_("true only when confirmed with the hall"))
    note: Text | None = Field(
        None,
        description=N_("Holidays, seasonal closing, booking"),
        examples=["春节期间闭馆"],
    )


class Admission(Model):
    free: bool | None = Field(None, description=N_("Free admission; null when not known"))
    price_yuan: float | None = Field(
        None, ge=0, description=N_("Full ticket price in yuan"), examples=[20]
    )
    verified: bool = Field(description=N_("true only when confirmed with the hall"))
    note: Text | None = Field(
        None, description=N_("Reductions, booking, free days"), examples=["老人、儿童免票"]
    )


class Accessibility(Model):
    """Facts a visitor with a disability needs; null means not yet known."""

    step_free_entrance: bool | None = Field(
        None, description=N_("An entrance without steps; null when not known")
    )
    accessible_toilet: bool | None = Field(
        None, description=N_("A toilet for wheelchair users; null when not known")
    )
    verified: bool = Field(description=N_("true only when confirmed with the hall"))
    note: Text | None = Field(None, description=N_("Other access facts"), examples=["二楼无电梯"])


class Exhibit(Model):
    name: Text = Field(description=N_("Name of the exhibit"), examples=["背夫拐子"])
    description: Text | None = Field(
        None, description=N_("What the exhibit shows"), examples=["茶马古道背夫歇脚用的T形拐杖"]
    )


class Place(Model):
    """What a town's halls and bases have in common."""

    id: Slug = Field(
        description=N_("Permanent id, part of the page address: lowercase pinyin and hyphens")
    )
    name: Text = Field(description=N_("Name in Chinese"), examples=["甘溪坡茶马古道陈列馆"])
    location: Location = Field(description=N_("Where it is"))
    summary: Text = Field(
        description=N_("One sentence, shown on cards, popups and signs"),
        examples=["紧邻 G318 的茶马古道陈列馆，保存约 2 公里古道。"],
    )
    introduction: Text = Field(
        description=N_("The full text of its page: one paragraph per line"),
        examples=["甘溪坡位于县城以西……"],
    )
    sources: Sources = Field(description=N_("Where the facts come from: at least one source"))
    note: Text | None = Field(
        None,
        description=N_("What is unverified or sample about the record"),
        examples=["开放时间未核实。"],
    )


class Hall(Place):
    """An ethnic-culture exhibition hall (民族风情展示馆)."""

    status: Literal["existing", "planned"] = Field(
        description=N_("existing: open or built; planned: proposed by the corridor plan")
    )
    theme: Text = Field(
        description=N_("What the hall shows, in a few words"), examples=["茶马古道"]
    )
    address: Text | None = Field(
        None, description=N_("Postal address"), examples=["天全县思经镇甘溪坡村"]
    )
    opening: Opening | None = Field(None, description=N_("Opening hours"))
    admission: Admission | None = Field(None, description=N_("Tickets and admission"))
    phone: Phone | None = Field(None, description=N_("Telephone for visitors"))
    accessibility: Accessibility | None = Field(
        None, description=N_("Access for visitors with disabilities")
    )
    exhibits: list[Exhibit] = Field(default_factory=list, description=N_("Notable exhibits"))


Industry = Literal["tea", "herbal-medicine", "bamboo-shoot", "kiwifruit", "rice", "other"]


class Visiting(Model):
    open_to_visitors: bool | None = Field(
        None, description=N_("Visitors are received; null when not known")
    )
    verified: bool = Field(description=N_("true only when confirmed with the base"))
    arrangement: Text | None = Field(
        None, description=N_("How to visit: booking, seasons"), examples=["采茶季需提前预约"]
    )


class IndustryBase(Place):
    """A characteristic-industry demonstration base (特色产业示范基地)."""

    status: Literal["existing", "planned"] = Field(
        description=N_("existing: open or built; planned: proposed by the corridor plan")
    )
    industry: Industry = Field(description=N_("The industry the base demonstrates"))
    products: Annotated[list[Text], Field(min_length=1)] = Field(
        description=N_("Its main products, a few words each"), examples=[["边茶", "金尖茶"]]
    )
    visiting: Visiting | None = Field(None, description=N_("Whether and how to visit"))


Arrow = Literal[
    "ahead", "ahead-right", "right", "back-right", "back", "back-left", "left", "ahead-left"
]


class PlaceRef(Model):
    """A reference to one record by id: exactly one of `town`, `hall` or `base`."""

    town: Slug | None = Field(None, description=N_("A town's id"))
    hall: Slug | None = Field(None, description=N_("An exhibition hall's id"))
    base: Slug | None = Field(None, description=N_("An industry base's id"))

    @model_validator(mode="after")
    def _exactly_one(self) -> PlaceRef:
        if sum(v is not None for v in (self.town, self.hall, self.base)) != 1:
            raise PydanticCustomError(
                "reference", _("name exactly one of town, hall or base (e.g. hall: ganxipo)"), {}
            )
        return self

    @property
    def kind(self) -> PlaceKind:
        return "town" if self.town else "hall" if self.hall else "base"

    @property
    def id(self) -> str:
        return str(self.town or self.hall or self.base)


class Destination(PlaceRef):
    """One line of a directional sign: a place, its arrow and distance (computed)."""

    arrow: Arrow | None = Field(
        None,
        description=N_(
            "Overrides the arrow computed from the sign's facing and the place's "
            "bearing, where the road turns (the editor knows the junction)"
        ),
    )


class SignImage(Model):
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]+\.(?:png|jpe?g)$")] = Field(
        description=N_("Image file relative to sites/, e.g. images/ganxipo-trail.jpg"),
        examples=["images/ganxipo-trail.jpg"],
    )
    credit: Plain = Field(
        description=N_("Photographer or owner, as printed beside the photograph"),
        examples=["摄影：天全县文化馆"],
    )


class Sign(Model):
    """A physical sign: its family (type), what it presents, where it stands.

    Text comes from the presented record's fields (as the type's slots say) unless the sign
    gives its own `title`, `subtitle` or `body`; those go through the catalogues like any
    other record text.
    """

    id: Slug = Field(description=N_("Permanent id of the sign: lowercase pinyin and hyphens"))
    type: Slug = Field(
        description=N_("A sign family id from sites/sign-types.yml"), examples=["hall-nameplate"]
    )
    presents: PlaceRef | None = Field(
        None, description=N_("The record the sign is about (its QR code links to its page)")
    )
    title: Text | None = Field(
        None,
        description=N_("The sign's own title, instead of the name"),
        examples=["茶马古道遗址"],
    )
    subtitle: Text | None = Field(
        None, description=N_("The sign's own subtitle"), examples=["甘溪坡段"]
    )
    body: list[Text] = Field(
        default_factory=list,
        description=N_("The sign's own paragraphs"),
        examples=[["明清时期，背夫由此背茶翻越二郎山。"]],
    )
    fields: dict[Slug, Slug] = Field(
        default_factory=dict,
        description=N_("Slot → record field, overriding the type (e.g. subtitle: theme)"),
        examples=[{"subtitle": "theme"}],
    )
    destinations: list[Destination] = Field(
        default_factory=list, description=N_("Directional signs: the places pointed to")
    )
    location: Location = Field(description=N_("Where the sign stands"))
    facing: int = Field(
        ge=0,
        le=359,
        description=N_("Compass bearing the sign's face looks toward, degrees"),
        examples=[90],
    )
    mounting_height_m: float = Field(
        ge=0,
        le=12,
        description=N_("Height of the sign's lower edge above the ground, metres"),
        examples=[0.8],
    )
    image: SignImage | None = Field(None, description=N_("A photograph on the sign"))
    note: Plain | None = Field(
        None, description=N_("A note for sign staff (not printed)"), examples=["位置待现场确认"]
    )


class Town(Model):
    """One town or township on the corridor: the whole content of `sites/towns/<id>.yml`."""

    id: Slug = Field(
        description=N_("Permanent id, the file's name and part of the page address: pinyin")
    )
    name: Text = Field(description=N_("Name in Chinese"), examples=["始阳镇"])
    pinyin: Pinyin = Field(
        description=N_("The name in pinyin, capitalised, without the word for town")
    )
    code: StatisticalCode = Field(description=N_("The 9-digit national statistical code"))
    kind: Literal["镇", "乡"] = Field(description=N_("Town (zhen) or township (xiang)"))
    on_g318: Literal["yes", "likely", "unknown", "no"] = Field(
        description=N_("Whether G318 passes through the town, as far as sources say")
    )
    location: Location = Field(description=N_("The town's centre"))
    summary: Text = Field(
        description=N_("One sentence, shown on cards, popups and signs"),
        examples=["G318 进入天全县后经过的第一个镇。"],
    )
    introduction: Text = Field(
        description=N_("The full text of its page: one paragraph per line"),
        examples=["始阳镇位于天全县东部……"],
    )
    halls: Annotated[list[Hall], Field(min_length=1)] = Field(
        description=N_("Its exhibition halls, at least one (corridor new hall)")
    )
    bases: Annotated[list[IndustryBase], Field(min_length=1)] = Field(
        description=N_("Its industry demonstration bases, at least one (corridor new base)")
    )
    sources: Sources = Field(description=N_("Where the facts come from: at least one source"))
    note: Text | None = Field(
        None,
        description=N_("What is unverified or sample about the record"),
        examples=["是否位于 G318 沿线尚待核实。"],
    )
    signs: list[Sign] = Field(
        default_factory=list,
        description=N_("Signs standing in the town (sites/sign-types.yml)"),
    )


class County(Model):
    name: Text = Field(description=N_("Name in Chinese"), examples=["天全县"])
    pinyin: Pinyin = Field(
        description=N_("The name in pinyin, capitalised, without the word for county")
    )
    code: Annotated[str, Field(pattern=r"^\d{6}$")] = Field(
        description=N_("The 6-digit administrative division code"), examples=["511825"]
    )
    prefecture: Text = Field(
        description=N_("The prefecture-level city it belongs to"), examples=["雅安市"]
    )
    province: Text = Field(description=N_("The province"), examples=["四川省"])
    population_2020: int | None = Field(
        None, ge=0, description=N_("7th national census"), examples=[132033]
    )
    seat: Location = Field(description=N_("The county seat"))
    sources: Sources = Field(description=N_("Where the facts come from: at least one source"))


class Languages(Model):
    source: Literal["zh"] = Field(description=N_("The language records are written in"))
    targets: Annotated[list[Literal["bo", "en"]], Field(min_length=1)] = Field(
        description=N_("The languages they are translated into")
    )


class Bounds(Model):
    """The box every coordinate must fall in: catches typos and swapped lat/lon."""

    south: float = Field(
        ge=-90, le=90, description=N_("Southern edge, latitude in degrees"), examples=[29.8]
    )
    west: float = Field(
        ge=-180, le=180, description=N_("Western edge, longitude in degrees"), examples=[102.3]
    )
    north: float = Field(
        ge=-90, le=90, description=N_("Northern edge, latitude in degrees"), examples=[30.3]
    )
    east: float = Field(
        ge=-180, le=180, description=N_("Eastern edge, longitude in degrees"), examples=[102.95]
    )
    approximate: bool = Field(description=N_("true unless taken from the official boundary"))

    @model_validator(mode="after")
    def _not_empty(self) -> Bounds:
        if self.south >= self.north or self.west >= self.east:
            raise PydanticCustomError(
                "order", _("south must be below north and west below east"), {}
            )
        return self

    def contains(self, lat: float, lon: float) -> bool:
        return self.south <= lat <= self.north and self.west <= lon <= self.east


EnvName = Annotated[
    str,
    Format(r"[A-Z_][A-Z0-9_]{0,63}", N_("an environment variable name in capitals"), "TIANDITU_TK"),
]
ApprovalNumber = Annotated[
    str,
    Format(
        r"[^\s()（）]{1,4}[(（]\d{4}[)）]\d{2,5}号",
        N_("a map approval number (审图号) as printed by the provider"),
        "GS(2024)0000号",
    ),
]
TileUrl = Annotated[
    str,
    Format(
        r"""https://(?=\S*\{x\})(?=\S*\{y\})[^\s"'<>]*\{z\}[^\s"'<>]*""",
        N_("a tile address starting with https:// and containing {z}, {x} and {y}"),
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    ),
]
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class OpenStreetMapTiles(Model):
    """OpenStreetMap's standard tiles, or a mirror of them (e.g. a server inside China)."""

    url: TileUrl = Field(OSM_TILES, description=N_("Tile address with {z}, {x}, {y}"))
    attribution: Plain = Field(
        "© OpenStreetMap contributors",
        description=N_("Shown on the map, as the tile owner requires"),
        examples=["© OpenStreetMap contributors"],
    )


class TiandituTiles(Model):
    """天地图: the official tile service for government sites. Needs a key and a 审图号."""

    key_env: EnvName = Field(
        "TIANDITU_TK",
        description=N_("The environment variable holding the key (tk); never write the key here"),
    )
    approval: ApprovalNumber = Field(
        description=N_("The map approval number Tianditu publishes for its maps")
    )


class AmapTiles(Model):
    """AMap/Gaode (高德) tiles, drawn in GCJ-02: markers and route are shifted to match."""

    approval: ApprovalNumber = Field(
        description=N_("The map approval number AMap publishes for its maps")
    )


class MapSettings(Model):
    """How the corridor map is drawn: which tiles, and where G318 leads beyond the county."""

    tiles: Literal["openstreetmap", "tianditu", "amap"] = Field(
        "openstreetmap", description=N_("The tile provider of the interactive map")
    )
    openstreetmap: OpenStreetMapTiles = Field(
        default_factory=OpenStreetMapTiles, description=N_("OpenStreetMap tiles or a mirror")
    )
    tianditu: TiandituTiles | None = Field(
        None, description=N_("Tianditu settings, for tiles: tianditu")
    )
    amap: AmapTiles | None = Field(None, description=N_("AMap settings, for tiles: amap"))
    west_end: Text | None = Field(
        None,
        description=N_("Where G318 leads westward, for the strip map"),
        examples=["泸定"],
    )
    east_end: Text | None = Field(
        None,
        description=N_("Where G318 leads eastward, for the strip map"),
        examples=["雅安"],
    )

    @model_validator(mode="after")
    def _provider_is_configured(self) -> MapSettings:
        if self.tiles != "openstreetmap" and getattr(self, self.tiles) is None:
            raise PydanticCustomError(
                "provider",
                _("tiles: {tiles} needs a `{tiles}:` block with at least its approval number"),
                {"tiles": self.tiles},
            )
        return self


class CorridorInfo(Model):
    """The corridor-wide record: `sites/corridor.yml`."""

    name: Text = Field(
        description=N_("Name in Chinese"), examples=["G318 天全段民族团结进步示范走廊"]
    )
    short_name: Text = Field(
        description=N_("Short name, where the full name does not fit"), examples=["天全走廊"]
    )
    summary: Text = Field(
        description=N_("One sentence, shown on the home page"),
        examples=["沿 G318 连接五个乡镇的民族团结进步示范走廊。"],
    )
    introduction: Text = Field(
        description=N_("The full text of the home page: one paragraph per line"),
        examples=["走廊沿国道 318 线……"],
    )
    county: County = Field(description=N_("The county the corridor lies in"))
    languages: Languages = Field(description=N_("The languages of the records and the site"))
    bounds: Bounds = Field(description=N_("The box every point must lie in"))
    route: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+\.geojson$")] = Field(
        description=N_("GeoJSON file of the route, relative to sites/"),
        examples=["route.geojson"],
    )
    towns: Annotated[list[Slug], Field(min_length=1)] = Field(
        description=N_("Town ids in order along G318, from east (Ya'an) to west (Erlang Mountain)"),
        examples=[["shiyang", "chengxiang", "labahe"]],
    )
    selection_note: Text = Field(
        description=N_("Why these towns: the choice may be a sample"),
        examples=["规划只写“XX镇、XX乡”，这五个乡镇是示例选择。"],
    )
    # The build dates every output from it (SOURCE_DATE_EPOCH, the sitemap's gzip header: an
    # unsigned 32-bit count of seconds since 1970, PDF metadata): only days all of them hold.
    updated: date = Field(
        ge=date(1970, 1, 1),
        le=date(2106, 2, 6),
        description=N_("When the records were last reviewed as a whole"),
        examples=["2026-11-20"],
    )
    sources: Sources = Field(description=N_("Where the facts come from: at least one source"))
    map: MapSettings = Field(default_factory=MapSettings, description=N_("The corridor map"))


class Corridor(Model):
    """Everything under `sites/`, loaded, validated and in WGS-84."""

    info: CorridorInfo
    towns: tuple[Town, ...]

    def town(self, town_id: str) -> Town:
        return next(t for t in self.towns if t.id == town_id)

    def places(self) -> Iterator[PlaceEntry]:
        """Every town in route order, each followed by its halls, then its bases."""
        for town in self.towns:
            yield from town_places(town)


def record_key(town: str | None = None, kind: str | None = None, place: str | None = None) -> str:
    """The record part of a message context: `corridor`, `towns/<t>`, `towns/<t>/halls/<h>`.

    >>> record_key()
    'corridor'
    >>> record_key("sijing", "halls", "ganxipo")
    'towns/sijing/halls/ganxipo'
    """
    if town is None:
        return "corridor"
    return f"towns/{town}/{kind}/{place}" if kind else f"towns/{town}"


# The lists of places inside a town's record, in the order every output walks them.
PLACE_LISTS: tuple[tuple[PlaceKind, str], ...] = (("hall", "halls"), ("base", "bases"))


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    """One place met on the walk: a town, or a hall or base with the town it belongs to."""

    kind: PlaceKind
    town: Town
    record: Town | Hall | IndustryBase
    position: tuple[str, int] | tuple[()]  # where in the town's file: ("halls", 0); () = the town

    @property
    def id(self) -> str:
        return self.record.id

    @property
    def key(self) -> str:
        """The record part of its message contexts (`towns/sijing/halls/ganxipo`)."""
        if not self.position:
            return record_key(self.town.id)
        return record_key(self.town.id, self.position[0], self.record.id)

    @property
    def page(self) -> str:
        """Its page, relative to a language's root."""
        return page_path(self.kind, self.record.id)


def town_places(town: Town) -> Iterator[PlaceEntry]:
    """The one walk over a town: the town itself, then its halls, then its bases."""
    yield PlaceEntry("town", town, town, ())
    for kind, key in PLACE_LISTS:
        places: list[Hall | IndustryBase] = getattr(town, key)
        for index, place in enumerate(places):
            yield PlaceEntry(kind, town, place, (key, index))


@functools.cache
def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model.model_json_schema()`, generated once per model class.

    Pydantic builds the schema afresh on every call (about 0.1 s for `Town`), and the
    catalogue extraction and sign resolution ask for it once per record file. The schema is
    derived from the code alone, so remembering it can never serve stale data. Callers must
    not modify the returned dict.
    """
    return model.model_json_schema()
