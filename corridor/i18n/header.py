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
from corridor.speech import _, ngettext
from corridor.speech import language_name as spoken_language_name

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
                _(
                    'the catalogue has no header entry (msgid "" with Content-Type, Language and '
                    "Plural-Forms)"
                ),
                _(
                    "copy the header from another catalogue, e.g. translations/en/LC_MESSAGES/"
                    "messages.po, and set its Language and Plural-Forms"
                ),
            )
        ]
    problems: list[Problem] = []
    at = header.line("msgstr")

    def problem(line: int, message: str, hint: str | None, error: bool = True) -> None:
        severity = Severity.ERROR if error else Severity.WARNING
        problems.append(Problem(display, line, 1, "", message, hint, severity))

    for text, line in header_lines(header):
        if not HEADER_FIELD.match(text):
            example = _('e.g. "Language: bo\\n"')
            problem(
                line, _('header line is not "Name: value": {text}').format(text=text[:40]), example
            )
    fields = po.header_fields()
    expected_plural = plural_forms(lang)
    content_type = fields.get("Content-Type")
    if content_type is None:
        problem(
            at,
            _("the header has no Content-Type"),
            _('add "Content-Type: text/plain; charset=UTF-8\\n"'),
        )
    else:
        charset = re.search(r"charset=([^\s;]+)", content_type[0])
        if charset is None or charset[1].lower().replace("_", "-") not in ("utf-8", "utf8"):
            declared = charset[1] if charset else _("nothing")
            problem(
                content_type[1],
                _("the header declares charset={charset}; catalogues are UTF-8").format(
                    charset=declared
                ),
                _('write "Content-Type: text/plain; charset=UTF-8\\n" and save the file as UTF-8'),
            )
    language = fields.get("Language")
    if language is None:
        problem(
            at, _("the header has no Language"), _('add "Language: {lang}\\n"').format(lang=lang)
        )
    elif _language_of(language[0]) != lang:
        problem(
            language[1],
            _(
                "the header says Language: {declared}, but the file is in translations/{lang}/"
            ).format(declared=language[0], lang=lang),
            _(
                'write "Language: {lang}\\n", or move the file to translations/{folder}/'
                "LC_MESSAGES/"
            ).format(lang=lang, folder=_language_of(language[0]) or language[0]),
        )
    plural = fields.get("Plural-Forms")
    hint = (
        _('write "Plural-Forms: {forms}\\n"').format(forms=expected_plural)
        if expected_plural
        else None
    )
    if plural is None:
        problem(at, _("the header has no Plural-Forms"), hint)
    else:
        match = _PLURAL_FORMS.match(plural[0])
        if match is None:
            problem(plural[1], _("cannot read Plural-Forms: {value}").format(value=plural[0]), hint)
        elif expected_plural and int(match[1]) != plural_count(lang):
            count = plural_count(lang)
            problem(
                plural[1],
                ngettext(
                    "wrong plural count: Plural-Forms says nplurals={declared}, but {language} "
                    "has {count} plural form",
                    "wrong plural count: Plural-Forms says nplurals={declared}, but {language} "
                    "has {count} plural forms",
                    count,
                ).format(declared=match[1], language=spoken_language_name(lang), count=count),
                hint,
            )
    for name, placeholder in _EXPECTED_FIELDS.items():
        if name not in fields:
            problem(
                at,
                _("header field {name} is missing").format(name=name),
                _("GNU gettext tools expect it"),
                False,
            )
        elif placeholder is not None and fields[name][0] == placeholder:
            problem(
                fields[name][1],
                _("header field {name} still has its placeholder value").format(name=name),
                _("fill it in (Poedit does this when it saves)"),
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
