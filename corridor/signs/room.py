"""How much room a string has on a sign, for translators (the catalogue's extracted comments).

A translator writing Tibetan or English for a sign needs to know the room it has before the
fit check says no. For every message shown on a sign this gives a comment such as::

    On sign type hall-nameplate (1800×800 mm), bo: at most 45 characters per line at the
    policy size, 2 lines

The width is the language block's width in WeasyPrint's layout of the sign at its nominal
size; characters per line divide it by the font's average advance per character (1 em for
Chinese; measured from the font for Tibetan and English over a sample of ordinary text).
`message_room()` is the hook the catalogue extraction calls.
"""

from __future__ import annotations

import math
from collections.abc import Collection
from pathlib import Path

from fontTools.ttLib import TTFont

from corridor.records import load_corridor
from corridor.signs.checks import SignProject, load_signs
from corridor.signs.content import LanguageBlock, SignContent
from corridor.signs.fonts import FontFace
from corridor.signs.layout import SignLayout
from corridor.signs.types import language

# Ordinary text whose average advance per character stands for the language's.
SAMPLES = {
    "en": "Shiyang Town Ganxipo Tea-Horse Road Exhibition Hall, Erlang Mountain",
    "bo": "བོད་ཀྱི་སྐད་ཡིག་ནི་ལོ་རྒྱུས་རིང་བའི་ཡི་གེ་ཞིག་ཡིན། ཇ་རྟ་རྒྱ་ལམ།",
}


def average_advance_em(face: FontFace, lang: str) -> float:
    """Average advance width per character of `lang` text in `face`, in em.

    Chinese characters are set on the full em; other scripts are measured over a sample
    (combining Tibetan letters and vowel signs advance zero, as they do in the text).
    """
    sample = SAMPLES.get(lang)
    if sample is None:
        return 1.0
    font = TTFont(face.file, fontNumber=face.index, lazy=True)
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    advances = [metrics[cmap[ord(c)]][0] for c in sample if ord(c) in cmap]
    units_per_em: int = font["head"].unitsPerEm
    return float(sum(advances)) / len(advances) / units_per_em


def message_room(root: Path, contexts: Collection[str] | None = None) -> dict[str, list[str]]:
    """Message context → the room each sign showing it gives (one comment per sign type).

    Only signs showing one of `contexts` are laid out, when given. Empty when the records or
    sign types do not load: extraction must still work then.
    """
    loaded = load_corridor(root)
    project = load_signs(root, loaded)
    if project.sign_types is None:
        return {}
    layout = project.layout()
    found: dict[str, set[str]] = {}
    for resolved in project.signs:
        content = resolved.content
        if content is None or resolved.type_id in project.type_problems:
            continue
        shown = {p.context for _, block in content.texts() for p in block.paragraphs}
        if contexts is not None and not shown & set(contexts):
            continue
        for context, comment in sign_room(project, layout, content):
            if contexts is None or context in contexts:
                found.setdefault(context, set()).add(comment)
    return {context: sorted(comments) for context, comments in sorted(found.items())}


def sign_room(
    project: SignProject, layout: SignLayout, content: SignContent
) -> list[tuple[str, str]]:
    """(message context, comment) for every string on one sign, at the nominal size."""
    scales = {slot.name: 1.0 for slot in content.type.slots}
    document = layout.render(layout.measure_html(content, scales))
    widths = {
        (m.slot, m.lang, m.row): m.width_mm for m in layout.measure(document, content, scales)
    }
    blocks: list[tuple[str, int | None, LanguageBlock]] = [
        (slot.slot.name, None, block) for slot in content.slots for block in slot.blocks
    ]
    blocks += [
        ("destination", index, block)
        for index, row in enumerate(content.rows)
        for block in row.blocks
    ]
    sign_type = content.type
    room = []
    for slot_name, row, block in blocks:
        slot = sign_type.slot(slot_name)
        width = widths.get((slot_name, block.lang, row))
        if block.lang == "zh" or slot is None or width is None:
            continue
        font = sign_type.fonts[language(block.lang)]
        face = project.fontbook.face(font, block.lang)
        if face is None:
            continue
        font_mm = layout.font_mm(sign_type, slot, block.lang, 1.0)
        per_line = math.floor(width / (font_mm * average_advance_em(face, block.lang)))
        lines = slot.lines[language(block.lang)]
        comment = (
            f"On sign type {sign_type.id} ({sign_type.width_mm:g}×{sign_type.height_mm:g} mm), "
            f"{block.lang}: at most {per_line} characters per line at the policy size, "
            f"{lines} line{'s' if lines != 1 else ''}"
        )
        for paragraph in block.paragraphs:
            room.append((paragraph.context, comment))
    return room
