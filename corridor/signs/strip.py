"""The corridor strip map on interpretive panels, from the maps package, made fit for print.

`corridor.maps.strip.strip_map_svg` draws the strip for screens: sRGB colours and a font stack
ending in generic families. On a sign every colour must be CMYK and every font named, so the
SVG is adapted here: its colours become `device-cmyk()` (a naive conversion, like the
palette's sRGB previews in reverse: the sign maker checks them on the proof) and its font
list becomes the panel's own font for the language. The panel highlights its own town (and on
a long corridor shows it with its neighbours only, as the website does).
"""

from __future__ import annotations

import re

from corridor.i18n.catalogues import Catalogues
from corridor.maps.strip import STRIP_TOWNS, strip_map_svg
from corridor.model import Corridor, Town
from corridor.records import Route
from corridor.signs.types import SignType, language
from corridor.urls import language_root

# First drawing width in CSS px. The strip keeps its text at 15 px whatever its width, so the
# width is then chosen to give the drawing the strip box's proportions: it fills the box and
# its text prints as large as the box allows.
FIRST_WIDTH_PX = 900
_HEX = re.compile(r"#([0-9a-fA-F]{6}|[0-9a-fA-F]{3})\b")


def rgb_to_cmyk(hex_colour: str) -> str:
    """An sRGB hex colour as CSS `device-cmyk()`, by the naive formula.

    >>> rgb_to_cmyk("#ffffff"), rgb_to_cmyk("#000"), rgb_to_cmyk("#c0392b")
    ('device-cmyk(0 0 0 0)', 'device-cmyk(0 0 0 1)', 'device-cmyk(0 0.703 0.776 0.247)')
    """
    digits = hex_colour.lstrip("#")
    if len(digits) == 3:
        digits = "".join(d * 2 for d in digits)
    r, g, b = (int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))
    k = 1 - max(r, g, b)
    if k >= 1:
        return "device-cmyk(0 0 0 1)"
    c, m, y = ((1 - v - k) / (1 - k) for v in (r, g, b))
    return "device-cmyk(" + " ".join(f"{round(v, 3):g}" for v in (c, m, y, k)) + ")"


def for_print(svg: str, font_family: str) -> str:
    """`svg` with CMYK colours and one explicit font family.

    Shapes and text without a fill of their own inherit the root's: K black, not the RGB
    black a renderer would otherwise use.
    """
    svg = re.sub(r'font-family="[^"]*"', f'font-family="{font_family}"', svg)
    root = re.search(r"<svg\b[^>]*>", svg)
    if root and " fill=" not in root.group(0):
        svg = svg.replace("<svg ", '<svg fill="device-cmyk(0 0 0 1)" ', 1)
    return _HEX.sub(lambda match: rgb_to_cmyk(match.group(0)), svg)


def panel_strip(
    corridor: Corridor,
    route: Route | None,
    catalogues: Catalogues,
    site_url: str | None,
    sign_type: SignType,
    lang: str,
    town: Town,
    box_mm: tuple[float, float],
) -> str | None:
    """The strip map for a panel standing in `town`, labelled in `lang` (None: no route).

    `box_mm` is the room for it on the panel (width, height).
    """
    if route is None:
        return None

    def text(context: str, chinese: str) -> str:
        return catalogues.translate(lang, context, chinese).text

    def draw(width: float) -> str:
        return strip_map_svg(
            corridor,
            route,
            language=lang,
            text=text,
            site_root=(site_url or "/").rstrip("/") + "/" + language_root(lang),
            highlight=town.id,
            width=width,
            id_prefix=f"strip-{town.id}",
            towns=STRIP_TOWNS,
        )

    svg = draw(FIRST_WIDTH_PX)
    view_box = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if view_box:
        height = float(view_box.group(2))
        svg = draw(max(FIRST_WIDTH_PX, round(height * box_mm[0] / box_mm[1])))
    return for_print(svg, sign_type.fonts[language(lang)].family)
