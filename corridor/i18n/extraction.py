"""The template `translations/messages.pot`: every message of the records and templates.

Extraction is Babel's, driven by `translations/babel.cfg`, so that plain ::

    pybabel extract -F translations/babel.cfg --omit-header --no-wrap --sort-by-file \\
        --add-comments=Translators: --strip-comments \\
        --ignore-dirs='.* _* build site node_modules' -o translations/messages.pot .

run in the project folder writes the very same file as `corridor i18n extract` (a test
compares them byte for byte). `--omit-header` is what makes the template deterministic:
Babel's header holds the wall-clock time (POT-Creation-Date) and year, and nothing in Babel
honours SOURCE_DATE_EPOCH. The template has no header to lose: the language catalogues carry
their own, and GNU msgmerge, `pybabel update`, Poedit and Weblate read a headerless template.
"""

from __future__ import annotations

import configparser
import fnmatch
import io
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import write_po
from jinja2 import TemplateSyntaxError

from corridor.i18n.messages import NOTES_MEMO
from corridor.problems import Problem
from corridor.speech import _

MAPPING_FILE = "translations/babel.cfg"
TEMPLATE_FILE = "translations/messages.pot"
# Comments above a template string that start with this tag reach the translator (the tag
# itself is stripped).
COMMENT_TAGS = ("Translators:",)
# Folders never searched for messages (Babel's defaults .* and _*, and generated output):
# walking build/ or node_modules/ would only cost time.
IGNORED_DIRS = (".*", "_*", "build", "site", "node_modules")
# The plain-Babel command that writes the same template (run in the project folder).
PYBABEL_EXTRACT = (
    "pybabel",
    "extract",
    "-F",
    MAPPING_FILE,
    "--omit-header",
    "--no-wrap",
    "--sort-by-file",
    f"--add-comments={','.join(COMMENT_TAGS)}",
    "--strip-comments",
    f"--ignore-dirs={' '.join(IGNORED_DIRS)}",
    "-o",
    TEMPLATE_FILE,
    ".",
)


def extract_template(root: Path) -> tuple[Catalog | None, list[Problem]]:
    """Every message under `root`, as Babel's `extract` command collects them.

    Returns None and the problems when the mapping file is missing or unreadable, a template
    has a syntax error, or the mapping names a sign-notes hook that cannot be loaded.
    """
    mapping = root / MAPPING_FILE
    if not mapping.is_file():
        return None, [
            Problem(
                MAPPING_FILE,
                1,
                1,
                "",
                _("the Babel mapping file is missing"),
                _("restore it: git checkout -- {file}").format(file=MAPPING_FILE),
            )
        ]
    try:
        with mapping.open(encoding="utf-8") as text:
            method_map, options_map = parse_mapping_cfg(text, MAPPING_FILE)  # type: ignore[no-untyped-call]
    except (configparser.Error, ValueError, UnicodeDecodeError) as error:
        line = getattr(error, "lineno", None) or 1
        first = str(error).splitlines()[0]
        return None, [
            Problem(
                MAPPING_FILE,
                line,
                1,
                "",
                _("cannot read the mapping: {reason}").format(reason=first),
            )
        ]
    # One sign-notes answer for the whole extraction (see messages.NOTES_MEMO).
    memo: dict[object, object] = {}
    for options in options_map.values():
        if options.get("sign_notes"):
            options[NOTES_MEMO] = memo
    catalog = Catalog(charset="utf-8")
    # Babel reports progress through this callback; it tells us which file a failure is in.
    reading = [MAPPING_FILE]

    def note_file(filename: str, method: str, options: dict[str, str]) -> None:
        reading[0] = filename

    try:
        for filename, lineno, message, comments, context in extract_from_dir(
            str(root),
            method_map,
            options_map,
            keywords=DEFAULT_KEYWORDS,
            comment_tags=COMMENT_TAGS,
            callback=note_file,
            strip_comment_tags=True,
            directory_filter=searched,
        ):
            catalog.add(
                message, None, [(filename, lineno)], auto_comments=comments, context=context
            )
    except TemplateSyntaxError as error:
        return None, [
            Problem(
                reading[0],
                error.lineno,
                1,
                "",
                _("template syntax error: {reason}").format(reason=error.message),
            )
        ]
    except UnicodeDecodeError:
        return None, [Problem(reading[0], 1, 1, "", _("the file is not valid UTF-8"))]
    except (ImportError, AttributeError, ValueError) as error:
        # A `sign_notes = module:function` option that names nothing loadable.
        return None, [
            Problem(
                MAPPING_FILE,
                1,
                1,
                "",
                _("cannot extract {file}: {reason}").format(file=reading[0], reason=error),
                _("check the sign_notes option of its section"),
            )
        ]
    return catalog, []


def searched(folder: str) -> bool:
    """Whether extraction looks into a folder (as pybabel's --ignore-dirs decides).

    >>> searched("templates/pages"), searched("./node_modules"), searched("x/.git")
    (True, False, False)
    """
    name = Path(folder).name
    return not any(fnmatch.fnmatch(name, pattern) for pattern in IGNORED_DIRS)


def render_template(catalog: Catalog) -> bytes:
    """The template file, exactly as `pybabel extract` with PYBABEL_EXTRACT's options writes it."""
    buffer = io.BytesIO()
    # width=0 wraps exactly as pybabel's --no-wrap (width None): never, comments at 76.
    write_po(buffer, catalog, width=0, omit_header=True, sort_by_file=True)
    return buffer.getvalue()


def message_source(message_id: str | tuple[str, ...] | list[str]) -> str:
    """The singular source of a message id (plural messages have a tuple)."""
    return message_id if isinstance(message_id, str) else message_id[0]
