"""Shared fixtures: a writable copy of the tiny two-town corridor, and the CLI as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from filelock import FileLock
from hypothesis import HealthCheck, settings
from hypothesis.database import DirectoryBasedExampleDatabase

# Fixtures of the browser tests (a served site, chromium, a tab that records requests).
pytest_plugins = ["tests.browser.browsing"]

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"

# corridor speaks the locale's language (corridor/speech.py) and these tests assert its
# English, so the suite speaks English whatever the locale of the machine running it; the
# tests of the Chinese output set LANGUAGE/LANG themselves (tests/unit/test_speech_cli.py).
os.environ["LANGUAGE"] = "en"

# Hypothesis keeps the examples it found failing in tests/.hypothesis, so a failure replays on
# the next run of that machine until it is fixed. The folder is not committed (every run adds
# to it); a failure elsewhere, in CI too, prints the `@reproduce_failure(...)` line that replays
# it on any machine. Examples are bounded (each builds a map or more); no deadline: a build's
# time varies with the load.
settings.register_profile(
    "corridor",
    database=DirectoryBasedExampleDatabase(ROOT / "tests" / ".hypothesis"),
    max_examples=20,
    deadline=None,
    print_blob=True,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.load_profile("corridor")


@dataclass
class TmpCorridor:
    """A copy of tests/fixtures/corridor that a test may change freely."""

    root: Path

    def write(self, relative: str, text: str | bytes) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return path

    def read(self, relative: str) -> str:
        return (self.root / relative).read_text(encoding="utf-8")

    def replace(self, relative: str, old: str, new: str) -> None:
        text = self.read(relative)
        assert old in text, f"{old!r} not in {relative}"
        self.write(relative, text.replace(old, new, 1))


@pytest.fixture
def tmp_corridor(tmp_path: Path) -> TmpCorridor:
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "corridor", root)
    return TmpCorridor(root)


@dataclass
class Run:
    code: int
    out: str
    err: str


def run_cli(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None) -> Run:
    """Run `corridor …` as a separate process, exactly as an editor would."""
    result = subprocess.run(
        [sys.executable, "-m", "corridor.cli", *args],
        cwd=cwd or ROOT,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        check=False,
    )
    return Run(result.returncode, result.stdout, result.stderr)


# --- the website ------------------------------------------------------------------------------

# What a project needs besides its data to build the website.
SITE_CODE = ("mkdocs.yml", "templates", "overrides", "docs")


def make_site_project(root: Path) -> TmpCorridor:
    """The two-town corridor as a whole project: its data and catalogues, our site code.

    The catalogues are the project's (template strings) plus the record strings of
    tests/fixtures/site-translations, which leaves some strings untranslated on purpose, so
    a Tibetan page of the test corridor is Tibetan where the fixture says so.
    """
    from babel.messages.pofile import read_po, write_po

    shutil.copytree(FIXTURES / "corridor" / "sites", root / "sites")
    for name in SITE_CODE:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name)
        else:
            shutil.copy2(source, root / name)
    for lang in ("bo", "en"):
        relative = Path("translations") / lang / "LC_MESSAGES" / "messages.po"
        with (ROOT / relative).open("rb") as file:
            catalog = read_po(file, locale=lang)
        with (FIXTURES / "site-translations" / relative.relative_to("translations")).open(
            "rb"
        ) as file:
            records = read_po(file, locale=lang)
        for message in records:
            if message.id:
                catalog.add(
                    message.id,
                    message.string,
                    user_comments=message.user_comments,
                    flags=message.flags,
                    context=message.context,
                )
        (root / relative).parent.mkdir(parents=True)
        with (root / relative).open("wb") as file:
            write_po(file, catalog)
    shutil.copy2(ROOT / "translations" / "babel.cfg", root / "translations" / "babel.cfg")
    return TmpCorridor(root)


def build_site(root: Path, *args: str, env: dict[str, str] | None = None) -> Run:
    """`corridor build` on the project at `root`, as an editor runs it."""
    return run_cli("--root", str(root), "build", *args, env=env)


def tree_digest(folder: Path) -> dict[str, str]:
    """Every file under `folder` (and its mode) by relative path: to compare builds exactly."""
    import hashlib

    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        + oct(path.stat().st_mode)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture(scope="session")
def fixture_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The two-town corridor, built once for the session: the project root."""
    root = tmp_path_factory.mktemp("fixture-site") / "project"
    make_site_project(root)
    run = build_site(root)
    assert run.code == 0, run.out + run.err
    return root


@pytest.fixture(scope="session")
def sample_site(tmp_path_factory: pytest.TempPathFactory, testrun_uid: str) -> Path:
    """The real sample data in sites/, built with `corridor build` into build/site.

    Built once per test run, not once per xdist worker: a second worker's build swaps
    build/site while the first worker's browser is reading it."""
    shared = tmp_path_factory.getbasetemp().parent
    built = shared / "sample-site.built"
    with FileLock(shared / "sample-site.lock"):
        if not built.is_file() or built.read_text() != testrun_uid:
            run = build_site(ROOT)
            assert run.code == 0, run.out + run.err
            built.write_text(testrun_uid)
    return ROOT / "build" / "site"


def site_project_like(fixture_root: Path, root: Path) -> TmpCorridor:
    """A fresh project like the session's fixture site, reusing its font cache (slow to make)."""
    project = make_site_project(root)
    shutil.copytree(fixture_root / "build" / ".cache", root / "build" / ".cache")
    return project


def make_sign_corridor(root: Path) -> TmpCorridor:
    """The tiny corridor with signs of every type, the project's real sign types and
    templates, and small test catalogues (machine Tibetan, one reviewed town name)."""
    shutil.copytree(FIXTURES / "corridor", root)
    corridor = TmpCorridor(root)
    signs = FIXTURES / "signs"
    for town in ("alpha", "beta"):
        path = f"sites/towns/{town}.yml"
        extra = (signs / f"{town}-signs.yml").read_text(encoding="utf-8")
        corridor.write(path, corridor.read(path) + extra)
    shutil.copy(ROOT / "sites" / "sign-types.yml", root / "sites" / "sign-types.yml")
    shutil.copytree(ROOT / "templates" / "signs", root / "templates" / "signs")
    shutil.copytree(signs / "translations", root / "translations")
    shutil.copy(ROOT / "translations" / "babel.cfg", root / "translations" / "babel.cfg")
    corridor.write("mkdocs.yml", "site_name: test\nsite_url: https://corridor.example/g318/\n")
    return corridor


@pytest.fixture
def sign_corridor(tmp_path: Path) -> TmpCorridor:
    return make_sign_corridor(tmp_path / "project")
