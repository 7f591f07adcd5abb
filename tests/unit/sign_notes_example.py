"""An example of the signs' hook (`sign_notes` in translations/babel.cfg), used by a test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from corridor.i18n.messages import RecordMessage


def translator_notes(root: Path, messages: Sequence[RecordMessage]) -> Mapping[str, Sequence[str]]:
    """Pretend every hall name goes on an A2 sign with room for 12 characters a line."""
    assert (root / "sites" / "corridor.yml").is_file()
    return {
        m.context: ["On sign type A2 (1200×400 mm): at most 12 characters per line."]
        for m in messages
        if "/halls/" in m.context and m.context.endswith(":name")
    }
