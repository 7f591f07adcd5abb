"""When each input file last changed, from git: the dates pages show and sitemaps carry.

Dates come from commits, never from the clock or file modification times, so two builds of
the same commit are byte-identical. A file git does not know (new, or a project that is not
a git checkout) has no date here; callers fall back to the record's own `updated` date.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterable
from datetime import UTC, date, datetime
from pathlib import Path


def last_commit_dates(root: Path, folders: Iterable[str]) -> dict[str, date]:
    """The date (UTC) of the last commit touching each file under `folders`, by POSIX path.

    One `git log` over the history answers for every file at once, however many records
    there are. Without git, or outside a checkout, the answer is empty.
    """
    try:
        result = subprocess.run(
            ["git", "log", "--format=%x00%ct", "--name-only", "--no-renames", "--", *folders],
            cwd=root,
            capture_output=True,
            text=True,
            check=False,
        )
    except OSError:
        return {}
    if result.returncode != 0:
        return {}
    top = _toplevel(root)
    if top is None:
        return {}
    prefix = root.resolve().relative_to(top).as_posix() if root.resolve() != top else ""
    dates: dict[str, date] = {}
    for commit in result.stdout.split("\x00")[1:]:
        stamp, _, names = commit.partition("\n")
        day = datetime.fromtimestamp(int(stamp.strip()), UTC).date()
        for name in names.split("\n"):
            name = name.strip()
            if not name:
                continue
            if prefix:
                if not name.startswith(prefix + "/"):
                    continue
                name = name[len(prefix) + 1 :]
            # Newest commits come first: the first date seen for a file is its last change.
            dates.setdefault(name, day)
    return dates


def _toplevel(root: Path) -> Path | None:
    result = subprocess.run(
        ["git", "rev-parse", "--show-toplevel"],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        return None
    return Path(result.stdout.strip()).resolve()
