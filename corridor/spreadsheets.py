"""Every spreadsheet we write, through one writer: cells are text, never formulas.

A cell whose text starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is taken
by spreadsheet programs for a formula (OWASP "CSV injection": ``=HYPERLINK(…)``, DDE
commands). Such text is written with a leading apostrophe, which Excel and LibreOffice Calc
show as the mark of a text cell; numbers and booleans stay as they are. Rows end in CRLF
(RFC 4180), so a line break inside a cell is always quoted.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence

# What makes a spreadsheet program read a cell as a formula (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def text_cell(value: object) -> str:
    """One cell's text: booleans as true/false, formula-like text marked as text.

    >>> text_cell("=1+2"), text_cell("甲镇"), text_cell(30.5), text_cell(-2.5), text_cell(True)
    ("'=1+2", '甲镇', '30.5', '-2.5', 'true')
    """
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return "" if value is None else str(value)


def csv_text(fields: Sequence[str], rows: Iterable[Mapping[str, object]]) -> str:
    """A CSV table with a header line, every cell through `text_cell`."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fields, lineterminator="\r\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({name: text_cell(value) for name, value in row.items()})
    return buffer.getvalue()
