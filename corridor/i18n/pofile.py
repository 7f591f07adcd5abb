"""Reading `.po` files strictly, with the line of everything, and editing them in place.

Babel's `read_po` is lenient on purpose: it accepts an unterminated string, keeps the last of
two duplicate entries without a word and reports errors at line 0. Translators' files need
the opposite: every defect at its line, in words a translator understands. This module is the
strict reader (`parse_po`) that `corridor check` and the `corridor i18n` commands run before
Babel ever sees a file. It also keeps the file's lines, so that `corridor i18n review` can add
one comment line and leave every other byte as the translator's tool wrote it.

The grammar is GNU gettext's (PO format, "The Format of PO Files" in the gettext manual):
comments, then optional ``msgctxt``, ``msgid``, optional ``msgid_plural``, then ``msgstr`` or
``msgstr[N]``; strings are C-quoted and may continue on following lines; ``#~`` marks an
obsolete entry.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from corridor.problems import Problem
from corridor.speech import N_, _

_KEYWORD = re.compile(r"^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)(?=\s|\"|$)(.*)$")
HEADER_FIELD = re.compile(r"^([A-Za-z][A-Za-z0-9-]*):\s*(.*)$")
_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_ESCAPES.update({"\\": "\\", '"': '"'})
# A catalogue of this corridor is some 100 kB; anything this large is a mistake.
MAX_BYTES = 16 * 1024 * 1024
_ORDER = N_("the order is msgctxt, msgid, msgid_plural, then msgstr[0], msgstr[1]…")
_STRING_HINT = N_(
    'close the text with " on the same line; continue it on the next line in a new "…"'
)


@dataclass(frozen=True, slots=True)
class PoString:
    """One quoted string of a field, where it stands, and its text with escapes resolved."""

    line: int
    column: int
    text: str


@dataclass(slots=True)
class PoEntry:
    """One entry of a `.po` file with the line of each part.

    `comments` are translator comments (``# …``) as (line, text without "# ") pairs: they
    carry the review state (see `corridor.i18n.catalogues`).
    """

    first_line: int
    last_line: int = 0
    obsolete: bool = False
    comments: list[tuple[int, str]] = field(default_factory=list)
    extracted: list[str] = field(default_factory=list)
    references: list[str] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    fields: dict[str, list[PoString]] = field(default_factory=dict)
    # "#| msgid …": the source before it changed, shown to the translator of a fuzzy entry.
    previous: dict[str, list[PoString]] = field(default_factory=dict)

    def text(self, name: str) -> str | None:
        """The whole text of a field (``msgctxt``, ``msgid``, ``msgstr``, ``msgstr[1]``…)."""
        parts = self.fields.get(name)
        return None if parts is None else "".join(p.text for p in parts)

    def line(self, name: str) -> int:
        """The line of a field's keyword, or of the entry's start when it has none."""
        parts = self.fields.get(name)
        return parts[0].line if parts else self.first_line

    @property
    def context(self) -> str | None:
        return self.text("msgctxt")

    @property
    def previous_msgid(self) -> str | None:
        parts = self.previous.get("msgid")
        return None if parts is None else "".join(p.text for p in parts)

    @property
    def msgid(self) -> str:
        return self.text("msgid") or ""

    @property
    def plural(self) -> bool:
        return "msgid_plural" in self.fields

    @property
    def translations(self) -> list[str]:
        """msgstr, or msgstr[0], msgstr[1]… of a plural entry."""
        if not self.plural:
            return [self.text("msgstr") or ""]
        return [self.text(f"msgstr[{n}]") or "" for n in range(self._plural_count())]

    @property
    def translation(self) -> str:
        return self.translations[0]

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def is_header(self) -> bool:
        return not self.obsolete and self.msgid == "" and self.context is None

    @property
    def user_comments(self) -> list[str]:
        return [text for _, text in self.comments]

    def translation_line(self, offset: int, name: str = "msgstr") -> int:
        """The line holding character `offset` of a (translation) field's text.

        A long translation spreads over several quoted lines; a problem inside it should
        point at the line a translator sees it on.
        """
        name = "msgstr[0]" if self.plural and name == "msgstr" else name
        start = 0
        parts = self.fields.get(name, [])
        for part in parts:
            if offset < start + len(part.text):
                return part.line
            start += len(part.text)
        return parts[-1].line if parts else self.first_line

    def _plural_count(self) -> int:
        return sum(1 for name in self.fields if name.startswith("msgstr["))


@dataclass(slots=True)
class PoFile:
    """A parsed `.po` file: its lines exactly as read, and its entries."""

    file: str
    lines: list[str]
    entries: list[PoEntry]

    @property
    def header(self) -> PoEntry | None:
        return next((e for e in self.entries if e.is_header), None)

    @property
    def messages(self) -> list[PoEntry]:
        """Active entries (not the header, not obsolete)."""
        return [e for e in self.entries if not e.obsolete and not e.is_header]

    def header_fields(self) -> dict[str, tuple[str, int]]:
        """Header fields as name → (value, line); malformed lines are left out."""
        fields: dict[str, tuple[str, int]] = {}
        header = self.header
        if header is None:
            return fields
        for line_text, line in header_lines(header):
            match = HEADER_FIELD.match(line_text)
            if match:
                fields.setdefault(match[1], (match[2].strip(), line))
        return fields

    def header_text(self) -> str:
        """The header entry and the comments above it, exactly as written."""
        header = self.header
        if header is None:
            return ""
        return "\n".join(self.lines[: header.last_line]) + "\n"


def decode_po(raw: bytes, display: str) -> tuple[str | None, Problem | None]:
    """The text of a `.po` file, which must be UTF-8.

    >>> problem = decode_po('msgid "甲"'.encode("gbk"), "x.po")[1]
    >>> problem.line, problem.column, problem.hint.split(":")[0]
    (1, 8, 'it decodes as GBK (common from Windows editors in China)')
    """
    if len(raw) > MAX_BYTES:
        return None, Problem(
            display,
            1,
            1,
            "",
            _("the file is {size} bytes; catalogues may be at most {limit} bytes").format(
                size=f"{len(raw):,}", limit=f"{MAX_BYTES:,}"
            ),
            _("check that nothing was pasted into it by mistake"),
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = len(raw[raw.rfind(b"\n", 0, error.start) + 1 : error.start]) + 1
        hint = _('save it as UTF-8 and keep "charset=UTF-8" in its header')
        try:
            raw.decode("gbk")
            hint = _("it decodes as GBK (common from Windows editors in China): {hint}").format(
                hint=hint
            )
        except UnicodeDecodeError:
            pass
        return None, Problem(display, line, column, "", _("the catalogue is not valid UTF-8"), hint)
    if text.startswith("\ufeff"):
        return None, Problem(
            display,
            1,
            1,
            "",
            _("the catalogue starts with a byte-order mark (BOM), which GNU gettext rejects"),
            _("save it as UTF-8 without BOM"),
        )
    return text.replace("\r\n", "\n"), None


def parse_po(text: str, display: str) -> tuple[PoFile, list[Problem]]:
    """Parse a `.po` file's text; every syntax error is a problem at its line and column."""
    parser = _Parser(display, text.split("\n"))
    parser.run()
    return PoFile(display, parser.lines, parser.entries), parser.problems


def render_lines(lines: list[str]) -> bytes:
    return "\n".join(lines).encode("utf-8")


class _Parser:
    def __init__(self, display: str, lines: list[str]) -> None:
        self.display = display
        self.lines = lines
        self.entries: list[PoEntry] = []
        self.problems: list[Problem] = []
        self.entry: PoEntry | None = None
        self.current_field: str | None = None
        self.previous_field: str | None = None
        self.broken: PoEntry | None = None

    def error(
        self,
        line: int,
        column: int,
        message: str,
        hint: str | None = None,
        entry: PoEntry | None = None,
    ) -> None:
        entry = entry or self.entry
        # The field is the entry's msgctxt once it has been read, as for every other problem.
        field = (entry.context or "") if entry is not None else ""
        self.problems.append(Problem(self.display, line, column, field, message, hint))
        # One defect, one message: an entry already reported is not reported again.
        self.broken = self.entry

    def run(self) -> None:
        for number, raw in enumerate(self.lines, start=1):
            self.line(number, raw.rstrip("\r"))
        # A file ends with a newline, so the last "line" is usually empty.
        self.finish(len(self.lines))
        if not self.problems:
            self.duplicates()

    def line(self, number: int, text: str) -> None:
        stripped = text.strip()
        if not stripped:
            self.current_field = None
            return
        if stripped.startswith("#~"):
            rest = stripped[2:].lstrip()
            if not rest or rest.startswith("|"):
                return  # previous-msgid comment of an obsolete entry
            self.field_line(number, rest, text.index(rest) + 1, obsolete=True)
            return
        if stripped.startswith("#"):
            self.comment(number, stripped)
            return
        self.field_line(number, stripped, text.index(stripped) + 1, obsolete=False)

    def comment(self, number: int, text: str) -> None:
        entry = self.entry
        # A comment starts the next entry (an entry still without msgstr is reported).
        if entry is not None and entry.fields:
            self.finish(number - 1)
            entry = None
        if entry is None:
            entry = self.entry = PoEntry(first_line=number)
        kind = text[1:2]
        body = text[2:].strip() if kind in (".", ":", ",", "|") else text[1:].strip()
        if kind == ".":
            entry.extracted.append(body)
        elif kind == ":":
            entry.references.extend(body.split())
        elif kind == ",":
            entry.flags.extend(f.strip() for f in body.split(",") if f.strip())
        elif kind == "|":
            self.previous(entry, number, text.index(body) + 1 if body else 1, body)
        else:
            entry.comments.append((number, body))

    def previous(self, entry: PoEntry, number: int, column: int, body: str) -> None:
        """One "#| …" line: a field of the entry's previous source, or its continuation."""
        match = _KEYWORD.match(body)
        if match is not None:
            self.previous_field = match[1]
            rest = match[3]
            column += len(match[1]) + len(rest) - len(rest.lstrip())
            entry.previous[match[1]] = self.strings(number, column, rest.strip()) or []
        elif body.startswith('"') and self.previous_field in entry.previous:
            entry.previous[self.previous_field].extend(self.strings(number, column, body) or [])

    def field_line(self, number: int, text: str, column: int, *, obsolete: bool) -> None:
        if text.startswith('"'):
            if self.entry is None or self.current_field is None:
                self.error(
                    number,
                    column,
                    _("a quoted string outside any msgid or msgstr"),
                    _("a continued string goes directly below its msgid/msgstr line"),
                )
                return
            strings = self.strings(number, column, text)
            self.entry.fields[self.current_field].extend(strings or [])
            return
        match = _KEYWORD.match(text)
        if match is None:
            word = text.split()[0]
            self.error(
                number,
                column,
                _('unknown keyword "{word}"').format(word=word),
                _(
                    "an entry has msgctxt, msgid, msgid_plural and msgstr lines; comments start "
                    "with #"
                ),
            )
            return
        keyword, rest = match[1], match[3]
        entry = self.start_field(number, column, keyword, obsolete)
        if entry is None:
            return
        rest_column = column + len(keyword) + (len(rest) - len(rest.lstrip()))
        if not rest.strip():
            self.error(
                number,
                column,
                _("{keyword} needs a quoted string").format(keyword=keyword),
                _('write {keyword} ""').format(keyword=keyword),
            )
            return
        strings = self.strings(number, rest_column, rest.strip())
        entry.fields[keyword] = strings or []
        self.current_field = keyword

    def start_field(self, number: int, column: int, keyword: str, obsolete: bool) -> PoEntry | None:
        """The entry a keyword belongs to, after checking it comes in the right order."""
        entry = self.entry
        starts_entry = keyword == "msgctxt" or (
            keyword == "msgid"
            and entry is not None
            and ("msgid" in entry.fields or self.complete(entry))
        )
        if (
            entry is not None
            and entry.fields
            and (starts_entry or (self.complete(entry) and not keyword.startswith("msgstr[")))
        ):
            self.finish(number - 1)
            entry = None
        if entry is None:
            entry = self.entry = PoEntry(first_line=number)
        if not entry.fields:
            entry.obsolete = obsolete
        have = entry.fields
        problem: tuple[str, str | None] | None = None
        if keyword in have:
            problem = (
                _("{keyword} appears twice in one entry").format(keyword=keyword),
                _("an entry has one msgid and one msgstr; separate entries with a blank line"),
            )
        elif keyword not in ("msgctxt", "msgid") and "msgid" not in have:
            problem = (
                _("{keyword} without a msgid before it").format(keyword=keyword),
                _('every entry starts msgid "…"'),
            )
        elif keyword == "msgid_plural" and any(k.startswith("msgstr") for k in have):
            problem = (_("msgid_plural must come before msgstr"), _(_ORDER))
        elif keyword == "msgstr" and "msgid_plural" in have:
            problem = (
                _("a plural entry (msgid_plural) needs msgstr[0], msgstr[1]…, not msgstr"),
                _(_ORDER),
            )
        elif keyword.startswith("msgstr["):
            index = int(keyword[7:-1])
            expected = sum(1 for k in have if k.startswith("msgstr["))
            if "msgid_plural" not in have:
                problem = (
                    _("{keyword} in an entry without msgid_plural").format(keyword=keyword),
                    _("write msgstr"),
                )
            elif index != expected:
                problem = (
                    _("expected {expected} here, found {keyword}").format(
                        expected=f"msgstr[{expected}]", keyword=keyword
                    ),
                    _(_ORDER),
                )
        if problem is not None:
            self.error(number, column, *problem)
            return None
        return entry

    @staticmethod
    def complete(entry: PoEntry) -> bool:
        return "msgstr" in entry.fields or "msgstr[0]" in entry.fields

    def finish(self, last_line: int) -> None:
        entry, self.entry, self.current_field = self.entry, None, None
        if entry is None:
            return
        if not entry.fields:
            return  # comments after the last entry: nothing to keep
        entry.last_line = last_line
        while entry.last_line > entry.first_line and not self.lines[entry.last_line - 1].strip():
            entry.last_line -= 1
        if not self.complete(entry):
            if self.broken is not entry:
                start = entry.fields.get("msgid") or next(iter(entry.fields.values()))
                line = start[0].line if start else entry.first_line
                self.error(
                    line,
                    1,
                    _("this msgid has no msgstr"),
                    _('add a msgstr line after it (msgstr "" when not translated yet)'),
                    entry,
                )
            return
        self.entries.append(entry)

    def strings(self, number: int, column: int, text: str) -> list[PoString] | None:
        """The quoted strings on one line; a problem (and None) when they are malformed."""
        found: list[PoString] = []
        position = 0
        while position < len(text):
            if text[position] in " \t":
                position += 1
                continue
            if text[position] != '"':
                self.error(
                    number,
                    column + position,
                    _("unexpected text after the string: {text}").format(text=text[position:][:20]),
                    _('a " inside a string is written \\"'),
                )
                return None
            start = position
            position += 1
            chars: list[str] = []
            while position < len(text) and text[position] != '"':
                char = text[position]
                if char == "\\":
                    escaped, position = self.escape(number, column, text, position)
                    if escaped is None:
                        return None
                    chars.append(escaped)
                    continue
                chars.append(char)
                position += 1
            if position >= len(text):
                self.error(
                    number,
                    column + start,
                    _("unterminated string: the closing quote is missing"),
                    _(_STRING_HINT),
                )
                return None
            position += 1
            found.append(PoString(number, column + start, "".join(chars)))
        return found

    def escape(self, number: int, column: int, text: str, at: int) -> tuple[str | None, int]:
        """Resolve the escape sequence starting at the backslash at `at`."""
        following = text[at + 1 : at + 2]
        if following in _ESCAPES:
            return _ESCAPES[following], at + 2
        octal = re.match(r"[0-7]{1,3}", text[at + 1 :])
        if octal:
            return chr(int(octal[0], 8)), at + 1 + len(octal[0])
        hexadecimal = re.match(r"x([0-9A-Fa-f]{1,2})", text[at + 1 :])
        if hexadecimal:
            return chr(int(hexadecimal[1], 16)), at + 1 + len(hexadecimal[0])
        if not following:
            message = _("unterminated string: the line ends with a backslash")
        else:
            message = _("unknown escape sequence {sequence}").format(sequence=f"\\{following}")
        self.error(number, column + at, message, _('write a backslash as \\\\ and a quote as \\"'))
        return None, len(text)

    def duplicates(self) -> None:
        seen: dict[tuple[str | None, str], int] = {}
        for entry in self.entries:
            if entry.obsolete:
                continue
            key = (entry.context, entry.msgid)
            line = entry.line("msgctxt") if entry.context is not None else entry.line("msgid")
            if key in seen:
                self.error(
                    line,
                    1,
                    _("duplicate entry: the same msgctxt and msgid are on line {line}").format(
                        line=seen[key]
                    ),
                    _("keep one of the two: tools would silently use only one"),
                    entry,
                )
            seen.setdefault(key, line)


def header_lines(header: PoEntry) -> list[tuple[str, int]]:
    """The header's `Name: value` lines with the file line each starts on."""
    lines: list[tuple[str, int]] = []
    pending = ""
    pending_line = 0
    for part in header.fields.get("msgstr", []):
        for piece in re.split(r"(?<=\n)", part.text):
            if not piece:
                continue
            if not pending:
                pending_line = part.line
            pending += piece
            if pending.endswith("\n"):
                lines.append((pending.rstrip("\n"), pending_line))
                pending = ""
    if pending:
        lines.append((pending, pending_line))
    return lines
