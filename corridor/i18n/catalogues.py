"""Catalogues: reading `.po` files and the per-string review state.

Review state is kept in translator comments, which Poedit, Weblate, `pybabel update` and GNU
msgmerge all preserve (msgmerge drops unknown `#,` flags, so a flag would be lost)::

    # translated-by: machine
    # reviewed: 2026-11-20 by 卓玛 [3f2a9c1b]
    #, fuzzy
    msgctxt "towns/sijing/halls/ganxipo:name"
    msgid "甘溪坡茶马古道陈列馆"
    msgstr "…"

The bracketed stamp is a hash of context, source and translation at review time. A review
counts only while the stamp still matches, so editing either text — in any tool, even one
that knows nothing of our conventions — sends the string back to "unreviewed".
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from corridor.i18n.header import check_header
from corridor.i18n.pofile import PoFile, decode_po, parse_po
from corridor.problems import Problem
from corridor.projectfiles import read_bytes
from corridor.speech import _

SOURCE_LANGUAGE = "zh"
DOMAIN = "messages"
TRANSLATED_BY = "translated-by:"
MACHINE = "machine"
REVIEWED = "reviewed:"
_REVIEWED = re.compile(r"^reviewed: (\d{4}-\d{2}-\d{2}) by (.+?) \[([0-9a-f]{8})\]$")


class State(StrEnum):
    """How far a string is from being fit to print, best first."""

    SOURCE = "source"  # the Chinese original
    REVIEWED = "reviewed"
    UNREVIEWED = "unreviewed"  # translated (perhaps by machine), nobody has checked it
    FUZZY = "fuzzy"  # the source changed since it was translated
    UNTRANSLATED = "untranslated"


@dataclass(frozen=True, slots=True)
class Review:
    by: str
    on: date


@dataclass(frozen=True, slots=True)
class Translation:
    """One language's text for one message, with everything a page or a sign must show.

    `fallback` is true when `text` is the Chinese source shown in place of a translation
    that is missing or fuzzy; then `lang` is still the language asked for and `text_lang`
    says which language the text really is in.
    """

    lang: str
    text: str
    state: State
    machine: bool = False
    review: Review | None = None
    fallback: bool = False

    @property
    def text_lang(self) -> str:
        return SOURCE_LANGUAGE if self.fallback else self.lang


def review_stamp(context: str | None, source: str, translation: str) -> str:
    """The hash that ties a review to the exact texts reviewed.

    >>> review_stamp("towns/a:name", "甲镇", "Jia Town")
    'af619f4d'
    """
    data = f"{context or ''}\x04{source}\x00{translation}".encode()
    return hashlib.sha256(data).hexdigest()[:8]


def review_comment(context: str | None, source: str, translation: str, by: str, on: date) -> str:
    """The translator comment that marks one translation reviewed (without the leading "# ")."""
    return f"reviewed: {on.isoformat()} by {by} [{review_stamp(context, source, translation)}]"


def parse_review(comment: str) -> tuple[Review, str] | None:
    """A `reviewed:` comment's review and stamp, or None when the comment is something else.

    >>> parse_review("reviewed: 2026-11-20 by 卓玛 [3f2a9c1b]")
    (Review(by='卓玛', on=datetime.date(2026, 11, 20)), '3f2a9c1b')
    """
    match = _REVIEWED.match(comment.strip())
    if match is None:
        return None
    try:
        on = date.fromisoformat(match[1])
    except ValueError:
        return None
    return Review(match[2], on), match[3]


def is_review_comment(comment: str) -> bool:
    """Whether a translator comment is (meant to be) a review mark, well-formed or not."""
    return comment.strip().startswith(REVIEWED)


def is_machine(comments: Sequence[str]) -> bool:
    return any(c.strip() == f"{TRANSLATED_BY} {MACHINE}" for c in comments)


def entry_state(
    context: str | None, source: str, translation: str, fuzzy: bool, comments: Sequence[str]
) -> tuple[State, Review | None, bool]:
    """State, valid review (if any) and machine origin of one catalogue entry.

    >>> entry_state("towns/a:name", "甲镇", "Jia Town", False, ["translated-by: machine"])
    (<State.UNREVIEWED: 'unreviewed'>, None, True)
    >>> entry_state("towns/a:name", "甲镇", "Jia Town", False,
    ...             ["reviewed: 2026-11-20 by Dawa [af619f4d]"])[0]
    <State.REVIEWED: 'reviewed'>
    >>> entry_state("towns/a:name", "甲镇", "Jia", False,
    ...             ["reviewed: 2026-11-20 by Dawa [af619f4d]"])[0]
    <State.UNREVIEWED: 'unreviewed'>
    """
    machine = is_machine(comments)
    if not translation:
        return State.UNTRANSLATED, None, machine
    if fuzzy:
        return State.FUZZY, None, machine
    stamp = review_stamp(context, source, translation)
    for comment in comments:
        parsed = parse_review(comment)
        if parsed is not None and parsed[1] == stamp:
            return State.REVIEWED, parsed[0], machine
    return State.UNREVIEWED, None, machine


def reviewed_text(forms: Sequence[str]) -> str:
    r"""The text a review stamp covers: the translation, or all plural forms joined; empty
    while any form is missing.

    >>> reviewed_text(["a"]), reviewed_text(["a", "b"]), reviewed_text(["a", ""])
    ('a', 'a\x00b', '')
    """
    if len(forms) == 1:
        return forms[0]
    return "\x00".join(forms) if all(forms) else ""


def message_state(message: Message) -> tuple[State, Review | None, bool]:
    """State, valid review (if any) and machine origin of one Babel catalogue message."""
    string = message.string
    text = reviewed_text([string] if isinstance(string, str) else list(string or ("",)))
    source = message.id if isinstance(message.id, str) else message.id[0]
    return entry_state(message.context, source, text, message.fuzzy, message.user_comments)


def catalogue_path(root: Path, lang: str) -> Path:
    return root / "translations" / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


@dataclass
class Catalogues:
    """The target-language catalogues, read once per build and looked up in memory."""

    catalogs: dict[str, Catalog] = field(default_factory=dict)

    def translate(self, lang: str, context: str | None, source: str) -> Translation:
        """`source` in `lang`: the translation, or the Chinese source marked as a fallback."""
        if lang == SOURCE_LANGUAGE:
            return Translation(lang, source, State.SOURCE)
        catalog = self.catalogs.get(lang)
        message = catalog.get(source, context=context) if catalog is not None else None
        if message is None:
            return Translation(lang, source, State.UNTRANSLATED, fallback=True)
        state, review, machine = message_state(message)
        if state in (State.UNTRANSLATED, State.FUZZY):
            return Translation(lang, source, state, machine, fallback=True)
        return Translation(lang, str(message.string), state, machine, review)

    def gettext(self, lang: str) -> Translations:
        """Template strings for `lang`, compiled in memory (no .mo file is ever written).

        Fuzzy entries are left out, as msgfmt does, so a stale translation never shows.
        """
        translations = Translations()
        catalog = self.catalogs.get(lang)
        if catalog is not None:
            buffer = io.BytesIO()
            write_mo(buffer, catalog, use_fuzzy=False)
            buffer.seek(0)
            translations = Translations(buffer, domain=DOMAIN)
        return translations


def load_catalogues(root: Path, languages: Sequence[str]) -> tuple[Catalogues, list[Problem]]:
    """Read the catalogue of every target language; unreadable files become problems.

    A catalogue with an error in its syntax or header is left out (its language falls back
    to Chinese) and the problems say why: the build that asked stops, keeping its last good
    output. A missing catalogue is not a problem here (`corridor check` warns about it).
    """
    catalogues = Catalogues()
    problems: list[Problem] = []
    for lang in languages:
        if lang == SOURCE_LANGUAGE:
            continue
        path = catalogue_path(root, lang)
        # A link (even a broken one, or one to a folder) is read, to be refused by name.
        if not path.exists() and not path.is_symlink():
            continue
        catalog, found = read_catalogue(path, path.relative_to(root).as_posix(), lang)
        problems.extend(found)
        if catalog is not None:
            catalogues.catalogs[lang] = catalog
    return catalogues, problems


def read_catalogue(path: Path, display: str, lang: str) -> tuple[Catalog | None, list[Problem]]:
    """One `.po` file, strictly: encoding, syntax and header errors come back with their line.

    Only a file without errors is handed to Babel (which would accept an unterminated string
    or a duplicate entry without a word).
    """
    po, problems = read_po_file(path, display, lang)
    if po is None or any(p.is_error for p in problems):
        return None, problems
    try:
        catalog = read_po(
            io.BytesIO("\n".join(po.lines).encode("utf-8")),
            locale=lang,
            domain=DOMAIN,
            abort_invalid=True,
        )
    except (PoFileError, ValueError) as error:
        line = getattr(error, "lineno", 0) or 1
        return None, [
            *problems,
            Problem(
                display, line, 1, "", _("cannot read the catalogue: {reason}").format(reason=error)
            ),
        ]
    return catalog, problems


def read_po_file(path: Path, display: str, lang: str) -> tuple[PoFile | None, list[Problem]]:
    """The strict reading of one catalogue: encoding, then syntax, then header."""
    raw, unreadable = read_bytes(path, display)
    if raw is None:
        return None, [unreadable] if unreadable else []
    text, problem = decode_po(raw, display)
    if text is None:
        return None, [problem] if problem else []
    po, problems = parse_po(text, display)
    if problems:
        return po, problems
    return po, check_header(po, lang)
