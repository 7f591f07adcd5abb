"""An example of the signs' hook (`sign_notes` in translations/babel.cfg), used by a test."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

from corridor.i18n.messages import RecordMessage, context, record_key
from corridor.records import load_corridor

NOTE = "On sign type A2 (1200×400 mm): at most 12 characters per line."


def translator_notes(
    root: Path, messages: Sequence[RecordMessage] | None
) -> Mapping[str, Sequence[str]]:
    """Pretend every hall name goes on an A2 sign with room for 12 characters a line.

    `messages` is None when the extraction asks for the notes of every message at once.
    """
    assert (root / "sites" / "corridor.yml").is_file()
    if messages is None:
        corridor = load_corridor(root).corridor
        assert corridor is not None
        contexts = [
            context(record_key(town.id, "halls", hall.id), "name")
            for town in corridor.towns
            for hall in town.halls
        ]
    else:
        contexts = [m.context for m in messages]
    return {c: [NOTE] for c in contexts if "/halls/" in c and c.endswith(":name")}
