"""Marking translations reviewed (`corridor i18n review`).

A review is one translator comment line, ``# reviewed: 2026-11-20 by 卓玛 [3f2a9c1b]``, whose
stamp hashes context, source and translation (see `corridor.i18n.catalogues`). Stamping edits
the file in place: the new line goes after the entry's other translator comments, an older
`reviewed:` line of the same entry is replaced, and every other byte stays as the translator's
tool wrote it.
"""

from __future__ import annotations

import difflib
import fnmatch
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from corridor.i18n.catalogues import (
    State,
    entry_state,
    is_review_comment,
    review_comment,
    reviewed_text,
)
from corridor.i18n.pofile import PoEntry, PoFile, parse_po
from corridor.problems import Problem
from corridor.speech import _

# A reviewer's name must keep the comment on one line in every tool: Babel wraps comments
# at 76 characters, and a wrapped review mark no longer matches.
MAX_REVIEWER = 40


@dataclass(slots=True)
class Stamped:
    """The outcome of a review request: the new file text, or why nothing was written."""

    text: bytes | None
    stamped: list[str] = field(default_factory=list)
    refused: list[Problem] = field(default_factory=list)


@dataclass(slots=True)
class Selection:
    """The entries a reviewer named (by key), and the names that matched nothing."""

    keys: list[str] = field(default_factory=list)
    unknown: list[tuple[str, str | None]] = field(default_factory=list)  # (name, closest)


def entry_key(entry: PoEntry) -> str:
    """What a reviewer names an entry by: its context, or its msgid when it has none."""
    return entry.context if entry.context is not None else entry.msgid


def entry_translation(entry: PoEntry) -> str:
    """The text a review stamp covers (see `catalogues.reviewed_text`)."""
    return reviewed_text(entry.translations)


def entry_status(entry: PoEntry) -> State:
    return entry_state(
        entry.context, entry.msgid, entry_translation(entry), entry.fuzzy, entry.user_comments
    )[0]


def select(po: PoFile, selectors: Sequence[str], records: Sequence[str]) -> Selection:
    """The active entries that `selectors` (contexts or glob patterns) and `records` name.

    A record selects every entry of the record and the records inside it: ``towns/sijing``
    takes the town and its halls and bases.
    """
    chosen: list[PoEntry] = []
    outcome = Selection()
    keys = [entry_key(e) for e in po.messages]
    for selector in selectors:
        if any(c in selector for c in "*?["):
            found = [e for e in po.messages if fnmatch.fnmatchcase(entry_key(e), selector)]
        else:
            found = [e for e in po.messages if entry_key(e) == selector]
        if not found:
            guess = difflib.get_close_matches(selector, keys, n=1, cutoff=0.6)
            outcome.unknown.append((selector, guess[0] if guess else None))
        chosen.extend(found)
    for record in records:
        record = record.rstrip("/")
        found = [
            e
            for e in po.messages
            if e.context is not None
            and (
                e.context.split(":", 1)[0] == record
                or e.context.split(":", 1)[0].startswith(record + "/")
            )
        ]
        if not found:
            records_known = sorted({k.split(":", 1)[0] for k in keys})
            guess = difflib.get_close_matches(record, records_known, n=1, cutoff=0.6)
            outcome.unknown.append((record, guess[0] if guess else None))
        chosen.extend(found)
    unique = {id(e): e for e in chosen}
    outcome.keys = [entry_key(e) for e in sorted(unique.values(), key=lambda e: e.first_line)]
    return outcome


def stamp_reviews(po: PoFile, chosen: Sequence[str], by: str, on: date) -> Stamped:
    """Mark the entries named in `chosen` (entry keys) reviewed by `by` on `on`.

    Untranslated and fuzzy entries are refused, each with a problem at its line; then
    nothing is written (`text` is None), so a review is all or nothing.
    """
    outcome = Stamped(None)
    wanted = set(chosen)
    entries = [e for e in po.messages if entry_key(e) in wanted]
    for entry in entries:
        state = entry_status(entry)
        if state is State.UNTRANSLATED:
            outcome.refused.append(
                _refusal(po, entry, _("not translated yet: there is nothing to review"))
            )
        elif state is State.FUZZY:
            outcome.refused.append(
                _refusal(
                    po,
                    entry,
                    _("fuzzy: the Chinese source changed since this was translated"),
                    _("update the translation, remove the fuzzy flag, then review it"),
                )
            )
    if outcome.refused:
        return outcome
    lines = list(po.lines)
    # Edit from the bottom up so that the line numbers of entries above stay right.
    for entry in sorted(entries, key=lambda e: e.first_line, reverse=True):
        mark = review_comment(entry.context, entry.msgid, entry_translation(entry), by, on)
        old_marks = [line for line, text in entry.comments if is_review_comment(text)]
        kept = [line for line, text in entry.comments if not is_review_comment(text)]
        for line in sorted(old_marks, reverse=True):
            del lines[line - 1]
        # Translator comments come first in an entry; the mark goes after the last of them.
        insert_at = entry.first_line - 1
        if kept:
            insert_at = max(kept) - sum(1 for line in old_marks if line < max(kept))
        lines.insert(insert_at, f"# {mark}")
        outcome.stamped.append(entry_key(entry))
    outcome.stamped.reverse()
    text = "\n".join(lines)
    _verify(text, po.file, set(outcome.stamped))
    outcome.text = text.encode("utf-8")
    return outcome


def check_reviewer(name: str) -> str | None:
    """Why a reviewer's name cannot be used, or None when it can.

    >>> check_reviewer("卓玛"), check_reviewer("a [b]")
    (None, 'the name must not contain [ or ]')
    """
    if not name.strip():
        return _("the name must not be empty")
    if any(c in name for c in "[]\n\r"):
        return _("the name must not contain [ or ]")
    if len(name) > MAX_REVIEWER:
        return _("the name must be at most {limit} characters (it is {length})").format(
            limit=MAX_REVIEWER, length=len(name)
        )
    return None


def _refusal(po: PoFile, entry: PoEntry, message: str, hint: str | None = None) -> Problem:
    line = entry.line("msgctxt") if entry.context is not None else entry.line("msgid")
    return Problem(po.file, line, 1, entry_key(entry), message, hint)


def _verify(text: str, display: str, stamped: set[str]) -> None:
    """Read the edited file back: every stamped entry must now count as reviewed."""
    po, problems = parse_po(text, display)
    states = {entry_key(e): entry_status(e) for e in po.messages}
    wrong = sorted(k for k in stamped if states.get(k) is not State.REVIEWED)
    if problems or wrong:
        raise RuntimeError(f"review stamping broke {display}: {problems or wrong}")
