#!/usr/bin/env python3
"""Extract the tool's own messages and bring its Chinese catalogue up to date.

`corridor` speaks Chinese when the locale is Chinese (see corridor/speech.py). Its messages
are found by Babel's Python extractor in corridor/**.py (keywords `_`, `ngettext`, `N_`) and,
as Python's documentation advises for argparse's own words ("usage:", "options", "invalid
choice: …"), in the running interpreter's argparse.py. They are written to

    corridor/locale/corridor.pot                 (headerless and sorted: the same input
                                                  always gives the same bytes)
    corridor/locale/zh/LC_MESSAGES/corridor.po   (merged: new messages appear untranslated,
                                                  changed ones fuzzy; its header is kept)

    python scripts/tool_messages.py           # extract and merge (make messages)
    python scripts/tool_messages.py --check   # exit 1 when either file is out of date

A test runs the check, and another refuses untranslated or fuzzy entries: translate new
messages in the .po (Poedit or a text editor), then run the script again.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "corridor"
sys.path.insert(0, str(ROOT))

from corridor.speech import DOMAIN, LANGUAGES, TEMPLATE_FILE, catalogue_file  # noqa: E402

KEYWORDS = {"_": None, "ngettext": (1, 2), "N_": None}
COMMENT_TAGS = ("Translators:",)
ARGPARSE_COMMENT = "argparse (Python's command-line parser) prints this."
# Long messages wrap in the files as Poedit and GNU tools wrap them.
WIDTH = 76
# References name the file only: with line numbers, every edit that moves a message (by
# anyone, in any branch) would make the committed files stale.
LINENO = False


def extract() -> Catalog:
    """Every message of the package and of argparse, with where it is used."""
    catalog = Catalog(domain=DOMAIN, charset="utf-8")
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(ROOT).as_posix()
        for lineno, message, comments, context in extract_from_file(
            "python",
            str(path),
            keywords=KEYWORDS,
            comment_tags=COMMENT_TAGS,
            strip_comment_tags=True,
        ):
            catalog.add(message, None, [(where, lineno)], auto_comments=comments, context=context)
    # argparse's line numbers change between Python releases: the file name is enough.
    for _lineno, message, _comments, context in extract_from_file(
        "python", argparse.__file__, keywords={"_": None, "ngettext": (1, 2)}
    ):
        catalog.add(
            message,
            None,
            [("argparse.py", None)],
            auto_comments=[ARGPARSE_COMMENT],
            context=context,
        )
    return catalog


def render_template(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=WIDTH, omit_header=True, sort_by_file=True, include_lineno=LINENO
    )
    return buffer.getvalue()


def header_text(text: str) -> str:
    """The header entry of a .po file and the comments above it, as written."""
    lines = text.split("\n")
    start = lines.index('msgid ""')
    end = next((i for i in range(start, len(lines)) if not lines[i].strip()), len(lines))
    return "\n".join(lines[:end]) + "\n"


def merged(path: Path, language: str, template: Catalog) -> bytes:
    """The language's catalogue brought up to the template; its header kept byte for byte."""
    text = path.read_text(encoding="utf-8")
    catalog = read_po(io.StringIO(text), locale=language, domain=DOMAIN)
    catalog.update(template)
    # Messages gone from the code are dropped: git keeps their history.
    catalog.obsolete.clear()
    buffer = io.BytesIO()
    write_po(
        buffer, catalog, width=WIDTH, omit_header=True, sort_by_file=True, include_lineno=LINENO
    )
    return header_text(text).encode("utf-8") + b"\n" + buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only say whether files are stale")
    args = parser.parse_args(argv)
    template = extract()
    outputs = {TEMPLATE_FILE: render_template(template)}
    for language in LANGUAGES:
        outputs[catalogue_file(language)] = merged(catalogue_file(language), language, template)
    stale = [
        path for path, data in outputs.items() if not path.is_file() or path.read_bytes() != data
    ]
    count = sum(1 for message in template if message.id)
    for path in stale:
        shown = path.relative_to(ROOT)
        if args.check:
            print(f"{shown} is out of date: run `make messages` (scripts/tool_messages.py)")
        else:
            path.write_bytes(outputs[path])
            print(f"wrote {shown}")
    if not stale:
        shown = TEMPLATE_FILE.relative_to(ROOT)
        print(f"{shown} and its catalogues are up to date ({count} messages)")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
