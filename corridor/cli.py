"""`corridor`: the command editors, translators and sign staff run.

Exit codes: 0 clean, 1 problems in the input, 2 usage error (bad arguments, no project).
Problems with user input are printed as `FILE:LINE:COL: FIELD: message`; a traceback is
only ever shown for a bug in corridor itself, and only with `--debug`.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
import traceback
from collections.abc import Sequence
from pathlib import Path

from corridor.atomic import replacing
from corridor.checks import check_project
from corridor.exitcodes import EXIT_BUG, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE
from corridor.i18n import commands as i18n_commands
from corridor.i18n.catalogues import load_catalogues
from corridor.impact import ImpactError, compare, require_repository, snapshot, snapshot_at
from corridor.impact import render as render_impact
from corridor.maps import resolve_tiles
from corridor.maps.assets import VENDOR_FOLDER
from corridor.problems import Problem, sort_problems, summary, to_json
from corridor.records import CORRIDOR_FILE, load_corridor
from corridor.scaffold import ScaffoldError, new_place, new_sign, new_town, remaining_work
from corridor.schema import render_schemas
from corridor.signs import cli as signs_cli
from corridor.sitebuild import build_languages, source_date_epoch
from corridor.speech import _, argparse_speaking
from corridor.urls import LANGUAGES


class UsageError(Exception):
    """The command line (not the data) is wrong: exit 2."""


def find_root(start: Path) -> Path:
    """The project folder: `start` or the nearest parent holding sites/corridor.yml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CORRIDOR_FILE).is_file():
            return folder
    raise UsageError(
        _("no {file} in {folder} or any folder above it").format(file=CORRIDOR_FILE, folder=start)
    )


def cmd_check(args: argparse.Namespace) -> int:
    checked = check_project(args.root)
    problems = checked.problems
    files = len(checked.files)
    if args.format == "json":
        print(to_json(problems, files))
    else:
        for problem in problems:
            print(problem.render())
        print(summary(problems, files))
    failing = [p for p in problems if p.is_error or args.strict]
    return EXIT_PROBLEMS if failing else EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    stale = []
    for relative, text in render_schemas().items():
        path = args.root / relative
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current == text:
            continue
        stale.append(relative)
        if not args.check:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
            print(_("wrote {file}").format(file=relative))
    if args.check and stale:
        for relative in stale:
            print(
                _("{file}: out of date with corridor/model.py").format(file=relative),
                file=sys.stderr,
            )
        print(_("run `corridor schema` to regenerate"), file=sys.stderr)
        return EXIT_PROBLEMS
    if not stale:
        print(_("schemas are up to date"))
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    # What the website needs: sign fit and the template's freshness are `corridor check`'s
    # (`make build` runs it first); at hundreds of signs they would dominate the build.
    checked = check_project(args.root, website_only=True)
    errors = [p for p in checked.problems if p.is_error]
    if errors or checked.loaded.corridor is None:
        for problem in checked.problems:
            print(problem.render())
        print(summary(checked.problems, len(checked.files)))
        print(_("build stopped: fix the problems above; the previous build/site is untouched"))
        return EXIT_PROBLEMS
    if checked.problems:
        # Warnings are content in progress: worth a line, not a page, in every build.
        print(
            _("{summary}: `corridor check` lists them").format(
                summary=summary(checked.problems, len(checked.files))
            )
        )
    languages = args.lang or list(LANGUAGES)
    environment = {
        "SOURCE_DATE_EPOCH": os.environ.get(
            "SOURCE_DATE_EPOCH", str(source_date_epoch(args.root, checked.loaded.corridor))
        ),
    }
    if args.production:
        environment["CORRIDOR_REVIEW_MARKERS"] = "false"
    target = args.root / "build" / "site"
    start = time.monotonic()
    with replacing(target) as staging:
        reports = build_languages(
            args.root, staging, languages=languages, jobs=args.jobs, environment=environment
        )
        for report in reports:
            if report.output:
                prefix = f"[{report.lang}] "
                print("\n".join(prefix + line for line in report.output.splitlines()))
        failed = [r.lang for r in reports if not r.ok]
        if failed:
            raise BuildError(
                _(
                    "the {languages} build failed (see above); the previous build/site is untouched"
                ).format(languages=", ".join(failed))
            )
    timings = ", ".join(f"{r.lang} {r.seconds:.1f}s" for r in reports)
    print(
        _("built {folder}/ in {seconds}s ({timings})").format(
            folder=target.relative_to(args.root),
            seconds=f"{time.monotonic() - start:.1f}",
            timings=timings,
        )
    )
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    try:
        if args.kind == "town":
            if args.id is not None:
                raise UsageError(_("usage: corridor new town ID [--after TOWN]"))
            created = new_town(args.root, args.town, args.after)
        elif args.id is None:
            raise UsageError(_("usage: corridor new {kind} TOWN ID").format(kind=args.kind))
        elif args.kind == "sign":
            created = new_sign(args.root, args.town, args.id, args.type, args.presents)
        else:
            created = new_place(args.root, args.kind, args.town, args.id)
    except ScaffoldError as error:
        raise UsageError(str(error)) from error
    for item in created:
        print(_("wrote {file}").format(file=item.file))
    todo = remaining_work(args.root, created, signs=args.kind == "sign")
    if todo:
        print()
        print(_("fill in what `corridor check` still reports ({count}):").format(count=len(todo)))
        print("\n".join(todo))
    return EXIT_OK


def cmd_impact(args: argparse.Namespace) -> int:
    try:
        require_repository(args.root)
        before = snapshot_at(args.root, args.revision)
        after = snapshot_at(args.root, args.against) if args.against else snapshot(args.root)
    except ImpactError as error:
        raise UsageError(str(error)) from error
    since = (
        _("{revision} to {against}").format(revision=args.revision, against=args.against)
        if args.against
        else _("{revision} (working tree)").format(revision=args.revision)
    )
    print("\n".join(render_impact(compare(before, after), since)))
    return EXIT_OK


def cmd_map(args: argparse.Namespace) -> int:
    # Imported here: folium costs about a second, which other commands need not pay.
    from corridor.maps.preview import PREVIEW_FILES, write_preview

    loaded = load_corridor(args.root)
    tiles, tile_problems = resolve_tiles(loaded, os.environ)
    catalogues, catalogue_problems = load_catalogues(args.root, [args.lang])
    problems: list[Problem] = sort_problems([*loaded.problems, *tile_problems, *catalogue_problems])
    for problem in problems:
        print(problem.render())
    errors = any(problem.is_error for problem in problems)
    if loaded.corridor is None or loaded.route is None or tiles is None or errors:
        print(_("map preview stopped: fix the problems above; the previous preview is untouched"))
        return EXIT_PROBLEMS
    if not (args.root / VENDOR_FOLDER / "MANIFEST.json").is_file():
        raise UsageError(
            _(
                "no {file} in {folder}: run scripts/vendor_map_assets.py to vendor the map's assets"
            ).format(file=f"{VENDOR_FOLDER}/MANIFEST.json", folder=args.root)
        )
    target = args.out if args.out.is_absolute() else args.root / args.out
    with replacing(target) as staging:
        write_preview(
            args.root,
            loaded.corridor,
            loaded.route,
            tiles,
            language=args.lang,
            text=lambda context, source: catalogues.translate(args.lang, context, source).text,
            folder=staging,
        )
    shown = target.relative_to(args.root) if target.is_relative_to(args.root) else target
    print(
        _("wrote {files} and assets/ in {folder}/").format(
            files=", ".join(PREVIEW_FILES), folder=shown
        )
    )
    return EXIT_OK


def cmd_serve(args: argparse.Namespace) -> int:
    environment = {**os.environ, "CORRIDOR_LANGUAGE": args.lang, "NO_MKDOCS_2_WARNING": "1"}
    if args.production:
        environment["CORRIDOR_REVIEW_MARKERS"] = "false"
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", args.dev_addr]
    return subprocess.run(command, cwd=args.root, env=environment, check=False).returncode


class BuildError(Exception):
    """An output could not be produced; the message says why, the old output is kept."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="corridor",
        description=_("Publish the G318 corridor: check records, build the site and sign proofs."),
    )
    top.add_argument(
        "--root",
        type=Path,
        default=None,
        help=_("project folder (default: the nearest folder holding sites/corridor.yml)"),
    )
    top.add_argument("--debug", action="store_true", help=_("show tracebacks of internal errors"))
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help=_("validate every record under sites/"))
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help=_("fail on warnings too"))
    check.set_defaults(run=cmd_check)

    schema = commands.add_parser(
        "schema", help=_("regenerate schemas/*.schema.json from the model")
    )
    schema.add_argument("--check", action="store_true", help=_("only say whether they are stale"))
    schema.set_defaults(run=cmd_schema)

    build = commands.add_parser(
        "build", help=_("check, then build the website (every language) into build/site")
    )
    build.add_argument(
        "--lang", action="append", choices=LANGUAGES, help=_("only this language (repeatable)")
    )
    build.add_argument(
        "--jobs",
        type=int,
        default=3,
        help=_("languages built at once (default 3: measured fastest on 2 cores)"),
    )
    build.add_argument(
        "--production", action="store_true", help=_("no markers on unreviewed translations")
    )
    build.set_defaults(run=cmd_build)
    signs_cli.add_parser(commands)

    serve = commands.add_parser(
        "serve", help=_("preview one language, rebuilding when a record, template or .po changes")
    )
    serve.add_argument("--lang", choices=LANGUAGES, default="zh")
    serve.add_argument("--dev-addr", default="127.0.0.1:8000", metavar="HOST:PORT")
    serve.add_argument("--production", action="store_true", help=_("as `build --production`"))
    serve.set_defaults(run=cmd_serve)

    new = commands.add_parser(
        "new",
        help=_(
            "create a record skeleton: new town ID | new hall TOWN ID | new base TOWN ID | "
            "new sign TOWN ID --type TYPE [--presents ID]"
        ),
    )
    new.add_argument("kind", choices=["town", "hall", "base", "sign"], help=_("what to create"))
    new.add_argument(
        "town",
        metavar="TOWN",
        help=_("new town: the new town's id; new hall, base or sign: the town it belongs to"),
    )
    new.add_argument("id", metavar="ID", nargs="?", help=_("new hall, base or sign: its new id"))
    new.add_argument(
        "--after", metavar="TOWN", help=_("for a town: the town it follows along G318")
    )
    new.add_argument("--type", help=_("for a sign: its type, from sites/sign-types.yml"))
    new.add_argument(
        "--presents",
        metavar="ID",
        help=_("for a sign: the town, hall or base it presents (default: its town)"),
    )
    new.set_defaults(run=cmd_new)

    impact = commands.add_parser(
        "impact", help=_("pages, map entries and signs a change affects (for reviewers)")
    )
    impact.add_argument(
        "revision", nargs="?", default="HEAD", help=_("compare from (default HEAD)")
    )
    impact.add_argument("--against", help=_("compare to this revision instead of the working tree"))
    impact.set_defaults(run=cmd_impact)

    preview = commands.add_parser(
        "map", help=_("write a preview of the corridor map and strip map (serve it to look)")
    )
    preview.add_argument("--lang", choices=LANGUAGES, default="zh")
    preview.add_argument(
        "--out",
        type=Path,
        default=Path("build/map-preview"),
        help=_("folder to write (default: build/map-preview, relative to the project)"),
    )
    preview.set_defaults(run=cmd_map)
    i18n_commands.add_parser(commands)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    # Help, usage errors and argparse's own words ("usage:", "invalid choice") in the
    # editor's language.
    with argparse_speaking():
        args = parser().parse_args(argv)
    try:
        args.root = find_root(args.root or Path.cwd())
        return int(args.run(args))
    except UsageError as error:
        print(f"corridor: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BuildError as error:
        print(f"corridor: {error}", file=sys.stderr)
        return EXIT_PROBLEMS
    except BrokenPipeError:
        # The reader went away (`corridor check | head`): not an error worth a message.
        sys.stderr.close()
        return EXIT_OK
    except KeyboardInterrupt:
        print(_("corridor: interrupted; outputs are unchanged"), file=sys.stderr)
        return 130
    except Exception as error:  # a bug in corridor, never bad input: say so plainly
        if args.debug:
            traceback.print_exc()
        print(
            _(
                "corridor: internal error ({error}). This is a bug in corridor, not in your "
                "data; run again with --debug and report it."
            ).format(error=f"{type(error).__name__}: {error}"),
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
