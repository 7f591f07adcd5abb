"""The tiny corridor with catalogues: tests/fixtures/corridor plus tests/fixtures/translations.

The fixture catalogues translate every string of the two fictitious towns, and every entry
is marked reviewed by a fictitious reviewer, so that a clean copy checks with no warning and
each test's one change shows alone.
"""

from __future__ import annotations

import shutil

from corridor.i18n.extraction import MAPPING_FILE, TEMPLATE_FILE, extract_template, render_template
from tests.conftest import FIXTURES, ROOT, TmpCorridor

BO = "translations/bo/LC_MESSAGES/messages.po"
EN = "translations/en/LC_MESSAGES/messages.po"


def add_translations(corridor: TmpCorridor) -> TmpCorridor:
    """Copy the fixture catalogues and the project's mapping in, and extract the template."""
    shutil.copytree(FIXTURES / "translations", corridor.root / "translations")
    shutil.copy(ROOT / MAPPING_FILE, corridor.root / MAPPING_FILE)
    write_template(corridor)
    return corridor


def write_template(corridor: TmpCorridor) -> None:
    template, problems = extract_template(corridor.root)
    assert template is not None and problems == []
    (corridor.root / TEMPLATE_FILE).write_bytes(render_template(template))


def entries(text: str) -> list[str]:
    """A catalogue's entries as blocks of text (separated by blank lines)."""
    return [block for block in text.split("\n\n") if block.strip()]
