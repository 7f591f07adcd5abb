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
import traceback
from collections.abc import Sequence
from pathlib import Path

from corridor.atomic import replacing
from corridor.checks import check_project
from corridor.maps import resolve_tiles
from corridor.maps.assets import VENDOR_FOLDER
from corridor.maps.preview import PREVIEW_FILES, write_preview
from corridor.problems import Problem, sort_problems, summary, to_json
from corridor.records import CORRIDOR_FILE, load_corridor
from corridor.schema import render_schemas
from corridor.signs import cli as signs_cli

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class UsageError(Exception):
    """The command line (not the data) is wrong: exit 2."""


def find_root(start: Path) -> Path:
    """The project folder: `start` or the nearest parent holding sites/corridor.yml."""
    start = start.resolve()
    for folder in (start, *start.parents):
        if (folder / CORRIDOR_FILE).is_file():
            return folder
    raise UsageError(f"no {CORRIDOR_FILE} in {start} or any folder above it")


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
            print(f"wrote {relative}")
    if args.check and stale:
        for relative in stale:
            print(f"{relative}: out of date with corridor/model.py", file=sys.stderr)
        print("run `corridor schema` to regenerate", file=sys.stderr)
        return EXIT_PROBLEMS
    if not stale:
        print("schemas are up to date")
    return EXIT_OK


def cmd_build(args: argparse.Namespace) -> int:
    if cmd_check(argparse.Namespace(root=args.root, format="text", strict=False)):
        print("build stopped: fix the problems above; the previous build/ is untouched")
        return EXIT_PROBLEMS
    target = args.root / "build" / "site"
    with replacing(target) as staging:
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(staging)],
            cwd=args.root,
            check=False,
        )
        if result.returncode:
            raise BuildError("mkdocs build failed (see above); the previous build/ is untouched")
    print(f"built {target.relative_to(args.root)}/")
    return EXIT_OK


def cmd_map(args: argparse.Namespace) -> int:
    loaded = load_corridor(args.root)
    tiles, tile_problems = resolve_tiles(loaded, os.environ)
    problems: list[Problem] = sort_problems([*loaded.problems, *tile_problems])
    for problem in problems:
        print(problem.render())
    if loaded.corridor is None or loaded.route is None or tiles is None:
        print("map preview stopped: fix the problems above; the previous preview is untouched")
        return EXIT_PROBLEMS
    if args.lang != "zh":
        print(
            f"note: translations are not wired into the preview yet: the {args.lang} preview "
            "shows the Chinese source text",
            file=sys.stderr,
        )
    if not (args.root / VENDOR_FOLDER / "MANIFEST.json").is_file():
        raise UsageError(
            f"no {VENDOR_FOLDER}/MANIFEST.json in {args.root}: "
            "run scripts/vendor_map_assets.py to vendor the map's assets"
        )
    target = args.out if args.out.is_absolute() else args.root / args.out
    with replacing(target) as staging:
        write_preview(
            args.root,
            loaded.corridor,
            loaded.route,
            tiles,
            language=args.lang,
            text=lambda context, source: source,
            folder=staging,
        )
    shown = target.relative_to(args.root) if target.is_relative_to(args.root) else target
    print(f"wrote {', '.join(PREVIEW_FILES)} and assets/ in {shown}/")
    return EXIT_OK


class BuildError(Exception):
    """An output could not be produced; the message says why, the old output is kept."""


def parser() -> argparse.ArgumentParser:
    top = argparse.ArgumentParser(
        prog="corridor",
        description="Publish the G318 corridor: check records, build the site and sign proofs.",
    )
    top.add_argument(
        "--root",
        type=Path,
        default=None,
        help="project folder (default: the nearest folder holding sites/corridor.yml)",
    )
    top.add_argument("--debug", action="store_true", help="show tracebacks of internal errors")
    commands = top.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = commands.add_parser("check", help="validate every record under sites/")
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help="fail on warnings too")
    check.set_defaults(run=cmd_check)

    schema = commands.add_parser("schema", help="regenerate schemas/*.schema.json from the model")
    schema.add_argument("--check", action="store_true", help="only say whether they are stale")
    schema.set_defaults(run=cmd_schema)

    build = commands.add_parser("build", help="check, then build the website into build/site")
    build.set_defaults(run=cmd_build)
    signs_cli.add_parser(commands)

    preview = commands.add_parser(
        "map", help="write a preview of the corridor map and strip map (serve it to look)"
    )
    preview.add_argument("--lang", choices=["zh", "bo", "en"], default="zh")
    preview.add_argument(
        "--out",
        type=Path,
        default=Path("build/map-preview"),
        help="folder to write (default: build/map-preview, relative to the project)",
    )
    preview.set_defaults(run=cmd_map)
    return top


def main(argv: Sequence[str] | None = None) -> int:
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
    except KeyboardInterrupt:
        print("corridor: interrupted; outputs are unchanged", file=sys.stderr)
        return 130
    except Exception as error:  # a bug in corridor, never bad input: say so plainly
        if args.debug:
            traceback.print_exc()
        print(
            f"corridor: internal error ({type(error).__name__}: {error}). This is a bug in "
            "corridor, not in your data; run again with --debug and report it.",
            file=sys.stderr,
        )
        return EXIT_BUG


if __name__ == "__main__":
    sys.exit(main())
