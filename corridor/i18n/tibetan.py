"""Tibetan text rules that a catalogue check can see (W3C "Tibetan Layout Requirements").

Pure functions over one translation; each returns the offsets of what it finds so that the
problem can point at the line it is on. Nothing here normalises text: NFC reorders Tibetan
vowel signs and would silently change what a reviewer approved.
"""

from __future__ import annotations

import re

# Precomposed vowels Unicode discourages, with the sequence to write instead.
DISCOURAGED = {
    "\u0f73": "U+0F71 U+0F72 (ཱ + ི)",
    "\u0f75": "U+0F71 U+0F74 (ཱ + ུ)",
    "\u0f81": "U+0F71 U+0F80 (ཱ + ྀ)",
    "\u0f77": "U+0FB2 U+0F71 U+0F80 (ྲ + ཱ + ྀ)",
    "\u0f79": "U+0FB3 U+0F71 U+0F80 (ླ + ཱ + ྀ)",
}
SHADS = "\u0f0d\u0f0e\u0f0f\u0f10\u0f11\u0f12\u0f14"
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f]+")
_LATIN_WORD = re.compile(r"[0-9A-Za-z\u00c0-\u024f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]+")
_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\uff21-\uff3a\uff41-\uff5a]")
# ང (or subjoined ྔ) closing a syllable right before a shad, without the non-breaking tsheg.
_NGA_SHAD = re.compile(r"[\u0f44\u0f94]\u0f0b?(?=[\u0f0d\u0f0e])")


def han_runs(text: str) -> list[tuple[int, str]]:
    """Chinese characters in a translation, as (offset, run).

    >>> han_runs("ཐེན་ཆོན་天全རྫོང་")
    [(8, '天全')]
    """
    return [(m.start(), m.group()) for m in _HAN.finditer(text)]


def latin_words(text: str, allowed_from: str) -> list[tuple[int, str]]:
    """Words with Latin letters that the Chinese source does not have (codes like G318 do).

    >>> latin_words("རྒྱལ་ལམ་ G318 ནི་ Tianquan", "国道G318")
    [(18, 'Tianquan')]
    """
    allowed = {m.group() for m in _LATIN_WORD.finditer(allowed_from)}
    return [
        (m.start(), m.group())
        for m in _LATIN_WORD.finditer(text)
        if _LETTER.search(m.group()) and m.group() not in allowed
    ]


def discouraged(text: str) -> list[tuple[int, str]]:
    """Discouraged precomposed vowels, as (offset, character).

    >>> discouraged("ཨ\u0f71\u0f72་ཨ\u0f73") == [(5, "\u0f73")]
    True
    """
    return [(i, c) for i, c in enumerate(text) if c in DISCOURAGED]


def lines_starting_with_shad(text: str) -> list[int]:
    """Offsets of lines whose first visible character is a shad (never allowed).

    >>> lines_starting_with_shad("བཀྲ་ཤིས།\\n།བདེ་ལེགས")
    [9]
    """
    offsets = []
    start = 0
    for line in text.split("\n"):
        stripped = line.lstrip(" \t\u00a0\u3000")
        if stripped and stripped[0] in SHADS:
            offsets.append(start + len(line) - len(stripped))
        start += len(line) + 1
    return offsets


def nga_before_shad(text: str) -> list[int]:
    """Offsets of ང directly before a shad without U+0F0C (write ང༌།, not ང་། or ང།).

    >>> nga_before_shad("ལམ་ཕྲང་། ལམ་ཕྲང\u0f0c།")
    [5]
    """
    return [m.start() for m in _NGA_SHAD.finditer(text)]
