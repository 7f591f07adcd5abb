"""What each sign says: its record's fields (or its own text) in every policy language.

A sign record names a type and the record it presents; each of the type's slots shows one
field. Resolving a sign looks every string up in the catalogues (with its review state),
computes the directions of a directional sign from the route, and the QR target. Wrong
references and missing translations come back as problems at the file and line concerned.
"""

from __future__ import annotations

import itertools
import math
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel

from corridor.geo import LatLon, distance_m, project_onto_line
from corridor.i18n.catalogues import Catalogues, State, Translation
from corridor.i18n.messages import context
from corridor.model import (
    Arrow,
    Corridor,
    PlaceRef,
    Sign,
    Town,
    json_schema,
    record_key,
    town_places,
)
from corridor.problems import Problem, Severity
from corridor.records import Loaded, Route
from corridor.signs.qr import qr_size_mm
from corridor.signs.strip import panel_strip
from corridor.signs.types import SIGN_TYPES_FILE, LanguagePolicy, SignType, SignTypes, Slot
from corridor.speech import _
from corridor.urls import PlaceKind, page_url
from corridor.yamlfile import YamlDocument

# Fields a sign may carry itself; when it does not, the presented record's field is shown.
OWN_FIELDS = {"title": "name", "subtitle": "summary", "body": "introduction"}
ARROWS: tuple[Arrow, ...] = (
    "ahead",
    "ahead-right",
    "right",
    "back-right",
    "back",
    "back-left",
    "left",
    "ahead-left",
)
_STATE_ORDER = list(State)
# A panel's bottom band (strip map, QR code) takes this share of its height at least.
BOTTOM_BAND = 0.28
STRIP_GAP_MM = 20.0
_SHAD = "\u0f0d"


@dataclass(frozen=True, slots=True)
class Paragraph:
    """One message in one language, ready to lay out."""

    context: str
    source: str
    translation: Translation
    text: str  # prepared for layout (Tibetan tsheg/shad rules applied)

    @property
    def lines(self) -> list[str]:
        """The text's explicit lines (a translator's line breaks are kept)."""
        return [line for line in self.text.split("\n") if line.strip()]


@dataclass(frozen=True, slots=True)
class LanguageBlock:
    """One slot's text in one language: never mixed with another language on a line."""

    lang: str
    paragraphs: tuple[Paragraph, ...]
    items: bool = False  # a list (products) set as items on shared lines

    @property
    def state(self) -> State:
        """The worst review state of its strings."""
        return max((p.translation.state for p in self.paragraphs), key=_STATE_ORDER.index)

    @property
    def text_lang(self) -> str:
        """The language the text is really in (Chinese when a translation is missing)."""
        fallback = any(p.translation.fallback for p in self.paragraphs)
        return "zh" if fallback else self.lang

    @property
    def machine(self) -> bool:
        return any(p.translation.machine for p in self.paragraphs)

    @property
    def plain(self) -> str:
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True, slots=True)
class SlotContent:
    slot: Slot
    field: str
    blocks: tuple[LanguageBlock, ...]  # in policy order


@dataclass(frozen=True, slots=True)
class DirectionRow:
    kind: PlaceKind
    place_id: str
    blocks: tuple[LanguageBlock, ...]
    distance_m: float
    arrow: Arrow
    arrow_given: bool  # the editor set it (else computed from bearings)

    @property
    def distance_text(self) -> str:
        return format_distance(self.distance_m)


@dataclass(frozen=True, slots=True)
class SignContent:
    """A sign resolved: everything the layout needs, nothing it must look up."""

    sign: Sign
    town: Town
    type: SignType
    policy: LanguagePolicy
    slots: tuple[SlotContent, ...]
    rows: tuple[DirectionRow, ...]
    qr_url: str | None
    place: str  # the town's Chinese name, for the proof book
    file: str
    line: int
    column: int
    field: str  # signs[2]
    strip_svg: str | None = None  # panels: the corridor strip map, ready for print

    def texts(self) -> Iterator[tuple[str, LanguageBlock]]:
        """(slot name, block) for every language block on the sign."""
        for slot in self.slots:
            for block in slot.blocks:
                yield slot.slot.name, block
        for index, row in enumerate(self.rows):
            for block in row.blocks:
                yield f"destination[{index}]", block

    def worst_state(self, lang: str) -> State:
        states = [b.state for _, b in self.texts() if b.lang == lang]
        return max(states, key=_STATE_ORDER.index) if states else State.SOURCE


@dataclass(frozen=True, slots=True)
class _Record:
    kind: PlaceKind
    town: Town
    model: BaseModel
    key: str  # towns/sijing/halls/ganxipo
    document: YamlDocument
    location: tuple[str | int, ...]  # where the record stands in its file


def prepare_text(text: str, lang: str) -> str:
    """Text as it must reach the layout engine.

    Tibetan (W3C tlreq): the composite vowels U+0F73, U+0F75 and U+0F81 are written
    decomposed, and a tsheg right before a shad becomes the non-breaking tsheg U+0F0C so that
    a line never starts with a shad. Nothing is NFC-normalised.

    >>> prepare_text("ཀྱང་།", "bo") == "ཀྱང\u0f0c།"
    True
    >>> prepare_text("\u0f40\u0f73", "bo") == "\u0f40\u0f71\u0f72"
    True
    """
    if lang != "bo":
        return text
    for composite, parts in (
        ("\u0f73", "\u0f71\u0f72"),
        ("\u0f75", "\u0f71\u0f74"),
        ("\u0f81", "\u0f71\u0f80"),
    ):
        text = text.replace(composite, parts)
    return re.sub("\u0f0b(?= ?\u0f0d)", "\u0f0c", text)


def format_distance(metres: float) -> str:
    """A distance as signs show it: 100 m steps below 1 km, 0.1 km below 10 km.

    >>> format_distance(640), format_distance(3240), format_distance(12600)
    ('600 m', '3.2 km', '13 km')
    """
    if metres < 950:
        return f"{max(100, round(metres / 100) * 100)} m"
    if metres < 9950:
        return f"{metres / 1000:.1f} km"
    return f"{round(metres / 1000)} km"


def read_site_url(root: Path) -> str | None:
    """`site_url` from mkdocs.yml (read as plain YAML: signs never import mkdocs)."""

    class _Tolerant(yaml.SafeLoader):
        pass

    # mkdocs.yml may hold `!!python/name:` tags for Material's extensions: ignore them.
    _Tolerant.add_multi_constructor("", lambda loader, suffix, node: None)
    try:
        config = yaml.load((root / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Tolerant)
    except (OSError, yaml.YAMLError):
        return None
    value = config.get("site_url") if isinstance(config, dict) else None
    return value if isinstance(value, str) and value.strip() else None


@dataclass(frozen=True, slots=True)
class ResolvedSign:
    """One sign record: its content when usable, and its own problems."""

    sign_id: str
    type_id: str
    file: str
    line: int
    content: SignContent | None
    problems: tuple[Problem, ...]


def resolve_signs(
    loaded: Loaded,
    sign_types: SignTypes,
    catalogues: Catalogues,
    site_url: str | None,
) -> list[ResolvedSign]:
    """Every sign of the corridor resolved, each with what is wrong with its references."""
    corridor = loaded.corridor
    if corridor is None:
        return []
    records = _index(corridor.towns, loaded)
    resolved = []
    for town in corridor.towns:
        document = loaded.documents[f"sites/towns/{town.id}.yml"]
        for index, sign in enumerate(town.signs):
            content, problems = _resolve(
                corridor,
                sign,
                index,
                town,
                document,
                records,
                sign_types,
                catalogues,
                site_url,
                loaded.route,
            )
            line = document.position(("signs", index)).line
            resolved.append(
                ResolvedSign(sign.id, sign.type, document.file, line, content, tuple(problems))
            )
    return resolved


def _index(towns: Sequence[Town], loaded: Loaded) -> dict[tuple[str, str], _Record]:
    records: dict[tuple[str, str], _Record] = {}
    for town in towns:
        file = loaded.documents[f"sites/towns/{town.id}.yml"]
        for entry in town_places(town):
            records[entry.kind, entry.id] = _Record(
                entry.kind, town, entry.record, entry.key, file, entry.position
            )
    return records


def translatable_fields(model: type[BaseModel]) -> dict[str, bool]:
    """Translatable fields of a record model → whether each is a list of texts."""
    properties = json_schema(model).get("properties", {})
    fields: dict[str, bool] = {}
    for name, schema in properties.items():
        branches = schema.get("anyOf", [schema])
        for branch in branches:
            if branch.get("x-translatable"):
                fields[name] = False
            elif branch.get("items", {}).get("x-translatable"):
                fields[name] = True
    return fields


def _resolve(
    corridor: Corridor | None,
    sign: Sign,
    index: int,
    town: Town,
    document: YamlDocument,
    records: dict[tuple[str, str], _Record],
    sign_types: SignTypes,
    catalogues: Catalogues,
    site_url: str | None,
    route: Route | None,
) -> tuple[SignContent | None, list[Problem]]:
    at = ("signs", index)
    problems: list[Problem] = []
    sign_type = sign_types.type(sign.type)
    if sign_type is None:
        known = ", ".join(t.id for t in sign_types.types)
        return None, [
            document.problem(
                (*at, "type"),
                _("sign `{sign}`: unknown sign type `{type}`").format(sign=sign.id, type=sign.type),
                _("types in {file}: {names}").format(file=SIGN_TYPES_FILE, names=known),
            )
        ]
    policy = sign_types.policies.get(sign_type.policy)
    if policy is None:
        return None, []  # reported against the type
    presented = None
    if sign.presents is not None:
        presented = _lookup(sign.presents, records, document, (*at, "presents"), problems)
        if presented is not None and presented.kind not in sign_type.presents:
            problems.append(
                document.problem(
                    (*at, "presents"),
                    _("sign `{sign}`: a {type} sign presents {kinds}, not a {kind}").format(
                        sign=sign.id,
                        type=sign_type.id,
                        kinds=_(" or ").join(sign_type.presents) or _("no record"),
                        kind=presented.kind,
                    ),
                )
            )
            presented = None
    elif sign_type.presents:
        problems.append(
            document.problem(
                at,
                _("sign `{sign}`: a {type} sign must say which record it presents").format(
                    sign=sign.id, type=sign_type.id
                ),
                _("add presents: {{{kind}: <id>}}").format(kind=sign_type.presents[0]),
            )
        )
    own = _Record("town", town, sign, record_key(town.id, "signs", sign.id), document, at)
    for slot_name in sign.fields:
        if sign_type.slot(slot_name) is None:
            problems.append(
                document.problem(
                    (*at, "fields", slot_name),
                    _("sign `{sign}`: type {type} has no slot `{slot}`").format(
                        sign=sign.id, type=sign_type.id, slot=slot_name
                    ),
                    _("its slots: {names}").format(
                        names=", ".join(s.name for s in sign_type.slots)
                    ),
                    at_key=True,
                )
            )
    slots: list[SlotContent] = []
    for slot in sign_type.slots:
        if sign_type.template == "directional" and slot.name == "destination":
            continue
        field = sign.fields.get(slot.name, slot.shows)
        source = _field_source(field, sign, own, presented)
        if source is None:
            where = (*at, "fields", slot.name) if slot.name in sign.fields else at
            problems.append(
                document.problem(
                    where,
                    (
                        _(
                            "sign `{sign}`: slot `{slot}` shows `{field}`, which a {kind} record "
                            "does not have"
                        )
                        if presented is not None
                        else _(
                            "sign `{sign}`: slot `{slot}` shows `{field}`, which needs a "
                            "presented record or the sign's own text"
                        )
                    ).format(
                        sign=sign.id,
                        slot=slot.name,
                        field=field,
                        kind=presented.kind if presented is not None else "",
                    ),
                    _field_hint(presented),
                )
            )
            continue
        record, name = source
        blocks = _blocks(record, name, policy.order, catalogues, problems, sign.id)
        if blocks is None:
            problems.append(
                document.problem(
                    at,
                    _("sign `{sign}`: slot `{slot}` shows `{field}`, which is empty").format(
                        sign=sign.id, slot=slot.name, field=field
                    ),
                )
            )
            continue
        slots.append(SlotContent(slot, name, blocks))
    rows = _directions(sign, index, document, records, policy, catalogues, route, problems)
    if sign_type.template == "directional" and not sign.destinations:
        problems.append(
            document.problem(
                at, _("sign `{sign}`: a directional sign needs destinations").format(sign=sign.id)
            )
        )
    if sign_type.template != "directional" and sign.destinations:
        problems.append(
            document.problem(
                (*at, "destinations"),
                _("sign `{sign}`: only directional signs list destinations").format(sign=sign.id),
            )
        )
    qr_url = None
    if sign_type.qr is not None and presented is not None and site_url is not None:
        qr_url = page_url(site_url, sign_type.qr.language, presented.kind, presented.model.id)  # type: ignore[attr-defined]
    if any(p.is_error for p in problems):
        return None, problems
    strip_svg = None
    if sign_type.template == "panel" and corridor is not None:
        strip_svg = panel_strip(
            corridor,
            route,
            catalogues,
            site_url,
            sign_type,
            policy.order[0],
            town,
            strip_box_mm(sign_type),
        )
    content = SignContent(
        sign,
        town,
        sign_type,
        policy,
        tuple(slots),
        tuple(rows),
        qr_url,
        town.name,
        document.file,
        document.position(at).line,
        document.position(at).column,
        f"signs[{index}]",
        strip_svg,
    )
    return content, problems


def strip_box_mm(sign_type: SignType) -> tuple[float, float]:
    """The room for the strip map along a panel's bottom: beside the QR code and photo."""
    width = sign_type.width_mm - 2 * sign_type.safe_margin_mm
    if sign_type.qr is not None:
        width -= qr_size_mm(sign_type.qr) + STRIP_GAP_MM
    if sign_type.image is not None:
        width -= sign_type.image.width_mm + STRIP_GAP_MM
    return width, bottom_band_mm(sign_type)


def bottom_band_mm(sign_type: SignType) -> float:
    """Height of a panel's bottom band (strip map, QR code, photo)."""
    return max(
        qr_size_mm(sign_type.qr) if sign_type.qr else 0.0,
        sign_type.image.height_mm if sign_type.image else 0.0,
        BOTTOM_BAND * sign_type.height_mm,
    )


def _field_source(
    field: str, sign: Sign, own: _Record, presented: _Record | None
) -> tuple[_Record, str] | None:
    if field in OWN_FIELDS and getattr(sign, field):
        return own, field
    if presented is None:
        return None
    name = OWN_FIELDS.get(field, field)
    if name not in translatable_fields(type(presented.model)):
        return None
    return presented, name


def _field_hint(presented: _Record | None) -> str:
    own = ", ".join(OWN_FIELDS)
    if presented is None:
        return _("a sign's own text fields: {fields}").format(fields=own)
    known = ", ".join(sorted(translatable_fields(type(presented.model))))
    return _("fields of a {kind}: {fields}; or the sign's own {own}").format(
        kind=presented.kind, fields=known, own=own
    )


def _lookup(
    ref: PlaceRef,
    records: dict[tuple[str, str], _Record],
    document: YamlDocument,
    at: tuple[str | int, ...],
    problems: list[Problem],
) -> _Record | None:
    found = records.get((ref.kind, ref.id))
    if found is None:
        known = sorted(i for k, i in records if k == ref.kind)
        close = [i for i in known if ref.id in i or i in ref.id][:1]
        problems.append(
            document.problem(
                (*at, ref.kind),
                _("there is no {kind} with id `{id}`").format(kind=ref.kind, id=ref.id),
                _("did you mean `{name}`?").format(name=close[0])
                if close
                else _("{kind} ids: {ids}").format(kind=ref.kind, ids=", ".join(known)),
            )
        )
    return found


def _blocks(
    record: _Record,
    field: str,
    languages: Sequence[str],
    catalogues: Catalogues,
    problems: list[Problem],
    sign_id: str,
) -> tuple[LanguageBlock, ...] | None:
    value: Any = getattr(record.model, field)
    if value is None or value == []:
        return None
    items = isinstance(value, list)
    sources: list[tuple[str, str, tuple[str | int, ...]]] = (
        [(f"{field}[{i}]", v, (field, i)) for i, v in enumerate(value)]
        if items
        else [(field, value, (field,))]
    )
    blocks = []
    for lang in languages:
        paragraphs = []
        for name, source, loc in sources:
            ctx = context(record.key, name)
            translation = catalogues.translate(lang, ctx, source)
            if translation.fallback:
                problems.append(
                    record.document.problem(
                        (*record.location, *loc),
                        (
                            _(
                                "{lang} translation fuzzy (out of date); sign `{sign}` shows "
                                "the Chinese in its place and cannot go to press"
                            )
                            if translation.state is State.FUZZY
                            else _(
                                "{lang} translation missing; sign `{sign}` shows the Chinese in "
                                "its place and cannot go to press"
                            )
                        ).format(lang=lang, sign=sign_id),
                        _('translate msgctxt "{context}" in {file}').format(
                            context=ctx, file=f"translations/{lang}/LC_MESSAGES/messages.po"
                        ),
                        Severity.WARNING,
                    )
                )
            text = prepare_text(translation.text, translation.text_lang)
            paragraphs.append(Paragraph(ctx, source, translation, text))
        blocks.append(LanguageBlock(lang, tuple(paragraphs), items))
    return tuple(blocks)


def _directions(
    sign: Sign,
    index: int,
    document: YamlDocument,
    records: dict[tuple[str, str], _Record],
    policy: LanguagePolicy,
    catalogues: Catalogues,
    route: Route | None,
    problems: list[Problem],
) -> list[DirectionRow]:
    rows = []
    here = (sign.location.lat, sign.location.lon)
    for j, destination in enumerate(sign.destinations):
        at = ("signs", index, "destinations", j)
        record = _lookup(destination, records, document, at, problems)
        if record is None:
            continue
        location = record.model.location  # type: ignore[attr-defined]
        there = (location.lat, location.lon)
        blocks = _blocks(record, "name", policy.order, catalogues, problems, sign.id)
        assert blocks is not None  # name is required
        distance, bearing = road_distance(here, there, route)
        arrow = destination.arrow or arrow_for(bearing, sign.facing)
        rows.append(
            DirectionRow(
                record.kind, destination.id, blocks, distance, arrow, destination.arrow is not None
            )
        )
    return rows


def road_distance(here: LatLon, there: LatLon, route: Route | None) -> tuple[float, float]:
    """Distance in metres and initial bearing from `here` to `there`, by the route.

    Along the route: from the sign's point on the route to the destination's, plus both
    points' distance off it (the access roads, straight). The bearing is that of the route
    leaving the sign toward the destination. Without a route: straight line and bearing.
    """
    if route is None or len(route.points) < 2:
        return distance_m(here, there), bearing_deg(here, there)
    start = project_onto_line(here, route.points)
    end = project_onto_line(there, route.points)
    along = abs(end.along_m - start.along_m)
    distance = along + start.offset_m + end.offset_m
    if along < 1:
        return distance, bearing_deg(here, there)
    step = min(along, 1000.0) * (1 if end.along_m > start.along_m else -1)
    ahead = point_along(route.points, start.along_m + step)
    return distance, bearing_deg(start.foot, ahead)


def point_along(line: Sequence[LatLon], along_m: float) -> LatLon:
    """The point `along_m` metres along `line` from its start (clamped to its ends)."""
    walked = 0.0
    for a, b in itertools.pairwise(line):
        segment = distance_m(a, b)
        if walked + segment >= along_m and segment > 0:
            t = max(0.0, (along_m - walked) / segment)
            return a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        walked += segment
    return line[-1]


def bearing_deg(a: LatLon, b: LatLon) -> float:
    """Initial compass bearing from `a` to `b`, degrees clockwise from north.

    >>> round(bearing_deg((30.0, 102.0), (30.0, 102.1)))
    90
    """
    lat1, lat2 = math.radians(a[0]), math.radians(b[0])
    dlon = math.radians(b[1] - a[1])
    x = math.sin(dlon) * math.cos(lat2)
    y = math.cos(lat1) * math.sin(lat2) - math.sin(lat1) * math.cos(lat2) * math.cos(dlon)
    return math.degrees(math.atan2(x, y)) % 360


def arrow_for(bearing: float, facing: int) -> Arrow:
    """The arrow for a place at `bearing`, on a sign whose face looks toward `facing`.

    A reader stands in front of the sign, looking the opposite way to its face.

    >>> arrow_for(270, 90), arrow_for(0, 90), arrow_for(90, 90)
    ('ahead', 'right', 'back')
    """
    heading = (facing + 180) % 360
    relative = (bearing - heading) % 360
    return ARROWS[round(relative / 45) % 8]
