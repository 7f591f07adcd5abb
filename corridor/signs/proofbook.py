"""The proof book: a cover to sign, an index of every sign, and each sign on an A3 page.

Each sign is drawn from the same artwork markup as its proof, scaled to fit the page, with
what a county office and a sign maker check annotated beside it: dimensions, colours (CMYK
and sRGB), fonts and cap heights, the QR code's target, the place, the review state.
"""

from __future__ import annotations

import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pikepdf
from weasyprint import Document
from weasyprint.formatting_structure import boxes

from corridor.atomic import replacing_file
from corridor.signs.build import (
    FIT_KEYS,
    OUTPUT,
    Outcome,
    artwork_path,
    created_stamp,
    digest_of,
    environment_inputs,
    press_blockers,
    render_artwork,
)
from corridor.signs.checks import SignProject
from corridor.signs.content import SignContent
from corridor.signs.layout import SignLayout, _descendants
from corridor.signs.pdf import pdf_bytes
from corridor.signs.qr import qr_size_mm
from corridor.signs.types import LANGUAGE_NAMES

BOOK = OUTPUT / "proof-book.pdf"
# The book's entry in the signs cache (sign ids are slugs, so no sign is called this).
BOOK_KEY = "_proof_book"
# The room for a sign's drawing on an A3 landscape page (12/14 mm page margins).
FRAME_W_MM, FRAME_H_MM = 392.0, 170.0
PT_PER_PX = 0.75


@dataclass(frozen=True, slots=True)
class BookEntry:
    sign_id: str
    type_id: str
    content: SignContent | None
    fit: dict[str, Any]  # scales, status (from the run or the cache)
    digest: str
    proof_hash: str | None = None  # what its stored artwork page was made from


def write_proof_book(project: SignProject, entries: list[BookEntry], when: date) -> Path:
    """Render the proof book to build/signs/proof-book.pdf (atomically); return its path."""
    layout = project.layout()
    version = hashlib.sha256("".join(e.digest for e in entries).encode()).hexdigest()[:12]
    created = created_stamp(when)
    signs = [_sign_view(project, layout, e, created) for e in entries]
    assert project.sign_types is not None
    view = {
        "title": "标识样稿册 Sign proof book",
        "created": created,
        "date": when.isoformat(),
        "version": version,
        "signs": signs,
        "fitting": sum(s["fits"] for s in signs),
        "pressable": sum(s["pressable"] for s in signs),
        "rule": (
            f"{project.sign_types.legibility.cap_height_mm_per_m:g} mm cap height per metre of "
            f"viewing distance — {project.sign_types.legibility.source}"
        ),
    }
    html = layout.env().get_template("proofbook.html.j2").render(b=view)
    document = layout.render(html)
    book = pdf_bytes(document, trim_inset_mm=0, bleed_inset_mm=0, identity=f"book {version}")
    frames = list(_frames(document))
    artworks = {s["id"]: s["artwork_pdf"] for s in signs if s["artwork_pdf"] is not None}
    target = project.root / BOOK
    with pikepdf.open(io.BytesIO(book)) as pdf, replacing_file(target) as temporary:
        for page_index, sign_id, rect in frames:
            with pikepdf.open(io.BytesIO(artworks[sign_id])) as art:
                place(pdf, pdf.pages[page_index], art.pages[0], rect, f"/Sign{page_index}")
        pdf.save(temporary, deterministic_id=True)
    return target


def place(
    pdf: pikepdf.Pdf,
    page: pikepdf.Page,
    other: pikepdf.Page,
    rect: tuple[float, float, float, float],
    name: str,
) -> None:
    """Draw `other` (its TrimBox) into `rect` of `page`, as a form XObject called `name`.

    Like pikepdf's add_overlay, but with a name of our choosing: add_overlay names the
    resource randomly, which made the book differ from run to run.
    """
    form = pikepdf.Page(pdf.copy_foreign(other.obj)).as_form_xobject()
    page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(name))
    placement = page.calc_form_xobject_placement(form, pikepdf.Name(name), pikepdf.Rectangle(*rect))
    # The page's own drawing changes the coordinate system (WeasyPrint flips it) without
    # restoring it: wrap it in q/Q so the placement starts from the page's own coordinates.
    page.contents_add(b"q\n", prepend=True)
    page.contents_add(b"\nQ\n" + placement, prepend=False)


def _frames(document: Document) -> Iterator[tuple[int, str, tuple[float, float, float, float]]]:
    """(page index, sign id, rectangle in PDF points) of every artwork frame in the book."""
    for index, page in enumerate(document.pages):
        height_pt = page.height * PT_PER_PX
        for box in _descendants(page._page_box):
            element = getattr(box, "element", None)
            sign_id = element.get("data-frame") if element is not None else None
            if sign_id and isinstance(box, boxes.BlockBox):
                x = box.content_box_x() * PT_PER_PX
                top = box.content_box_y() * PT_PER_PX
                w, h = box.width * PT_PER_PX, box.height * PT_PER_PX
                yield index, sign_id, (x, height_pt - top - h, x + w, height_pt - top)


def _sign_view(
    project: SignProject,
    layout: SignLayout,
    entry: BookEntry,
    created: str,
) -> dict[str, Any]:
    assert project.sign_types is not None
    sign_type = project.sign_types.type(entry.type_id)
    content = entry.content
    status = entry.fit.get("status") or "not laid out (see the problems)"
    base: dict[str, Any] = {
        "id": entry.sign_id,
        "type_id": entry.type_id,
        "type_name": sign_type.name if sign_type else "?",
        "place": content.place if content else "",
        "size": f"{sign_type.width_mm:g} × {sign_type.height_mm:g}" if sign_type else "",
        "languages": "",
        "states": [],
        "fit": status,
        "fits": False,
        "pressable": False,
        "artwork": None,
        "artwork_pdf": None,
    }
    if content is None or sign_type is None:
        return base
    scales = entry.fit.get("scales") or {}
    fits = bool(scales) and status != "does not fit"
    states = [
        f"{LANGUAGE_NAMES[lang]} {lang}: {content.worst_state(lang).value}"
        for lang in content.policy.order
    ]
    base.update(
        languages=" → ".join(content.policy.order) + f" ({content.policy.arrangement})",
        states=states,
        fits=fits,
        pressable=fits and not press_blockers(content),
    )
    if not fits:
        return base
    stored = project.root / artwork_path(entry.sign_id)
    if entry.proof_hash == entry.digest and stored.is_file():
        artwork_pdf = stored.read_bytes()
    else:
        artwork_pdf = render_artwork(layout, content, scales, entry.digest, created)
    k = min(FRAME_W_MM / sign_type.width_mm, FRAME_H_MM / sign_type.height_mm)
    colours = project.sign_types.colours
    heights = []
    for slot in sign_type.slots:
        scale = scales.get(slot.name, 1.0)
        parts = [
            f"{lang} {layout.cap_mm(sign_type, slot, lang, scale):.0f} mm"
            for lang in content.policy.order
        ]
        distance = slot.viewing_distance_m or sign_type.viewing_distance_m
        minimum = project.sign_types.legibility.minimum_mm(distance)
        heights.append(
            f"{slot.name}: {', '.join(parts)} (at {scale:.0%}; minimum {minimum:.0f} mm "
            f"for {distance:g} m)"
        )
    qr = "none"
    if sign_type.qr is not None:
        qr = f"{content.qr_url} — {qr_size_mm(sign_type.qr):g} mm incl. quiet zone"
    sign = content.sign
    base.update(
        artwork=True,
        artwork_pdf=artwork_pdf,
        ratio=f"{1 / k:.1f}",
        frame_w=f"{sign_type.width_mm * k:.2f}",
        frame_h=f"{sign_type.height_mm * k:.2f}",
        bleed=f"{sign_type.bleed_mm:g}",
        safe=f"{sign_type.safe_margin_mm:g}",
        viewing=f"{sign_type.viewing_distance_m:g}",
        colours=[
            {
                "role": role,
                "name": name,
                "cmyk": "/".join(f"{v:g}" for v in colours[name].cmyk),
                "srgb": colours[name].srgb,
            }
            for role, name in sign_type.colours.model_dump().items()
        ],
        fonts=[f"{lang}: {font.family} {font.weight}" for lang, font in sign_type.fonts.items()],
        heights=heights,
        qr=qr,
        where=(
            f"{sign.location.lat:.5f} N, {sign.location.lon:.5f} E"
            f"{' (approximate)' if sign.location.approximate else ''} · facing "
            f"{sign.facing}° · lower edge {sign.mounting_height_m:g} m above ground"
        ),
    )
    return base


def book_entries(
    project: SignProject, outcomes: list[Outcome], digests: dict[str, str], stored: dict[str, Any]
) -> tuple[list[BookEntry], list[str]]:
    """The book's entry of every sign, and the signs whose page would be out of date.

    A sign outside this run's selection keeps the fit it was laid out with, if that was made
    from its data as it is now; otherwise (its record or a translation changed since) it is
    out of date, and the book is not refreshed: its signatures would cover an old page.
    """
    outcome_of = {o.sign_id: o for o in outcomes}
    entries, stale = [], []
    for resolved in project.signs:
        digest = digests.get(resolved.sign_id, "")
        cached = stored.get(resolved.sign_id, {})
        outcome = outcome_of.get(resolved.sign_id)
        if outcome is not None:
            fit = outcome.fit
        elif not digest:
            fit = {}  # not laid out at all: the book lists it with its problems
        elif cached.get("hash") == digest:
            fit = {key: cached.get(key) for key in FIT_KEYS}
        else:
            stale.append(resolved.sign_id)
            continue
        entries.append(
            BookEntry(
                resolved.sign_id,
                resolved.type_id,
                resolved.content,
                fit,
                digest if fit else "",
                cached.get("proof_hash"),
            )
        )
    return entries, stale


def book_digest(root: Path, entries: list[BookEntry]) -> str:
    """What the book is made from: every sign's inputs and fit, the templates, the code."""
    parts = [[e.sign_id, e.digest, e.fit.get("status"), e.fit.get("scales")] for e in entries]
    return digest_of([parts, environment_inputs(root)])
