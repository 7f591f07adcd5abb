"""Every kind of change an editor makes, published before and after for real.

For each change the sample project is built (`corridor build`) and its signs rendered
(`corridor signs`) before and after, and the outputs are compared byte for byte. `corridor
impact` must name exactly the website files and the signs whose bytes changed — no more, no
fewer — and the incremental `corridor signs` run must re-render exactly the signs whose
proofs changed.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
from collections.abc import Callable
from copy import deepcopy
from pathlib import Path
from typing import Any

import pytest
import yaml

from corridor.urls import language_root
from tests.conftest import ROOT, run_cli

# What the build and the signs read; build/.cache spares each copy the font subsetting.
INPUTS = ("sites", "translations", "docs", "overrides", "templates", "mkdocs.yml")


def git(repo: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org", *args],
        cwd=repo,
        check=True,
        capture_output=True,
    )


def load(repo: Path, relative: str) -> Any:
    return yaml.safe_load((repo / relative).read_text(encoding="utf-8"))


def dump(repo: Path, relative: str, data: Any) -> None:
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=1000)
    (repo / relative).write_text(text, encoding="utf-8")


def files(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path in before.keys() | after.keys() if before.get(path) != after.get(path)}


def publish(repo: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Build the site and render the signs; the files of each."""
    for command in (("build",), ("signs",)):
        run = run_cli("--root", str(repo), *command)
        assert run.code == 0, run.out + run.err
    return files(repo / "build" / "site"), files(repo / "build" / "signs" / "proofs")


@pytest.fixture(scope="module")
def published(
    tmp_path_factory: pytest.TempPathFactory,
) -> tuple[Path, dict[str, str], dict[str, str]]:
    """The sample project in a git repository, one extra hall and base in chengxiang (so one
    can move and one be deleted), committed and published once."""
    repo = tmp_path_factory.mktemp("changes") / "project"
    repo.mkdir()
    for name in INPUTS:
        copy = shutil.copytree if (ROOT / name).is_dir() else shutil.copy
        copy(ROOT / name, repo / name)
    if (ROOT / "build" / ".cache").is_dir():
        shutil.copytree(ROOT / "build" / ".cache", repo / "build" / ".cache")
    (repo / ".gitignore").write_text("build/\n")
    town = load(repo, "sites/towns/chengxiang.yml")
    hall = {**deepcopy(town["halls"][0]), "id": "test-hall", "name": "测试陈列馆"}
    base = {**deepcopy(town["bases"][0]), "id": "test-base", "name": "测试基地"}
    town["halls"].append(hall)
    town["bases"].append(base)
    dump(repo, "sites/towns/chengxiang.yml", town)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "sample data")
    site, proofs = publish(repo)
    return repo, site, proofs


def rename_town(repo: Path) -> None:
    path = repo / "sites/towns/sijing.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("name: 思经镇", "name: 思经乡"))


def rename_hall(repo: Path) -> None:
    path = repo / "sites/towns/sijing.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("name: 甘溪坡茶马古道陈列馆", "name: 甘溪坡茶马古道博物馆"))


def move_hall(repo: Path) -> None:
    origin, target = load(repo, "sites/towns/chengxiang.yml"), load(repo, "sites/towns/xiaohe.yml")
    hall = next(h for h in origin["halls"] if h["id"] == "test-hall")
    origin["halls"].remove(hall)
    target["halls"].append(hall)
    dump(repo, "sites/towns/chengxiang.yml", origin)
    dump(repo, "sites/towns/xiaohe.yml", target)


def edit_summary(repo: Path) -> None:
    path = repo / "sites/towns/labahe.yml"
    town = load(repo, "sites/towns/labahe.yml")
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace(town["bases"][0]["summary"], "喇叭河的川牛膝种植基地（摘要已修订）。")
    )


def edit_translation(repo: Path) -> None:
    path = repo / "translations/en/LC_MESSAGES/messages.po"
    text = path.read_text(encoding="utf-8")
    name = '"Ganxipo Tea-Horse Road Exhibition Hall"'
    assert name in text
    path.write_text(text.replace(name, '"Ganxipo Museum"'))


def recolour_sign_type(repo: Path) -> None:
    path = repo / "sites/sign-types.yml"
    text = path.read_text(encoding="utf-8")
    assert "cmyk: [0, 45, 75, 60]" in text
    path.write_text(text.replace("cmyk: [0, 45, 75, 60]", "cmyk: [0, 50, 80, 55]", 1))


def change_site_url(repo: Path) -> None:
    path = repo / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"(?m)^site_url: .*$", "site_url: https://g318.tianquan.example/", text))


def add_town(repo: Path) -> None:
    town = load(repo, "sites/towns/xiaohe.yml")
    town.update(id="newtown", name="新场乡", pinyin="Xinchang", code="511825299")
    town.pop("signs", None)
    town["halls"] = [{**deepcopy(town["halls"][0]), "id": "newtown-hall", "name": "新场陈列馆"}]
    town["bases"] = [{**deepcopy(town["bases"][0]), "id": "newtown-base", "name": "新场基地"}]
    dump(repo, "sites/towns/newtown.yml", town)
    path = repo / "sites/corridor.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("sijing, labahe]", "sijing, labahe, newtown]"))


def delete_base(repo: Path) -> None:
    town = load(repo, "sites/towns/chengxiang.yml")
    town["bases"] = [b for b in town["bases"] if b["id"] != "test-base"]
    dump(repo, "sites/towns/chengxiang.yml", town)


CHANGES: dict[str, Callable[[Path], None]] = {
    "rename a town": rename_town,
    "rename a hall": rename_hall,
    "move a hall to another town": move_hall,
    "edit a summary": edit_summary,
    "edit one translation": edit_translation,
    "change a sign type's colour": recolour_sign_type,
    "change site_url": change_site_url,
    "add a town": add_town,
    "delete a base": delete_base,
}


def named_by_impact(output: str) -> tuple[set[str], set[str]]:
    """The website files (paths under build/site) and the signs an impact report names."""
    site: set[str] = set()
    signs: set[str] = set()
    section = ""
    for line in output.splitlines():
        if not line.startswith("  "):
            section = line
            continue
        if section.startswith(("pages", "other website files")):
            path, langs = re.fullmatch(r"  (\S+)  \[([a-z ]+)\]", line).groups()  # type: ignore[union-attr]
            inside = path.lstrip("/") + ("index.html" if path.endswith("/") else "")
            site |= {language_root(lang) + inside for lang in langs.split()}
        elif section.startswith("signs to approve"):
            signs.add(line.strip().split(":")[0])
    return site, signs


@pytest.mark.parametrize("kind", list(CHANGES))
def test_impact_names_exactly_what_changes(
    kind: str, published: tuple[Path, dict[str, str], dict[str, str]], tmp_path: Path
) -> None:
    base, site_before, proofs_before = published
    repo = tmp_path / "project"
    shutil.copytree(base, repo, symlinks=True)
    CHANGES[kind](repo)
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", kind)

    impact = run_cli("impact", "HEAD~1", "--against", "HEAD", cwd=repo)
    assert impact.code == 0, impact.out + impact.err
    site_after, proofs_after = publish(repo)

    named_site, named_signs = named_by_impact(impact.out)
    reprinted = {path.removesuffix(".pdf") for path in changed(proofs_before, proofs_after)}
    assert changed(site_before, site_after) or reprinted, f"{kind} changed no output"
    assert named_site == changed(site_before, site_after), impact.out
    assert named_signs == reprinted, impact.out
