"""Sign layout: Jinja → HTML → WeasyPrint, and the fit search on WeasyPrint's own layout.

Every slot's language blocks have fixed boxes (the type's `lines` at the nominal size: a sign
family keeps one grid). Text shrinks inside its box — all languages of a slot together, so the
policy's ratio holds — down to the legibility minimum for the viewing distance. Whether it
fits is read from the layout tree WeasyPrint builds for the real PDF (line boxes, their
heights and widths), never estimated from character counts.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import jinja2
from weasyprint import HTML, Document
from weasyprint.formatting_structure import boxes
from weasyprint.text.fonts import FontConfiguration

from corridor import templating
from corridor.i18n.catalogues import State
from corridor.problems import Problem
from corridor.signs.checks import inspect_image
from corridor.signs.content import STRIP_GAP_MM, LanguageBlock, SignContent, bottom_band_mm
from corridor.signs.fonts import FontBook
from corridor.signs.qr import QrSymbol, make_qr, qr_size_mm
from corridor.signs.types import LANGUAGE_NAMES, SignType, SignTypes, Slot, language
from corridor.speech import _

MM_PER_PX = 25.4 / 96
# Room outside the bleed of a proof for crop marks and the slug line.
MARKS_MM = 20.0
MARK_GAP_MM = 2.0
HTML_LANG = {"zh": "zh-Hans", "bo": "bo", "en": "en"}
# Scales tried between the nominal size (1) and the legibility minimum.
SCALE_STEP = 0.05
_SHADS = "\u0f0d\u0f0e\u0f0f\u0f10\u0f11\u0f12"
_TIBETAN_BREAKS = "\u0f0b \u00a0" + _SHADS
Mode = Literal["measure", "proof", "press", "test-print", "book"]


@dataclass(frozen=True, slots=True)
class Measure:
    """One language block as laid out: how much it needs against what its box holds."""

    slot: str
    lang: str
    row: int | None
    lines: int
    content_mm: float
    box_mm: float
    cap_mm: float
    line_mm: float
    overflow_x_mm: float
    tibetan_breaks: tuple[str, ...] = ()
    fallback: bool = False  # Chinese standing in for a missing translation: not judged
    width_mm: float = 0.0

    @property
    def fits(self) -> bool:
        if self.fallback:
            return True
        return self.content_mm <= self.box_mm + 0.05 and self.overflow_x_mm <= 0.05

    @property
    def lines_held(self) -> int:
        return max(0, math.floor((self.box_mm + 0.05) / self.line_mm))


@dataclass(slots=True)
class FitResult:
    scales: dict[str, float]
    measures: list[Measure]
    problems: list[Problem]
    renders: int
    document: Document | None = None

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def status(self) -> str:
        """For the proof book: fits, shrunk to N %, or does not fit."""
        if not self.ok:
            return "does not fit"
        smallest = min(self.scales.values(), default=1.0)
        return "fits" if smallest >= 0.999 else f"fits at {smallest:.0%} of nominal size"


@dataclass
class Artwork:
    """What a page template needs around the artwork: the slug line and the date."""

    slug: str = ""
    created: str = "2000-01-01T00:00:00Z"


@dataclass
class SignLayout:
    """Renders signs of one project: templates, fonts, types; reused across signs."""

    root: Path
    sign_types: SignTypes
    fontbook: FontBook
    font_config: FontConfiguration = field(default_factory=FontConfiguration)
    _env: jinja2.Environment | None = None

    @property
    def templates(self) -> Path:
        return self.root / "templates" / "signs"

    def env(self) -> jinja2.Environment:
        if self._env is None:
            self._env = templating.environment(
                jinja2.FileSystemLoader(self.templates),
                autoescape=True,
                trim_blocks=True,
                lstrip_blocks=True,
            )
        return self._env

    # --- the view: everything the templates show, computed here --------------------------

    def view(
        self,
        content: SignContent,
        scales: dict[str, float],
        mode: Mode,
        artwork: Artwork,
    ) -> dict[str, Any]:
        sign_type = content.type
        margin = MARKS_MM if mode in ("proof", "test-print") else 0.0
        bleed = sign_type.bleed_mm
        colours = self.sign_types.colours
        slots = {
            slot.slot.name: self._slot_view(sign_type, slot.slot, slot.blocks, scales, mode)
            for slot in content.slots
        }
        rows = []
        destination = sign_type.slot("destination")
        for index, row in enumerate(content.rows):
            assert destination is not None
            view = self._slot_view(sign_type, destination, row.blocks, scales, mode, row=index)
            zh_cap = destination.cap_height_mm * scales.get("destination", 1.0)
            rows.append(
                {
                    **view,
                    "arrow": row.arrow,
                    "angle": ARROW_ANGLES[row.arrow],
                    "distance": row.distance_text,
                    "distance_font_mm": zh_cap / self._ratio(sign_type, "en"),
                    # Room for "12.3 km" (digits are about 0.57 em in Noto Sans); a wider
                    # text is caught by the safe-area check on the real layout.
                    "distance_mm": 7 * 0.6 * zh_cap / self._ratio(sign_type, "en"),
                    "arrow_mm": destination.cap_height_mm * 2.2,
                    "family_en": sign_type.fonts["en"].family,
                }
            )
        qr: QrSymbol | None = None
        if sign_type.qr is not None and content.qr_url is not None:
            qr = make_qr(content.qr_url, qr_size_mm(sign_type.qr))
        width, height = sign_type.width_mm, sign_type.height_mm
        return {
            "mode": mode,
            "id": content.sign.id,
            "template_file": f"{sign_type.template}.html.j2",
            "type": sign_type,
            "margin": margin,
            "bleed": bleed,
            "width": width,
            "height": height,
            "media_width": width + 2 * (bleed + margin),
            "media_height": height + 2 * (bleed + margin),
            "safe": sign_type.safe_margin_mm,
            "background": colours[sign_type.colours.background].css_cmyk(),
            "text": colours[sign_type.colours.text].css_cmyk(),
            "accent": colours[sign_type.colours.accent].css_cmyk(),
            "slots": slots,
            "rows": rows,
            "arrangement": content.policy.arrangement,
            "qr": qr,
            "image": self._image_view(content),
            "strip_svg": content.strip_svg,
            "bottom_mm": bottom_band_mm(sign_type),
            "strip_gap_mm": STRIP_GAP_MM,
            "label_mm": max(4.0, height / 90),
            "watermark_mm": min(width, height) * 0.2,
            "marks": list(_crop_marks(width, height, bleed, margin)) if margin else [],
            "slug": artwork.slug,
            "created": artwork.created,
            "title": f"{content.sign.id} — {sign_type.name}",
        }

    def _image_view(self, content: SignContent) -> dict[str, Any] | None:
        image, box = content.sign.image, content.type.image
        if image is None or box is None:
            return None
        # Only an image that passes the checks is embedded (inside the project, decodable, not
        # a decompression bomb); the check reports the others, and the sign shows no picture.
        pixels, _trouble, _hint = inspect_image(self.root, image.file)
        if pixels is None:
            return None
        path = (self.root / "sites" / image.file).resolve()
        return {"uri": path.as_uri(), "credit": image.credit, "box": box}

    def _ratio(self, sign_type: SignType, lang: str) -> float:
        face = self.fontbook.face(sign_type.fonts[language(lang)], lang)
        return face.height_ratio if face else 0.7

    def font_mm(self, sign_type: SignType, slot: Slot, lang: str, scale: float) -> float:
        """CSS font size (mm) of `lang` in `slot` at `scale` of the nominal size."""
        return self.cap_mm(sign_type, slot, lang, scale) / self._ratio(sign_type, lang)

    def cap_mm(self, sign_type: SignType, slot: Slot, lang: str, scale: float) -> float:
        policy = self.sign_types.policies[sign_type.policy]
        return slot.cap_height_mm * policy.sizes[language(lang)] * scale

    def box_mm(self, sign_type: SignType, slot: Slot, lang: str) -> float:
        """Height of a language's box: its lines at the nominal size (fixed per type)."""
        policy = self.sign_types.policies[sign_type.policy]
        own = (
            slot.lines[language(lang)]
            * policy.line_heights[language(lang)]
            * self.font_mm(sign_type, slot, lang, 1)
        )
        if policy.arrangement == "side-by-side":
            return max(
                slot.lines[language(other)]
                * policy.line_heights[language(other)]
                * self.font_mm(sign_type, slot, other, 1)
                for other in policy.order
            )
        return own

    def _slot_view(
        self,
        sign_type: SignType,
        slot: Slot,
        blocks: Sequence[LanguageBlock],
        scales: dict[str, float],
        mode: Mode,
        row: int | None = None,
    ) -> dict[str, Any]:
        policy = self.sign_types.policies[sign_type.policy]
        scale = scales.get(slot.name, 1.0)
        views = []
        side_by_side = policy.arrangement == "side-by-side" and len(blocks) > 1
        gap_pct = 4.0
        column_pct = (100 - gap_pct * (len(blocks) - 1)) / len(blocks) if side_by_side else 0
        for position, block in enumerate(blocks):
            lang = block.lang
            font = sign_type.fonts[language(block.text_lang)]
            cap = self.cap_mm(sign_type, slot, lang, scale)
            # A stand-in (Chinese where a translation is missing) takes the size the
            # translation would have, so the proof shows the sign's real grid.
            font_mm = cap / self._ratio(sign_type, lang)
            fallback = block.text_lang != lang
            views.append(
                {
                    "lang": lang,
                    "html_lang": HTML_LANG[block.text_lang],
                    "family": font.family,
                    "weight": font.css_weight,
                    "font_mm": font_mm,
                    "line_height": policy.line_heights[language(lang)],
                    "box_mm": self.box_mm(sign_type, slot, lang),
                    "gap_mm": 0.35 * self.font_mm(sign_type, slot, lang, 1),
                    "paragraphs": [p.lines for p in block.paragraphs],
                    "is_list": block.items,
                    "label": review_label(block),
                    "state": block.state.value,
                    "measure": f"{slot.name}|{lang}|{'' if row is None else row}",
                    "cap_mm": cap,
                    "column_pct": column_pct,
                    "fallback": fallback,
                    "column_gap_pct": gap_pct if position else 0,
                }
            )
        return {"name": slot.name, "blocks": views}

    # --- rendering --------------------------------------------------------------------------

    def html(self, view: dict[str, Any]) -> str:
        return self.env().get_template("sign.html.j2").render(s=view)

    def measure_html(self, content: SignContent, scales: dict[str, float]) -> str:
        """The page the fit search lays out (no slug, no date: they never change a fit)."""
        return self.html(self.view(content, scales, "measure", Artwork()))

    def render(self, html: str) -> Document:
        return HTML(string=html, base_url=str(self.templates) + "/").render(
            font_config=self.font_config
        )

    def fit(self, content: SignContent) -> FitResult:
        """The largest legible scale of each slot at which every language fits its box.

        All slots are searched at once (a slot's width does not depend on another's scale):
        one render at the nominal size, one at the legibility minimum for slots that
        overflowed, then a bisection over 5 % steps. Slots that overflow even at the
        minimum are errors naming the sign, the language and how much is too much.
        """
        sign_type = content.type
        lowest = {slot.name: self.minimum_scale(sign_type, slot) for slot in sign_type.slots}
        searches = {name: _Search(_candidates(low)) for name, low in lowest.items()}
        renders = 0
        scales: dict[str, float] = {}
        while True:
            wanted = {name: search.scale() for name, search in searches.items()}
            if wanted == scales:
                break
            scales = wanted
            document = self.render(self.measure_html(content, scales))
            renders += 1
            measures = list(self.measure(document, content, scales))
            failing = {m.slot for m in measures if not m.fits}
            for name, search in searches.items():
                search.record(name not in failing)
            if all(search.done for search in searches.values()):
                final = {name: search.best() for name, search in searches.items()}
                if final == scales:
                    break
                scales = final
                document = self.render(self.measure_html(content, scales))
                renders += 1
                measures = list(self.measure(document, content, scales))
                break
        problems = self._fit_problems(content, measures, document)
        return FitResult(scales, measures, problems, renders, document)

    def minimum_scale(self, sign_type: SignType, slot: Slot) -> float:
        """The smallest scale at which every language of `slot` is still legible."""
        distance = slot.viewing_distance_m or sign_type.viewing_distance_m
        minimum = self.sign_types.legibility.minimum_mm(distance)
        policy = self.sign_types.policies[sign_type.policy]
        return max(
            minimum / (slot.cap_height_mm * policy.sizes[language(lang)]) for lang in policy.order
        )

    def measure(
        self, document: Document, content: SignContent, scales: dict[str, float]
    ) -> Iterator[Measure]:
        """Each language block's needs, read from WeasyPrint's layout tree."""
        sign_type = content.type
        for box in (b for page in document.pages for b in _descendants(page._page_box)):
            element: Any = getattr(box, "element", None)
            key = element.get("data-measure") if element is not None else None
            if not key or not isinstance(box, boxes.BlockBox):
                continue
            slot_name, lang, row = key.split("|")
            slot = sign_type.slot(slot_name)
            assert slot is not None
            lines = _line_boxes(box)
            right = box.content_box_x() + box.width
            overflow = max(
                (
                    t.position_x + t.width - right
                    for line in lines
                    for t in _descendants(line)
                    if isinstance(t, boxes.TextBox)
                ),
                default=0.0,
            )
            scale = scales.get(slot_name, 1.0)
            font_mm = float(element.get("data-font-mm"))
            policy = self.sign_types.policies[sign_type.policy]
            yield Measure(
                slot_name,
                lang,
                int(row) if row else None,
                len(lines),
                box.height * MM_PER_PX,
                float(element.get("data-box-mm")),
                self.cap_mm(sign_type, slot, lang, scale),
                font_mm * policy.line_heights[language(lang)],
                overflow * MM_PER_PX,
                tuple(_bad_tibetan_breaks(lines))
                if element.get("data-script") == HTML_LANG["bo"]
                else (),
                element.get("data-fallback") is not None,
                box.width * MM_PER_PX,
            )

    def _fit_problems(
        self, content: SignContent, measures: list[Measure], document: Document
    ) -> list[Problem]:
        problems = []
        sign = content.sign
        for m in measures:
            if m.fallback:
                continue
            where = (
                _("slot {slot} (destination {row})").format(slot=m.slot, row=m.row + 1)
                if m.row is not None
                else _("slot {slot}").format(slot=m.slot)
            )
            language = f"{LANGUAGE_NAMES[m.lang]} ({m.lang})"
            if m.content_mm > m.box_mm + 0.05:
                problems.append(
                    self._problem(
                        content,
                        _(
                            "sign `{sign}`: {where}, {language} does not fit: needs {lines} "
                            "lines at {cap} mm, box holds {held} (no smaller: {why})"
                        ).format(
                            sign=sign.id,
                            where=where,
                            language=language,
                            lines=m.lines,
                            cap=f"{m.cap_mm:.0f}",
                            held=m.lines_held,
                            why=self._smallest(content, m.slot),
                        ),
                        _(
                            "shorten the text (or its translation), or give the slot more lines "
                            "in sites/sign-types.yml"
                        ),
                    )
                )
            elif m.overflow_x_mm > 0.05:
                problems.append(
                    self._problem(
                        content,
                        _(
                            "sign `{sign}`: {where}, {language}: a word is {overflow} mm wider "
                            "than its box at {cap} mm cap height"
                        ).format(
                            sign=sign.id,
                            where=where,
                            language=language,
                            overflow=f"{m.overflow_x_mm:.0f}",
                            cap=f"{m.cap_mm:.0f}",
                        ),
                        _("break the word, or give the slot more room"),
                    )
                )
            for line in m.tibetan_breaks:
                problems.append(
                    self._problem(
                        content,
                        _(
                            "sign `{sign}`: {where}: a Tibetan line breaks where it must not "
                            "(inside a syllable or before a shad): “{line}”"
                        ).format(sign=sign.id, where=where, line=line),
                    )
                )
        overflow = _safe_overflow_mm(document)
        if len(document.pages) > 1:
            overflow = max(overflow, 1.0)
        if overflow > 0.5:
            problems.append(
                self._problem(
                    content,
                    _(
                        "sign `{sign}`: its text boxes run {overflow} mm past the safe area of "
                        "type {type}"
                    ).format(sign=sign.id, overflow=f"{overflow:.0f}", type=content.type.id),
                    _("fewer destinations or slot lines, or a larger sign type"),
                )
            )
        return problems

    def _smallest(self, content: SignContent, slot_name: str) -> str:
        """Why the text cannot shrink further: the legibility minimum and the policy ratio."""
        sign_type = content.type
        slot = sign_type.slot(slot_name)
        assert slot is not None
        distance = slot.viewing_distance_m or sign_type.viewing_distance_m
        minimum = self.sign_types.legibility.minimum_mm(distance)
        policy = self.sign_types.policies[sign_type.policy]
        limiting = min(policy.order, key=lambda lang: policy.sizes[language(lang)])
        return _(
            "{language} ({lang}) would fall below the {minimum} mm legibility minimum for "
            "{distance} m"
        ).format(
            language=LANGUAGE_NAMES[limiting],
            lang=limiting,
            minimum=f"{minimum:.0f}",
            distance=f"{distance:g}",
        )

    def _problem(self, content: SignContent, message: str, hint: str | None = None) -> Problem:
        return Problem(content.file, content.line, content.column, content.field, message, hint)


ARROW_ANGLES = {
    "ahead": 0,
    "ahead-right": 45,
    "right": 90,
    "back-right": 135,
    "back": 180,
    "back-left": 225,
    "left": 270,
    "ahead-left": 315,
}


def review_label(block: LanguageBlock) -> str:
    """The proof's label on a language block: language and review state.

    Reviewed strings name the reviewer; a fallback says the Chinese stands in.
    """
    parts = [f"{LANGUAGE_NAMES[block.lang]} {block.lang}"]
    state = block.state
    if any(p.translation.fallback for p in block.paragraphs):
        parts.append(f"{state.value} — 中文代替 Chinese shown")
    elif state is State.REVIEWED:
        reviews = {p.translation.review for p in block.paragraphs if p.translation.review}
        who = "; ".join(sorted(f"{r.by} {r.on.isoformat()}" for r in reviews))
        parts.append(f"reviewed {who}")
    else:
        parts.append(state.value)
    if block.machine:
        parts.append("machine")
    return " · ".join(parts)


@dataclass
class _Search:
    """Bisection over one slot's candidate scales (largest first) for the largest that fits."""

    candidates: list[float]
    current: int = 0
    fits_at: int | None = None  # smallest index known to fit
    fails_at: int | None = None  # largest index known to fail

    def scale(self) -> float:
        return self.candidates[self.current]

    def record(self, fits: bool) -> None:
        if fits:
            self.fits_at = self.current
        else:
            self.fails_at = self.current
        self.current = self._next()

    def _next(self) -> int:
        last = len(self.candidates) - 1
        if self.done:
            return self.fits_at if self.fits_at is not None else last
        if self.fits_at is None:
            return last  # failed at the nominal size: try the legibility minimum
        low = self.fails_at if self.fails_at is not None else 0
        return (low + self.fits_at) // 2

    @property
    def done(self) -> bool:
        if self.fits_at == 0:
            return True
        if self.fits_at is None:
            return self.fails_at == len(self.candidates) - 1
        low = self.fails_at if self.fails_at is not None else -1
        return self.fits_at - low <= 1

    def best(self) -> float:
        """The largest fitting scale, or the minimum when nothing fits (to report it)."""
        return self.candidates[self.fits_at if self.fits_at is not None else -1]


def _candidates(lowest: float) -> list[float]:
    """Scales to try, largest first: 1, 0.95, … down to `lowest` (which is always last).

    >>> _candidates(0.82)
    [1.0, 0.95, 0.9, 0.85, 0.82]
    """
    values = [1.0]
    step = 1
    while round(1 - step * SCALE_STEP, 4) > lowest + 1e-9:
        values.append(round(1 - step * SCALE_STEP, 4))
        step += 1
    if lowest < 1:
        values.append(round(lowest, 4))
    return values


def _descendants(box: Any) -> Iterator[Any]:
    yield box
    for child in getattr(box, "children", None) or ():
        yield from _descendants(child)


def _line_boxes(box: Any) -> list[Any]:
    """The lines of a block, in order (an inline-block's own lines are part of its line)."""
    if isinstance(box, boxes.LineBox):
        return [box] if _line_text(box).strip() else []
    found: list[Any] = []
    for child in getattr(box, "children", None) or ():
        found.extend(_line_boxes(child))
    return found


def _line_text(line: Any) -> str:
    return "".join(t.text for t in _descendants(line) if isinstance(t, boxes.TextBox))


def _bad_tibetan_breaks(lines: Sequence[Any]) -> Iterator[str]:
    """Lines that start with a shad, or whose predecessor ends inside a syllable."""
    texts = [_line_text(line) for line in lines]
    for before, text in zip(["\n", *texts], texts, strict=False):
        starts_badly = text.lstrip()[:1] in tuple(_SHADS)
        mid_syllable = before != "\n" and before[-1:] not in _TIBETAN_BREAKS
        if starts_badly or mid_syllable:
            yield text.strip()[:20]


def _safe_overflow_mm(document: Document) -> float:
    """How far any text, or any text block's box, reaches out of the safe area."""
    safe = next(
        (
            box
            for box in _descendants(document.pages[0]._page_box)
            if getattr(box, "element", None) is not None
            and box.element.get("data-safe") is not None
        ),
        None,
    )
    if safe is None:
        return 0.0
    left, top = safe.content_box_x(), safe.content_box_y()
    right, bottom = left + safe.width, top + safe.height
    worst = 0.0
    for box in _descendants(safe):
        element = getattr(box, "element", None)
        if isinstance(box, boxes.TextBox) and box.text.strip():
            worst = max(worst, box.position_x + box.width - right, left - box.position_x)
        elif element is not None and element.get("data-lang") is not None:
            worst = max(
                worst,
                box.position_y + box.margin_height() - bottom,
                box.position_x + box.margin_width() - right,
            )
    return worst * MM_PER_PX


def _crop_marks(
    width: float, height: float, bleed: float, margin: float
) -> Iterator[dict[str, float]]:
    """Crop marks outside the bleed: lines on the trim edges' extensions, in the margin."""
    left, top = margin + bleed, margin + bleed
    right, bottom = left + width, top + height
    length = margin - 2 * MARK_GAP_MM
    media_w, media_h = width + 2 * (bleed + margin), height + 2 * (bleed + margin)
    for y in (top, bottom):
        yield {"x": MARK_GAP_MM, "y": y, "w": length, "h": 0}
        yield {"x": media_w - margin + MARK_GAP_MM, "y": y, "w": length, "h": 0}
    for x in (left, right):
        yield {"x": x, "y": MARK_GAP_MM, "w": 0, "h": length}
        yield {"x": x, "y": media_h - margin + MARK_GAP_MM, "w": 0, "h": length}
