"""`corridor i18n extract|update|status|review`: the translators' commands.

Argument parsing and presentation only; the work is done by `extraction`, `merge`, `status`
and `review`. Exit codes are corridor's: 0 done, 1 problems in the data (nothing written),
2 a wrong command line. Every file is written atomically and only after every input has been
read without error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog

from corridor.atomic import write_atomically
from corridor.exitcodes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from corridor.i18n.catalogues import catalogue_path, load_catalogues, read_catalogue, read_po_file
from corridor.i18n.extraction import TEMPLATE_FILE, extract_template, render_template
from corridor.i18n.merge import Merged, creation_time, initial_header, merge_catalogue
from corridor.i18n.pofile import parse_po
from corridor.i18n.review import check_reviewer, select, stamp_reviews
from corridor.i18n.status import catalogue_counts, language_label, render_table, total
from corridor.model import Corridor
from corridor.problems import Problem
from corridor.records import Loaded, load_corridor
from corridor.speech import N_, _, ngettext

# corridor.cli's exit codes (imported there from nowhere else, so repeated here).


def add_parser(subparsers: Any) -> None:
    """Register `corridor i18n …` on the top-level parser's subcommands."""
    i18n = subparsers.add_parser(
        "i18n",
        help=_("translation catalogues: extract, update, status, review"),
        description=_("Translation catalogues (translations/): see README, 'For translators'."),
    )
    commands = i18n.add_subparsers(dest="i18n_command", required=True, metavar="COMMAND")

    extract = commands.add_parser(
        "extract",
        help=_("regenerate {file} from the records and templates").format(file=TEMPLATE_FILE),
    )
    extract.add_argument("--check", action="store_true", help=_("only say whether it is stale"))
    extract.set_defaults(run=cmd_extract)

    update = commands.add_parser(
        "update",
        help=_("extract, then merge the template into every language's catalogue"),
        description=_(
            "Changed Chinese sources become fuzzy and lose their review; entries "
            "no record has any more become obsolete (#~); everything else is kept as it is."
        ),
    )
    update.add_argument("--check", action="store_true", help=_("only say whether anything changes"))
    update.set_defaults(run=cmd_update)

    status = commands.add_parser("status", help=_("how many strings are reviewed, per language"))
    status.add_argument("--by-record", action="store_true", help=_("a row per town, hall and base"))
    status.add_argument(
        "--format",
        choices=("table", "json"),
        default="table",
        help=_("json: every language and record, with counts and the reviewed share"),
    )
    status.set_defaults(run=cmd_status)

    review = commands.add_parser(
        "review",
        help=_("mark translations reviewed by a qualified translator"),
        description=_(
            "Writes '# reviewed: DATE by NAME [stamp]' above each entry. CONTEXT is a "
            "msgctxt such as towns/sijing/halls/ganxipo:name, or a pattern such as "
            "'towns/sijing/*'. Untranslated and fuzzy entries are refused."
        ),
    )
    review.add_argument("lang", metavar="LANG", help=_("bo or en"))
    review.add_argument("contexts", metavar="CONTEXT", nargs="*", help=_("entries to mark"))
    review.add_argument("--by", required=True, metavar="NAME", help=_("the reviewer's name"))
    review.add_argument(
        "--date", type=_date, default=None, metavar="YYYY-MM-DD", help=_("default: today")
    )
    review.add_argument(
        "--all-in",
        action="append",
        default=[],
        metavar="RECORD",
        help=_("every entry of a record and the records in it, e.g. towns/sijing"),
    )
    review.set_defaults(run=cmd_review)


def cmd_extract(args: argparse.Namespace) -> int:
    root: Path = args.root
    template = _template(root, load_corridor(root))
    if template is None:
        return EXIT_PROBLEMS
    data = render_template(template)
    count = sum(1 for m in template if m.id)
    if _current(root / TEMPLATE_FILE) == data:
        print(_("{file} is up to date ({count} messages)").format(file=TEMPLATE_FILE, count=count))
        return EXIT_OK
    if args.check:
        print(_("{file} is out of date: run `corridor i18n extract`").format(file=TEMPLATE_FILE))
        return EXIT_PROBLEMS
    write_atomically(root / TEMPLATE_FILE, data)
    print(_("wrote {file} ({count} messages)").format(file=TEMPLATE_FILE, count=count))
    return EXIT_OK


def cmd_update(args: argparse.Namespace) -> int:
    root: Path = args.root
    ready = _corridor_and_template(root)
    if ready is None:
        return EXIT_PROBLEMS
    corridor, template = ready
    outputs: dict[str, bytes] = {TEMPLATE_FILE: render_template(template)}
    merges: dict[str, Merged] = {}
    problems: list[Problem] = []
    for lang in corridor.info.languages.targets:
        path = catalogue_path(root, lang)
        display = path.relative_to(root).as_posix()
        merged = _merged(path, display, lang, template, problems)
        if merged is not None:
            outputs[display] = merged.text
            merges[display] = merged
    if problems:
        _print_problems(problems)
        print(_("nothing was written: fix the catalogues above first"))
        return EXIT_PROBLEMS
    stale = [name for name, data in outputs.items() if _current(root / name) != data]
    if args.check:
        for name in stale:
            print(_("{file} is out of date: run `corridor i18n update`").format(file=name))
        return EXIT_PROBLEMS if stale else EXIT_OK
    for name in stale:
        write_atomically(root / name, outputs[name])
    for name in outputs:
        merged = merges.get(name)
        if name not in stale:
            print(_("{file}: up to date").format(file=name))
        else:
            print(f"{name}: " + (_describe(merged) if merged else _("written")))
    return EXIT_OK


def cmd_status(args: argparse.Namespace) -> int:
    root: Path = args.root
    ready = _corridor_and_template(root)
    if ready is None:
        return EXIT_PROBLEMS
    corridor, template = ready
    targets = list(corridor.info.languages.targets)
    catalogues, problems = load_catalogues(root, targets)
    errors = [p for p in problems if p.is_error]
    if errors:
        _print_problems(errors)
        return EXIT_PROBLEMS
    counts = {lang: catalogue_counts(template, catalogues.catalogs.get(lang)) for lang in targets}
    if args.format == "json":
        languages = [
            {
                "lang": lang,
                "file": catalogue_path(root, lang).relative_to(root).as_posix(),
                "present": lang in catalogues.catalogs,
                **total(counts[lang].values()).as_data(),
                "records": [
                    {"record": record, **found.as_data()} for record, found in counts[lang].items()
                ],
            }
            for lang in targets
        ]
        print(json.dumps({"languages": languages}, ensure_ascii=False, indent=1))
        return EXIT_OK
    if not args.by_record:
        rows = [(language_label(lang), total(counts[lang].values())) for lang in targets]
        print("\n".join(render_table(_("language"), rows)))
        return EXIT_OK
    for index, lang in enumerate(targets):
        display = catalogue_path(root, lang).relative_to(root).as_posix()
        missing = "" if lang in catalogues.catalogs else _(" (missing)")
        rows = [*counts[lang].items(), (_("all"), total(counts[lang].values()))]
        print(("\n" if index else "") + f"{language_label(lang)}: {display}{missing}")
        print("\n".join(render_table(_("record"), rows)))
    return EXIT_OK


def cmd_review(args: argparse.Namespace) -> int:
    root: Path = args.root
    loaded = load_corridor(root)
    if loaded.corridor is None:
        _print_problems(loaded.problems)
        return EXIT_PROBLEMS
    targets = list(loaded.corridor.info.languages.targets)
    if args.lang not in targets:
        return _usage(
            _("{lang} is not a target language (these are: {targets})").format(
                lang=args.lang, targets=", ".join(targets)
            )
        )
    reason = check_reviewer(args.by)
    if reason is not None:
        return _usage(f"--by: {reason}")
    if not args.contexts and not args.all_in:
        return _usage(_("name at least one CONTEXT, or a record with --all-in"))
    path = catalogue_path(root, args.lang)
    display = path.relative_to(root).as_posix()
    if not path.is_file():
        print(_("corridor: there is no catalogue {file}").format(file=display), file=sys.stderr)
        return EXIT_PROBLEMS
    po, problems = read_po_file(path, display, args.lang)
    errors = [p for p in problems if p.is_error]
    if po is None or errors:
        _print_problems(errors)
        print(_("nothing was written: fix the catalogue first"))
        return EXIT_PROBLEMS
    selection = select(po, args.contexts, args.all_in)
    if selection.unknown:
        for name, guess in selection.unknown:
            print(
                (
                    _("corridor: no entry {name} in {file} (did you mean {guess}?)")
                    if guess
                    else _("corridor: no entry {name} in {file}")
                ).format(name=name, file=display, guess=guess),
                file=sys.stderr,
            )
        return EXIT_USAGE
    on = args.date or date.today()
    stamped = stamp_reviews(po, selection.keys, args.by.strip(), on)
    if stamped.text is None:
        _print_problems(stamped.refused)
        print(_("nothing was written: only translated, non-fuzzy entries can be reviewed"))
        return EXIT_PROBLEMS
    write_atomically(path, stamped.text)
    for key in stamped.stamped:
        print(_("reviewed: {entry}").format(entry=key))
    count = len(stamped.stamped)
    print(
        ngettext(
            "{file}: {count} entry marked reviewed by {name} on {date}",
            "{file}: {count} entries marked reviewed by {name} on {date}",
            count,
        ).format(file=display, count=count, name=args.by.strip(), date=on.isoformat())
    )
    return EXIT_OK


def _corridor_and_template(root: Path) -> tuple[Corridor, Catalog] | None:
    loaded = load_corridor(root)
    template = _template(root, loaded)
    if template is None or loaded.corridor is None:
        return None
    return loaded.corridor, template


def _template(root: Path, loaded: Loaded) -> Catalog | None:
    """The live template; None (after printing why) when the records or templates have errors.

    Extracting from broken records would drop their strings, and `update` would then make
    their translations obsolete, so records must be clean first.
    """
    if not loaded.ok:
        _print_problems([p for p in loaded.problems if p.is_error])
        print(_("fix the records first (`corridor check`): nothing was extracted"))
        return None
    template, problems = extract_template(root)
    if problems:
        _print_problems(problems)
    return template


def _merged(
    path: Path, display: str, lang: str, template: Catalog, problems: list[Problem]
) -> Merged | None:
    if not path.is_file():
        header = initial_header(lang, creation_time())
        po, _ = parse_po(header, display)
        return merge_catalogue(po, Catalog(locale=lang, domain="messages"), template)
    read, found = read_po_file(path, display, lang)
    errors = [p for p in found if p.is_error]
    if read is None or errors:
        problems.extend(errors)
        return None
    catalog, found = read_catalogue(path, display, lang)
    if catalog is None:
        problems.extend(p for p in found if p.is_error)
        return None
    return merge_catalogue(read, catalog, template)


def _describe(merged: Merged) -> str:
    counts = [
        (merged.added, N_("{n} new (untranslated)")),
        (merged.changed, N_("{n} with a changed source (now fuzzy, review removed)")),
        (merged.obsoleted, N_("{n} obsolete (#~)")),
        (merged.revived, N_("{n} back from obsolete (fuzzy)")),
        (merged.moved, N_("{n} kept with their record, which moved to another town")),
    ]
    parts = [_(words).format(n=len(keys)) for keys, words in counts if keys]
    # Translators: between the counts of one catalogue: "2 new (untranslated), 1 obsolete (#~)".
    return _(", ").join(parts) if parts else _("comments and references brought up to date")


def _current(path: Path) -> bytes | None:
    return path.read_bytes() if path.is_file() else None


def _print_problems(problems: Sequence[Problem]) -> None:
    for problem in problems:
        print(problem.render())


def _usage(message: str) -> int:
    print(f"corridor: {message}", file=sys.stderr)
    return EXIT_USAGE


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("expected a date as YYYY-MM-DD, got {value}").format(value=repr(text))
        ) from None
