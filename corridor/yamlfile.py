"""Reading one YAML file safely, remembering where every key and value stands.

PyYAML alone is too trusting for files that editors write by hand: it keeps the last of two
duplicate keys without a word, honours `!!python/...` tags, expands aliases without bound and
guesses types (`9:30` is the number 570 in YAML 1.1). So we compose the node tree ourselves:

* tags, anchors and aliases are refused (no tag is needed by our schema, and refusing aliases
  removes alias bombs at the root);
* every scalar stays the text the editor typed (plain `~`/`null`/empty become None); the
  schema, not YAML, decides whether a field is a number, a time or a code;
* the position of every key and value is kept, so a problem found later by the schema or by a
  cross-record check still points at a file, line and column.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.constructor
import yaml.cyaml
import yaml.resolver

from corridor.problems import Problem, Severity, field_path
from corridor.projectfiles import read_bytes
from corridor.speech import N_, _

# An editor's record is a page of text; anything larger is a mistake or an attack.
MAX_BYTES = 1024 * 1024
_NULL = re.compile(r"^(?:~|null|Null|NULL|)$")
# Invisible characters that make two identical-looking strings differ (and break search).
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"

Location = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Position:
    line: int
    column: int


@dataclass(slots=True)
class YamlDocument:
    """A YAML file as plain Python data plus the position of every key and value."""

    file: str
    data: Any
    values: dict[Location, Position] = field(default_factory=dict)
    keys: dict[Location, Position] = field(default_factory=dict)

    def position(self, location: Sequence[str | int]) -> Position:
        """Where the value at `location` stands, or its nearest enclosing value that exists.

        A missing field is reported at the mapping that should hold it.
        """
        loc = tuple(location)
        while loc:
            if loc in self.values:
                return self.values[loc]
            loc = loc[:-1]
        return self.values.get((), Position(1, 1))

    def key_position(self, location: Sequence[str | int]) -> Position:
        """Where the key of the entry at `location` stands (for unknown or duplicate keys)."""
        return self.keys.get(tuple(location)) or self.position(location)

    def problem(
        self,
        location: Sequence[str | int],
        message: str,
        hint: str | None = None,
        severity: Severity = Severity.ERROR,
        *,
        at_key: bool = False,
    ) -> Problem:
        """A problem pointing at the value (or the key) at `location` in this file."""
        pos = self.key_position(location) if at_key else self.position(location)
        return Problem(
            self.file, pos.line, pos.column, field_path(location), message, hint, severity
        )


class _RefusedError(Exception):
    """A construct we never accept, found while composing."""

    def __init__(self, mark: Any, message: str, hint: str) -> None:
        super().__init__(message)
        self.mark = mark
        self.message = message
        self.hint = hint


class _StrictComposer(yaml.composer.Composer):
    """PyYAML's composer, refusing tags, anchors and aliases before any node is built."""

    # Provided by the parser the composer is mixed with (PyYAML's or libyaml's).
    peek_event: Callable[[], Any]

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _RefusedError(
                event.start_mark,
                _("YAML aliases (*{anchor}) are not allowed").format(anchor=event.anchor),
                _("write the value out in full"),
            )
        if getattr(event, "anchor", None):
            raise _RefusedError(
                event.start_mark,
                _("YAML anchors (&{anchor}) are not allowed").format(anchor=event.anchor),
                _("remove the anchor and write values out in full"),
            )
        tag = getattr(event, "tag", None)
        if tag is not None:
            raise _RefusedError(
                event.start_mark,
                _("YAML tags such as {tag} are not allowed").format(
                    tag=tag.replace("tag:yaml.org,2002:", "!!")
                ),
                _("remove the tag: the schema decides each field's type"),
            )
        return super().compose_node(parent, index)


class _StrictLoader(_StrictComposer, yaml.SafeLoader):
    """Pure-Python reading: the exact error messages and positions editors see."""


if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _FastStrictLoader(
        _StrictComposer,
        CParser,
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml scans and parses (the pure-Python scanner is most of the time spent
        reading records); our strict composer, the same as `_StrictLoader`'s, builds the
        nodes from its events, so the result is the same node tree."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            _StrictComposer.__init__(self)

        def compose_scalar_node(self, anchor: Any) -> yaml.ScalarNode:
            node = super().compose_scalar_node(anchor)
            # libyaml calls the plain style "", PyYAML None.
            if node.style == "":
                node.style = None
            return node


# Where libyaml and PyYAML disagree (found by comparing both on mutated records): libyaml
# accepts tabs and `?` in places PyYAML refuses, and counts columns differently after a
# U+FEFF inside the text. Files holding any of them are read by PyYAML alone.
_PYTHON_ONLY = re.compile("[\t?\ufeff]")


def _compose(text: str) -> yaml.Node | None:
    """The node tree of `text`, the same as PyYAML's; errors always come from PyYAML.

    libyaml's messages and marks differ from PyYAML's, and editors are shown PyYAML's: a
    file libyaml cannot read is read again in Python, which raises the familiar error.
    """
    if yaml.__with_libyaml__ and not _PYTHON_ONLY.search(text):
        try:
            return yaml.compose(text, Loader=_FastStrictLoader)  # type: ignore[arg-type]
        except (yaml.YAMLError, _RefusedError, RecursionError):
            pass
    return yaml.compose(text, Loader=_StrictLoader)


def read_yaml(path: Path, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Read one YAML file; every problem is reported, none is raised.

    Args:
        path: the file on disk.
        display: how messages name it, e.g. ``sites/towns/shiyang.yml``.

    Returns:
        The document (None when it cannot be read at all) and the problems found.
    """
    raw, unreadable = read_bytes(path, display)
    if raw is None:
        return None, [unreadable] if unreadable else []
    if len(raw) > MAX_BYTES:
        return None, [
            Problem(
                display,
                1,
                1,
                "",
                _("the file is {size} bytes; records may be at most {limit} bytes").format(
                    size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}"
                ),
                _("split it, or check that nothing was pasted into it by mistake"),
            )
        ]
    text, problem = _decode(raw, display)
    if text is None:
        return None, [problem] if problem else []
    return parse_yaml(text, display)


def parse_yaml(text: str, display: str) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse YAML text (already decoded) into a positioned document."""
    try:
        node = _compose(text)
    except _RefusedError as refused:
        return None, [_at_mark(display, refused.mark, refused.message, refused.hint)]
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        # PyYAML's words: its common phrases are in our catalogue (PYYAML_PHRASES), others
        # (with a character or token in them) stay as PyYAML says them.
        said = error.problem or error.context or "?"
        reason = _(said)
        if error.context and error.problem:
            reason = _("{problem} ({context})").format(
                problem=_(error.problem), context=_(error.context)
            )
        message = _("YAML syntax error: {reason}").format(reason=reason)
        return None, [_at_mark(display, mark, message, _syntax_hint(error))]
    except yaml.reader.ReaderError as error:
        line, column = _line_column(text, error.position)
        return None, [
            Problem(
                display,
                line,
                column,
                "",
                _("the file contains the control character {code}").format(
                    code=f"U+{error.character:04X}"
                ),
                _("delete it: it is invisible in most editors"),
            )
        ]
    except RecursionError:
        return None, [Problem(display, 1, 1, "", _("the YAML is nested too deeply to be a record"))]
    document = YamlDocument(display, None)
    problems: list[Problem] = []
    if node is not None:
        document.data = _convert(node, (), document, problems)
    return document, problems


# PyYAML's fixed phrases for mistakes editors make, so they reach the catalogue.
PYYAML_PHRASES = (
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("found unexpected end of stream"),
    N_("but found another document"),
    N_("expected a single document in the stream"),
    N_("sequence entries are not allowed here"),
    N_("mapping keys are not allowed here"),
    N_("found unexpected document separator"),
    N_("invalid indentation or unclosed '[' or '{'"),
    N_("found character '\\t' that cannot start any token"),
    N_("while scanning a simple key"),
    N_("while scanning for the next token"),
    N_("while scanning a quoted scalar"),
    N_("while scanning a double-quoted scalar"),
    N_("while scanning a block scalar"),
    N_("while parsing a block mapping"),
    N_("while parsing a block collection"),
    N_("while parsing a flow mapping"),
    N_("while parsing a flow sequence"),
    N_("while parsing a node"),
)


def _decode(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    """UTF-8 text of a file, accepting the BOM and CRLF that Windows editors write."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        hint = _("save the file as UTF-8")
        try:
            raw.decode("gbk")
            hint = _("it decodes as GBK (common from Windows editors in China): save it as UTF-8")
        except UnicodeDecodeError:
            pass
        return None, Problem(display, line, column, "", _("the file is not valid UTF-8"), hint)
    return text.removeprefix("\ufeff").replace("\r\n", "\n"), None


def _convert(
    node: yaml.Node, location: Location, document: YamlDocument, problems: list[Problem]
) -> Any:
    document.values[location] = _position(node.start_mark)
    if isinstance(node, yaml.ScalarNode):
        if node.style is None and _NULL.match(node.value):
            return None
        _check_text(node, location, document, problems)
        # A block scalar's final line break is YAML syntax, not part of the text (it would
        # otherwise become part of every translation's msgid).
        return node.value.rstrip("\n") if node.style in ("|", ">") else node.value
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(child, (*location, index), document, problems)
            for index, child in enumerate(node.value)
        ]
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            problems.append(
                _at_mark(document.file, key_node.start_mark, _("a key must be a plain word"))
            )
            continue
        key = key_node.value
        here = (*location, key)
        if key in mapping:
            first = document.keys[here]
            problems.append(
                _at_mark(
                    document.file,
                    key_node.start_mark,
                    _("duplicate key (first defined on line {line})").format(line=first.line),
                    _("keep one of the two: YAML would silently use only the last"),
                    field=field_path(here),
                )
            )
            continue
        document.keys[here] = _position(key_node.start_mark)
        mapping[key] = _convert(value_node, here, document, problems)
    return mapping


def _check_text(
    node: yaml.ScalarNode, location: Location, document: YamlDocument, problems: list[Problem]
) -> None:
    """Warn about text that looks the same as intended but is not."""
    text = node.value.rstrip("\n") if node.style in ("|", ">") else node.value
    if text != text.strip():
        problems.append(
            document.problem(
                location,
                _("leading or trailing whitespace"),
                _("remove it"),
                Severity.WARNING,
            )
        )
    invisible = sorted({c for c in text if c in _INVISIBLE})
    if invisible:
        names = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, '')}".strip() for c in invisible)
        problems.append(
            document.problem(
                location,
                _("invisible characters in the text: {names}").format(names=names),
                _("delete them: they make identical-looking text differ and break search"),
                Severity.WARNING,
            )
        )


def _syntax_hint(error: yaml.MarkedYAMLError) -> str | None:
    problem = error.problem or ""
    if "found character '\\t'" in problem:
        return _("indent with spaces, not tabs")
    if "mapping values are not allowed" in problem:
        return _("a value containing ': ' must be quoted")
    if "expected a single document" in (error.context or "") + problem:
        return _("a record file holds one document: remove the extra '---'")
    return None


def _position(mark: yaml.Mark) -> Position:
    return Position(mark.line + 1, mark.column + 1)


def _at_mark(
    display: str,
    mark: yaml.Mark | None,
    message: str,
    hint: str | None = None,
    *,
    field: str = "",
) -> Problem:
    pos = _position(mark) if mark else Position(1, 1)
    return Problem(display, pos.line, pos.column, field, message, hint)


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1
