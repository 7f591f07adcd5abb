"""JSON Schema for the record files, generated from the model (never maintained by hand).

The files are committed under `schemas/` and named in each record's first line
(`# yaml-language-server: $schema=…`), so VS Code with the YAML extension offers completion
and flags mistakes while an editor types. A test keeps them in step with `model.py`.
"""

from __future__ import annotations

import json

from pydantic import BaseModel

from corridor.model import CorridorInfo, Town
from corridor.signs.types import SignTypes
from corridor.website import WebsiteConfig

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
            **model.model_json_schema(),
        }
        rendered[path] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return rendered
