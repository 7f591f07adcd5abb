"""Shared fixtures: a writable copy of the tiny two-town corridor, and the CLI as a user runs it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures"


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
    corridor.write("mkdocs.yml", "site_name: test\nsite_url: https://corridor.example/g318/\n")
    return corridor


@pytest.fixture
def sign_corridor(tmp_path: Path) -> TmpCorridor:
    return make_sign_corridor(tmp_path / "project")
