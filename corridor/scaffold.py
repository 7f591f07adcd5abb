"""`corridor new`: commented record skeletons, put where they belong.

A new town gets its own file (from `templates/records/town.yml`) and its id is added to the
route order in `sites/corridor.yml`; a new hall, base or sign is appended to its town's file
(a sign of a type from `sites/sign-types.yml`, presenting the record it names). Files
that already exist are edited with ruamel.yaml's round-trip mode, so every comment, the key
order and the quoting editors chose stay as they were.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq

from corridor.atomic import write_atomically
from corridor.problems import sort_problems
from corridor.records import CORRIDOR_FILE, TOWNS_DIR, load_corridor, read_record
from corridor.signs.checks import load_signs
from corridor.signs.types import SIGN_TYPES_FILE, SignType, SignTypes
from corridor.speech import _
from corridor.yamlfile import read_yaml

SLUG = re.compile(r"[a-z][a-z0-9-]{1,39}")
KINDS = {"hall": "halls", "base": "bases", "sign": "signs"}
# A directional sign presents no record: it points to places (the check asks for at least one).
DESTINATIONS = "destinations: []          # 指向的地点，如：[{hall: 馆的id}, {base: 基地的id}]"


class ScaffoldError(Exception):
    """The request cannot be carried out; nothing has been written."""


@dataclass(frozen=True, slots=True)
class Created:
    file: str
    record: str


def _round_trip() -> YAML:
    yaml = YAML()
    # The indentation every record file uses: lists indented under their key.
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.representer.add_representer(
        type(None), lambda r, _: r.represent_scalar("tag:yaml.org,2002:null", "null")
    )
    return yaml


def _skeleton(root: Path, kind: str, record_id: str, **fields: str) -> str:
    text = (root / "templates" / "records" / f"{kind}.yml").read_text(encoding="utf-8")
    for name, value in {"id": record_id, **fields}.items():
        text = text.replace("{" + name + "}", value)
    return text


@dataclass(frozen=True, slots=True)
class Existing:
    kind: str
    place: str  # `file:line` where the id is defined


def _existing_ids(root: Path) -> dict[str, Existing]:
    """Every id in the corridor (towns, halls, bases, signs), with where it is defined."""
    ids: dict[str, Existing] = {}
    for path in sorted((root / TOWNS_DIR).glob("*.yml")):
        display = f"{TOWNS_DIR}/{path.name}"
        ids.setdefault(path.stem, Existing("town", f"{display}:1"))
        document, _problems = read_yaml(path, display)
        if document is None or not isinstance(document.data, dict):
            continue
        for kind, key in KINDS.items():
            for index, item in enumerate(document.data.get(key) or []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    line = document.position((key, index, "id")).line
                    ids.setdefault(item["id"], Existing(kind, f"{display}:{line}"))
    return ids


def _check_new_id(root: Path, record_id: str) -> dict[str, Existing]:
    """Refuse an id that is no slug or already taken; the ids read, for further checks."""
    if not SLUG.fullmatch(record_id):
        raise ScaffoldError(
            _(
                "`{id}` is not a valid id: use lowercase letters, digits and hyphens, "
                "starting with a letter (e.g. xinchang, ganxipo-museum)"
            ).format(id=record_id)
        )
    ids = _existing_ids(root)
    existing = ids.get(record_id)
    if existing:
        raise ScaffoldError(
            _("the id `{id}` already exists ({place})").format(id=record_id, place=existing.place)
        )
    return ids


def _dump(yaml: YAML, data: Any) -> str:
    buffer = io.StringIO()
    yaml.dump(data, buffer)
    return buffer.getvalue()


def new_town(root: Path, town_id: str, after: str | None = None) -> list[Created]:
    """Create `sites/towns/<id>.yml` and add the town to the route order."""
    _check_new_id(root, town_id)
    yaml = _round_trip()
    corridor_path = root / CORRIDOR_FILE
    corridor = yaml.load(corridor_path.read_text(encoding="utf-8"))
    order = corridor.get("towns")
    if not isinstance(order, CommentedSeq | list):
        raise ScaffoldError(
            _("{file} has no `towns:` list to add the town to").format(file=CORRIDOR_FILE)
        )
    if after is not None and after not in order:
        raise ScaffoldError(_("--after {town}: no such town in the route order").format(town=after))
    position = order.index(after) + 1 if after is not None else len(order)
    order.insert(position, town_id)
    town_path = root / TOWNS_DIR / f"{town_id}.yml"
    corridor_text = _dump(yaml, corridor)
    write_atomically(town_path, _skeleton(root, "town", town_id).encode())
    write_atomically(corridor_path, corridor_text.encode())
    return [Created(f"{TOWNS_DIR}/{town_id}.yml", town_id), Created(CORRIDOR_FILE, town_id)]


def new_place(root: Path, kind: str, town_id: str, place_id: str) -> list[Created]:
    """Append a hall or base skeleton to the town's file, keeping the rest of it intact."""
    _check_new_id(root, place_id)
    return _append(root, kind, town_id, place_id, _skeleton(root, kind, place_id))


def new_sign(
    root: Path, town_id: str, sign_id: str, type_id: str | None, presents: str | None
) -> list[Created]:
    """Append a sign of `type_id` to the town's file, presenting `presents` (or the town)."""
    ids = _check_new_id(root, sign_id)
    if not (root / SIGN_TYPES_FILE).is_file():
        raise ScaffoldError(
            _("there is no {file}: signs name a type defined there").format(file=SIGN_TYPES_FILE)
        )
    sign_types, _document, _problems = read_record(root, SIGN_TYPES_FILE, SignTypes)
    if sign_types is None:
        raise ScaffoldError(
            _("{file} has problems: run corridor check first").format(file=SIGN_TYPES_FILE)
        )
    choices = ", ".join(t.id for t in sign_types.types)
    if type_id is None:
        raise ScaffoldError(_("name the sign's type: --type one of {types}").format(types=choices))
    sign_type = sign_types.type(type_id)
    if sign_type is None:
        raise ScaffoldError(
            _("--type {type}: no such sign type in {file} ({types})").format(
                type=type_id, file=SIGN_TYPES_FILE, types=choices
            )
        )
    fields = {"type": type_id, "type_name": sign_type.name}
    target = _presents(ids, sign_type, town_id, presents)
    skeleton = _skeleton(root, "sign", sign_id, target=target, **fields)
    return _append(root, "sign", town_id, sign_id, skeleton)


def _presents(
    ids: dict[str, Existing], sign_type: SignType, town_id: str, presents: str | None
) -> str:
    """The sign's `presents:` (or a directional sign's `destinations:`) line."""
    kinds = _(" or ").join(sign_type.presents)
    if presents is None:
        if not sign_type.presents:
            return DESTINATIONS
        if "town" not in sign_type.presents:
            raise ScaffoldError(
                _("a {type} sign presents a {kinds}: name it with --presents ID").format(
                    type=sign_type.id, kinds=kinds
                )
            )
        presents = town_id
    if not sign_type.presents:
        raise ScaffoldError(
            _("a {type} sign presents no record: leave out --presents").format(type=sign_type.id)
        )
    existing = ids.get(presents)
    if existing is None or existing.kind == "sign":
        raise ScaffoldError(
            _("--presents {id}: no town, hall or base has this id").format(id=presents)
        )
    if existing.kind not in sign_type.presents:
        raise ScaffoldError(
            _("a {type} sign presents a {kinds}, and `{id}` is a {kind}").format(
                type=sign_type.id, kinds=kinds, id=presents, kind=existing.kind
            )
        )
    return f"presents: {{{existing.kind}: {presents}}}"


def _append(root: Path, kind: str, town_id: str, record_id: str, skeleton: str) -> list[Created]:
    """Append a record skeleton to the town's list of `kind`, keeping the rest intact."""
    town_path = root / TOWNS_DIR / f"{town_id}.yml"
    if not town_path.is_file():
        raise ScaffoldError(
            _("there is no town `{town}` ({file})").format(
                town=town_id, file=f"{TOWNS_DIR}/{town_id}.yml"
            )
        )
    yaml = _round_trip()
    town = yaml.load(town_path.read_text(encoding="utf-8"))
    if not isinstance(town, CommentedMap):
        raise ScaffoldError(
            _("{file} is not a town record; run corridor check").format(
                file=f"{TOWNS_DIR}/{town_id}.yml"
            )
        )
    key = KINDS[kind]
    entries = town.get(key)
    if entries is None:
        entries = town[key] = CommentedSeq()
    # A new town's `halls: []` is written inline; its first entry goes on lines of its own.
    entries.fa.set_block_style()
    entries.append(yaml.load(skeleton))
    write_atomically(town_path, _dump(yaml, town).encode())
    return [Created(f"{TOWNS_DIR}/{town_id}.yml", record_id)]


def remaining_work(root: Path, created: list[Created], signs: bool = False) -> list[str]:
    """The check's problems in the files just written: the editor's to-do list.

    With `signs`, also what the sign check reports there (a sign's references and type),
    which needs the sign types and catalogues, so only a new sign pays for it.
    """
    files = {c.file for c in created}
    loaded = load_corridor(root)
    problems = [*loaded.problems, *(load_signs(root, loaded).problems if signs else [])]
    return [p.render() for p in sort_problems(problems) if p.file in files]
