"""The tool's own words in the editor's language: Chinese when the locale is Chinese.

Everything `corridor` says to the people who run it — problems and their hints, summaries,
command output, ``--help``, usage errors, argparse's own words — goes through `_()`,
`ngettext()` or (for text defined before it is shown) `N_()`. The English source is what the
code says; the Chinese lives in the package, in the gettext domain ``corridor``:

    corridor/locale/corridor.pot                  the template (``make messages`` extracts it)
    corridor/locale/zh/LC_MESSAGES/corridor.po    Simplified Chinese

This is not the site's content: ``translations/`` holds the corridor's own texts in Tibetan
and English, for the public; this catalogue is the tool speaking to county staff.

The language is read from the environment on every call, as gettext reads it (LANGUAGE,
LC_ALL, LC_MESSAGES, LANG: the first one set; LANGUAGE may list several): ``zh_CN.UTF-8``,
``zh_CN``, ``zh`` give Chinese; English, C/POSIX or anything without a catalogue gives the
English source. Nothing is read at import time (`mkdocs serve` imports once): the catalogue
is compiled in memory by Babel the first time Chinese is asked for — no ``.mo`` file is
written or committed.

Placeholders are named and filled in after translation, so translators see them::

    _("duplicate key (first defined on line {line})").format(line=first.line)
"""

from __future__ import annotations

import argparse
import functools
import gettext
import io
import os
import unicodedata
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

DOMAIN = "corridor"
LOCALE_DIR = Path(__file__).parent / "locale"
TEMPLATE_FILE = LOCALE_DIR / f"{DOMAIN}.pot"
SOURCE_LANGUAGE = "en"
# Languages with a catalogue (English is the source and needs none).
LANGUAGES = ("zh",)
# The variables gettext reads, in its order: the first one set decides.
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def catalogue_file(language: str) -> Path:
    """Where the catalogue of `language` lives in the package."""
    return LOCALE_DIR / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def language(environ: Mapping[str, str] | None = None) -> str:
    """The language the tool speaks now: ``"zh"`` or ``"en"``, from the locale variables.

    As gettext does, the first of LANGUAGE, LC_ALL, LC_MESSAGES and LANG that is set
    decides; it may list several languages separated by colons, and the first one the tool
    speaks wins (English and C/POSIX count as spoken: they are the source).

    >>> language({"LANG": "zh_CN.UTF-8"}), language({"LANG": "zh"}), language({"LANG": "C"})
    ('zh', 'zh', 'en')
    >>> language({"LANGUAGE": "en_GB:zh_CN", "LANG": "zh_CN.UTF-8"})
    'en'
    >>> language({"LANGUAGE": "bo:zh_CN", "LANG": "C.UTF-8"}), language({})
    ('zh', 'en')
    """
    environ = os.environ if environ is None else environ
    value = next((environ[v] for v in LOCALE_VARIABLES if environ.get(v)), "")
    for tag in value.split(":"):
        # zh_CN.UTF-8@modifier → zh
        primary = tag.split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
        if primary in LANGUAGES:
            return primary
        if primary in (SOURCE_LANGUAGE, "c", "posix"):
            return SOURCE_LANGUAGE
    return SOURCE_LANGUAGE


@functools.cache
def _translations(language: str) -> gettext.NullTranslations:
    """The compiled catalogue of `language` (English: the source itself).

    Cached per process: the catalogue is part of the program, like its code (the rule
    against module-level caches is about user data, which changes while `mkdocs serve` runs).
    """
    if language not in LANGUAGES:
        return gettext.NullTranslations()
    # Babel is imported here, not at module level: most commands speak English.
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with catalogue_file(language).open("rb") as po:
        catalog = read_po(po, locale=language, domain=DOMAIN)
    compiled = io.BytesIO()
    # Fuzzy entries are left out, as msgfmt does: a doubtful translation never shows.
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def _(message: str) -> str:
    """`message` in the editor's language (the English source when there is no translation)."""
    return translated(message, language())


def translated(message: str, language: str) -> str:
    """`message` in `language` whatever the locale: for files made for editors (the schemas).

    >>> translated("what to create", "zh"), translated("what to create", "en")
    ('要新建什么', 'what to create')
    """
    if not message:
        # gettext("") is the catalogue's header, never a translation.
        return message
    return _translations(language).gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form for `n` of a message with a count, in the editor's language.

    Fill in the count afterwards: ``ngettext("{n} file", "{n} files", n).format(n=n)``.
    """
    return _translations(language()).ngettext(singular, plural, n)


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Marks text for extraction without translating it: it is translated where shown."""
    return message


def language_name(code: str) -> str:
    """A language's name in the editor's language, from CLDR (``bo`` → Tibetan / 藏语).

    >>> language_name("bo") in ("Tibetan", "藏语")
    True
    """
    from babel import Locale, UnknownLocaleError

    try:
        return str(Locale.parse(code).get_display_name(language()))
    except (ValueError, TypeError, UnknownLocaleError):
        return code


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: Chinese characters take two.

    >>> display_width("reviewed"), display_width("已审校")
    (8, 6)
    """
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def ljust(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (str.ljust counts characters)."""
    return text + " " * max(0, width - display_width(text))


def rjust(text: str, width: int) -> str:
    """`text` right-aligned in `width` terminal columns."""
    return " " * max(0, width - display_width(text)) + text


@contextmanager
def argparse_speaking() -> Iterator[None]:
    """argparse's own words ("usage:", "options", "invalid choice: …") from our catalogue.

    argparse looks every one of its messages up at call time through the two names it
    imports from gettext, ``argparse._`` and ``argparse.ngettext``; Python's documentation
    ("How to translate the argparse output") says to extract them from argparse.py with
    Babel — `scripts/tool_messages.py` does, into our template — and to install the
    translations with gettext. Installing them in gettext's global domain would need a
    ``.mo`` file on disk and would change the language of every library in the process,
    so instead those two names point at this catalogue while our parser is built and run,
    and are put back afterwards.
    """
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]
