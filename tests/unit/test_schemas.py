"""The JSON Schemas as editors' tools read them: ECMA-262 regexes, Chinese help, examples.

VS Code's YAML extension (and every JavaScript validator) compiles each `pattern` as a
JavaScript RegExp with the u flag, where Python's `re` accepts more (`\\"`, for one): a pattern
only Python accepts makes the whole schema unusable in the editor. So the schemas are checked
by check-jsonschema with its default, ECMA-262 regexes and by ajv in Node, and the records are
validated by both.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
SCHEMAS = sorted((ROOT / "schemas").glob("*.schema.json"))
AJV = ROOT / "tools" / "web" / "validate-schemas.cjs"
HEADER = re.compile(r"# yaml-language-server: \$schema=(?P<schema>\S+)")
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def records_by_schema() -> dict[Path, list[Path]]:
    """Every record under sites/, grouped by the schema its first line names."""
    grouped: dict[Path, list[Path]] = {}
    for record in sorted((ROOT / "sites").rglob("*.yml")):
        match = HEADER.match(record.read_text(encoding="utf-8"))
        assert match, f"{record.relative_to(ROOT)} names no schema on its first line"
        schema = (record.parent / match["schema"]).resolve()
        grouped.setdefault(schema, []).append(record)
    return grouped


def check_jsonschema(*args: str | Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "check-jsonschema", *map(str, args)], capture_output=True, text=True, check=False
    )


def ajv(schema: Path, *instances: Path) -> subprocess.CompletedProcess[str]:
    node = shutil.which("node")
    assert node, "node is part of the set-up (tools/web)"
    return subprocess.run(
        [node, str(AJV), str(schema), *map(str, instances)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_record_names_a_committed_schema() -> None:
    assert set(records_by_schema()) == set(SCHEMAS)


def test_schemas_are_valid_with_ecma_262_regexes() -> None:
    result = check_jsonschema("--check-metaschema", *SCHEMAS)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda path: path.name)
def test_records_validate_with_check_jsonschema(schema: Path) -> None:
    result = check_jsonschema("--schemafile", schema, *records_by_schema()[schema])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda path: path.name)
def test_records_validate_with_ajv(schema: Path, tmp_path: Path) -> None:
    # As an editor's tool reads YAML: YAML 1.2 (dates become the text written).
    yaml = YAML(typ="safe")
    instances = []
    for record in records_by_schema()[schema]:
        instance = tmp_path / f"{record.stem}.json"
        data = yaml.load(record.read_text(encoding="utf-8"))
        instance.write_text(json.dumps(data, default=str), encoding="utf-8")
        instances.append(instance)
    result = ajv(schema, *instances)
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_pattern_only_python_accepts_is_refused_by_both(tmp_path: Path) -> None:
    # The defect that once made corridor.schema.json unusable: `\"` inside a class.
    schema = tmp_path / "python-only.schema.json"
    schema.write_text(
        json.dumps(
            {
                "$schema": "https://json-schema.org/draft/2020-12/schema",
                "type": "string",
                "pattern": '^[^\\s\\"]+$',
            }
        ),
        encoding="utf-8",
    )
    assert re.compile('^[^\\s\\"]+$')  # Python is content with it
    assert "is not a 'regex'" in check_jsonschema("--check-metaschema", schema).stdout
    refused = ajv(schema)
    assert (refused.returncode, "Invalid regular expression" in refused.stdout) == (1, True)


def properties(node: Any, where: str = "") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property declared anywhere in a schema, with a readable path."""
    if isinstance(node, dict):
        for name, spec in (node.get("properties") or {}).items():
            yield f"{where}.{name}", spec
        for key, value in node.items():
            yield from properties(value, f"{where}/{key}" if key == "$defs" else where)
    elif isinstance(node, list):
        for item in node:
            yield from properties(item, where)


def choices_are_closed(spec: dict[str, Any]) -> bool:
    """Editors pick from a list (enum, const, true/false) or fill in an object."""
    variants = [spec, *spec.get("anyOf", []), spec.get("items", {})]
    return any(
        "enum" in v or "const" in v or "$ref" in v or v.get("type") in ("boolean", "object")
        for v in variants
        if isinstance(v, dict) and v.get("type") != "null"
    )


@pytest.mark.parametrize("schema", SCHEMAS, ids=lambda path: path.name)
def test_every_property_has_chinese_help_and_an_example(schema: Path) -> None:
    tree = json.loads(schema.read_text(encoding="utf-8"))
    undescribed = [
        where for where, spec in properties(tree) if not CHINESE.search(spec.get("description", ""))
    ]
    without_example = [
        where
        for where, spec in properties(tree)
        if not spec.get("examples") and not choices_are_closed(spec)
    ]
    assert (undescribed, without_example) == ([], [])
