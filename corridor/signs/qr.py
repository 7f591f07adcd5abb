"""QR codes for signs: segno's matrix drawn as one SVG path in a print colour.

segno makes the symbol (error correction M: a sign gets dirty and scratched); we draw it
ourselves so the dark modules are plain K black (`device-cmyk(0 0 0 1)`, which WeasyPrint
keeps as DeviceCMYK) and the four-module quiet zone is part of the drawing, on white.
"""

from __future__ import annotations

from dataclasses import dataclass

import segno

from corridor.signs.types import QrCode

MIN_SIZE_MM = 20.0
QUIET_ZONE_MODULES = 4


@dataclass(frozen=True, slots=True)
class QrSymbol:
    url: str
    size_mm: float  # the whole drawing, quiet zone included
    modules: int  # modules across, quiet zone included
    svg: str


def qr_size_mm(qr: QrCode) -> float:
    """Printed size: about a tenth of the scanning distance, never under 20 mm.

    >>> qr_size_mm(QrCode(scan_distance_m=0.5)), qr_size_mm(QrCode(scan_distance_m=0.1))
    (50.0, 20.0)
    """
    if qr.size_mm is not None:
        return qr.size_mm
    return max(MIN_SIZE_MM, qr.scan_distance_m * 1000 / 10)


def make_qr(url: str, size_mm: float) -> QrSymbol:
    """The QR symbol for `url` as inline SVG `size_mm` wide, quiet zone included."""
    code = segno.make_qr(url, error="m", boost_error=False)
    matrix = [list(row) for row in code.matrix]
    side = len(matrix) + 2 * QUIET_ZONE_MODULES
    runs = []
    for y, row in enumerate(matrix):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                q = QUIET_ZONE_MODULES
                runs.append(f"M{start + q} {y + q}h{x - start}v1h{start - x}z")
            else:
                x += 1
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{size_mm:g}mm" height="{size_mm:g}mm" '
        f'viewBox="0 0 {side} {side}" shape-rendering="crispEdges">'
        f'<rect width="{side}" height="{side}" fill="device-cmyk(0 0 0 0)"/>'
        f'<path d="{"".join(runs)}" fill="device-cmyk(0 0 0 1)"/></svg>'
    )
    return QrSymbol(url, size_mm, side, svg)
