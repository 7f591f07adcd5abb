"""Writing sign PDFs: page boxes, determinism, PDF/X-4, and never a partial file.

WeasyPrint lays the page out at its full media size (proofs: trim + bleed + a marks zone);
a finisher then sets the TrimBox and BleedBox that sign makers' RIPs read. Metadata comes
from the data (SOURCE_DATE_EPOCH or the records' date), never the clock, and the file
identifier from the content, so the same input gives the same bytes.
"""

from __future__ import annotations

import hashlib
import re
import uuid
from pathlib import Path
from typing import Any

import pydyf
from weasyprint import Document

from corridor.atomic import replacing_file

PT_PER_MM = 72 / 25.4


def box_finisher(inset_trim_mm: float, inset_bleed_mm: float, identity: str = "") -> Any:
    """A WeasyPrint finisher setting TrimBox and BleedBox at these insets from the media.

    It also replaces the random XMP DocumentID WeasyPrint writes for PDF/X with one derived
    from `identity`, so PDF/X press files are as reproducible as the others.
    """
    stable = str(uuid.UUID(hashlib.sha256(identity.encode()).hexdigest()[:32]))

    def finish(document: Document, pdf: pydyf.PDF) -> None:
        del document
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Stream) and obj.extra.get("Type") == "/Metadata":
                obj.stream = [
                    re.sub(rb"xmp\.did:[0-9a-f-]{36}", f"xmp.did:{stable}".encode(), part)
                    if isinstance(part, bytes)
                    else part
                    for part in obj.stream
                ]
        for obj in pdf.objects:
            if isinstance(obj, pydyf.Dictionary) and obj.get("Type") == "/Page":
                left, bottom, right, top = (float(v) for v in obj["MediaBox"])
                for name, inset in (("TrimBox", inset_trim_mm), ("BleedBox", inset_bleed_mm)):
                    d = inset * PT_PER_MM
                    obj[name] = pydyf.Array([left + d, bottom + d, right - d, top - d])

    return finish


def pdf_bytes(
    document: Document, *, trim_inset_mm: float, bleed_inset_mm: float, identity: str
) -> bytes:
    """The PDF of `document` in memory (for assembling the proof book)."""
    data = document.write_pdf(
        finisher=box_finisher(trim_inset_mm, bleed_inset_mm),
        pdf_identifier=hashlib.sha256(identity.encode()).hexdigest()[:32].encode(),
    )
    assert isinstance(data, bytes)
    return data


def write_pdf(
    document: Document,
    target: Path,
    *,
    trim_inset_mm: float,
    bleed_inset_mm: float,
    identity: str,
    pdf_variant: str | None = None,
) -> None:
    """Write `document` to `target` atomically: a failure leaves no file (or the old one)."""
    with replacing_file(target) as temporary:
        document.write_pdf(
            temporary,
            finisher=box_finisher(trim_inset_mm, bleed_inset_mm, identity),
            pdf_identifier=hashlib.sha256(identity.encode()).hexdigest()[:32].encode(),
            pdf_variant=pdf_variant,
        )
