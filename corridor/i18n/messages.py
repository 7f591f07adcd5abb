"""Messages from the records: which strings are translatable, their contexts and comments.

A record field is translatable when its JSON Schema (generated from `corridor.model`) marks it
`x-translatable`; walking the schema alongside the data finds every such string, so adding a
`Text` field to the model is all it takes to make it translatable.

Each message has a context naming the record and field, e.g.
``towns/sijing/halls/ganxipo:name``: the same Chinese word in two places can be translated
differently, and a translation follows its record, not its wording. Each also carries an
extracted comment telling the translator, in plain words, what the string is ("Name of an
exhibition hall."), and — through the `sign_notes` hook — how much room a sign leaves for it.

The sign-notes hook: a mapping section in translations/babel.cfg may name a function::

    [corridor_records: sites/towns/*.yml]
    record = town
    sign_notes = corridor.signs.notes:translator_notes

`translator_notes(root, messages)` receives the project root and the `RecordMessage`s of one
file (or None: every message of the project, which `corridor` asks for once per extraction)
and returns, per message context, extra comment lines such as "On sign type A2
(1200×400 mm): at most 12 characters per line." Both `pybabel extract` and `corridor i18n
extract` call it, so the template is the same either way.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from pydantic import BaseModel

from corridor.model import TRANSLATABLE, CorridorInfo, Town, json_schema, record_key
from corridor.problems import field_path
from corridor.speech import _
from corridor.website import WebsiteConfig
from corridor.yamlfile import YamlDocument, parse_yaml

# What a list key makes of its items (items with an `id` are records of their own).
RECORD_KINDS = {"halls": "exhibition hall", "bases": "industry base", "signs": "sign"}
# How a translator's comment names each kind of record.
KIND_WORDS = {
    "corridor": "the corridor",
    "town": "a town or township",
    "exhibition hall": "an exhibition hall",
    "industry base": "an industry demonstration base",
    "sign": "a sign",
}
# What each translatable field is, in a translator's words, by field path without list
# indexes. A field missing here still gets a comment (see `translator_comment`).
FIELD_COMMENTS = {
    "name": "Name of {kind}.",
    "short_name": "Short name of {kind}, used where the full name does not fit.",
    "summary": "Summary of {kind}: one sentence, shown on cards, map popups and signs.",
    "introduction": "Introduction of {kind}: each line is one paragraph; keep the line breaks.",
    "theme": "Theme of {kind}, in a few words.",
    "address": "Address of {kind}.",
    "location.note": "How exact the map position of {kind} is.",
    "note": "Note for visitors on what about {kind} is unverified or only sample data.",
    "opening.note": "Note on the opening hours of {kind}.",
    "admission.note": "Note on tickets and admission to {kind}.",
    "accessibility.note": "Note on access to {kind} for visitors with disabilities.",
    "exhibits.name": "Name of an exhibit in {kind}.",
    "exhibits.description": "Description of an exhibit in {kind}.",
    "products": "A product of {kind}, in a few words.",
    "visiting.arrangement": "How to visit {kind}.",
    "selection_note": "Why the corridor takes these towns (the choice is a sample).",
    "county.name": "Name of the county.",
    "county.prefecture": "Name of the prefecture-level city the county belongs to.",
    "county.province": "Name of the province.",
    "county.seat.note": "How exact the map position of the county seat is.",
    "map.west_end": "Where G318 leads at the west end of the strip map (a place name).",
    "map.east_end": "Where G318 leads at the east end of the strip map (a place name).",
    "publisher.name": "Name of the office that publishes the website (主办单位).",
    "title": "Title printed on {kind}, in place of the record's name.",
    "subtitle": "Subtitle printed on {kind}.",
    "body": "A paragraph printed on {kind}.",
}
_MODELS: dict[str, tuple[type[BaseModel], str]] = {
    "corridor": (CorridorInfo, "corridor"),
    "town": (Town, "town"),
    "website": (WebsiteConfig, "website"),
}


@dataclass(frozen=True, slots=True)
class RecordMessage:
    """One translatable string in one record file."""

    context: str  # towns/sijing/halls/ganxipo:name
    source: str  # the Chinese text
    file: str  # sites/towns/sijing.yml
    line: int
    comment: str  # what the string is, for the translator


# The signs' hook: (project root, one file's messages) → context → extra translator comments.
# The hook: (project root, the messages of one file, or None for every message) → notes.
SignNotes = Callable[[Path, Sequence[RecordMessage] | None], Mapping[str, Sequence[str]]]
# `extraction.extract_template` puts a dict under this option key of the sections that name a
# sign-notes hook. The hook then runs once per extraction, for every message, and each file
# takes its messages' notes from that answer; without it (plain `pybabel extract`) the hook
# runs once per file, each time loading and laying out the whole project: the same notes,
# but quadratic in the number of towns.
NOTES_MEMO = "_corridor_sign_notes_memo"


def context(record: str, field: str) -> str:
    """A message context: record and field, e.g. ``towns/sijing:summary``."""
    return f"{record}:{field}"


def document_messages(document: YamlDocument, record: str) -> list[RecordMessage]:
    """Every translatable string of a parsed record file (`record`: corridor or town)."""
    model, kind = _MODELS[record]
    schema = json_schema(model)
    # The corridor and the website are one record each; a town file is keyed by its id.
    single = record in ("corridor", "website")
    root = record if single else record_key(str(_get(document.data, "id")))
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
    (``corridor`` or ``town``); its optional `sign_notes` option names the signs' hook
    (``module:function``, see the module docstring). Messages come out as
    ``pgettext(context, source)`` so Babel stores the context as msgctxt. Files with YAML
    errors yield what can be read: `corridor check` is the place that reports them.
    """
    name = str(getattr(fileobj, "name", "record.yml"))
    text = fileobj.read().decode("utf-8-sig")
    document, _ = parse_yaml(text.replace("\r\n", "\n"), name)
    if document is None or not isinstance(document.data, dict):
        return
    messages = document_messages(document, str(options.get("record", "town")))
    notes: Mapping[str, Sequence[str]] = {}
    spec = options.get("sign_notes")
    if spec:
        hook = load_sign_notes(str(spec))
        root = project_root(Path(name))
        memo = options.get(NOTES_MEMO)
        if isinstance(memo, dict):
            key = (str(spec), root)
            if key not in memo:
                memo[key] = hook(root, None)
            notes = memo[key]
        else:
            notes = hook(root, messages)
    for message in messages:
        comments = [message.comment, *notes.get(message.context, ())]
        yield message.line, "pgettext", (message.context, message.source), comments


def load_sign_notes(spec: str) -> SignNotes:
    """The function a `sign_notes = module:function` option names."""
    module, _colon, function = spec.partition(":")
    if not module or not function:
        raise ValueError(
            _("sign_notes must be written module:function, got {value}").format(value=repr(spec))
        )
    found: SignNotes = getattr(importlib.import_module(module.strip()), function.strip())
    return found


def project_root(record_file: Path) -> Path:
    """The project folder holding a record file (the nearest one with sites/corridor.yml)."""
    start = record_file.resolve().parent
    for folder in (start, *start.parents):
        if (folder / "sites" / "corridor.yml").is_file():
            return folder
    return Path.cwd()


def translator_comment(kind: str, field: tuple[str | int, ...], description: str | None) -> str:
    """What a string is, in a translator's words.

    >>> translator_comment("exhibition hall", ("exhibits", 1, "name"), None)
    'Name of an exhibit in an exhibition hall.'
    >>> translator_comment("town", ("opening", "hours"), "Hours in words")
    'Text of a town or township (field opening.hours): Hours in words.'
    """
    key = re.sub(r"\[\d+\]", "", field_path(field))
    words = KIND_WORDS.get(kind, kind)
    if key in FIELD_COMMENTS:
        return FIELD_COMMENTS[key].format(kind=words)
    described = f": {description.rstrip('.')}" if description else ""
    return f"Text of {words} (field {key}){described}."


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
        comment = translator_comment(kind, field, schema.get("description"))
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
    if display == "sites/website.yml":
        return "website"
    path = Path(display)
    if path.parent.as_posix() == "sites/towns" and path.suffix == ".yml":
        return "town"
    return None
