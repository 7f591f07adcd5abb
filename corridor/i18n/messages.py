"""Messages from the records: which strings are translatable, their contexts and comments.

A record field is translatable when its JSON Schema (generated from `corridor.model`) marks it
`x-translatable`; walking the schema alongside the data finds every such string, so adding a
`Text` field to the model is all it takes to make it translatable.

Each message has a context naming the record and field, e.g.
``towns/sijing/halls/ganxipo:name``: the same Chinese word in two places can be translated
differently, and a translation follows its record, not its wording.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from corridor.model import TRANSLATABLE, CorridorInfo, Town
from corridor.problems import field_path
from corridor.yamlfile import YamlDocument, parse_yaml

# What a list key makes of its items (items with an `id` are records of their own).
RECORD_KINDS = {"halls": "exhibition hall", "bases": "industry base", "signs": "sign"}
_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "corridor": (CorridorInfo, "corridor"),
    "town": (Town, "town"),
}


@dataclass(frozen=True, slots=True)
class RecordMessage:
    """One translatable string in one record file."""

    context: str  # towns/sijing/halls/ganxipo:name
    source: str  # the Chinese text
    file: str  # sites/towns/sijing.yml
    line: int
    comment: str  # what the string is, for the translator


def record_key(town: str | None = None, kind: str | None = None, place: str | None = None) -> str:
    """The record part of a message context.

    >>> record_key()
    'corridor'
    >>> record_key("sijing", "halls", "ganxipo")
    'towns/sijing/halls/ganxipo'
    """
    if town is None:
        return "corridor"
    return f"towns/{town}/{kind}/{place}" if kind else f"towns/{town}"


def context(record: str, field: str) -> str:
    """A message context: record and field, e.g. ``towns/sijing:summary``."""
    return f"{record}:{field}"


def document_messages(document: YamlDocument, record: str) -> list[RecordMessage]:
    """Every translatable string of a parsed record file (`record`: corridor or town)."""
    model, kind = _MODELS[record]
    schema = model.model_json_schema()
    root = "corridor" if record == "corridor" else record_key(str(_get(document.data, "id")))
    found = _walk(schema, schema, document.data, (), root, kind, (), document)
    return sorted(found, key=lambda m: (m.line, m.context))


def extract_records(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Any,
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, tuple[str, str], list[str]]]:
    """Babel extraction method for record files (named in translations/babel.cfg).

    The mapping section's `record` option says which model the file follows
    (``corridor`` or ``town``). Messages come out as ``pgettext(context, source)`` so Babel
    stores the context as msgctxt. Files with YAML errors yield what can be read: `corridor
    check` is the place that reports them.
    """
    name = getattr(fileobj, "name", "record.yml")
    text = fileobj.read().decode("utf-8-sig")
    document, _ = parse_yaml(text.replace("\r\n", "\n"), str(name))
    if document is None or not isinstance(document.data, dict):
        return
    for message in document_messages(document, str(options.get("record", "town"))):
        yield message.line, "pgettext", (message.context, message.source), [message.comment]


def _walk(
    root_schema: dict[str, Any],
    schema: dict[str, Any],
    data: Any,
    location: tuple[str | int, ...],
    record: str,
    kind: str,
    field: tuple[str | int, ...],
    document: YamlDocument,
) -> Iterator[RecordMessage]:
    schema = _resolve(root_schema, schema, data)
    if schema.get(TRANSLATABLE) and isinstance(data, str) and data.strip():
        description = schema.get("description")
        comment = f"{kind} — {field_path(field)}" + (f": {description}" if description else "")
        line = document.position(location).line
        yield RecordMessage(context(record, field_path(field)), data, document.file, line, comment)
    elif isinstance(data, dict):
        properties = schema.get("properties", {})
        for key, value in data.items():
            if key in properties:
                child = properties[key]
                yield from _walk(
                    root_schema,
                    child,
                    value,
                    (*location, key),
                    record,
                    kind,
                    (*field, key),
                    document,
                )
    elif isinstance(data, list) and "items" in schema:
        key = field[-1] if field else ""
        for index, item in enumerate(data):
            item_id = _get(item, "id")
            if key in RECORD_KINDS and isinstance(item_id, str):
                # A hall or base is a record of its own: contexts restart at its id.
                yield from _walk(
                    root_schema,
                    schema["items"],
                    item,
                    (*location, index),
                    f"{record}/{key}/{item_id}",
                    RECORD_KINDS[str(key)],
                    (),
                    document,
                )
            else:
                yield from _walk(
                    root_schema,
                    schema["items"],
                    item,
                    (*location, index),
                    record,
                    kind,
                    (*field, index),
                    document,
                )


def _resolve(root: dict[str, Any], schema: dict[str, Any], data: Any) -> dict[str, Any]:
    """Follow `$ref` and pick the `anyOf` branch that fits the data (skipping `null`)."""
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        resolved = {**root["$defs"][name], **{k: v for k, v in schema.items() if k != "$ref"}}
        return _resolve(root, resolved, data)
    if "anyOf" in schema:
        for branch in schema["anyOf"]:
            if branch.get("type") != "null":
                merged = {**branch, **{k: v for k, v in schema.items() if k != "anyOf"}}
                return _resolve(root, merged, data)
    return schema


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def file_record(display: str) -> str | None:
    """Which model a file under sites/ follows, from its path."""
    if display == "sites/corridor.yml":
        return "corridor"
    path = Path(display)
    if path.parent.as_posix() == "sites/towns" and path.suffix == ".yml":
        return "town"
    return None
