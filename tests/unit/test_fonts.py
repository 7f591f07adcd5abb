"""The Tibetan web font: only the glyphs the site's text shapes to, proved by shaping."""

from __future__ import annotations

from pathlib import Path

import uharfbuzz as hb
from fontTools.ttLib import TTFont

from corridor import fonts

SOURCE = Path(fonts.NOTO_SERIF_TIBETAN.format(weight="Regular"))
# སྤྱི is built in steps (ས + ྤ + ྱ → an intermediate → one stack glyph): the subset must
# keep the intermediate glyphs or the stack would fall apart into pieces.
TEXTS = ["<p>ཐེན་ཆོན་<b>རྫོང</b></p>", "སྤྱི་ལེ་ ༢ ཙམ།", "བཀྲ་ཤིས་བདེ་ལེགས།"]


def shaped(font_data: bytes, text: str) -> list[tuple[int, int, int, int]]:
    font = hb.Font(hb.Face(hb.Blob(font_data)))
    buffer = hb.Buffer()
    buffer.add_str(text)
    buffer.guess_segment_properties()
    hb.shape(font, buffer, {})
    return [
        (info.cluster, pos.x_advance, pos.x_offset, pos.y_offset)
        for info, pos in zip(buffer.glyph_infos, buffer.glyph_positions, strict=True)
    ]


def unpacked(woff2: bytes, tmp_path: Path) -> bytes:
    font = TTFont(fonts.io.BytesIO(woff2))
    font.flavor = None
    out = tmp_path / "subset.ttf"
    font.save(out)
    return out.read_bytes()


def test_subset_shapes_the_sites_text_exactly_like_the_full_font(tmp_path: Path) -> None:
    subset = fonts.subset_font(SOURCE, TEXTS)
    small = unpacked(subset, tmp_path)
    for run in fonts.tibetan_runs(TEXTS):
        # Same clusters, advances and mark offsets: stacks and vowels land where they should.
        assert shaped(small, run) == shaped(SOURCE.read_bytes(), run), run


def test_subset_is_a_small_part_of_the_font(tmp_path: Path) -> None:
    subset = fonts.subset_font(SOURCE, TEXTS)
    glyphs = len(TTFont(fonts.io.BytesIO(subset)).getGlyphOrder())
    assert glyphs < 120 < len(TTFont(SOURCE).getGlyphOrder())
    assert len(subset) < 12_000


def test_cached_subset_is_the_same_bytes(tmp_path: Path) -> None:
    first = fonts.cached_subset(SOURCE, TEXTS, tmp_path)
    again = fonts.cached_subset(SOURCE, TEXTS, tmp_path)
    assert first == again == fonts.subset_font(SOURCE, TEXTS)
