"""Hostile text for the security tests: what an editor's commit or a translator's .po may hold.

Every text field of the records and every catalogue entry is data; these strings try to make
some output treat it as code: Jinja/branca template syntax, HTML/SVG/JavaScript, Markdown
links and raw HTML, bidi overrides, control characters, very long strings.

The template pieces carry canaries: if any template engine evaluates them, the output
contains ``CANARY`` followed directly by a digit, which the literal text never does.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable
from pathlib import Path

from babel.messages.catalog import Catalog
from hypothesis import strategies as st

from corridor.i18n.messages import RecordMessage, document_messages
from corridor.yamlfile import read_yaml

TEMPLATE_PIECES = [
    "{{ 'CANARY' ~ 7 }}",
    "{{ 6*7 }}",
    "{% if true %}CANARY{{ 8 }}{% endif %}",
    "{# hidden #}",
    "{{ lipsum.__globals__['os'].getcwd() }}",
    "{{ self.__init__.__globals__ }}",
    "{% raw %}",
    "{% endraw %}",
    "{{",
    "}}",
    "{%",
    "{{ this.get_name() }}",
    "${CANARY}",
    "{0}{km}{x.__class__}",
    "%(name)s %s",
]
MARKUP_PIECES = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "<svg onload=alert(3)><title>t</title></svg>",
    '"><iframe srcdoc="<script>alert(4)</script>">',
    "</script><script>alert(5)</script>",
    "javascript:alert(6)",
    "[link](javascript:alert(7))",
    "<a href=x onclick=alert(8)>a</a>",
    "**bold** _em_ `code` # heading",
    "<!-- comment -->",
    "&lt;&amp;&#x3c;",
    "'\"\\",
    "=1+2",
    "+SUM(A1)",
    "-2+3",
    "@SUM(1)",
    '\t=HYPERLINK("x")',
    "\r=1",
]
UNICODE_PIECES = [
    "\u202e\u2066\u2067\u2068\u2069\u200f",  # bidi overrides and isolates
    "\u200b\u200d\ufeff",  # zero-width characters
    "\x01\x07\x1b[31m\x7f",  # control characters (no NUL)
    "甲镇",
    "བོད་ཡིག",
    "😀",
]
PIECES = TEMPLATE_PIECES + MARKUP_PIECES + UNICODE_PIECES

# One string with every piece: the fixed payload of the tests that build a whole site.
EVERYTHING = "甲" + "".join(PIECES) + "乙"
# Tibetan catalogues refuse Latin letters and Chinese (`corridor check`), so a translator's
# hostile Tibetan is template syntax and markup punctuation around Tibetan words; 7777*3
# evaluated is 23331.
TIBETAN = "ཐེན་ཆོན{{ 7777*3 }}{%  %}{#༄#}{{ ༡ }}<>\"'&&#60;\u202e\u2066\u200b\x07😀ཞིང་"
EVALUATED = re.compile(r"CANARY\d|23331")

_ALPHABET = st.characters(
    # Letters, digits, punctuation, symbols, spaces; no surrogates, no NUL; Tibetan vowel
    # signs that signs decompose on purpose (U+0F73/75/81) are left out.
    blacklist_categories=("Cs",),
    blacklist_characters="\x00\u0f73\u0f75\u0f81",
)


def hostile_text() -> st.SearchStrategy[str]:
    """A non-empty string made of hostile pieces and arbitrary characters, sometimes 10k long."""
    piece = st.one_of(st.sampled_from(PIECES), st.text(_ALPHABET, min_size=1, max_size=8))
    short = st.lists(piece, min_size=1, max_size=6).map("".join)
    long = st.sampled_from(PIECES).map(lambda p: (p * (10_000 // len(p) + 1))[:10_000])
    # A visible letter at each end: Text fields are non-empty and the ends are not blank.
    return st.one_of(short, short, short, long).map(lambda s: f"甲{s}乙")


def yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar that any YAML reader gives back exactly."""
    quoted = json.dumps(text, ensure_ascii=False)

    def escape(match: re.Match[str]) -> str:
        return f"\\u{ord(match.group()):04x}"

    # YAML allows only printable characters in a stream, and reads U+2028/2029/0085 as breaks.
    return re.sub(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]", escape, quoted)


def record_messages(root: Path) -> list[RecordMessage]:
    """Every translatable string of the records under `root/sites` (the catalogue contexts)."""
    found: list[RecordMessage] = []
    files = [("sites/corridor.yml", "corridor")]
    files += [(f"sites/towns/{p.name}", "town") for p in sorted((root / "sites/towns").iterdir())]
    for display, record in files:
        document, problems = read_yaml(root / display, display)
        assert document is not None, problems
        found.extend(document_messages(document, record))
    return found


def poison_records(root: Path, payload: Callable[[RecordMessage], str]) -> list[RecordMessage]:
    """Replace every translatable string in the records by `payload(message)`, in place."""
    messages = record_messages(root)
    by_file: dict[str, list[RecordMessage]] = {}
    for message in messages:
        by_file.setdefault(message.file, []).append(message)
    for display, found in by_file.items():
        path = root / display
        lines = path.read_text(encoding="utf-8").split("\n")
        for message in found:
            line = lines[message.line - 1]
            assert message.source in line, (display, message.line, message.source)
            # The plain scalar as typed, then the first place it stands as a whole value.
            at = re.search(
                rf"(?:(?<=[:,-] )|(?<=\[)){re.escape(message.source)}(?=$|[,\]}}])", line
            )
            assert at, (display, line)
            lines[message.line - 1] = (
                line[: at.start()] + yaml_string(payload(message)) + line[at.end() :]
            )
        path.write_text("\n".join(lines), encoding="utf-8")
    return messages


def hostile_catalog(
    lang: str, entries: Iterable[tuple[str | None, str]], translation: str
) -> Catalog:
    """A reviewed-looking catalogue in `lang` translating every (context, source) as given."""
    catalog = Catalog(locale=lang)
    for context, source in entries:
        catalog.add(source, translation, context=context)
    return catalog
