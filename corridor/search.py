"""Search settings per language: word separators and the Chinese segmenter's proper nouns.

Material's search indexes each language's pages on its own. Chinese is cut into words by
jieba at build time; without help jieba cuts 茶马古道 into 茶马 + 古道 and 川牛膝 into 川 + 牛膝,
so a search for the whole name ranks noise first. `search_terms` lists the corridor's proper
nouns, from the records and from `sites/website.yml`, as a jieba user dictionary.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from corridor.model import Corridor
from corridor.website import WebsiteConfig

# Split Chinese-looking text on these (jieba's cuts arrive as U+200B).
_CHINESE_PUNCTUATION = "\\u3000、。，．？！；：（）《》“”"
# Per language: the tokenizer's separator (a JavaScript regular expression) and the lunr
# pipeline functions kept. Tibetan is split into syllables at the tsheg (U+0F0B) and shads
# (U+0F0D, U+0F0E); lunr's trimmer would strip Tibetan letters as non-word characters.
SEARCH = {
    "zh": (f"[\\s\\u200b\\-{_CHINESE_PUNCTUATION}]+", ["stemmer"]),
    "bo": (f"[\\s\\u200b\\u0f0b\\u0f0d\\u0f0e\\-{_CHINESE_PUNCTUATION}]+", []),
    "en": (
        f'[\\s\\u200b\\-,.:;!?()\\[\\]"/{_CHINESE_PUNCTUATION}]+',
        ["stopWordFilter", "stemmer"],
    ),
}

_HAN_WORD = re.compile(r"^[\u4e00-\u9fff]{2,12}$")
# Words that join two themes ("茶马互市与民族交往") or list products.
_JOINERS = re.compile(r"[与和及、，,\s]+")
_QUOTED = re.compile(r"《([^》]+)》")


def search_terms(corridor: Corridor, website: WebsiteConfig) -> list[str]:
    """The proper nouns jieba must keep whole, sorted.

    Whole names of halls and bases are left out on purpose: as one token, 甘溪坡茶马古道陈列馆
    would hide the 茶马古道 inside it from search.
    """
    county = corridor.info.county.name.removesuffix("县")
    terms: set[str] = {*website.search_terms, county}
    for town in corridor.towns:
        terms.add(town.name.removesuffix(town.kind))
        for hall in town.halls:
            terms.update(_JOINERS.split(hall.theme))
            for exhibit in hall.exhibits:
                terms.update(_QUOTED.findall(exhibit.name))
        for base in town.bases:
            for product in base.products:
                terms.add(product)
                # 天全川牛膝 is the county's name + the product's.
                terms.add(product.removeprefix(county))
    return sorted(t for t in terms if _HAN_WORD.match(t))


def jieba_dictionary(terms: Iterable[str]) -> str:
    """A jieba user dictionary: one word per line (jieba works out a frequency that keeps it).

    >>> jieba_dictionary(["川牛膝", "茶马古道"])
    '川牛膝\\n茶马古道\\n'
    """
    return "".join(f"{term}\n" for term in terms)
