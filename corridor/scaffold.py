"""`corridor new`: commented record skeletons, put where they belong.

A new town gets its own file (from `templates/records/town.yml`) and its id is added to the
route order in `sites/corridor.yml`; a new hall or base is appended to its town's file. Files
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
from corridor.records import CORRIDOR_FILE, TOWNS_DIR, load_corridor
from corridor.speech import _
from corridor.yamlfile import read_yaml

SLUG = re.compile(r"[a-z][a-z0-9-]{1,39}")
KINDS = {"hall": "halls", "base": "bases"}


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


def _skeleton(root: Path, kind: str, record_id: str) -> str:
    text = (root / "templates" / "records" / f"{kind}.yml").read_text(encoding="utf-8")
    return text.replace("{id}", record_id)


def _existing_ids(root: Path) -> dict[str, str]:
    """Every id in the corridor, with `file:line` of where it is defined."""
    ids: dict[str, str] = {}
    for path in sorted((root / TOWNS_DIR).glob("*.yml")):
        display = f"{TOWNS_DIR}/{path.name}"
        ids.setdefault(path.stem, f"{display}:1")
        document, _ = read_yaml(path, display)
        if document is None or not isinstance(document.data, dict):
            continue
        for key in KINDS.values():
            for index, item in enumerate(document.data.get(key) or []):
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    line = document.position((key, index, "id")).line
                    ids.setdefault(item["id"], f"{display}:{line}")
    return ids


def _check_new_id(root: Path, record_id: str) -> None:
    if not SLUG.fullmatch(record_id):
        raise ScaffoldError(
            _(
                "`{id}` is not a valid id: use lowercase letters, digits and hyphens, "
                "starting with a letter (e.g. xinchang, ganxipo-museum)"
            ).format(id=record_id)
        )
    where = _existing_ids(root).get(record_id)
    if where:
        raise ScaffoldError(
            _("the id `{id}` already exists ({place})").format(id=record_id, place=where)
        )


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
    entries.append(yaml.load(_skeleton(root, kind, place_id)))
    write_atomically(town_path, _dump(yaml, town).encode())
    return [Created(f"{TOWNS_DIR}/{town_id}.yml", place_id)]


def remaining_work(root: Path, created: list[Created]) -> list[str]:
    """The check's problems in the files just written: the editor's to-do list."""
    files = {c.file for c in created}
    return [p.render() for p in load_corridor(root).problems if p.file in files]
