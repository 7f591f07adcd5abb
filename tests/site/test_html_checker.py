"""The Nu HTML Checker (vnu.jar from npm, run with Java) finds no errors in the built pages.

Two kinds of error come from Material's own templates and are allowed, by exact message and
markup (see ARCHITECTURE.md, Website):

* its drawer/search/toc toggles are ``<input type="checkbox" autocomplete="off">``
  (base.html), and vnu allows `autocomplete` on text-like inputs only;
* its table-of-contents label is ``<label for="__toc">`` (partials/toc.html,
  partials/nav-item.html) also on pages where it renders no ``__toc`` checkbox.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT

VNU = ROOT / "tools" / "web" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
MATERIAL_ERRORS = [
    ("Attribute “autocomplete” is only allowed when the input type is", 'type="checkbox"'),
    (
        "The value of the “for” attribute of the “label” element must be the ID of a "
        "non-hidden form control.",
        'for="__toc"',
    ),
]


def _from_material(message: dict) -> bool:  # type: ignore[type-arg]
    text, extract = message["message"], message.get("extract", "")
    return any(text.startswith(m) and markup in extract for m, markup in MATERIAL_ERRORS)


def _check(folder: Path) -> list[str]:
    assert VNU.is_file(), "run `make setup` (npm ci in tools/web) to install vnu-jar"
    java = shutil.which("java")
    assert java, "Java runs the Nu HTML Checker: install default-jre-headless"
    result = subprocess.run(
        [java, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(folder)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr)
    return [
        f"{m['url'].split(str(folder))[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in report["messages"]
        if m["type"] == "error" and not _from_material(m)
    ]


@pytest.mark.parametrize("which", ["sample", "fixture"])
def test_generated_pages_have_no_html_errors(
    which: str, sample_site: Path, fixture_site: Path
) -> None:
    folder = sample_site if which == "sample" else fixture_site / "build" / "site"
    assert _check(folder) == []
