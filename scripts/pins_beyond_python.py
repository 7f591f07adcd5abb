"""Names the pins in constraints.txt that the running Python cannot install, and why.

pip hides a release whose Requires-Python excludes the interpreter and then reports a
dependency conflict about something else; its verbose log still says which files it skipped.
scripts/venv-setup.sh pipes that log here when an install fails:

    pip install --dry-run --verbose ... 2>&1 | python scripts/pins_beyond_python.py constraints.txt
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

SKIPPED = re.compile(
    r"Link requires a different Python \((?P<python>[^ ]+) not in: '(?P<spec>[^']*)'\): "
    r"\S*/(?P<file>[^/\s#]+)"
)


def normalized(name: str) -> str:
    """Names as wheel and sdist file names spell them.

    >>> normalized("pymdown-extensions")
    'pymdown_extensions'
    """
    return re.sub(r"[-_.]+", "_", name).lower()


def release_of(file: str) -> str:
    """The normalized name and version of a wheel or sdist file.

    >>> release_of("pymdown_extensions-13.1.2-py3-none-any.whl")
    'pymdown_extensions-13.1.2'
    >>> release_of("ruamel.yaml-0.19.1.tar.gz")
    'ruamel_yaml-0.19.1'
    """
    if file.endswith(".whl"):
        name, version = file.split("-")[:2]
    else:
        name, _, version = re.sub(r"\.(tar\.gz|zip)$", "", file).rpartition("-")
    return f"{normalized(name)}-{version}"


def pins_beyond_python(constraints: str, pip_log: str) -> list[str]:
    """One sentence per pinned release that pip skipped for its Requires-Python."""
    pinned = {}
    for line in constraints.splitlines():
        name, _, version = line.strip().partition("==")
        if version:
            pinned[f"{normalized(name)}-{version}"] = f"{name}=={version}"
    found = {}
    for match in SKIPPED.finditer(pip_log):
        pin = pinned.get(release_of(match["file"]))
        if pin:
            found[pin] = (
                f"set-up: {pin} (constraints.txt) needs Python {match['spec']}, "
                f"this is {match['python']}: pin the newest release that admits it"
            )
    return [found[pin] for pin in sorted(found)]


def main() -> int:
    constraints = Path(sys.argv[1]).read_text(encoding="utf-8")
    sentences = pins_beyond_python(constraints, sys.stdin.read())
    for sentence in sentences:
        print(sentence, file=sys.stderr)
    return 1 if sentences else 0


if __name__ == "__main__":
    sys.exit(main())
