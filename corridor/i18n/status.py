"""How far each language is: counts of reviewed, unreviewed, fuzzy and untranslated strings.

Counts are of the messages the records and templates have now (the live template), looked up
the way pages and signs look them up: an entry missing from the catalogue, or whose Chinese
source has changed without `corridor i18n update`, counts as untranslated, because that is
what a reader would see.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

from babel.messages.catalog import Catalog, Message

from corridor.i18n.catalogues import State, message_state
from corridor.speech import N_, _, display_width, language_name, ljust, rjust


@dataclass(slots=True)
class Counts:
    total: int = 0
    reviewed: int = 0
    unreviewed: int = 0
    machine: int = 0  # of the unreviewed: made by machine
    fuzzy: int = 0
    untranslated: int = 0

    def add(self, state: State, machine: bool) -> None:
        self.total += 1
        if state is State.REVIEWED:
            self.reviewed += 1
        elif state is State.UNREVIEWED:
            self.unreviewed += 1
            self.machine += machine
        elif state is State.FUZZY:
            self.fuzzy += 1
        else:
            self.untranslated += 1

    @property
    def reviewed_percent(self) -> float:
        """The share of strings a reader sees reviewed, 0–100 (100 when there are none)."""
        return round(100 * self.reviewed / self.total, 1) if self.total else 100.0

    def as_data(self) -> dict[str, Any]:
        """The counts and the reviewed share, for `--format json`."""
        return {**asdict(self), "reviewed_percent": self.reviewed_percent}


COLUMNS = [f.name for f in fields(Counts)]
# The column headings people read (the names above are the data's).
HEADINGS = {
    "total": N_("total"),
    "reviewed": N_("reviewed"),
    "unreviewed": N_("unreviewed"),
    "machine": N_("machine"),
    "fuzzy": N_("fuzzy"),
    "untranslated": N_("untranslated"),
}


def message_group(message: Message) -> str:
    """Which record (or template file) a message belongs to, for `status --by-record`.

    >>> message_group(Message("甲镇", context="towns/a/halls/b:name", locations=[("sites/x", 1)]))
    'towns/a/halls/b'
    >>> message_group(Message("首页", locations=[("templates/pages/x.md.j2", 3)]))
    'templates/pages/x.md.j2'
    """
    first_file = message.locations[0][0] if message.locations else ""
    if message.context and first_file.startswith("sites/"):
        return message.context.split(":", 1)[0]
    return first_file or "(unknown)"


def catalogue_counts(template: Catalog, catalog: Catalog | None) -> dict[str, Counts]:
    """Counts per record, in template order, for one language."""
    groups: dict[str, Counts] = {}
    for wanted in template:
        if not wanted.id:
            continue
        found = catalog.get(wanted.id, context=wanted.context) if catalog is not None else None
        state, _, machine = (
            message_state(found) if found is not None else (State.UNTRANSLATED, None, False)
        )
        groups.setdefault(message_group(wanted), Counts()).add(state, machine)
    return groups


def total(groups: Iterable[Counts]) -> Counts:
    result = Counts()
    for counts in groups:
        for name in COLUMNS:
            setattr(result, name, getattr(result, name) + getattr(counts, name))
    return result


def render_table(first_column: str, rows: Sequence[tuple[str, Counts]]) -> list[str]:
    """A plain-text table: a label column, then the counts right-aligned.

    >>> print("\\n".join(render_table("language", [("bo", Counts(2, 1, 1, 1, 0, 0))])))
    language  total  reviewed  unreviewed  machine  fuzzy  untranslated  reviewed %
    bo            2         1           1        1      0             0          50
    """
    # Widths in terminal columns: a Chinese heading is twice as wide as its characters.
    headings = [_(HEADINGS[name]) for name in COLUMNS]
    share = _("reviewed %")
    width = max([display_width(first_column), *(display_width(label) for label, _c in rows)])
    header = "  ".join([ljust(first_column, width), *headings, share])
    lines = [header]
    for label, counts in rows:
        cells = [
            rjust(str(getattr(counts, name)), display_width(heading))
            for name, heading in zip(COLUMNS, headings, strict=True)
        ]
        cells.append(rjust(f"{counts.reviewed_percent:g}", display_width(share)))
        lines.append("  ".join([ljust(label, width), *cells]))
    return lines


def language_label(lang: str) -> str:
    """How a language is named in tables.

    >>> language_label("bo")
    'bo (Tibetan)'
    """
    return _("{code} ({name})").format(code=lang, name=language_name(lang))
