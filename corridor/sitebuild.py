"""Building the website: one `mkdocs build --strict` per language, in parallel, then assembled.

Each language is a separate mkdocs process (``CORRIDOR_LANGUAGE=bo mkdocs build``): mkdocs
and jieba keep global state, and separate processes use both cores. Each builds into its own
folder; the Chinese site is then moved to the root and the others under ``bo/`` and ``en/``.
The caller wraps this in `atomic.replacing`, so a failure anywhere leaves the previous
`build/site/` exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from datetime import time as clock_time
from pathlib import Path

from corridor.history import last_commit_dates
from corridor.i18n.catalogues import SOURCE_LANGUAGE
from corridor.model import Corridor
from corridor.urls import LANGUAGES, language_root


@dataclass(frozen=True, slots=True)
class LanguageBuild:
    lang: str
    ok: bool
    seconds: float
    output: str


def source_date_epoch(root: Path, corridor: Corridor) -> int:
    """SOURCE_DATE_EPOCH for a build: midnight (UTC) of the newest data change, never now.

    mkdocs stamps it into sitemap.xml.gz; from the data it makes builds byte-identical.
    """
    dates = [corridor.info.updated, *last_commit_dates(root, ("sites", "translations")).values()]
    newest = max(dates)
    return int(datetime.combine(newest, clock_time(0, 0), tzinfo=UTC).timestamp())


def build_languages(
    root: Path,
    target: Path,
    *,
    languages: Sequence[str] = LANGUAGES,
    jobs: int = 2,
    environment: dict[str, str] | None = None,
) -> list[LanguageBuild]:
    """Build every language into `target` (an empty folder); the report of each build.

    Stops short of assembling when any language fails; the caller then discards `target`.
    """
    parts = target / ".languages"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", **(environment or {})}

    def build(lang: str) -> LanguageBuild:
        start = time.monotonic()
        result = subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(parts / lang)],
            cwd=root,
            env={**env, "CORRIDOR_LANGUAGE": lang},
            capture_output=True,
            text=True,
            check=False,
        )
        output = "\n".join(
            line
            for line in (result.stdout + result.stderr).splitlines()
            if line.strip() and not line.startswith("INFO")
        )
        return LanguageBuild(lang, result.returncode == 0, time.monotonic() - start, output)

    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        reports = list(pool.map(build, languages))
    if all(report.ok for report in reports):
        _assemble(parts, target, languages)
    return reports


def _assemble(parts: Path, target: Path, languages: Sequence[str]) -> None:
    if SOURCE_LANGUAGE in languages:
        for entry in sorted((parts / SOURCE_LANGUAGE).iterdir()):
            entry.rename(target / entry.name)
    for lang in languages:
        if lang != SOURCE_LANGUAGE:
            (parts / lang).rename(target / language_root(lang).rstrip("/"))
    shutil.rmtree(parts)
