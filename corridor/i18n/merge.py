"""Merging the template into a language catalogue (`corridor i18n update`).

Why our own merge rather than GNU msgmerge or Babel's `Catalog.update`: both find a changed
source by fuzzy string similarity, so a Chinese sentence rewritten beyond their threshold loses
its translation, and a short name can be matched to the wrong record. Record messages have a
context that names the record and field, so a changed source is found exactly: same context,
different msgid. Such an entry keeps its old translation as a suggestion, becomes fuzzy, shows
the old source (``#| msgid``) and loses its `reviewed:` comment — a review is of a text that no
longer exists. Everything else passes through unchanged; entries the template no longer has
become obsolete (``#~``), never deleted, so a translation survives a record being renamed.

A hall, base or sign that moves to another town keeps its translations: its contexts change
only in the town (``towns/A/halls/h:name`` → ``towns/B/halls/h:name``), and ids are unique in
the corridor, so the entry of the same record and field under its old town is found exactly.
The same source keeps its translation, flags and review (re-stamped for the new context: the
reviewed texts are the same); a changed source is fuzzy as above. GNU msgmerge, matching by
similarity, keeps such entries only as fuzzy guesses.

The catalogue's header is kept byte for byte (it belongs to the translators' tools); the
entries are written by Babel without line wrapping, in template order, so the output is the
same for the same input.
"""

from __future__ import annotations

import io
import os
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, datetime

from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import write_po

from corridor.i18n.catalogues import (
    is_review_comment,
    parse_review,
    review_comment,
    review_stamp,
    reviewed_text,
)
from corridor.i18n.extraction import message_source
from corridor.i18n.header import language_name, plural_forms
from corridor.i18n.pofile import PoFile

Key = tuple[str, str | None]
PROJECT = "g318-tianquan-corridor"
# A place's or sign's context: towns/<town>/<list>/<id>:<field>. Without the town it names the
# record field wherever the record lies.
_PLACED = re.compile(r"towns/[^/]+/(halls|bases|signs)/([^/:]+):(.+)")


@dataclass(slots=True)
class Merged:
    """A merged catalogue file and what changed, by message key (source, context)."""

    text: bytes
    added: list[Key] = field(default_factory=list)
    changed: list[Key] = field(default_factory=list)
    obsoleted: list[Key] = field(default_factory=list)
    revived: list[Key] = field(default_factory=list)
    moved: list[Key] = field(default_factory=list)  # kept across a move to another town


def merge_catalogue(po: PoFile, catalog: Catalog, template: Catalog) -> Merged:
    """`catalog` (read from `po`) brought up to `template`.

    Args:
        po: the strictly parsed file, for its header text.
        catalog: the same file as Babel reads it.
        template: the current messages (`extraction.extract_template`).
    """
    merged = Merged(b"")
    out = Catalog(locale=catalog.locale, domain=catalog.domain, charset="utf-8")
    # Babel reads "#| msgid" lines as translator comments; the strict reader has them right.
    previous_ids = {(e.msgid, e.context): e.previous_msgid for e in po.messages if e.previous_msgid}
    for message in [*catalog, *catalog.obsolete.values()]:
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        found = previous_ids.get(_key(message))
        message.previous_id = [found] if found else []
    old = {_key(m): m for m in catalog if m.id}
    obsolete = {_key(m): m for m in catalog.obsolete.values()}
    wanted = [m for m in template if m.id]
    wanted_keys = {_key(m) for m in wanted}
    # A context names one record field only when it is unique on both sides (template
    # strings may share a context such as "nav"): then a different msgid is a changed source.
    template_contexts: Counter[str | None] = Counter(m.context for m in wanted if m.context)
    old_by_context: dict[str, list[Message]] = {}
    for message in old.values():
        if message.context:
            old_by_context.setdefault(message.context, []).append(message)
    used: set[Key] = set()
    moved_from = _by_record(
        [m for m in [*old.values(), *obsolete.values()] if _key(m) not in wanted_keys]
    )
    for wanted_message in wanted:
        key = _key(wanted_message)
        if key in old and _same_shape(old[key], wanted_message):
            used.add(key)
            out[wanted_message.id] = _kept(old[key], wanted_message)
            continue
        if key in old:
            # msgid_plural added or removed: the translation needs a look.
            used.add(key)
            out[wanted_message.id] = _changed(old[key], wanted_message, catalog.num_plurals)
            merged.changed.append(key)
            continue
        if key in obsolete:
            revived = _kept(obsolete.pop(key), wanted_message)
            # Its state before it was made obsolete is unknown: ask for a look again.
            revived.flags.add("fuzzy")
            out[wanted_message.id] = revived
            merged.revived.append(key)
            continue
        record_field = _record_field(wanted_message.context)
        moved = moved_from.get(record_field) if record_field else None
        if moved is not None and _translated(moved) and _same_shape(moved, wanted_message):
            used.add(_key(moved))
            obsolete.pop(_key(moved), None)
            if _key(moved)[0] == key[0]:
                out[wanted_message.id] = _restamped(_kept(moved, wanted_message), moved)
                merged.moved.append(key)
            else:
                out[wanted_message.id] = _changed(moved, wanted_message, catalog.num_plurals)
                merged.changed.append(key)
            continue
        previous = _renamed_from(wanted_message, template_contexts, old_by_context, wanted_keys)
        if previous is not None and _translated(previous):
            used.add(_key(previous))
            out[wanted_message.id] = _changed(previous, wanted_message, catalog.num_plurals)
            merged.changed.append(key)
            continue
        if previous is not None:
            used.add(_key(previous))
        out[wanted_message.id] = _new(wanted_message, catalog.num_plurals)
        merged.added.append(key)
    for key, message in old.items():
        # An untranslated entry has nothing worth keeping once its field is gone.
        if key not in used and _translated(message):
            obsolete[key] = message
            merged.obsoleted.append(key)
    for key in sorted(obsolete, key=lambda k: (k[1] or "", k[0])):
        message = obsolete[key]
        out.obsolete[key[0] if key[1] is None else (key[0], key[1])] = Message(
            message.id,
            message.string,
            flags=message.flags,
            user_comments=message.user_comments,
            context=message.context,
        )
    buffer = io.BytesIO()
    write_po(buffer, out, width=0, omit_header=True, sort_by_file=True, include_previous=True)
    merged.text = po.header_text().encode("utf-8") + b"\n" + buffer.getvalue()
    return merged


def _record_field(context: str | None) -> tuple[str, ...] | None:
    """(list, id, field) of a place's or sign's context, or None for any other context."""
    match = _PLACED.fullmatch(context or "")
    return match.groups() if match else None


def _by_record(messages: list[Message]) -> dict[tuple[str, ...], Message]:
    """Entries no longer wanted, by record field — only fields with exactly one such entry."""
    found: dict[tuple[str, ...], list[Message]] = {}
    for message in messages:
        record_field = _record_field(message.context)
        if record_field is not None:
            found.setdefault(record_field, []).append(message)
    return {key: entries[0] for key, entries in found.items() if len(entries) == 1}


def _restamped(message: Message, old: Message) -> Message:
    """`message` with the reviews that were valid for `old`'s context stamped for its own."""
    forms = [old.string] if isinstance(old.string, str) else list(old.string or ())
    translation = reviewed_text(forms)
    source = message_source(old.id)
    comments = []
    for comment in message.user_comments:
        parsed = parse_review(comment)
        if parsed is not None and parsed[1] == review_stamp(old.context, source, translation):
            review = parsed[0]
            comment = review_comment(message.context, source, translation, review.by, review.on)
        comments.append(comment)
    message.user_comments = comments
    return message


def _key(message: Message) -> Key:
    return message_source(message.id), message.context


def _same_shape(old: Message, wanted: Message) -> bool:
    return isinstance(old.id, str) == isinstance(wanted.id, str)


def _translated(message: Message) -> bool:
    if isinstance(message.string, str):
        return bool(message.string)
    return any(message.string or ())


def _kept(old: Message, wanted: Message) -> Message:
    """An unchanged entry: its translation, comments and flags; the template's locations."""
    return Message(
        wanted.id,
        old.string,
        locations=wanted.locations,
        flags=old.flags,
        auto_comments=wanted.auto_comments,
        user_comments=old.user_comments,
        previous_id=old.previous_id,
        context=wanted.context,
    )


def _changed(old: Message, wanted: Message, plurals: int) -> Message:
    """A changed source: old translation as a suggestion, fuzzy, the review removed."""
    string = old.string
    if isinstance(wanted.id, str) != isinstance(old.string, str):
        string = _empty(wanted, plurals)
    return Message(
        wanted.id,
        string,
        locations=wanted.locations,
        flags={*old.flags, "fuzzy"},
        auto_comments=wanted.auto_comments,
        user_comments=[c for c in old.user_comments if not is_review_comment(c)],
        previous_id=old.id,
        context=wanted.context,
    )


def _new(wanted: Message, plurals: int) -> Message:
    return Message(
        wanted.id,
        _empty(wanted, plurals),
        locations=wanted.locations,
        flags=wanted.flags,
        auto_comments=wanted.auto_comments,
        context=wanted.context,
    )


def _empty(wanted: Message, plurals: int) -> str | tuple[str, ...]:
    return "" if isinstance(wanted.id, str) else ("",) * plurals


def _renamed_from(
    wanted: Message,
    template_contexts: Counter[str | None],
    old_by_context: dict[str, list[Message]],
    wanted_keys: set[Key],
) -> Message | None:
    """The old entry of the same record field whose Chinese source has since changed."""
    if not wanted.context or template_contexts[wanted.context] != 1:
        return None
    candidates = old_by_context.get(wanted.context, [])
    if len(candidates) != 1 or _key(candidates[0]) in wanted_keys:
        return None
    return candidates[0]


def initial_header(lang: str, created: datetime) -> str:
    r"""The header of a new catalogue (as `msginit` would write it, without placeholders).

    >>> print(initial_header("bo", datetime(2026, 11, 26, tzinfo=UTC)))
    # Tibetan translations of the G318 Tianquan ethnic-unity corridor.
    # Review state is kept in translator comments: see README.md, "For translators".
    msgid ""
    msgstr ""
    "Project-Id-Version: g318-tianquan-corridor\n"
    "PO-Revision-Date: 2026-11-26 00:00+0000\n"
    "Last-Translator: \n"
    "Language-Team: Tibetan\n"
    "Language: bo\n"
    "MIME-Version: 1.0\n"
    "Content-Type: text/plain; charset=UTF-8\n"
    "Content-Transfer-Encoding: 8bit\n"
    "Plural-Forms: nplurals=1; plural=0;\n"
    <BLANKLINE>
    """
    name = language_name(lang)
    fields = [
        ("Project-Id-Version", PROJECT),
        ("PO-Revision-Date", created.strftime("%Y-%m-%d %H:%M%z")),
        ("Last-Translator", ""),
        ("Language-Team", name),
        ("Language", lang),
        ("MIME-Version", "1.0"),
        ("Content-Type", "text/plain; charset=UTF-8"),
        ("Content-Transfer-Encoding", "8bit"),
        ("Plural-Forms", plural_forms(lang) or "nplurals=2; plural=(n != 1);"),
    ]
    lines = [
        f"# {name} translations of the G318 Tianquan ethnic-unity corridor.",
        '# Review state is kept in translator comments: see README.md, "For translators".',
        'msgid ""',
        'msgstr ""',
        *(f'"{key}: {value}\\n"' for key, value in fields),
    ]
    return "\n".join(lines) + "\n"


def creation_time() -> datetime:
    """Now, or SOURCE_DATE_EPOCH when set (reproducible builds' convention)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), tz=UTC)
    return datetime.now(tz=UTC)
