"""The Tibetan web font: Noto Serif Tibetan, cut down to the glyphs the site really uses.

The full font is about 500 kB, too much for a phone on a mountain road. A subset by
characters is not enough: fontTools keeps every glyph the OpenType layout *could* reach from
them (GSUB closure), and Tibetan's stacks make that most of the font (~88 kB). So the site's
Tibetan text is shaped with HarfBuzz (the engine browsers use), the subset keeps exactly the
glyphs that shaping produced, with the layout tables (GSUB stacks, GPOS mark positioning)
pruned to them, and the subset is then proved: every run of the site's Tibetan shaped with it
must give the same glyphs at the same positions as with the full font. If any run differs,
the closure subset is used instead.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
from collections.abc import Iterable
from pathlib import Path

import fontTools
import uharfbuzz as hb
from fontTools import subset
from fontTools.ttLib import TTFont

# Debian's fonts-noto-core.
NOTO_SERIF_TIBETAN = "/usr/share/fonts/truetype/noto/NotoSerifTibetan-{weight}.ttf"
TIBETAN = re.compile(r"[\u0f00-\u0fff]")
TIBETAN_RUN = re.compile(r"[\u0f00-\u0fff]+")
_TAGS = re.compile(r"<[^>]*>")
# Bump when subset_font changes what it produces (it is part of the cache key).
METHOD = "shaped-3"
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


def tibetan_runs(texts: Iterable[str]) -> list[str]:
    """Every distinct run of Tibetan in `texts` (HTML: also with its tags removed, since an
    element boundary inside a word does not split the browser's shaping), sorted.

    >>> tibetan_runs(["<p>བོད་<b>སྐད</b></p>"])
    ['བོད་', 'བོད་སྐད', 'སྐད']
    """
    runs: set[str] = set()
    for text in texts:
        runs.update(TIBETAN_RUN.findall(text))
        runs.update(TIBETAN_RUN.findall(_TAGS.sub("", text)))
    return sorted(runs)


Shaped = list[tuple[str, int, int, int]]  # glyph name, x advance, x offset, y offset


def _shaper(font_data: bytes) -> tuple[hb.Font, list[str]]:
    font = hb.Font(hb.Face(hb.Blob(font_data)))
    names = TTFont(io.BytesIO(font_data), lazy=True).getGlyphOrder()
    return font, names


def _shape(shaper: tuple[hb.Font, list[str]], run: str, seen: set[str] | None = None) -> Shaped:
    """`run` shaped with the font; `seen` (when given) collects every glyph the layout
    passes through on the way, not just the final ones: a stack is built in steps through
    intermediate glyphs, and without them the subset's GSUB could not build it."""
    font, names = shaper
    buffer = hb.Buffer()
    substituting = False

    def trace(message: str) -> bool:
        nonlocal substituting
        # Before GSUB the buffer holds characters, not glyph ids.
        substituting = substituting or message.startswith("start table GSUB")
        if substituting and seen is not None:
            seen.update(names[info.codepoint] for info in buffer.glyph_infos)
        return True

    if seen is not None:
        buffer.set_message_func(trace)
    buffer.add_str(run)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [
        (names[info.codepoint], pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    ]


def _subset(source: Path, characters: str, glyphs: set[str] | None, flavor: str | None) -> bytes:
    """`characters` from `source`: with their whole GSUB closure, or exactly `glyphs`."""
    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.layout_scripts = ["*"]
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    options.notdef_outline = True
    options.recalc_timestamp = False
    options.layout_closure = glyphs is None
    # The unpacked (verification) subset keeps glyph names, so shapes compare by name.
    options.glyph_names = flavor is None
    # The original's modification time stays, so equal input gives equal bytes.
    font = TTFont(source, recalcTimestamp=False, lazy=False)
    subsetter = subset.Subsetter(options)
    if glyphs is None:
        subsetter.populate(text=characters)
    else:
        subsetter.populate(glyphs=sorted(glyphs), text=characters)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = flavor
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def subset_font(source: Path, texts: Iterable[str]) -> bytes:
    """A WOFF2 font with just the glyphs the Tibetan in `texts` shapes to (see above)."""
    runs = tibetan_runs(texts)
    characters = tibetan_characters(runs)
    full = _shaper(source.read_bytes())
    # Every character alone too, so text the site builds at run time (search) still maps.
    glyphs = {".notdef"}
    expected = {run: _shape(full, run, glyphs) for run in [*runs, *characters]}
    subset_ttf = _subset(source, characters, glyphs, None)
    shaped_by_subset = _shaper(subset_ttf)
    if all(_shape(shaped_by_subset, run) == want for run, want in expected.items()):
        return _subset(source, characters, glyphs, "woff2")
    return _subset(source, characters, None, "woff2")


def cached_subset(source: Path, texts: Iterable[str], cache: Path) -> bytes:
    """`subset_font`, remembered in `cache` by font and text (subsetting takes seconds).

    The subset is a pure function of its inputs, so a cached copy is byte-identical to a
    fresh one.
    """
    runs = tibetan_runs(texts)
    # The method's own version too: a cached subset from an older method must not be reused.
    versions = f"{fontTools.version} {hb.__version__} {METHOD}"
    key = hashlib.sha256(
        b"\0".join([source.read_bytes(), "\n".join(runs).encode(), versions.encode()])
    ).hexdigest()[:24]
    path = cache / f"{key}.woff2"
    if path.is_file():
        return path.read_bytes()
    data = subset_font(source, runs)
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
