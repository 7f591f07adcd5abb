"""`corridor check`: every check over the project, in one place.

Each stage returns problems and never prints; stages that need the loaded corridor run only
when it loaded. New kinds of input (catalogues, sign types) add their check here.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from corridor.i18n.validation import check_catalogues
from corridor.maps import check_map
from corridor.problems import Problem, sort_problems
from corridor.records import Loaded, load_corridor
from corridor.website import WEBSITE_FILE, load_website


@dataclass(slots=True)
class ProjectCheck:
    loaded: Loaded
    problems: list[Problem]
    files: list[str]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)


def check_project(root: Path, *, website_only: bool = False) -> ProjectCheck:
    """Check records, map settings, catalogues, website settings and signs under `root`.

    `website_only` (what `corridor build` asks for) leaves out what the website does not
    depend on and costs a sign layout per sign: the signs (fit and legibility) and the
    comparison of the catalogues with a fresh extraction (which lays out every sign to tell
    translators their room). Everything that comparison finds is a warning, so no error the
    website could suffer from is skipped; `corridor check` still runs it all.
    """
    loaded = load_corridor(root)
    problems = [*loaded.problems, *check_map(loaded, os.environ)]
    files = list(loaded.files)
    catalogue_problems, catalogue_files = check_catalogues(
        root, loaded, against_template=not website_only
    )
    problems.extend(catalogue_problems)
    files.extend(catalogue_files)
    _, website_problems = load_website(root)
    problems.extend(website_problems)
    files.append(WEBSITE_FILE)
    if not website_only:
        # Imported only when needed: WeasyPrint takes about a second to import.
        from corridor.signs.build import check_signs

        sign_problems, sign_files = check_signs(root, loaded)
        problems.extend(sign_problems)
        files.extend(sign_files)
    return ProjectCheck(loaded, sort_problems(problems), files)
