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
        return {**handler(schema), "pattern": f"^(?:{self.pattern})$"}

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

    title: Plain = Field(description="Title of the document or page, in its own language")
    publisher: Plain | None = None
    year: int | None = Field(None, ge=1300, le=2100)
    url: Url | None = None
    note: Plain | None = Field(
        None, description="What the source supports, or how far it was checked"
    )


Sources = Annotated[list[Source], Field(min_length=1)]


class Location(Model):
    """A point. After loading it is always WGS-84: other systems are converted exactly once."""

    lat: float = Field(ge=-90, le=90, description="Latitude in degrees")
    lon: float = Field(ge=-180, le=180, description="Longitude in degrees")
    crs: Crs = Field(
        "wgs84",
        description="wgs84 (GPS, Tianditu), gcj02 (AMap/Gaode, Tencent) or bd09 (Baidu)",
    )
    approximate: bool = Field(description="true unless the point was surveyed or checked")
    note: Text | None = None

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
    days: Annotated[list[Day], Field(min_length=1)]
    open: Time
    close: Time

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
        default_factory=list, description="Regular opening times; empty when not known"
    )
    verified: bool = Field(description="true only when confirmed with the hall")
    note: Text | None = Field(None, description="Holidays, seasonal closing, booking")


class Admission(Model):
    free: bool | None = Field(None, description="null when not known")
    price_yuan: float | None = Field(None, ge=0)
    verified: bool
    note: Text | None = None


class Accessibility(Model):
    """Facts a visitor with a disability needs; null means not yet known."""

    step_free_entrance: bool | None = None
    accessible_toilet: bool | None = None
    verified: bool
    note: Text | None = None


class Exhibit(Model):
    name: Text
    description: Text | None = None


class Place(Model):
    """What a town's halls and bases have in common."""

    id: Slug
    name: Text
    location: Location
    summary: Text = Field(description="One sentence, shown on cards, popups and signs")
    introduction: Text
    sources: Sources
    note: Text | None = Field(None, description="What is unverified or sample about the record")


class Hall(Place):
    """An ethnic-culture exhibition hall (民族风情展示馆)."""

    status: Literal["existing", "planned"] = Field(
        description="existing: open or built; planned: proposed by the corridor plan"
    )
    theme: Text
    address: Text | None = None
    opening: Opening | None = None
    admission: Admission | None = None
    phone: Phone | None = None
    accessibility: Accessibility | None = None
    exhibits: list[Exhibit] = Field(default_factory=list)


Industry = Literal["tea", "herbal-medicine", "bamboo-shoot", "kiwifruit", "rice", "other"]


class Visiting(Model):
    open_to_visitors: bool | None = Field(None, description="null when not known")
    verified: bool
    arrangement: Text | None = Field(None, description="How to visit: booking, seasons")


class IndustryBase(Place):
    """A characteristic-industry demonstration base (特色产业示范基地)."""

    status: Literal["existing", "planned"]
    industry: Industry
    products: Annotated[list[Text], Field(min_length=1)]
    visiting: Visiting | None = None


PlaceKind = Literal["town", "hall", "base"]
Arrow = Literal[
    "ahead", "ahead-right", "right", "back-right", "back", "back-left", "left", "ahead-left"
]


class PlaceRef(Model):
    """A reference to one record by id: exactly one of `town`, `hall` or `base`."""

    town: Slug | None = None
    hall: Slug | None = None
    base: Slug | None = None

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
        description="Overrides the arrow computed from the sign's facing and the place's "
        "bearing, where the road turns (the editor knows the junction)",
    )


class SignImage(Model):
    file: Annotated[str, Field(pattern=r"^[A-Za-z0-9_./-]+\.(?:png|jpe?g)$")] = Field(
        description="Image file relative to sites/, e.g. images/ganxipo-trail.jpg"
    )
    credit: Plain


class Sign(Model):
    """A physical sign: its family (type), what it presents, where it stands.

    Text comes from the presented record's fields (as the type's slots say) unless the sign
    gives its own `title`, `subtitle` or `body`; those go through the catalogues like any
    other record text.
    """

    id: Slug
    type: Slug = Field(description="A sign family id from sites/sign-types.yml")
    presents: PlaceRef | None = Field(
        None, description="The record the sign is about (its QR code links to its page)"
    )
    title: Text | None = Field(None, description="The sign's own title, instead of the name")
    subtitle: Text | None = None
    body: list[Text] = Field(default_factory=list, description="The sign's own paragraphs")
    fields: dict[Slug, Slug] = Field(
        default_factory=dict,
        description="Slot → record field, overriding the type (e.g. subtitle: theme)",
    )
    destinations: list[Destination] = Field(
        default_factory=list, description="Directional signs: the places pointed to"
    )
    location: Location
    facing: int = Field(
        ge=0, le=359, description="Compass bearing the sign's face looks toward, degrees"
    )
    mounting_height_m: float = Field(
        ge=0, le=12, description="Height of the sign's lower edge above the ground, metres"
    )
    image: SignImage | None = None
    note: Plain | None = None


class Town(Model):
    """One town or township on the corridor: the whole content of `sites/towns/<id>.yml`."""

    id: Slug
    name: Text
    pinyin: Pinyin
    code: StatisticalCode
    kind: Literal["镇", "乡"]
    on_g318: Literal["yes", "likely", "unknown", "no"] = Field(
        description="Whether G318 passes through the town, as far as sources say"
    )
    location: Location
    summary: Text
    introduction: Text
    halls: Annotated[list[Hall], Field(min_length=1)]
    bases: Annotated[list[IndustryBase], Field(min_length=1)]
    sources: Sources
    note: Text | None = None
    signs: list[Sign] = Field(
        default_factory=list, description="Signs standing in the town (sites/sign-types.yml)"
    )


class County(Model):
    name: Text
    pinyin: Pinyin
    code: Annotated[str, Field(pattern=r"^\d{6}$")]
    prefecture: Text
    province: Text
    population_2020: int | None = Field(None, ge=0, description="7th national census")
    seat: Location
    sources: Sources


class Languages(Model):
    source: Literal["zh"]
    targets: Annotated[list[Literal["bo", "en"]], Field(min_length=1)]


class Bounds(Model):
    """The box every coordinate must fall in: catches typos and swapped lat/lon."""

    south: float = Field(ge=-90, le=90)
    west: float = Field(ge=-180, le=180)
    north: float = Field(ge=-90, le=90)
    east: float = Field(ge=-180, le=180)
    approximate: bool

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
        r"https://(?=\S*\{x\})(?=\S*\{y\})[^\s\"'<>]*\{z\}[^\s\"'<>]*",
        N_("a tile address starting with https:// and containing {z}, {x} and {y}"),
        "https://tile.openstreetmap.org/{z}/{x}/{y}.png",
    ),
]
OSM_TILES = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


class OpenStreetMapTiles(Model):
    """OpenStreetMap's standard tiles, or a mirror of them (e.g. a server inside China)."""

    url: TileUrl = Field(OSM_TILES, description="Tile address with {z}, {x}, {y}")
    attribution: Plain = Field(
        "© OpenStreetMap contributors", description="Shown on the map, as the tile owner requires"
    )


class TiandituTiles(Model):
    """天地图: the official tile service for government sites. Needs a key and a 审图号."""

    key_env: EnvName = Field(
        "TIANDITU_TK",
        description="The environment variable holding the key (tk); never write the key here",
    )
    approval: ApprovalNumber = Field(description="The 审图号 Tianditu publishes for its maps")


class AmapTiles(Model):
    """AMap/Gaode (高德) tiles, drawn in GCJ-02: markers and route are shifted to match."""

    approval: ApprovalNumber = Field(description="The 审图号 AMap publishes for its maps")


class MapSettings(Model):
    """How the corridor map is drawn: which tiles, and where G318 leads beyond the county."""

    tiles: Literal["openstreetmap", "tianditu", "amap"] = Field(
        "openstreetmap", description="The tile provider of the interactive map"
    )
    openstreetmap: OpenStreetMapTiles = Field(default_factory=OpenStreetMapTiles)
    tianditu: TiandituTiles | None = None
    amap: AmapTiles | None = None
    west_end: Text | None = Field(None, description="Where G318 leads westward, for the strip map")
    east_end: Text | None = Field(None, description="Where G318 leads eastward, for the strip map")

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

    name: Text
    short_name: Text
    summary: Text
    introduction: Text
    county: County
    languages: Languages
    bounds: Bounds
    route: Annotated[str, Field(pattern=r"^[A-Za-z0-9_.-]+\.geojson$")] = Field(
        description="GeoJSON file of the route, relative to sites/"
    )
    towns: Annotated[list[Slug], Field(min_length=1)] = Field(
        description="Town ids in order along G318, from east (Ya'an) to west (Erlang Mountain)"
    )
    selection_note: Text = Field(description="Why these towns: the choice may be a sample")
    # The build dates every output from it (SOURCE_DATE_EPOCH, the sitemap's gzip header: an
    # unsigned 32-bit count of seconds since 1970, PDF metadata): only days all of them hold.
    updated: date = Field(
        ge=date(1970, 1, 1),
        le=date(2106, 2, 6),
        description="When the records were last reviewed as a whole",
    )
    sources: Sources
    map: MapSettings = Field(default_factory=MapSettings, description="The corridor map")


class Corridor(Model):
    """Everything under `sites/`, loaded, validated and in WGS-84."""

    info: CorridorInfo
    towns: tuple[Town, ...]

    def town(self, town_id: str) -> Town:
        return next(t for t in self.towns if t.id == town_id)


@functools.cache
def json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """`model.model_json_schema()`, generated once per model class.

    Pydantic builds the schema afresh on every call (about 0.1 s for `Town`), and the
    catalogue extraction and sign resolution ask for it once per record file. The schema is
    derived from the code alone, so remembering it can never serve stale data. Callers must
    not modify the returned dict.
    """
    return model.model_json_schema()
