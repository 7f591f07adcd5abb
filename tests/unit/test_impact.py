"""`corridor impact`: what a reviewer reads before merging a change to the records."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_cli
from tests.unit.test_change_kinds import INPUTS


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A git repository holding a copy of the sample project, committed once."""
    clone = tmp_path / "clone"
    clone.mkdir()
    for name in INPUTS:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, clone / name)
    (clone / ".gitignore").write_text("build/\n")
    git(clone, "init", "-q", "-b", "main")
    git(clone, "add", "-A")
    git(clone, "commit", "-q", "-m", "sample data")
    return clone


def rename_hall(repo: Path) -> None:
    path = repo / "sites/towns/sijing.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: 甘溪坡茶马古道陈列馆", "name: 甘溪坡茶马古道博物馆"))


def test_renamed_hall_names_its_pages_in_every_language_and_the_map(repo: Path) -> None:
    rename_hall(repo)
    git(repo, "commit", "-q", "-am", "rename the Ganxipo hall")

    run = run_cli("impact", "HEAD~1", "--against", "HEAD", cwd=repo)

    assert run.code == 0, run.err
    lines = run.out.splitlines()
    assert "  towns/sijing/halls/ganxipo: name (bo), name (en), name (zh)" in lines
    assert "  /halls/ganxipo/  [bo en zh]" in lines
    assert "  /towns/sijing/  [bo en zh]" in lines
    assert "  map/map.html  [bo en zh]" in lines
    # The hall's nameplate prints its name: in Chinese, and in Tibetan and English too,
    # because their translations are of the old name (now fuzzy, so the Chinese shows).
    signs = lines[lines.index("signs to approve again and reprint:") + 1 :]
    # Both panels' strip maps name the halls along the corridor.
    assert signs == [
        "  erlangshan-panel: strip map",
        "  ganxipo-nameplate: title/bo, title/en, title/zh",
        "  ganxipo-panel: strip map",
    ]
    # Only the hall's record changed (which outputs change is checked against real builds
    # in test_change_kinds).
    assert [line for line in lines if line.startswith("  towns/")] == [
        "  towns/sijing/halls/ganxipo: name (bo), name (en), name (zh)"
    ]


def test_working_tree_against_head_is_the_default(repo: Path) -> None:
    rename_hall(repo)
    run = run_cli("impact", cwd=repo)
    assert run.code == 0
    assert run.out.startswith("changes since HEAD (working tree): 3 in 1 records")


def test_moved_point_touches_every_language_but_no_text(repo: Path) -> None:
    path = repo / "sites/towns/labahe.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("lat: 30.035", "lat: 30.036"))
    run = run_cli("impact", cwd=repo)
    assert "  towns/labahe/halls/erlangshan-road: location (all)" in run.out.splitlines()
    assert run.out.splitlines()[-1] == "signs: no printed change"


def test_a_translation_edit_names_only_that_language(repo: Path) -> None:
    path = repo / "translations/en/LC_MESSAGES/messages.po"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"Ganxipo Tea-Horse Road Exhibition Hall"', '"Ganxipo Museum"'))
    git(repo, "commit", "-q", "-am", "shorter English name")
    lines = run_cli("impact", "HEAD~1", "--against", "HEAD", cwd=repo).out.splitlines()
    assert "  towns/sijing/halls/ganxipo: name (en)" in lines
    assert "  /halls/ganxipo/  [en]" in lines
    assert lines[-1] == "  ganxipo-nameplate: title/en"


def test_no_change_says_so(repo: Path) -> None:
    assert run_cli("impact", cwd=repo).out == "no published change since HEAD (working tree)\n"


def test_unknown_revision_and_no_repository_exit_2(repo: Path, tmp_path: Path) -> None:
    unknown = run_cli("impact", "no-such-branch", cwd=repo)
    assert (unknown.code, unknown.err) == (
        2,
        "corridor: `no-such-branch` is not a revision of this repository\n",
    )
    outside = tmp_path / "outside"
    shutil.copytree(repo / "sites", outside / "sites")
    not_git = run_cli("impact", cwd=outside)
    assert not_git.code == 2
    assert "is not inside a git repository" in not_git.err
    assert "Traceback" not in unknown.err + not_git.err


def test_a_committed_link_out_of_the_project_is_not_followed(repo: Path) -> None:
    (repo / "sites/towns/outside.yml").symlink_to("/etc/passwd")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "a link out")
    run = run_cli("impact", "HEAD~1", "--against", "HEAD", cwd=repo)
    assert run.code == 2
    assert "the records do not load" in run.err and "outside.yml" in run.err
    assert "root:" not in run.out + run.err  # nothing of /etc/passwd
