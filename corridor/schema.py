"""JSON Schema for the record files, generated from the model (never maintained by hand).

The files are committed under `schemas/` and named in each record's first line
(`# yaml-language-server: $schema=…`), so VS Code with the YAML extension offers completion
and flags mistakes while an editor types. A test keeps them in step with `model.py`.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel

from corridor.model import CorridorInfo, Town
from corridor.signs.types import SignTypes
from corridor.speech import translated
from corridor.website import WebsiteConfig

# Editors are county staff: their tools show the fields' help in Chinese (the descriptions
# are written in English in the models, N_()-marked, and translated in the tool's catalogue).
EDITORS_LANGUAGE = "zh"

SCHEMAS: dict[str, tuple[type[BaseModel], str]] = {
    "schemas/corridor.schema.json": (CorridorInfo, "sites/corridor.yml: the corridor as a whole"),
    "schemas/town.schema.json": (
        Town,
        "sites/towns/<id>.yml: one town, its halls, bases and signs",
    ),
    "schemas/sign-types.schema.json": (
        SignTypes,
        "sites/sign-types.yml: sign families, language policies, colours, legibility",
    ),
    "schemas/website.schema.json": (
        WebsiteConfig,
        "sites/website.yml: the website's filing number, publisher and search terms",
    ),
}


def render_schemas() -> dict[str, str]:
    """Each schema file's path (relative to the project root) and its exact text."""
    rendered = {}
    for path, (model, title) in SCHEMAS.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": title,
            **for_editors(model.model_json_schema()),
        }
        rendered[path] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return rendered


def for_editors(node: Any) -> Any:
    """The schema as editors' tools read it: help in Chinese, examples where they look.

    An optional value (`anyOf` a type and null) gets its variant's examples (a `Format`'s
    example) on the property itself, where VS Code's YAML extension offers them.
    """
    if isinstance(node, list):
        return [for_editors(item) for item in node]
    if not isinstance(node, dict):
        return node
    shown = {key: for_editors(value) for key, value in node.items()}
    if isinstance(shown.get("description"), str):
        shown["description"] = translated(shown["description"], EDITORS_LANGUAGE)
    if "examples" not in shown:
        examples = [e for v in shown.get("anyOf", []) for e in v.get("examples", [])]
        if examples:
            shown["examples"] = examples
    return shown
