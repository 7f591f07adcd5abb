"""Set-up works with the Pythons users really have: Debian's own, not only a newer one.

pip hides a release whose Requires-Python excludes the running interpreter, so one pin that
needs 3.11.5 makes `make build` fail on Debian 12 with a resolution error about something
else. These tests read what is installed; .ci/run installs it with Debian's /usr/bin/python3.
"""

from __future__ import annotations

import importlib.metadata
import os
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import Version

from tests.conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))

from pins_beyond_python import pins_beyond_python, release_of

# The interpreters of the Debian releases the README promises (their python3 packages).
SUPPORTED_PYTHONS = {"Debian 12": "3.11.2", "Debian 13": "3.13.5"}
# Installed by the set-up without a pin: the venv's own installer and the project itself.
UNPINNED = {"pip", "setuptools", "corridor"}
PIN = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[A-Za-z0-9.+!]+)")
SETUP = ROOT / "scripts" / "venv-setup.sh"


def pins() -> dict[str, Version]:
    """constraints.txt as {canonical name: version}; every line must be an exact pin."""
    pinned = {}
    for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        match = PIN.fullmatch(line.strip())
        assert match, f"constraints.txt: not an exact pin: {line!r}"
        pinned[canonicalize_name(match["name"])] = Version(match["version"])
    return pinned


def installed() -> dict[str, importlib.metadata.Distribution]:
    return {
        canonicalize_name(dist.metadata["Name"]): dist
        for dist in importlib.metadata.distributions()
    }


def excluded_pythons(requires_python: str | None) -> list[str]:
    """The supported Debian Pythons a Requires-Python rules out.

    >>> excluded_pythons(">=3.11.5")
    ["Debian 12's 3.11.2"]
    >>> excluded_pythons(None)
    []
    """
    allowed = SpecifierSet(requires_python or "")
    return [
        f"{release}'s {version}"
        for release, version in SUPPORTED_PYTHONS.items()
        if Version(version) not in allowed
    ]


def test_every_installed_pin_admits_the_debian_pythons() -> None:
    dists = installed()
    offenders = []
    for name in sorted(pins().keys() & dists.keys()):
        requires = dists[name].metadata.get("Requires-Python")
        for python in excluded_pythons(requires):
            offenders.append(f"{name} {dists[name].version} needs Python {requires}: not {python}")
    assert offenders == []


def test_installed_packages_are_exactly_the_pinned_ones() -> None:
    pinned, dists = pins(), installed()
    mismatched = [
        f"{name}: installed {dists[name].version}, pinned {pinned[name]}"
        for name in sorted(pinned.keys() & dists.keys())
        if Version(dists[name].version) != pinned[name]
    ]
    unpinned = sorted(dists.keys() - pinned.keys() - UNPINNED)
    assert (mismatched, unpinned) == ([], [])


def test_the_project_admits_the_debian_pythons() -> None:
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert excluded_pythons(pyproject["project"]["requires-python"]) == []


def run_setup(project: Path, python: str | None, *args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHON"}
    if python is not None:
        env["PYTHON"] = python
    return subprocess.run(
        ["sh", str(project / "scripts" / "venv-setup.sh"), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def project_requiring(tmp_path: Path, floor: str) -> Path:
    """A copy of the set-up script beside a pyproject.toml that asks for Python `floor`."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(SETUP, tmp_path / "scripts")
    (tmp_path / "pyproject.toml").write_text(
        f'[project]\nname = "x"\nrequires-python = ">={floor}"\n', encoding="utf-8"
    )
    return tmp_path


def test_a_too_old_python_gets_one_line_saying_what_is_needed(tmp_path: Path) -> None:
    # This interpreter is older than the copy's floor, as Debian 11's 3.9 is older than 3.11.
    version = ".".join(map(str, sys.version_info[:3]))
    result = run_setup(project_requiring(tmp_path, "3.99"), sys.executable)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr == (
        f"set-up: needs Python 3.99 or newer ({sys.executable} is {version}): Debian 12 and 13"
        " have it (apt-get install python3 python3-venv); elsewhere install one (python.org,"
        " pyenv) and run make with PYTHON=/path/to/python3.99\n"
    )
    assert not (tmp_path / ".venv").exists()


def test_a_missing_python_is_named(tmp_path: Path) -> None:
    result = run_setup(project_requiring(tmp_path, "3.11"), "/nonexistent/python3")
    assert result.returncode == 1
    assert result.stderr.startswith(
        "set-up: needs Python 3.11 or newer (none of /nonexistent/python3 found): "
    )
    assert result.stderr.count("\n") == 1


def test_python_overrides_the_choice() -> None:
    result = run_setup(ROOT, sys.executable, "--which")
    assert (result.returncode, result.stdout) == (0, f"{sys.executable}\n")


def test_the_default_choice_is_a_python_the_project_admits() -> None:
    result = run_setup(ROOT, None, "--which")
    assert result.returncode == 0, result.stderr
    chosen = subprocess.run(
        [result.stdout.strip(), "-c", "import sys; print('%d.%d.%d' % sys.version_info[:3])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    pyproject = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert Version(chosen) in SpecifierSet(pyproject["project"]["requires-python"])


# Lines of `pip install --dry-run --verbose` on Debian 12's Python with pymdown-extensions
# pinned at 13.1.2: pip skips the pinned release for its Requires-Python, and older
# releases of other packages for theirs.
PIP_LOG = """\
  Link requires a different Python (3.11.2 not in: '>=3.7,<3.11'): https://files.example/\
numpy-1.21.2.zip (from https://index.example/simple/numpy/) (requires-python:>=3.7,<3.11)
  Link requires a different Python (3.11.2 not in: '>=3.11.5'): https://files.example/\
pymdown_extensions-13.1.2-py3-none-any.whl (from https://index.example/simple/pymdown-extensions/)\
 (requires-python:>=3.11.5)
  Link requires a different Python (3.11.2 not in: '>=3.11.5'): https://files.example/\
pymdown_extensions-13.1.2.tar.gz (from https://index.example/simple/pymdown-extensions/)\
 (requires-python:>=3.11.5)
  Link requires a different Python (3.11.2 not in: '>=3.11.5'): https://files.example/\
pymdown_extensions-13.1.tar.gz (from https://index.example/simple/pymdown-extensions/)\
 (requires-python:>=3.11.5)
ERROR: Cannot install corridor because these package versions have conflicting dependencies.
"""


def test_a_failed_install_names_the_pin_its_python_cannot_have() -> None:
    constraints = "numpy==2.4.6\npymdown-extensions==13.1.2\nruamel.yaml==0.19.1\n"
    assert pins_beyond_python(constraints, PIP_LOG) == [
        "set-up: pymdown-extensions==13.1.2 (constraints.txt) needs Python >=3.11.5,"
        " this is 3.11.2: pin the newest release that admits it"
    ]


def test_releases_skipped_that_are_not_pinned_are_not_blamed() -> None:
    assert pins_beyond_python("pymdown-extensions==12.3\nnumpy==1.21\n", PIP_LOG) == []
    assert release_of("ruamel.yaml-0.19.1.tar.gz") == "ruamel_yaml-0.19.1"
