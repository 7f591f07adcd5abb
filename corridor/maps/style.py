"""The maps' visual language: one symbol per kind of place, colours, fonts.

Kinds differ by shape first (ring, building, diamond) and colour second, so they stay apart in
greyscale print and for colour-blind visitors. Symbols are inline SVG, drawn in a 24×24 box
with a white halo so they read on any tile background; no icon font is loaded.
"""

from __future__ import annotations

from corridor.urls import PlaceKind

COLOURS: dict[PlaceKind, str] = {"town": "#9b1c1c", "hall": "#1d4f91", "base": "#2f6b2f"}
ROUTE_COLOUR = "#c0392b"
INK = "#1a1a1a"

_SHAPES: dict[PlaceKind, str] = {
    # A ring with a dot: the usual sign for a settlement.
    "town": (
        '<circle cx="12" cy="12" r="11" fill="#fff"/>'
        '<circle cx="12" cy="12" r="8" fill="#fff" stroke="{c}" stroke-width="4"/>'
        '<circle cx="12" cy="12" r="3" fill="{c}"/>'
    ),
    # A building with a pediment: a hall or museum.
    "hall": (
        '<path d="M12 1 L23 8.5 V22.5 H1 V8.5 Z" fill="#fff"/>'
        '<path d="M12 3 L21 9 H3 Z M4 10.5 H20 V20.5 H4 Z" fill="{c}"/>'
        '<path d="M7.5 12 V19 M12 12 V19 M16.5 12 V19" stroke="#fff" stroke-width="1.6"/>'
    ),
    # A diamond with a sprout: a farm or production base.
    "base": (
        '<path d="M12 0.5 L23.5 12 L12 23.5 L0.5 12 Z" fill="#fff"/>'
        '<path d="M12 2.5 L21.5 12 L12 21.5 L2.5 12 Z" fill="{c}"/>'
        '<path d="M12 17 V10.5 M12 13 C9.5 13 8 11 8 9 C10.5 9 12 10.5 12 13 '
        'M12 11.5 C12 9 13.5 7.5 16 7.5 C16 10 14.5 11.5 12 11.5" '
        'stroke="#fff" stroke-width="1.5" fill="none"/>'
    ),
}


def symbol_shapes(kind: PlaceKind) -> str:
    """The SVG shapes of a kind's symbol in a 24×24 box, to place inside another SVG."""
    return _SHAPES[kind].format(c=COLOURS[kind])


def symbol_svg(kind: PlaceKind, size: int = 24) -> str:
    """A kind's symbol as a standalone inline SVG, hidden from screen readers.

    The text beside it (a label, a marker's title) carries the meaning.
    """
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="{size}" '
        f'height="{size}" aria-hidden="true" focusable="false">{symbol_shapes(kind)}</svg>'
    )


def route_symbol_svg(schematic: bool, size: int = 24) -> str:
    """A short stroke of the route line, dashed when the route is schematic."""
    dash = ' stroke-dasharray="5 3"' if schematic else ""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="{size}" '
        f'height="{size}" aria-hidden="true" focusable="false">'
        f'<path d="M1 12 H23" stroke="#fff" stroke-width="8"/>'
        f'<path d="M1 12 H23" stroke="{ROUTE_COLOUR}" stroke-width="4"{dash}/></svg>'
    )


# Font families by language. Tibetan needs a Tibetan font named first (a CJK or Latin font
# would fall back glyph by glyph and break stacks); Chinese text inside a Tibetan or English
# page still needs a CJK font after it. Pages self-host these (no Google Fonts in China).
_CJK = '"Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei"'
FONT_FAMILIES: dict[str, str] = {
    "zh": f"{_CJK}, sans-serif",
    "bo": f'"Noto Serif Tibetan", "Noto Sans Tibetan", "Microsoft Himalaya", {_CJK}, serif',
    "en": f'"Noto Sans", system-ui, Arial, {_CJK}, sans-serif',
}
# Tibetan stacks vowels and subjoined letters above and below the line: it needs room.
LINE_HEIGHTS: dict[str, float] = {"zh": 1.5, "bo": 1.9, "en": 1.4}
# Tibetan letters are small at the same nominal size as Han characters.
FONT_SCALES: dict[str, float] = {"zh": 1.0, "bo": 1.2, "en": 1.0}


def font_family(language: str) -> str:
    return FONT_FAMILIES.get(language, FONT_FAMILIES["zh"])
