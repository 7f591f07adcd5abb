"""Synthetic corridors at any scale, made from the real sample (for benchmarks).

`synthesize(source_root, target_root, towns=N)` writes a project folder whose `sites/` holds N
towns cloned round-robin from the sample towns — same schema, every record valid, ids, codes
and coordinates made unique — and whose catalogues translate every cloned string exactly as the
sample's catalogues translate the original, so a synthetic build does the same work per page
as the real one. Everything else the build needs (mkdocs.yml, templates, docs, overrides) is
copied as is.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
from pathlib import Path
from typing import Any

import yaml
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

PROJECT_PARTS = (
    "mkdocs.yml",
    "templates",
    "docs",
    "overrides",
    "schemas",
    "translations/babel.cfg",
)


def _rename(data: Any, names: dict[str, str]) -> Any:
    """Replace every string that is one of the town's ids (records and their references).

    Strings lose the final line break of YAML block scalars, as the project's loader reads them.
    """
    if isinstance(data, dict):
        return {key: _rename(value, names) for key, value in data.items()}
    if isinstance(data, list):
        return [_rename(item, names) for item in data]
    return names.get(data, data.rstrip("\n")) if isinstance(data, str) else data


def _move(data: Any, dlat: float, dlon: float) -> Any:
    """Shift every point (a mapping with lat and lon) by the same offset."""
    if isinstance(data, dict):
        moved = {key: _move(value, dlat, dlon) for key, value in data.items()}
        if isinstance(data.get("lat"), float | int) and isinstance(data.get("lon"), float | int):
            moved["lat"] = round(data["lat"] + dlat, 6)
            moved["lon"] = round(data["lon"] + dlon, 6)
        return moved
    if isinstance(data, list):
        return [_move(item, dlat, dlon) for item in data]
    return data


def _ids(town: dict[str, Any]) -> list[str]:
    ids = [town["id"]]
    for key in ("halls", "bases", "signs"):
        ids += [item["id"] for item in town.get(key) or [] if isinstance(item, dict)]
    return ids


def _clone_id(old: str, index: int) -> str:
    return f"{old}-{index:03d}"[:40]


def _group_names(samples: list[dict[str, Any]], index: int, towns: int) -> dict[str, str]:
    """The ids clone `index` uses, for its own records and for the ones it refers to.

    Clones come in groups, one clone of each sample town in sample order: a reference to
    another sample town (a directional sign's destination) goes to that town's clone in the
    same group, or in the first group when the last group is incomplete.
    """
    count = len(samples)
    group = index // count
    names: dict[str, str] = {}
    for position, sample in enumerate(samples):
        clone = group * count + position
        if clone >= towns:
            clone = position
        names.update({old: _clone_id(old, clone) for old in _ids(sample)})
    return names


def synthesize(source: Path, target: Path, towns: int) -> None:
    """Write a valid project with `towns` towns into `target` (which must not exist)."""
    sites = source / "sites"
    corridor = yaml.safe_load((sites / "corridor.yml").read_text(encoding="utf-8"))
    samples = [
        yaml.safe_load((sites / "towns" / f"{town_id}.yml").read_text(encoding="utf-8"))
        for town_id in corridor["towns"]
    ]
    bounds = corridor["bounds"]
    mapping = (source / "translations" / "babel.cfg").read_text(encoding="utf-8")
    (target / "sites" / "towns").mkdir(parents=True)
    for part in PROJECT_PARTS:
        path = source / part
        if path.is_dir():
            shutil.copytree(path, target / part)
        elif path.is_file():
            (target / part).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / part)
    # Python files the Babel mapping extracts from (the map's words, CLDR overrides): without
    # them their catalogue entries would count as obsolete.
    for pattern in re.findall(r"^\[python:\s*([^\]]+)\]", mapping, flags=re.MULTILINE):
        for path in sorted(source.glob(pattern.strip())):
            relative = path.relative_to(source)
            (target / relative).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target / relative)
    for extra in sites.iterdir():
        if extra.is_file() and extra.name not in ("corridor.yml", corridor["route"]):
            shutil.copy2(extra, target / "sites" / extra.name)

    if towns < len(samples):
        raise ValueError(f"at least {len(samples)} towns (one clone of each sample town)")
    renames: dict[str, dict[str, str]] = {}
    order, route = [], []
    for index in range(towns):
        sample = samples[index % len(samples)]
        names = _group_names(samples, index, towns)
        # Spread towns along a diagonal of the county box, keeping each town's own layout.
        step = (index + 0.5) / towns
        lat = bounds["south"] + 0.05 + step * (bounds["north"] - bounds["south"] - 0.1)
        lon = bounds["west"] + 0.05 + step * (bounds["east"] - bounds["west"] - 0.1)
        town = _move(
            _rename(sample, names),
            lat - sample["location"]["lat"],
            lon - sample["location"]["lon"],
        )
        town["code"] = f"{corridor['county']['code']}{index:03d}"
        renames[town["id"]] = {**names, "__sample__": sample["id"]}
        order.append(town["id"])
        route.append([town["location"]["lon"], town["location"]["lat"]])
        text = yaml.safe_dump(town, allow_unicode=True, sort_keys=False)
        (target / "sites" / "towns" / f"{town['id']}.yml").write_text(text, encoding="utf-8")

    corridor = _rename(corridor, {}) | {"towns": order}
    (target / "sites" / "corridor.yml").write_text(
        yaml.safe_dump(corridor, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    geojson = {
        "type": "Feature",
        "properties": {"schematic": True},
        "geometry": {"type": "LineString", "coordinates": route},
    }
    (target / "sites" / corridor["route"]).write_text(json.dumps(geojson), encoding="utf-8")
    _synthesize_catalogues(source, target, renames)


def _clone_contexts(context: str | None, renames: dict[str, dict[str, str]]) -> list[str | None]:
    """The contexts a sample message has in the synthetic corridor.

    Template strings and corridor-wide messages keep theirs; a town's message is repeated
    under every clone of that town, with the clone's ids.
    """
    if not (context and context.startswith("towns/")):
        return [context]
    record, _, field = context.partition(":")
    sample = record.split("/")[1]
    return [
        f"{'/'.join(names.get(part, part) for part in record.split('/'))}:{field}"
        for names in renames.values()
        if names["__sample__"] == sample
    ]


def _synthesize_catalogues(source: Path, target: Path, renames: dict[str, dict[str, str]]) -> None:
    """Every sample translation, repeated under each clone's contexts."""
    for po in sorted((source / "translations").glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as stream:
            original = read_po(stream)
        clone = Catalog(locale=original.locale, domain=original.domain)
        clone.mime_headers = original.mime_headers
        for message in original:
            if not message.id:
                continue
            for context in _clone_contexts(message.context, renames):
                clone.add(
                    message.id,
                    message.string,
                    context=context,
                    user_comments=message.user_comments,
                    flags=message.flags,
                )
        out = target / po.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        with out.open("wb") as stream:
            write_po(stream, clone, width=0)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--towns", type=int, default=50)
    parser.add_argument("--source", type=Path, default=Path(__file__).resolve().parent.parent)
    args = parser.parse_args()
    synthesize(args.source, args.target, args.towns)
    print(f"wrote a {args.towns}-town corridor to {args.target}")


if __name__ == "__main__":
    main()
