"""Dates, times, day names and numbers per language, from Babel's CLDR data.

CLDR is the default; PRC usage differs in places (CLDR's Tibetan name for China is རྒྱ་ནག,
official usage is ཀྲུང་གོ), so names the catalogues translate win over CLDR's (see
`corridor.i18n.overrides` and `territory_name`).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time

from babel import Locale
from babel.dates import format_date as babel_format_date
from babel.dates import format_time as babel_format_time
from babel.numbers import format_decimal

from corridor.i18n.catalogues import SOURCE_LANGUAGE, Catalogues
from corridor.i18n.overrides import territory_names
from corridor.model import DAYS, Day

# Babel locale for each site language.
LOCALES = {"zh": "zh_Hans_CN", "bo": "bo_CN", "en": "en"}


def locale(lang: str) -> Locale:
    return Locale.parse(LOCALES.get(lang, lang))


def day_name(day: Day, lang: str, width: str = "wide") -> str:
    """A weekday's name, e.g. ``day_name("mon", "bo")`` → གཟའ་ཟླ་བ་.

    >>> day_name("mon", "en"), day_name("mon", "zh")
    ('Monday', '星期一')
    """
    return str(locale(lang).days["format"][width][DAYS.index(day)])


def day_ranges(days: Sequence[Day]) -> list[tuple[Day, Day]]:
    """Consecutive days folded into ranges, in week order.

    >>> day_ranges(["sun", "tue", "wed", "thu", "sat"])
    [('tue', 'thu'), ('sat', 'sun')]
    """
    ordered = sorted(set(days), key=DAYS.index)
    ranges: list[tuple[Day, Day]] = []
    for day in ordered:
        if ranges and DAYS.index(day) == DAYS.index(ranges[-1][1]) + 1:
            ranges[-1] = (ranges[-1][0], day)
        else:
            ranges.append((day, day))
    return ranges


def format_time(hh_mm: str, lang: str) -> str:
    """A record's HH:MM time in the language's short time format.

    >>> format_time("17:00", "en"), format_time("17:00", "zh")
    ('5:00\u202fPM', '17:00')
    """
    hours, minutes = (int(part) for part in hh_mm.split(":"))
    if hours == 24:
        return "24:00"
    return str(babel_format_time(time(hours, minutes), "short", locale=locale(lang)))


def format_date(day: date, lang: str) -> str:
    """
    >>> format_date(date(2026, 11, 26), "zh")
    '2026年11月26日'
    """
    return str(babel_format_date(day, "long", locale=locale(lang)))


def format_number(value: float, lang: str) -> str:
    """
    >>> format_number(132033, "en"), format_number(132033, "zh")
    ('132,033', '132,033')
    """
    return str(format_decimal(value, locale=locale(lang)))


def territory_name(code: str, lang: str, catalogues: Catalogues) -> str:
    """A country's name in `lang`: the catalogue's reviewed or unreviewed translation where
    `corridor.i18n.overrides` makes it overridable, CLDR's name otherwise.

    >>> territory_name("CN", "bo", Catalogues())  # no catalogue: CLDR
    'རྒྱ་ནག'
    >>> territory_name("CN", "zh", Catalogues()), territory_name("FR", "en", Catalogues())
    ('中国', 'France')
    """
    cldr = str(locale(lang).territories.get(code, code))
    overridable = territory_names(lambda context, source: (context, source))
    if lang == SOURCE_LANGUAGE or code not in overridable:
        return cldr
    found = catalogues.translate(lang, *overridable[code])
    return cldr if found.fallback else found.text
