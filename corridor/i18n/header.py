"""The header of a catalogue: encoding, language and plural forms, which decide how it is read.

GNU `msgfmt --check-header` wants its fields present and filled in; Babel's CLDR data says
how many plural forms each language has (Tibetan 1, English 2), so a header that says
otherwise is caught before a template's plural string shows the wrong form.
"""

from __future__ import annotations

import re

from babel import Locale, UnknownLocaleError
from babel.messages.plurals import get_plural

from corridor.i18n.pofile import HEADER_FIELD, PoFile, header_lines
from corridor.problems import Problem, Severity

# Header fields GNU `msgfmt --check-header` expects, and the placeholder values that
# `xgettext`/`msginit` leave in them.
_EXPECTED_FIELDS = {
    "Project-Id-Version": "PACKAGE VERSION",
    "PO-Revision-Date": "YEAR-MO-DA HO:MI+ZONE",
    "Last-Translator": "FULL NAME <EMAIL@ADDRESS>",
    "Language-Team": "LANGUAGE <LL@li.org>",
    "MIME-Version": None,
    "Content-Transfer-Encoding": None,
}
_PLURAL_FORMS = re.compile(r"^\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*$")


def check_header(po: PoFile, lang: str) -> list[Problem]:
    """The header's encoding, language and plural forms, which decide how the file is read.

    Errors: no header, a charset other than UTF-8, a Language that is not the folder's, a
    missing or wrong plural count. Warnings: fields GNU tools expect that are missing or
    still hold their template placeholder.
    """
    header = po.header
    display = po.file
    if header is None:
        return [
            Problem(
                display,
                1,
                1,
                "",
                'the catalogue has no header entry (msgid "" with Content-Type, Language and '
                "Plural-Forms)",
                "copy the header from another catalogue, e.g. translations/en/LC_MESSAGES/"
                "messages.po, and set its Language and Plural-Forms",
            )
        ]
    problems: list[Problem] = []
    at = header.line("msgstr")

    def problem(line: int, message: str, hint: str | None, error: bool = True) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        problems.append(Problem(display, line, 1, "", message, hint, severity))

    for text, line in header_lines(header):
        if not HEADER_FIELD.match(text):
            example = 'e.g. "Language: bo\\n"'
            problem(line, f'header line is not "Name: value": {text[:40]}', example)
    fields = po.header_fields()
    expected_plural = plural_forms(lang)
    content_type = fields.get("Content-Type")
    if content_type is None:
        problem(
            at, "the header has no Content-Type", 'add "Content-Type: text/plain; charset=UTF-8\\n"'
        )
    else:
        charset = re.search(r"charset=([^\s;]+)", content_type[0])
        if charset is None or charset[1].lower().replace("_", "-") not in ("utf-8", "utf8"):
            declared = charset[1] if charset else "nothing"
            problem(
                content_type[1],
                f"the header declares charset={declared}; catalogues are UTF-8",
                'write "Content-Type: text/plain; charset=UTF-8\\n" and save the file as UTF-8',
            )
    language = fields.get("Language")
    if language is None:
        problem(at, "the header has no Language", f'add "Language: {lang}\\n"')
    elif _language_of(language[0]) != lang:
        problem(
            language[1],
            f"the header says Language: {language[0]}, but the file is in translations/{lang}/",
            f'write "Language: {lang}\\n", or move the file to translations/'
            f"{_language_of(language[0]) or language[0]}/LC_MESSAGES/",
        )
    plural = fields.get("Plural-Forms")
    hint = f'write "Plural-Forms: {expected_plural}\\n"' if expected_plural else None
    if plural is None:
        problem(at, "the header has no Plural-Forms", hint)
    else:
        match = _PLURAL_FORMS.match(plural[0])
        if match is None:
            problem(plural[1], f"cannot read Plural-Forms: {plural[0]}", hint)
        elif expected_plural and int(match[1]) != plural_count(lang):
            name = language_name(lang)
            count = plural_count(lang)
            forms = "1 plural form" if count == 1 else f"{count} plural forms"
            problem(
                plural[1],
                f"wrong plural count: Plural-Forms says nplurals={match[1]}, "
                f"but {name} has {forms}",
                hint,
            )
    for name, placeholder in _EXPECTED_FIELDS.items():
        if name not in fields:
            problem(at, f"header field {name} is missing", "GNU gettext tools expect it", False)
        elif placeholder is not None and fields[name][0] == placeholder:
            problem(
                fields[name][1],
                f"header field {name} still has its placeholder value",
                "fill it in (Poedit does this when it saves)",
                False,
            )
    return problems


def plural_forms(lang: str) -> str | None:
    """The Plural-Forms header value for a language, from CLDR via Babel.

    >>> plural_forms("bo"), plural_forms("en")
    ('nplurals=1; plural=0;', 'nplurals=2; plural=(n != 1);')
    """
    try:
        return str(get_plural(lang).plural_forms)
    except (ValueError, TypeError):
        return None


def plural_count(lang: str) -> int:
    return int(get_plural(lang).num_plurals)


def language_name(lang: str) -> str:
    """A language's English name, e.g. ``language_name("bo")`` → ``'Tibetan'``."""
    try:
        return str(Locale.parse(lang).get_display_name("en"))
    except (ValueError, TypeError, UnknownLocaleError):
        return lang


def _language_of(tag: str) -> str | None:
    try:
        return str(Locale.parse(tag.replace("-", "_")).language)
    except (ValueError, TypeError, UnknownLocaleError):
        return None
