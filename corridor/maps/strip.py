"""The strip map: G318 as one straight line, the towns in order, in plain SVG.

Road corridors are read as a sequence ("next town in 8 km"), so this diagram shows the towns
evenly spaced from west (left, as on a map) to east, writes the distance between neighbours
as measured along the route geometry, and hangs each town's halls and bases below it as
labelled ticks. It needs no JavaScript and no tiles, prints in greyscale (shapes, not colour,
tell kinds apart), and is embedded by the website (inline, so its links work) and by signs
(at a given size).

Accessibility: the SVG is a figure with a <title> and a <desc> that reads the whole line as
text; every label is real <text> (selectable, searchable, read by screen readers), each
place's label links to its page, and the highlighted town's link says aria-current="page".
"""

from __future__ import annotations

import html
import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from corridor.geo import project_onto_line
from corridor.maps.places import MapPlace, Translate, message, town_places
from corridor.maps.style import (
    COLOURS,
    FONT_SCALES,
    INK,
    LINE_HEIGHTS,
    ROUTE_COLOUR,
    font_family,
    symbol_shapes,
)
from corridor.maps.text_layout import wrap
from corridor.model import Corridor, Town
from corridor.records import Route
from corridor.urls import PlaceKind, page_path

# The most towns a page's or a panel's strip shows (the website's widths are set for five
# columns): the whole corridor if it has no more, else the town and its neighbours, so no page
# or panel grows with the corridor and no label is squeezed to one character per line.
STRIP_TOWNS = 5
_BASE_FONT = 15.0
_MARGIN = 16.0
_NODE_INSET = 26.0
_NODE_R = 11.0


@dataclass(frozen=True, slots=True)
class StripStop:
    """A town on the strip: where it falls along the route, and what hangs below it."""

    town: MapPlace
    along_m: float
    items: tuple[MapPlace, ...]


def strip_stops(
    corridor: Corridor,
    route: Route,
    towns: Sequence[Town] | None = None,
    along: Mapping[str, float] | None = None,
) -> list[StripStop]:
    """The towns (default: all) in route order (east to west, as listed), each projected
    onto the route, or placed by `along` (`towns_along`) when the caller has projected them."""
    stops = []
    for town in corridor.towns if towns is None else towns:
        node, *items = town_places(town)
        if along is not None:
            where = along[town.id]
        else:
            where = project_onto_line((node.lat, node.lon), route.points).along_m
        stops.append(StripStop(node, where, tuple(items)))
    return stops


def towns_along(corridor: Corridor, route: Route) -> dict[str, float]:
    """Each town's distance along the route, in metres: a projection is a pass over the whole
    route, so a build drawing a strip on every page projects each town once, here."""
    return {stop.town.id: stop.along_m for stop in strip_stops(corridor, route)}


def distances_km(stops: Sequence[StripStop]) -> list[float]:
    """Distance along the route between each pair of neighbouring stops, in km."""
    return [abs(b.along_m - a.along_m) / 1000 for a, b in itertools.pairwise(stops)]


def _n(value: float) -> str:
    """A coordinate for the SVG: one decimal, no trailing zero (stable across platforms)."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _e(text: str) -> str:
    return html.escape(text, quote=True)


@dataclass(slots=True)
class _Canvas:
    """The SVG being drawn: elements in painting order, and the height reached so far."""

    language: str
    font: float
    leading: float
    parts: list[str]
    bottom: float = 0.0

    def text(
        self,
        lines: Sequence[str],
        x: float,
        first_baseline: float,
        *,
        size: float,
        anchor: str = "start",
        bold: bool = False,
        fill: str = INK,
        link: str = "",
    ) -> float:
        """Lines of text from a first baseline, optionally a link (the `<a>`'s attributes).

        Returns the last baseline's y.
        """
        step = size * self.leading
        weight = ' font-weight="700"' if bold else ""
        spans = "".join(
            f'<tspan x="{_n(x)}" y="{_n(first_baseline + i * step)}">{_e(line)}</tspan>'
            for i, line in enumerate(lines)
        )
        element = (
            f'<text font-size="{_n(size)}" text-anchor="{anchor}" fill="{fill}"'
            f"{weight}>{spans}</text>"
        )
        self.parts.append(f"<a {link}>{element}</a>" if link else element)
        last = first_baseline + (len(lines) - 1) * step
        self.bottom = max(self.bottom, last + size * 0.5)
        return last

    def symbol(self, kind: PlaceKind, cx: float, cy: float, size: float) -> None:
        scale = size / 24
        x, y = cx - size / 2, cy - size / 2
        self.parts.append(
            f'<g transform="translate({_n(x)} {_n(y)}) scale({scale:.3f})" aria-hidden="true">'
            f"{symbol_shapes(kind)}</g>"
        )


def strip_map_svg(
    corridor: Corridor,
    route: Route,
    *,
    language: str,
    text: Translate,
    site_root: str,
    highlight: str | None = None,
    width: float = 960,
    height: float | None = None,
    id_prefix: str = "corridor-strip",
    towns: int | None = None,
    along: Mapping[str, float] | None = None,
) -> str:
    """The strip map as an SVG document (also valid inline in HTML).

    Args:
        corridor: the loaded corridor.
        route: its route line: distances are measured along it.
        language: zh, bo or en: fonts, line height and ``lang``.
        text: ``text(context, chinese) -> str`` in that language.
        site_root: URL of the language's root from where the SVG is shown; labels link to
            ``site_root + urls.page_path(...)``.
        highlight: a town id to emphasise (its own page), or None.
        width: drawing width in CSS px; text keeps its size and wraps to fit.
        height: if given, the SVG's height attribute: the drawing scales to fit in it.
            Otherwise the drawing's own height.
        id_prefix: prefix of the ids inside the SVG (unique per page when inlined twice).
        towns: if given, draw at most this many towns: the highlighted one (or the first)
            and its neighbours; each end then names, and links, the next town beyond.
        along: every town's distance along the route (`towns_along`), for a caller drawing
            many strips of one corridor; projected here otherwise.

    Returns:
        The SVG text; the same arguments always give the same bytes.
    """
    listed = corridor.towns
    first, last = 0, len(listed)
    if towns is not None and len(listed) > towns:
        # A long corridor would make every page's strip as long as the corridor (and the
        # site quadratic in towns): show a window, and name where the road goes on.
        first, last = _window(listed, highlight, towns)
    stops = strip_stops(corridor, route, listed[first:last], along)
    gaps = distances_km(stops)
    # Each end of the strip: where the road goes on — the next town beyond a window (records
    # list the towns east to west), else where it leaves the county — and a link if any.
    ends = corridor.info.map
    west = (
        _beyond(listed[last], text, site_root)
        if last < len(listed)
        else _leaves(text, "corridor:map.west_end", ends.west_end)
    )
    east = (
        _beyond(listed[first - 1], text, site_root)
        if first > 0
        else _leaves(text, "corridor:map.east_end", ends.east_end)
    )
    font = _BASE_FONT * FONT_SCALES.get(language, 1.0)
    leading = LINE_HEIGHTS.get(language, 1.5)
    canvas = _Canvas(language, font, leading, [])

    # West on the left, as on every map; records list the towns east to west.
    west_to_east = list(reversed(stops))
    gaps_west_to_east = list(reversed(gaps))
    column = (width - 2 * _MARGIN) / len(west_to_east)
    node_x = [_MARGIN + i * column + _NODE_INSET for i in range(len(west_to_east))]

    # Row 1: the road's number and where it leads beyond the county.
    y = 8.0
    shield_w, shield_h = font * 3.6, font * 1.6
    shield_x = width / 2 - shield_w / 2
    canvas.parts.append(
        f'<rect x="{_n(shield_x)}" y="{_n(y)}" width="{_n(shield_w)}" height="{_n(shield_h)}" '
        f'rx="4" fill="{ROUTE_COLOUR}"/>'
    )
    canvas.text(
        ["G318"], width / 2, y + shield_h * 0.72, size=font, anchor="middle", bold=True, fill="#fff"
    )
    canvas.bottom = y + shield_h
    end_em = (width / 2 - shield_w / 2 - _MARGIN - 8) / (font * 0.9)
    if west is not None:
        label, link = west
        lines = wrap("← " + label, end_em)
        canvas.text(lines, _MARGIN, y + font, size=font * 0.9, link=link)
    if east is not None:
        label, link = east
        lines = wrap(label + " →", end_em)
        canvas.text(lines, width - _MARGIN, y + font, size=font * 0.9, anchor="end", link=link)

    # Row 2: town names above their nodes.
    town_size = font * 1.1
    # A town's name starts just left of its node and must end before the next column's.
    town_em = (column - (_NODE_INSET - _NODE_R) - 10) / (town_size * 1.05)
    names = [wrap(stop.town.translated(text, "name"), town_em) for stop in west_to_east]
    top = canvas.bottom + 10
    rows = max(len(lines) for lines in names)
    line_y = top + rows * town_size * leading + _NODE_R + 4

    highlighted = next((i for i, s in enumerate(west_to_east) if s.town.id == highlight), None)
    # The highlight's tint goes under everything after it, once its height is known.
    under_the_road = len(canvas.parts)

    # The road: a line across the whole width, arrowheads where it leaves the county.
    dash = ' stroke-dasharray="14 6"' if route.schematic else ""
    canvas.parts.append(
        f'<path d="M{_n(_MARGIN + 8)} {_n(line_y)} H{_n(width - _MARGIN - 8)}" '
        f'stroke="{ROUTE_COLOUR}" stroke-width="6"{dash}/>'
    )
    for tip, back in ((_MARGIN, _MARGIN + 12), (width - _MARGIN, width - _MARGIN - 12)):
        canvas.parts.append(
            f'<path d="M{_n(tip)} {_n(line_y)} L{_n(back)} {_n(line_y - 7)} '
            f'L{_n(back)} {_n(line_y + 7)} Z" fill="{ROUTE_COLOUR}"/>'
        )

    # Distances between neighbours, under the line halfway between them.
    approx = "≈ " if route.schematic else ""
    for i, km in enumerate(gaps_west_to_east):
        label = approx + message(text, "map:distance", km=f"{km:.1f}")
        middle = (node_x[i] + node_x[i + 1]) / 2
        canvas.text([label], middle, line_y + font * 1.6, size=font * 0.85, anchor="middle")

    item_size = font * 1.25
    item_em = (column - _NODE_INSET - item_size - 16) / font
    for i, stop in enumerate(west_to_east):
        x = node_x[i]
        current = i == highlighted
        # Items hang from a stem below the town's node, each a tick, a symbol and a label.
        y_item = line_y + font * 3.2
        item_rows = []
        for item in stop.items:
            lines = wrap(item.translated(text, "name"), item_em)
            item_rows.append((item, lines, y_item))
            y_item += max(item_size, len(lines) * font * leading) + 8
        if item_rows:
            last_y = item_rows[-1][2]
            canvas.parts.append(
                f'<path d="M{_n(x)} {_n(line_y)} V{_n(last_y)}" stroke="{INK}" stroke-width="2"/>'
            )
        for item, lines, y_row in item_rows:
            canvas.parts.append(
                f'<path d="M{_n(x)} {_n(y_row)} h8" stroke="{INK}" stroke-width="2"/>'
            )
            canvas.symbol(item.kind, x + 8 + item_size / 2, y_row, item_size)
            href = _e(site_root + page_path(item.kind, item.id))
            canvas.text(
                lines, x + 14 + item_size, y_row + font * 0.35, size=font, link=f'href="{href}"'
            )

        # The town: its node on the line and its name above, linked to its page.
        canvas.symbol("town", x, line_y, 2 * _NODE_R * (1.35 if current else 1.0))
        href = _e(site_root + page_path("town", stop.town.id))
        aria = ' aria-current="page"' if current else ""
        baseline = line_y - _NODE_R - 6 - (len(names[i]) - 1) * town_size * leading
        canvas.text(
            names[i],
            x - _NODE_R,
            baseline - town_size * 0.25,
            size=town_size,
            bold=True,
            fill=COLOURS["town"],
            link=f'href="{href}"{aria}',
        )

    natural_height = canvas.bottom + 12
    if highlighted is not None:
        canvas.parts.insert(
            under_the_road,
            f'<rect x="{_n(_MARGIN + highlighted * column)}" y="{_n(top - 4)}" '
            f'width="{_n(column)}" height="{_n(natural_height - top - 2)}" rx="6" '
            f'fill="#fbefe0" stroke="{COLOURS["town"]}" stroke-width="1.5"/>',
        )
    body = "\n".join(canvas.parts)
    stops_text = _description_stops(west_to_east, gaps_west_to_east, text, approx)
    title = message(text, "map:strip-title")
    description = message(text, "map:strip-description", stops=stops_text)
    shown_height = height if height is not None else natural_height
    return (
        # xml:lang only: it is what SVG defines, and inline in HTML a `lang` attribute on <svg>
        # is an error to the Nu HTML Checker (browsers read xml:lang for :lang() either way).
        f'<svg xmlns="http://www.w3.org/2000/svg" id="{_e(id_prefix)}" '
        f'xml:lang="{language}" role="figure" '
        f'aria-labelledby="{_e(id_prefix)}-title" aria-describedby="{_e(id_prefix)}-desc" '
        f'width="{_n(width)}" height="{_n(shown_height)}" '
        f'viewBox="0 0 {_n(width)} {_n(natural_height)}" '
        f'font-family="{_e(font_family(language))}">\n'
        f'<title id="{_e(id_prefix)}-title">{_e(title)}</title>\n'
        f'<desc id="{_e(id_prefix)}-desc">{_e(description)}</desc>\n'
        f"<style>#{_e(id_prefix)} a:hover text, #{_e(id_prefix)} a:focus text "
        "{ text-decoration: underline; }</style>\n"
        f'<rect width="{_n(width)}" height="{_n(natural_height)}" fill="#fff"/>\n'
        f"{body}\n</svg>\n"
    )


def _window(towns: Sequence[Town], highlight: str | None, size: int) -> tuple[int, int]:
    """The `size` consecutive towns centred on the highlighted one (or the first ones)."""
    centre = next((i for i, town in enumerate(towns) if town.id == highlight), 0)
    first = min(max(centre - size // 2, 0), len(towns) - size)
    return first, first + size


def _leaves(text: Translate, context: str, place: str | None) -> tuple[str, str] | None:
    """An end of the whole corridor's strip: where the road leaves the county (no link)."""
    return (text(context, place), "") if place else None


def _beyond(town: Town, text: Translate, site_root: str) -> tuple[str, str]:
    """An end of a windowed strip: the next town's name, linked to its page."""
    href = _e(site_root + page_path("town", town.id))
    return next(town_places(town)).translated(text, "name"), f'href="{href}"'


def _description_stops(
    stops: Sequence[StripStop], gaps: Sequence[float], text: Translate, approx: str
) -> str:
    """The line read aloud: "A → ≈ 12.7 km → B → …"."""
    parts = [stops[0].town.translated(text, "name")]
    for stop, km in zip(stops[1:], gaps, strict=True):
        parts.append(approx + message(text, "map:distance", km=f"{km:.1f}"))
        parts.append(stop.town.translated(text, "name"))
    return " → ".join(parts)
