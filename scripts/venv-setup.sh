#!/bin/sh
# Creates the project's virtual environment and installs the Python packages pinned in
# constraints.txt into it.
#
#   scripts/venv-setup.sh [VENV]       set up VENV (default .venv)
#   scripts/venv-setup.sh --which      only print the interpreter it would use
#
# The interpreter: $PYTHON when set, else the first of python3, python3.13, python3.12,
# python3.11 that pyproject.toml's requires-python admits (Debian 12 has 3.11, Debian 13 3.13).
# A Python that is too old gets one line saying what is needed, never a pip resolution error.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
# The floor is stated once, in pyproject.toml: requires-python = ">=3.11".
floor=$(sed -n 's/^requires-python = ">=\([0-9.]*\).*/\1/p' "$root/pyproject.toml")
[ -n "$floor" ] || { echo "venv-setup: no requires-python floor in pyproject.toml" >&2; exit 1; }
floor_tuple=$(echo "$floor" | tr . ,)

version_of() {
    "$1" -c 'import sys; print("%d.%d.%d" % sys.version_info[:3])' 2>/dev/null
}
admitted() {
    "$1" -c "import sys; sys.exit(sys.version_info[:3] < ($floor_tuple,))" 2>/dev/null
}

choose_python() {
    candidates=${PYTHON:-python3 python3.13 python3.12 python3.11}
    found=""
    for candidate in $candidates; do
        command -v "$candidate" >/dev/null 2>&1 || continue
        if admitted "$candidate"; then
            echo "$candidate"
            return 0
        fi
        found="$found, $candidate is $(version_of "$candidate" || echo 'not a working Python')"
    done
    if [ -n "$found" ]; then found=" (${found#, })"; else found=" (none of $candidates found)"; fi
    echo "set-up: needs Python $floor or newer$found: Debian 12 and 13 have it (apt-get install python3 python3-venv); elsewhere install one (python.org, pyenv) and run make with PYTHON=/path/to/python$floor" >&2
    return 1
}

python=$(choose_python)
if [ "${1:-}" = "--which" ]; then
    echo "$python"
    exit 0
fi
venv=${1:-.venv}

# A venv made by another interpreter (PYTHON changed) is made again rather than mixed.
identity='import sys; print(sys.base_prefix, sys.version)'
if [ -x "$venv/bin/python" ] && [ "$("$venv/bin/python" -c "$identity")" != "$("$python" -c "$identity")" ]; then
    echo "set-up: $venv was made by another Python; making it again with $python"
    "$python" -m venv --clear "$venv"
elif [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv"
fi
# PIP_CONSTRAINT (unlike -c) also reaches the isolated environments pip builds packages in,
# so the build backend (hatchling) is pinned as well.
export PIP_CONSTRAINT="$root/constraints.txt"
pip_install() { "$venv/bin/pip" install --disable-pip-version-check "$@" -e "$root[dev]"; }
if ! pip_install --quiet; then
    # pip names a conflict, not the pin it hid for its Requires-Python: say which one it was.
    pip_install --dry-run --verbose 2>&1 | "$python" "$root/scripts/pins_beyond_python.py" "$PIP_CONSTRAINT" || true
    exit 1
fi
