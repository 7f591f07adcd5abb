"""Fonts named by family: found through fontconfig, measured with fontTools.

A sign names its fonts explicitly and never falls back to a generic family, so a font that
fontconfig does not know is a problem (not a silent substitution that prints tofu). The
letter height that legibility rules speak of is measured in the font itself: the ink height
of a reference glyph as a fraction of the em, so a height in mm converts exactly to a CSS
font size. The references: H (Latin cap height), 国 (a Chinese character's height) and མ
(a Tibetan letter's body, headline to baseline: unlike ཀ or ག it has no descending stem,
which in Noto Serif Tibetan reaches 0.47 em below the baseline and would double the
measure). Vowel signs and subjoined letters extend above and below that body.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont

from corridor.signs.types import Font

# The glyph whose ink height is a script's "cap/character height".
REFERENCE_GLYPHS = {"zh": "国", "bo": "མ", "en": "H"}
_FC_STYLE = {"regular": "Regular", "bold": "Bold"}


@dataclass(frozen=True, slots=True)
class FontFace:
    """One font file as fontconfig resolved it, with the measures signs need."""

    family: str
    weight: str
    file: str
    index: int
    height_ratio: float  # ink height of the script's reference glyph per em
    covered: frozenset[int]  # code points with a glyph

    def missing(self, text: str) -> list[str]:
        """Characters of `text` this font has no glyph for (they would print as tofu)."""
        return sorted({c for c in text if not c.isspace() and ord(c) not in self.covered})

    def font_size_mm(self, cap_height_mm: float) -> float:
        """The CSS font size that gives `cap_height_mm` letters."""
        return cap_height_mm / self.height_ratio


@dataclass
class FontBook:
    """Fontconfig look-ups and font measurements, made once per run (not at import)."""

    _families: frozenset[str] | None = None
    _faces: dict[tuple[str, str, str], FontFace | None] = field(default_factory=dict)
    _fingerprint: str | None = None

    def families(self) -> frozenset[str]:
        """Every family name fontconfig knows (each font's names, split at commas)."""
        if self._families is None:
            names: set[str] = set()
            if shutil.which("fc-list"):
                out = _run(["fc-list", "--format", "%{family}\n"])
                for line in out.splitlines():
                    names.update(part.strip() for part in line.split(",") if part.strip())
            self._families = frozenset(names)
        return self._families

    def face(self, font: Font, lang: str) -> FontFace | None:
        """The font file for `font` and its measures for `lang`; None if not installed."""
        key = (font.family, font.weight, lang)
        if key not in self._faces:
            self._faces[key] = self._resolve(font, lang)
        return self._faces[key]

    def _resolve(self, font: Font, lang: str) -> FontFace | None:
        if font.family not in self.families() or not shutil.which("fc-match"):
            return None
        pattern = f"{font.family}:style={_FC_STYLE[font.weight]}"
        out = _run(["fc-match", "--format", "%{file}|%{index}|%{family}", pattern])
        file, index, families = [*out.split("|"), "", "", ""][:3]
        if font.family not in (f.strip() for f in families.split(",")) or not file:
            return None
        ttfont = TTFont(file, fontNumber=int(index or 0), lazy=True)
        cmap = ttfont.getBestCmap()
        glyph_set = ttfont.getGlyphSet()
        reference = REFERENCE_GLYPHS.get(lang, "H")
        pen = BoundsPen(glyph_set)
        glyph_set[cmap[ord(reference)]].draw(pen)
        bounds = pen.bounds or (0, 0, 0, ttfont["OS/2"].sCapHeight)
        ratio = (bounds[3] - bounds[1]) / ttfont["head"].unitsPerEm
        return FontFace(font.family, font.weight, file, int(index or 0), ratio, frozenset(cmap))

    def fingerprint(self) -> str:
        """What identifies every font fontconfig offers, for the signs cache: each file's
        path, size and modification time.

        All of them, not only the families a sign names: WeasyPrint falls back through
        fontconfig for any character its font lacks (an arrow in a slug line, a dash in a
        review label), so any installed font can end up in a PDF.
        """
        if self._fingerprint is None:
            files = _run(["fc-list", "--format", "%{file}\n"]) if shutil.which("fc-list") else ""
            sha = hashlib.sha256()
            for name in sorted(set(files.splitlines())):
                try:
                    stat = Path(name).stat()
                except OSError:
                    continue
                sha.update(f"{name}:{stat.st_size}:{stat.st_mtime_ns}\n".encode())
            self._fingerprint = sha.hexdigest()
        return self._fingerprint


def _run(command: list[str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=False).stdout
