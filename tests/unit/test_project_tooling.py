"""The forge workflows, pre-commit and YAML style: checked here because they cannot run here."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

BIN = Path(sys.executable).parent
WORKFLOWS = {
    ".github/workflows/ci.yml": "vendor.github-workflows",
    ".gitlab-ci.yml": "vendor.gitlab-ci",
}


def schema_check(path: Path, schema: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [BIN / "check-jsonschema", "--builtin-schema", schema, str(path)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("relative", sorted(WORKFLOWS))
def test_workflow_is_valid_for_its_forge(relative: str) -> None:
    result = schema_check(ROOT / relative, WORKFLOWS[relative])
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize("relative", sorted(WORKFLOWS))
def test_a_broken_workflow_is_caught(relative: str, tmp_path: Path) -> None:
    broken = tmp_path / Path(relative).name
    text = (ROOT / relative).read_text(encoding="utf-8")
    broken.write_text(text.replace("script:", "scrpit:").replace("runs-on:", "run-on:"))
    assert schema_check(broken, WORKFLOWS[relative]).returncode != 0


def test_workflows_test_build_and_publish_the_proof_book() -> None:
    github = yaml.safe_load((ROOT / ".github/workflows/ci.yml").read_text(encoding="utf-8"))
    steps = {
        job: [s.get("run", s.get("uses", "")) for s in spec["steps"]]
        for job, spec in github["jobs"].items()
    }
    # The tests run through the project's own CI script, on Debian 12 and 13.
    assert ".ci/run" in steps["test"]
    assert github["jobs"]["test"]["strategy"]["matrix"]["debian"] == ["bookworm", "trixie"]
    assert "make build" in steps["build"]
    assert "actions/upload-artifact@v4" in steps["build"]
    assert "actions/deploy-pages@v4" in steps["deploy"]
    gitlab = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert gitlab["test"]["script"] == [".ci/run"]
    assert gitlab["test"]["parallel"]["matrix"] == [{"DEBIAN": ["bookworm", "trixie"]}]
    assert "build/signs/proof-book.pdf" in gitlab["build"]["artifacts"]["paths"]
    assert gitlab["pages"]["artifacts"]["paths"] == ["public"]


def test_pre_commit_config_is_valid_and_checks_records() -> None:
    result = subprocess.run(
        [BIN / "pre-commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["corridor-check"]["entry"] == ".venv/bin/corridor check"
    assert {"ruff", "ruff-format", "yamllint"} <= hooks.keys()


def test_every_committed_yaml_file_passes_the_pre_commit_hook() -> None:
    # As `pre-commit run --all-files` runs the hook: every tracked YAML file named on the
    # command line (yamllint's `ignore:` still applies to named files).
    tracked = subprocess.run(
        ["git", "ls-files", "*.yml", "*.yaml"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert "sites/corridor.yml" in tracked
    assert "tests/fixtures/invalid/duplicate-key.yml" in tracked
    result = subprocess.run(
        [BIN / "yamllint", "--strict", *tracked],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout


def test_yaml_style_catches_an_unquoted_yes(tmp_path: Path) -> None:
    record = tmp_path / "town.yml"
    record.write_text("on_g318: yes\n", encoding="utf-8")
    result = subprocess.run(
        [BIN / "yamllint", "--strict", "-c", str(ROOT / ".yamllint.yml"), str(record)],
        capture_output=True,
        text=True,
        check=False,
    )
    # --strict turns the warning into a failure (exit 2).
    assert result.returncode != 0
    assert "truthy value should be one of" in result.stdout
