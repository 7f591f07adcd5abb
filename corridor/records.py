"""Loading `sites/`: YAML files → validated, typed `Corridor`, plus every problem found.

Three passes, each reporting everything it finds rather than stopping at the first problem:

1. each file is read safely with positions (`yamlfile`);
2. each file is validated against its model (`model`), and pydantic's errors are translated
   into editors' sentences at the right line;
3. cross-record checks: file names match ids, ids are unique across the corridor, the route
   order names existing towns, codes are unique, points fall inside the county.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, get_args

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from corridor.geo import LatLon, project_onto_line
from corridor.model import Corridor, CorridorInfo, Location, Town
from corridor.problems import Problem, Severity, sort_problems
from corridor.projectfiles import read_bytes
from corridor.speech import N_, _, ngettext
from corridor.yamlfile import YamlDocument, read_yaml

SITES = "sites"
CORRIDOR_FILE = f"{SITES}/corridor.yml"
TOWNS_DIR = f"{SITES}/towns"


@dataclass(frozen=True, slots=True)
class Route:
    """The corridor's line along G318, in WGS-84, east to west."""

    file: str
    points: tuple[LatLon, ...]
    schematic: bool


@dataclass(slots=True)
class Loaded:
    """The outcome of reading `sites/`: the corridor when it is usable, and what is wrong.

    `documents` keeps every file's positions so later stages (catalogue extraction, sign
    checks) can point problems at lines too.
    """

    corridor: Corridor | None
    route: Route | None
    problems: list[Problem]
    documents: dict[str, YamlDocument] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def load_corridor(root: Path) -> Loaded:
    """Read and check everything under `root/sites`; every problem is reported, none raised."""
    problems: list[Problem] = []
    documents: dict[str, YamlDocument] = {}
    files: list[str] = []

    def validated(display: str, model: type[BaseModel]) -> Any:
        files.append(display)
        result, document, found = read_record(root, display, model)
        problems.extend(found)
        if document is not None:
            documents[display] = document
        return result

    if not (root / CORRIDOR_FILE).exists() and not (root / CORRIDOR_FILE).is_symlink():
        problems.append(
            Problem(
                CORRIDOR_FILE,
                1,
                1,
                "",
                _("the corridor file is missing"),
                _("is {root} the project folder? It should contain {file}").format(
                    root=root, file=CORRIDOR_FILE
                ),
            )
        )
        return Loaded(None, None, problems, documents, files)
    info: CorridorInfo | None = validated(CORRIDOR_FILE, CorridorInfo)

    towns: list[tuple[str, Town]] = []
    town_files = list(_town_files(root, problems))
    for display in town_files:
        town: Town | None = validated(display, Town)
        if town is not None:
            towns.append((display, town))

    route = None
    if info is not None:
        route = _load_route(root, f"{SITES}/{info.route}", info, problems)
        files.append(route.file if route else f"{SITES}/{info.route}")
        stems = {Path(display).stem for display in town_files}
        problems.extend(_cross_checks(info, towns, stems, documents))
        # A route that is itself wrong (swapped, outside the box) would blame every town.
        if route is not None and not any(p.file == route.file for p in problems):
            problems.extend(_towns_near_route(route, towns, documents))

    corridor = None
    if info is not None and not any(p.is_error for p in problems):
        by_id = {town.id: town for _, town in towns}
        corridor = Corridor(info=info, towns=tuple(by_id[t] for t in info.towns))
    return Loaded(corridor, route, sort_problems(problems), documents, files)


def read_record(
    root: Path, display: str, model: type[BaseModel]
) -> tuple[Any, YamlDocument | None, list[Problem]]:
    """One file under `root` read with positions and validated against `model`.

    Returns the validated object (None when invalid), the positioned document (None when
    it cannot be read at all) and the problems, each at its file, line and field. Other data
    files (e.g. sites/sign-types.yml) load through here too, so every file reports alike.
    """
    document, problems = read_yaml(root / display, display)
    if document is None:
        return None, None, problems
    result, errors = validate_document(document, model)
    return result, document, [*problems, *errors]


def _town_files(root: Path, problems: list[Problem]) -> Iterator[str]:
    folder = root / TOWNS_DIR
    if not folder.is_dir():
        problems.append(Problem(TOWNS_DIR, 1, 1, "", _("the towns folder is missing")))
        return
    for path in sorted(folder.iterdir()):
        display = f"{TOWNS_DIR}/{path.name}"
        # Links and folders named .yml are read too: the reading refuses them by name.
        if path.suffix == ".yml":
            yield display
        elif path.suffix == ".yaml":
            problems.append(
                Problem(
                    display,
                    1,
                    1,
                    "",
                    _("town files end in .yml"),
                    _("rename it to {name}").format(name=f"{path.stem}.yml"),
                )
            )


# --- pass 2: schema validation --------------------------------------------------------------


def validate_document(document: YamlDocument, model: type[BaseModel]) -> tuple[Any, list[Problem]]:
    """Validate a parsed file against `model`; errors come back as problems at their lines."""
    if not isinstance(document.data, dict):
        return None, [
            document.problem(
                (),
                _("expected a record (key: value lines), got {value}").format(
                    value=_shown(document.data)
                ),
            )
        ]
    try:
        return model.model_validate(document.data), []
    except ValidationError as error:
        return None, [_problem_from(document, model, e) for e in error.errors()]


def _problem_from(document: YamlDocument, model: type[BaseModel], error: ErrorDetails) -> Problem:
    """One pydantic error as an editor's sentence, at the line of the field concerned."""
    loc = tuple(error["loc"])
    kind = error["type"]
    ctx: dict[str, Any] = dict(error.get("ctx") or {})
    got = _shown(error.get("input"))
    if kind == "extra_forbidden":
        known = sorted(_model_at(model, loc[:-1]).model_fields)
        close = difflib.get_close_matches(str(loc[-1]), known, n=1, cutoff=0.6)
        suggestion = (
            _("did you mean `{name}`?").format(name=close[0])
            if close
            else _("known keys: {keys}").format(keys=", ".join(known))
        )
        if loc[:-1] == ("map", "tianditu") and loc[-1] in ("key", "tk"):
            suggestion = _(
                "the key must never be committed: set the environment variable named by "
                "key_env (TIANDITU_TK unless you changed it) where the site is built"
            )
        return document.problem(loc, _("unknown key"), suggestion, at_key=True)
    if kind == "missing":
        return document.problem(loc, _("required field is missing"))
    message, hint = _sentence(kind, ctx, got, error["msg"])
    if loc and loc[-1] == "lat" and kind in ("greater_than_equal", "less_than_equal"):
        hint = _("lat is the north–south coordinate: are lat and lon swapped?")
    return document.problem(loc, message, hint)


def _sentence(kind: str, ctx: dict[str, Any], got: str, fallback: str) -> tuple[str, str | None]:
    expected_kind = {
        "string_type": N_("text"),
        "float_type": N_("a number"),
        "float_parsing": N_("a number"),
        "int_type": N_("a whole number"),
        "int_parsing": N_("a whole number"),
        "int_from_float": N_("a whole number"),
        "bool_type": N_("true or false"),
        "bool_parsing": N_("true or false"),
        "list_type": N_("a list (lines starting with '- ')"),
        "model_type": N_("a group of key: value lines"),
        "model_attributes_type": N_("a group of key: value lines"),
        "dict_type": N_("a group of key: value lines"),
        "date_type": N_("a date as YYYY-MM-DD"),
        "date_parsing": N_("a date as YYYY-MM-DD"),
        "date_from_datetime_parsing": N_("a date as YYYY-MM-DD"),
    }
    if kind in expected_kind:
        return _("expected {kind}, got {value}").format(
            kind=_(expected_kind[kind]), value=got
        ), None
    if kind == "literal_error":
        # pydantic lists the choices in its own words ("'a', 'b' or 'c'"): "or" translated.
        choices = str(ctx["expected"]).replace(" or ", _(" or "))
        return _("expected one of {choices}, got {value}").format(choices=choices, value=got), None
    if kind == "string_too_short":
        return _("must not be empty"), None
    if kind == "too_short":
        n = ctx.get("min_length", 1)
        return ngettext("needs at least {n} entry", "needs at least {n} entries", n).format(
            n=n
        ), None
    bounds = {
        "greater_than_equal": ("ge", N_("must be at least {limit}, got {value}")),
        "less_than_equal": ("le", N_("must be at most {limit}, got {value}")),
        "greater_than": ("gt", N_("must be more than {limit}, got {value}")),
        "less_than": ("lt", N_("must be less than {limit}, got {value}")),
    }
    if kind in bounds:
        key, sentence = bounds[kind]
        return _(sentence).format(limit=ctx[key], value=got), None
    if kind == "string_pattern_mismatch":
        return _("expected text matching {pattern}, got {value}").format(
            pattern=ctx["pattern"], value=got
        ), None
    if kind == "format":
        # The model's own validators raise their messages already translated (model.Format).
        return fallback, _("for example: {example}").format(example=ctx["example"])
    # pydantic's own sentence: in the catalogue when our models can produce it.
    return _(fallback), None


# The json module's messages for mistakes in a hand-edited route file.
JSON_PHRASES = (
    N_("Expecting value"),
    N_("Expecting ',' delimiter"),
    N_("Expecting ':' delimiter"),
    N_("Expecting property name enclosed in double quotes"),
    N_("Extra data"),
    N_("Unterminated string starting at"),
    N_("Invalid control character at"),
)

# pydantic's sentences for the error kinds our models can produce that `_sentence` does not
# reword (found by validating wrong values against every field); marked for the catalogue.
PYDANTIC_MESSAGES = (
    # `updated: 2026-11-26T10:00`
    N_("Datetimes provided to dates should have zero time - e.g. be exact dates"),
)


def _model_at(model: type[BaseModel], location: Sequence[str | int]) -> type[BaseModel]:
    """The model class that validates the mapping at `location` (for unknown-key hints)."""
    current: Any = model
    for part in location:
        found = _find_model(current)
        if isinstance(part, int) or found is None:
            continue
        current = found.model_fields[part].annotation if part in found.model_fields else None
    return _find_model(current) or model


def _find_model(annotation: Any) -> type[BaseModel] | None:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for argument in get_args(annotation):
        found = _find_model(argument)
        if found is not None:
            return found
    return None


def _shown(value: Any) -> str:
    """How a wrong value is quoted back to the editor."""
    if value is None:
        return _("nothing")
    if isinstance(value, dict):
        return _("a group of key: value lines")
    if isinstance(value, list):
        return _("a list")
    text = str(value)
    if len(text) > 40:
        text = text[:37] + "…"
    return json.dumps(text, ensure_ascii=False)


# --- pass 3: cross-record checks ------------------------------------------------------------


def _places(town: Town) -> Iterator[tuple[tuple[str | int, ...], str, Location]]:
    """(location in the file, id, point) for the town and each of its halls and bases."""
    yield (), town.id, town.location
    for kind in ("halls", "bases", "signs"):
        for index, place in enumerate(getattr(town, kind)):
            yield (kind, index), place.id, place.location


def _cross_checks(
    info: CorridorInfo,
    towns: list[tuple[str, Town]],
    town_files: set[str],
    documents: dict[str, YamlDocument],
) -> list[Problem]:
    problems: list[Problem] = []
    corridor_doc = documents[CORRIDOR_FILE]
    listed: dict[str, int] = {}
    for index, town_id in enumerate(info.towns):
        if town_id in listed:
            problems.append(
                corridor_doc.problem(
                    ("towns", index),
                    _("town `{town}` is listed twice (first at {field})").format(
                        town=town_id, field=f"towns[{listed[town_id]}]"
                    ),
                )
            )
        listed.setdefault(town_id, index)

    first_id: dict[str, tuple[str, int]] = {}
    codes: dict[str, str] = {}
    for display, town in towns:
        document = documents[display]
        stem = Path(display).stem
        if town.id != stem:
            problems.append(
                document.problem(
                    ("id",),
                    _("the id `{id}` does not match the file name {file}").format(
                        id=town.id, file=f"{stem}.yml"
                    ),
                    _("rename the file to {file} or set id: {stem}").format(
                        file=f"{town.id}.yml", stem=stem
                    ),
                )
            )
        if town.id not in listed:
            problems.append(
                document.problem(
                    ("id",),
                    _("town `{town}` is not in the route order of {file}").format(
                        town=town.id, file=CORRIDOR_FILE
                    ),
                    _("add its id to `towns:` in corridor.yml, in its place along G318"),
                )
            )
        if town.code in codes:
            problems.append(
                document.problem(
                    ("code",),
                    _("statistical code {code} is also used by {file}").format(
                        code=town.code, file=codes[town.code]
                    ),
                )
            )
        codes.setdefault(town.code, display)
        if not town.code.startswith(info.county.code):
            problems.append(
                document.problem(
                    ("code",),
                    _("code {code} is not inside county {county}").format(
                        code=town.code, county=info.county.code
                    ),
                )
            )
        for path, place_id, point in _places(town):
            id_loc = (*path, "id")
            if place_id in first_id and path:
                other_file, other_line = first_id[place_id]
                problems.append(
                    document.problem(
                        id_loc,
                        _("duplicate id `{id}` (also in {place})").format(
                            id=place_id, place=f"{other_file}:{other_line}"
                        ),
                        _("ids name pages and signs: each must be unique in the corridor"),
                    )
                )
            first_id.setdefault(place_id, (display, document.position(id_loc).line))
            problems.extend(_point_checks(document, (*path, "location"), point, info))

    for index, town_id in enumerate(info.towns):
        # A file that exists but is invalid has its own problems already.
        if town_id not in town_files:
            close = difflib.get_close_matches(town_id, sorted(town_files), n=1)
            problems.append(
                corridor_doc.problem(
                    ("towns", index),
                    _("there is no town file for `{town}`").format(town=town_id),
                    _("did you mean `{name}`?").format(name=close[0])
                    if close
                    else _("create {file}").format(file=f"{TOWNS_DIR}/{town_id}.yml"),
                )
            )
    problems.extend(_point_checks(corridor_doc, ("county", "seat"), info.county.seat, info))
    return problems


def _point_checks(
    document: YamlDocument, loc: tuple[str | int, ...], point: Location, info: CorridorInfo
) -> list[Problem]:
    box = info.bounds
    if box.contains(point.lat, point.lon):
        return []
    if box.contains(point.lon, point.lat):
        return [
            document.problem(
                loc,
                _("lat and lon look swapped"),
                _("lat is the smaller number here (about {range})").format(
                    range=f"{box.south:.0f}–{box.north:.0f}"
                ),
            )
        ]
    return [
        document.problem(
            loc,
            _(
                "the point {lat}, {lon} is outside the county's box "
                "({south}–{north} N, {west}–{east} E)"
            ).format(
                lat=f"{point.lat:.5f}",
                lon=f"{point.lon:.5f}",
                south=box.south,
                north=box.north,
                west=box.west,
                east=box.east,
            ),
            _("check for a typo, and that crs matches where the coordinates were copied from"),
        )
    ]


# A town further than this from the route line is more likely a wrong crs (GCJ-02 typed as
# WGS-84 moves a point ~500 m; BD-09 ~1 km more) or a typo than a town beside the road.
FAR_FROM_ROUTE_M = 2000.0


def _towns_near_route(
    route: Route, towns: list[tuple[str, Town]], documents: dict[str, YamlDocument]
) -> list[Problem]:
    problems = []
    for display, town in towns:
        point = (town.location.lat, town.location.lon)
        offset = project_onto_line(point, route.points).offset_m
        if offset > FAR_FROM_ROUTE_M:
            problems.append(
                documents[display].problem(
                    ("location",),
                    _("town {town} is {km} km from the route — is its crs right?").format(
                        town=town.name, km=f"{offset / 1000:.1f}"
                    ),
                    _(
                        "points copied from AMap need crs: gcj02, from Baidu crs: bd09; "
                        "otherwise check the point and {file}"
                    ).format(file=route.file),
                    Severity.WARNING,
                )
            )
    return problems


def _load_route(
    root: Path, display: str, info: CorridorInfo, problems: list[Problem]
) -> Route | None:
    """The route line from GeoJSON: one LineString, as a Feature or FeatureCollection."""

    def fail(
        message: str, hint: str | None = None, line: int = 1, column: int = 1, at: str = ""
    ) -> None:
        problems.append(Problem(display, line, column, at, message, hint))

    path = root / display
    if not path.exists() and not path.is_symlink():
        fail(_("the route file is missing"), _("draw a schematic line through the towns"))
        return None
    raw, unreadable = read_bytes(path, display)
    if raw is None:
        problems.extend([unreadable] if unreadable else [])
        return None
    try:
        geojson = json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        fail(_("the route file is not valid UTF-8"))
        return None
    except json.JSONDecodeError as error:
        # The JSON parser's words, from the catalogue where listed in JSON_PHRASES.
        fail(
            _("not valid JSON: {reason}").format(reason=_(error.msg)),
            line=error.lineno,
            column=error.colno,
        )
        return None
    feature = geojson
    at = ""
    if isinstance(geojson, dict) and geojson.get("type") == "FeatureCollection":
        lines = [
            (i, f)
            for i, f in enumerate(geojson.get("features") or [])
            if isinstance(f, dict) and (f.get("geometry") or {}).get("type") == "LineString"
        ]
        if len(lines) != 1:
            fail(
                _("expected exactly one LineString feature, found {count}").format(count=len(lines))
            )
            return None
        index, feature = lines[0]
        at = f"features[{index}]"
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") != "LineString":
        fail(_("expected a GeoJSON Feature whose geometry is a LineString"), at=at)
        return None
    points: list[LatLon] = []
    for index, pair in enumerate(geometry.get("coordinates") or []):
        where = f"{at}.geometry.coordinates[{index}]".lstrip(".")
        if not (
            isinstance(pair, list)
            and len(pair) >= 2
            and all(isinstance(v, int | float) for v in pair[:2])
        ):
            fail(_("expected [longitude, latitude]"), at=where)
            return None
        lon, lat = float(pair[0]), float(pair[1])
        if not info.bounds.contains(lat, lon):
            swapped = info.bounds.contains(lon, lat)
            fail(
                _("latitude and longitude look swapped (GeoJSON is [lon, lat])")
                if swapped
                else _("point {lat}, {lon} is outside the county's box").format(lat=lat, lon=lon),
                at=where,
            )
        points.append((lat, lon))
    if len(points) < 2:
        fail(_("a route needs at least two points"), at=f"{at}.geometry.coordinates".lstrip("."))
        return None
    properties = feature.get("properties") or {}
    schematic = properties.get("schematic", True) is not False
    return Route(display, tuple(points), schematic)
