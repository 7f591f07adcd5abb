"""Problems in user input (records, catalogues, config), as data, rendered in one place.

The core never prints and never raises on bad user data: it returns `Problem`s, and the CLI
and the mkdocs plugin present them. The text format is the compiler convention editors'
tools already understand::

    sites/towns/shiyang.yml:14:7: halls[1].opening.close: expected HH:MM, got "5pm"
      hint: write the time as 17:00
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from enum import StrEnum

from corridor.speech import _, ngettext


class Severity(StrEnum):
    ERROR = "error"
    # Content still in progress: previews go on, strict builds refuse it.
    WARNING = "warning"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with one place in one input file.

    `file` is a POSIX path relative to the project root, so messages read the same on every
    machine; `line` and `column` are 1-based; `field` is a dotted path such as
    ``halls[1].opening.close`` or empty when the problem is about the whole file.
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    hint: str | None = None
    severity: Severity = Severity.ERROR

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR

    def render(self) -> str:
        """The problem as the editor reads it, with the hint on its own indented line.

        >>> Problem("sites/a.yml", 3, 1, "name", "duplicate key").render()
        'sites/a.yml:3:1: name: duplicate key'
        >>> Problem("a.yml", 1, 2, "", "tab", hint="use spaces", severity=Severity.WARNING).render()
        'a.yml:1:2: warning: tab\\n  hint: use spaces'
        """
        where = f"{self.file}:{self.line}:{self.column}:"
        field = f" {self.field}:" if self.field else ""
        message = self.message
        if self.severity is Severity.WARNING:
            message = _("warning: {message}").format(message=message)
        text = f"{where}{field} {message}"
        if not self.hint:
            return text
        return f"{text}\n  " + _("hint: {hint}").format(hint=self.hint)


def sort_problems(problems: Iterable[Problem]) -> list[Problem]:
    """Problems in reading order: by file, then line and column, errors before warnings."""
    return sorted(
        problems,
        key=lambda p: (p.file, p.line, p.column, p.severity is Severity.WARNING, p.field),
    )


def field_path(location: Sequence[str | int]) -> str:
    """A field path for messages from a tuple of keys and list indexes.

    >>> field_path(("halls", 1, "opening", "close"))
    'halls[1].opening.close'
    >>> field_path(())
    ''
    """
    text = ""
    for part in location:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text


def summary(problems: Sequence[Problem], files_checked: int) -> str:
    """One line counting what a check found, e.g. ``2 errors, 1 warning in 5 files``."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return _("{errors}, {warnings} in {files}").format(
        errors=ngettext("{n} error", "{n} errors", errors).format(n=errors),
        warnings=ngettext("{n} warning", "{n} warnings", warnings).format(n=warnings),
        files=ngettext("{n} file", "{n} files", files_checked).format(n=files_checked),
    )


def to_json(problems: Sequence[Problem], files_checked: int) -> str:
    """Problems for editor integrations: a stable, documented JSON document.

    The keys, `severity` ("error"/"warning"), files, lines, columns and fields never change
    with the locale; `message` and `hint` are the sentences people read, in the editor's
    language like the text output (run with LC_ALL=C.UTF-8 for English).
    """
    return json.dumps(
        {
            "files_checked": files_checked,
            "errors": sum(p.is_error for p in problems),
            "warnings": sum(not p.is_error for p in problems),
            "problems": [asdict(p) for p in problems],
        },
        ensure_ascii=False,
        indent=2,
    )
