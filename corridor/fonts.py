"""The Tibetan web font: Noto Serif Tibetan, cut down to the glyphs the site really uses.

The full font is about 500 kB, too much for a phone on a mountain road. fontTools' subsetter
keeps only the characters given, plus every glyph the OpenType layout can reach from them
(GSUB closure), and keeps all layout features and scripts, so stacked consonants (GSUB) and
vowel and mark positioning (GPOS, mark-to-base, mark-to-mark) still shape correctly.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

import fontTools
from fontTools import subset
from fontTools.ttLib import TTFont

# Debian's fonts-noto-core.
NOTO_SERIF_TIBETAN = "/usr/share/fonts/truetype/noto/NotoSerifTibetan-{weight}.ttf"
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
# Always kept so that a page with no Tibetan yet still gets a valid font.
_ALWAYS = "\u0f0b\u0f0d"


def tibetan_characters(texts: Iterable[str]) -> str:
    """The distinct Tibetan characters in `texts`, sorted (so the subset is deterministic).

    >>> [hex(ord(c)) for c in tibetan_characters(["བོད་", "abc 中文"])]
    ['0xf0b', '0xf0d', '0xf51', '0xf56', '0xf7c']
    """
    found: set[str] = set(_ALWAYS)
    for text in texts:
        found.update(TIBETAN.findall(text))
    return "".join(sorted(found))


def subset_font(source: Path, characters: str) -> bytes:
    """A WOFF2 font with just `characters` (and what shaping them needs) from `source`."""
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    # The original's modification time stays, so equal input gives equal bytes.
    font = TTFont(source, recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def cached_subset(source: Path, characters: str, cache: Path) -> bytes:
    """`subset_font`, remembered in `cache` by font and characters (subsetting takes seconds).

    The subset is a pure function of its inputs, so a cached copy is byte-identical to a
    fresh one.
    """
    version = fontTools.version
    key = hashlib.sha256(
        b"\0".join([source.read_bytes(), characters.encode(), str(version).encode()])
    ).hexdigest()[:24]
    path = cache / f"{key}.woff2"
    if path.is_file():
        return path.read_bytes()
    data = subset_font(source, characters)
    cache.mkdir(parents=True, exist_ok=True)
    staging = path.with_suffix(f".{os.getpid()}.tmp")
    staging.write_bytes(data)
    staging.replace(path)
    return data


def font_name(stem: str, data: bytes) -> str:
    """A file name that changes with the content, so a cached old subset is never used.

    >>> font_name("tibetan-regular", b"x")
    'tibetan-regular.2d711642.woff2'
    """
    return f"{stem}.{hashlib.sha256(data).hexdigest()[:8]}.woff2"
