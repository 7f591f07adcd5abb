"""Map test helpers: translation functions (Chinese as written, small dict-based catalogues)
and the map document's text as its scripts read it.

The Tibetan strings are machine-made test strings, not reviewed translations: they exist to
check that Tibetan is carried, escaped and rendered (no tofu, no dotted circles).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Mapping

Translate = Callable[[str, str], str]


def chinese(context: str, source: str) -> str:
    return source


def from_table(table: Mapping[str, str]) -> Translate:
    """A `text(context, source)` that looks the context up and falls back to the source."""

    def text(context: str, source: str) -> str:
        return table.get(context, source)

    return text


BO_MAP_WORDS = {
    "map:title": "ས་ཁྲ།",
    "map:route-schematic": "G318 ལམ་ཐིག (དཔེ་རིས།)",
    "map:schematic-note": "ལམ་ཐིག་འདི་དཔེ་རིས་ཡིན། ཚད་ལེན་བྱས་པའི་ལམ་མིན།",
    "map:towns": "གྲོང་རྡལ།",
    "map:halls": "མི་རིགས་ཡུལ་སྲོལ་འགྲེམས་སྟོན་ཁང་།",
    "map:bases": "ཁྱད་ལྡན་ཐོན་ལས་དཔེ་སྟོན་ས་གནས།",
    "map:town": "གྲོང་རྡལ།",
    "map:hall": "འགྲེམས་སྟོན་ཁང་།",
    "map:base": "ཐོན་ལས་ས་གནས།",
    "map:planned": "འཆར་གཞི།",
    "map:approximate": "ས་གནས་ཕལ་ཙམ།",
    "map:more": "ཞིབ་ཕྲ་ལྟ་བ།",
    "map:distance": "སྤྱི་ལེ་ {km}",
    "map:strip-title": "G318 ཐེན་ཆོན་རྫོང་གི་ལམ་ཐིག",
    "corridor:short_name": "ཐེན་ཆོན་རྫོང་",
    "corridor:map.west_end": "ལུའུ་ཏིང་།",
    "corridor:map.east_end": "ཡ་ཨན།",
}

# The test corridor (tests/fixtures/corridor) in Tibetan.
BO_FIXTURE = {
    **BO_MAP_WORDS,
    "towns/alpha:name": "ཅ་གྲོང་རྡལ།",
    "towns/alpha:summary": "ཅ་གྲོང་རྡལ་གྱི་ངོ་སྤྲོད།",
    "towns/alpha/halls/alpha-hall:name": "ཅ་གྲོང་རྡལ་འགྲེམས་སྟོན་ཁང་།",
    "towns/alpha/halls/alpha-hall:summary": "འགྲེམས་སྟོན་ཁང་གི་ངོ་སྤྲོད།",
    "towns/alpha/bases/alpha-tea:name": "ཅ་གྲོང་རྡལ་ཇ་ཞིང་།",
    "towns/beta:name": "ཡི་ཤང་།",
    "towns/beta/halls/beta-hall:name": "ཡི་ཤང་འགྲེམས་སྟོན་ཁང་།",
    "towns/beta/bases/beta-herb:name": "ཡི་ཤང་སྨན་རྩི་ས་གནས།",
}

_BO_TOWNS = {
    "shiyang": "ཧྲི་ཡང་",
    "chengxiang": "ཁྲེང་ཞང་",
    "xiaohe": "ཞའོ་ཧོ་",
    "sijing": "སི་ཅིང་",
    "labahe": "ལ་པ་ཧོ་",
}
_SAMPLE_PLACES = {
    "shiyang": ("shiyang-border-tea", "shiyang-tea"),
    "chengxiang": ("diaomen-tea-horse", "chengxiang-kiwifruit"),
    "xiaohe": ("xiaohe-folk-culture", "xiaohe-achyranthes"),
    "sijing": ("ganxipo", "sijing-tea"),
    "labahe": ("erlangshan-road", "labahe-achyranthes"),
}


def bo_sample() -> dict[str, str]:
    """Tibetan test strings for the sample data in sites/ (its five towns, halls and bases)."""
    table = dict(BO_MAP_WORDS)
    for town, (hall, base) in _SAMPLE_PLACES.items():
        name = _BO_TOWNS[town]
        table[f"towns/{town}:name"] = f"{name}གྲོང་རྡལ།"
        table[f"towns/{town}:summary"] = f"{name}གྲོང་རྡལ་གྱི་ངོ་སྤྲོད་མདོར་བསྡུས།"
        table[f"towns/{town}/halls/{hall}:name"] = f"{name}མི་རིགས་ཡུལ་སྲོལ་འགྲེམས་སྟོན་ཁང་།"
        table[f"towns/{town}/halls/{hall}:summary"] = "འགྲེམས་སྟོན་ཁང་གི་ངོ་སྤྲོད་མདོར་བསྡུས།"
        table[f"towns/{town}/bases/{base}:name"] = f"{name}ཁྱད་ལྡན་ཐོན་ལས་དཔེ་སྟོན་ས་གནས།"
        table[f"towns/{town}/bases/{base}:summary"] = "ས་གནས་ཀྱི་ངོ་སྤྲོད་མདོར་བསྡུས།"
    return table


def map_texts(document: str) -> dict[str, str]:
    """The map's text, as the document hands it to its scripts (the corridorText data)."""
    match = re.search(r"^var corridorText = (.*);$", document, re.M)
    assert match, "no corridorText in the document"
    texts: dict[str, str] = json.loads(match.group(1))
    return texts
