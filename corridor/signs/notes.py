"""The catalogue extraction's `sign_notes` hook: how much room a sign leaves a translation.

Named in translations/babel.cfg (the i18n branch's extractor calls it per record file)::

    [corridor_records: sites/towns/*.yml]
    record = town
    sign_notes = corridor.signs.notes:translator_notes
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from corridor.signs.room import message_room


class _Message(Protocol):
    @property
    def context(self) -> str: ...


def translator_notes(
    root: Path, messages: Sequence[_Message] | None
) -> Mapping[str, Sequence[str]]:
    """For the messages of one record file (None: of every file): context → each sign's room."""
    return message_room(root, None if messages is None else {m.context for m in messages})
