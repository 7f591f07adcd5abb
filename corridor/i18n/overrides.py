"""Names the catalogues may override where PRC usage differs from CLDR.

Babel's CLDR data names places and languages in every locale, and is right almost always.
Where official PRC usage differs — CLDR's Tibetan name for China is རྒྱ་ནག, PRC usage is
ཀྲུང་གོ — the name becomes an ordinary catalogue message: Babel's Python extractor finds the
`pgettext` calls below (translations/babel.cfg maps this file), translators see and review the
name like any other string, and `corridor.i18n.formatting` prefers a translated name to
CLDR's. Adding a name is adding one line here, then `corridor i18n update`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def territory_names(pgettext: Callable[[str, str], T]) -> dict[str, T]:
    """Overridable territory names by ISO code, each passed through `pgettext`.

    The Chinese text is CLDR's own Chinese name, so an untranslated entry changes nothing.

    >>> territory_names(lambda context, source: (context, source))
    {'CN': ('cldr:territory/CN', '中国')}
    """
    return {
        # Translators: Name of the country. In Tibetan write ཀྲུང་གོ (PRC usage, not CLDR's).
        "CN": pgettext("cldr:territory/CN", "中国"),
    }
