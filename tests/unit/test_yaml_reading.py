"""Records are read by libyaml when it can: the same document and problems as with PyYAML."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from corridor import yamlfile

ROOT = Path(__file__).resolve().parents[2]
RECORDS = sorted(
    [*ROOT.glob("sites/**/*.yml"), *ROOT.glob("tests/fixtures/**/*.yml")],
)


def _read(text: str) -> tuple[object, ...]:
    document, problems = yamlfile.parse_yaml(text, "record.yml")
    rendered = [p.render() for p in problems]
    if document is None:
        return (rendered,)
    return document.data, document.values, document.keys, rendered


@pytest.mark.parametrize("path", RECORDS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_libyaml_and_pyyaml_read_every_record_alike(
    path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    fast = _read(text)
    # A pattern that matches everything sends every file to PyYAML.
    monkeypatch.setattr(yamlfile, "_PYTHON_ONLY", re.compile(""))
    assert _read(text) == fast
