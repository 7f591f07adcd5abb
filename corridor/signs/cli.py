"""`corridor signs [IDS…] [--press] [--test-print] [--jobs N]`: the sign staff's command."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from corridor.exitcodes import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from corridor.problems import Problem
from corridor.speech import _, ngettext


def add_parser(subparsers: Any) -> None:
    """Register `corridor signs` on the CLI's subparsers."""
    signs = subparsers.add_parser(
        "signs",
        help=_("sign proofs, press files and the proof book into build/signs"),
        description=_(
            "Lay out every sign (or the IDS given), check fit and legibility, and "
            "write build/signs/proofs/<sign>.pdf and the proof book; with --press also the "
            "press files of signs whose strings are all reviewed."
        ),
    )
    signs.add_argument("ids", nargs="*", metavar="ID", help=_("sign ids (default: all)"))
    signs.add_argument(
        "--press", action="store_true", help=_("also write press files (reviewed signs only)")
    )
    signs.add_argument(
        "--test-print",
        action="store_true",
        help=_("with --press: write unreviewed signs as test prints stamped NOT FOR PRODUCTION"),
    )
    signs.add_argument("--jobs", type=int, default=1, metavar="N", help=_("render N signs at once"))
    signs.set_defaults(run=cmd_signs)


def cmd_signs(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        print(_("corridor signs: --jobs must be at least 1"), file=sys.stderr)
        return EXIT_USAGE
    if args.test_print and not args.press:
        print(_("corridor signs: --test-print goes with --press"), file=sys.stderr)
        return EXIT_USAGE
    # Imported here, not at the top: WeasyPrint alone takes about a second to import, and
    # every `corridor` command (`corridor build` too) imports this module for its parser.
    from corridor.records import load_corridor
    from corridor.signs.build import SignsOptions, SignsRun, data_date, read_cache, write_cache
    from corridor.signs.checks import load_signs
    from corridor.signs.proofbook import (
        BOOK,
        BOOK_KEY,
        book_digest,
        book_entries,
        write_proof_book,
    )

    root = args.root
    loaded = load_corridor(root)
    if loaded.corridor is None:
        return _stop([p for p in loaded.problems if p.is_error], _("the records have errors"))
    project = load_signs(root, loaded)
    known = {r.sign_id for r in project.signs}
    unknown = [i for i in args.ids if i not in known]
    if unknown:
        print(
            _("corridor signs: no sign {ids} (signs: {known})").format(
                ids=", ".join(unknown), known=", ".join(sorted(known))
            ),
            file=sys.stderr,
        )
        return EXIT_USAGE
    blocking = [p for p in project.problems if p.is_error]
    if blocking or project.sign_types is None:
        return _stop(blocking, _("the sign set-up has errors"))
    options = SignsOptions(tuple(args.ids), args.press, args.test_print, args.jobs)
    run = SignsRun(project, options, report=lambda line: print(line, flush=True))
    outcomes = run.run()
    stored = read_cache(root)
    entries, stale = book_entries(project, outcomes, run.digests, stored)
    if stale:
        print(
            _(
                "{file} not refreshed: {signs} not laid out from the current data; "
                "run `corridor signs`"
            ).format(file=BOOK, signs=", ".join(stale))
        )
    elif stored.get(BOOK_KEY) == (digest := book_digest(root, entries)) and (root / BOOK).is_file():
        print(_("{file} unchanged").format(file=BOOK))
    else:
        book = write_proof_book(project, entries, data_date(loaded))
        write_cache(root, {**stored, BOOK_KEY: digest})
        print(_("wrote {file}").format(file=book.relative_to(root)))
    return _summary(outcomes, args.press)


def _stop(problems: list[Problem], why: str) -> int:
    from corridor.signs.build import OUTPUT

    for problem in problems:
        print(problem.render())
    print(
        _("signs stopped: {why}; nothing in {folder}/ was changed").format(why=why, folder=OUTPUT)
    )
    return EXIT_PROBLEMS


def _summary(outcomes: list[Any], press: bool) -> int:
    written = sum(len(o.written) for o in outcomes)
    unchanged = sum(o.action == "unchanged" for o in outcomes)
    refused = [o for o in outcomes if o.refused]
    print(
        ngettext(
            "signs: {written} file written, {unchanged} unchanged, {refused} refused",
            "signs: {written} files written, {unchanged} unchanged, {refused} refused",
            written,
        ).format(written=written, unchanged=unchanged, refused=len(refused))
    )
    for outcome in refused:
        print(_("refused {sign}:").format(sign=outcome.sign_id))
        for reason in outcome.refused:
            print("  " + reason.replace("\n", "\n  "))
    fit_refused = [o for o in outcomes if o.action == "refused"]
    if fit_refused:
        return EXIT_PROBLEMS
    # Press refusals are the review gate doing its job: exit 1 so scripts notice.
    return EXIT_PROBLEMS if press and refused else EXIT_OK
