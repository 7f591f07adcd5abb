"""Breaking short labels into lines without a layout engine, for the SVG strip map.

SVG has no line wrapping, and the strip map must be the same bytes wherever it is built, so
labels are broken here from estimated advance widths (measured once from Noto Sans CJK SC and
Noto Serif Tibetan, rounded up). Break opportunities follow each script's rules:

* Chinese: between any two Han characters, never before closing punctuation (，。、）…) or
  after opening punctuation (（「…);
* Tibetan: after a tsheg ་ or a space, never before a shad ། (W3C tlreq), never inside a
  syllable;
* Latin: at spaces.
"""

from __future__ import annotations

import re
import unicodedata

_NO_LINE_START = set("，。、：；！？）」』》〉,.;:!?)%་།༎༏༐༑༔")
_NO_LINE_END = set("（「『《〈(")


def advance_em(text: str) -> float:
    """Estimated width of `text` in em (at font size 1), erring on the wide side.

    >>> advance_em("甲镇"), advance_em("ཀ་")
    (2.0, 0.92)
    """
    total = 0.0
    for char in text:
        if unicodedata.combining(char) or unicodedata.category(char) == "Mn":
            continue
        code = ord(char)
        if 0x0F00 <= code <= 0x0FFF:
            total += 0.22 if char in "་།" else 0.7
        elif unicodedata.east_asian_width(char) in ("W", "F"):
            total += 1.0
        elif char == " ":
            total += 0.26
        elif char.isupper():
            total += 0.68
        elif char.isdigit():
            total += 0.57
        elif char in ".,:;'!|il":
            total += 0.3
        else:
            total += 0.56
    return round(total, 3)


def _tokens(text: str) -> list[str]:
    """The text cut at every break opportunity (each token ends where a line may end)."""
    pieces = re.findall(r"[A-Za-z0-9][A-Za-z0-9'’.-]*\s*|[\u0f00-\u0fff]+?(?:[་\s]+|$)|\s+|.", text)
    tokens: list[str] = []
    for piece in pieces:
        if tokens and (piece[0] in _NO_LINE_START or tokens[-1][-1] in _NO_LINE_END):
            tokens[-1] += piece
        else:
            tokens.append(piece)
    return tokens


def wrap(text: str, max_em: float) -> list[str]:
    """`text` in lines no wider than `max_em`, of balanced length (no lone last character).

    A single unbreakable piece wider than `max_em` stays whole on its own line.

    >>> wrap("甘溪坡茶马古道陈列馆", 8)
    ['甘溪坡茶马', '古道陈列馆']
    >>> wrap("Erlang Mountain Road Hall", 6)
    ['Erlang', 'Mountain', 'Road Hall']
    >>> wrap("ཐེན་ཆོན་རྫོང་", 3.5)
    ['ཐེན་ཆོན་', 'རྫོང་']
    """
    tokens = _tokens(text)
    lines = _greedy(tokens, max_em)
    if len(lines) < 2:
        return lines
    # The narrowest measure that still needs no more lines than the greedy fill.
    width = advance_em(text) / len(lines)
    while width < max_em:
        balanced = _greedy(tokens, width)
        if len(balanced) <= len(lines):
            return balanced
        width += 0.25
    return lines


def _greedy(tokens: list[str], max_em: float) -> list[str]:
    lines: list[str] = []
    current = ""
    for token in tokens:
        if current and advance_em((current + token).rstrip()) > max_em:
            lines.append(current.rstrip())
            current = token.lstrip()
        else:
            current += token
    if current.strip():
        lines.append(current.rstrip())
    return lines
