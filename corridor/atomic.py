"""Atomic output: a build either replaces its folder completely or leaves it untouched."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """Yield an empty folder beside `target`; on success it becomes `target`.

    If the body raises, the temporary folder is removed and `target` is left exactly as it
    was, so a failed build never leaves half an output behind.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    # mkdtemp makes a private folder; outputs are published, so make it readable.
    staging.chmod(0o755)
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = target.with_name(f".{target.name}.previous")
    shutil.rmtree(previous, ignore_errors=True)
    if target.exists():
        target.rename(previous)
    staging.rename(target)
    shutil.rmtree(previous, ignore_errors=True)


def write_atomically(target: Path, data: bytes) -> None:
    """Replace the file `target` with `data` in one step, or leave it exactly as it was.

    The data goes to a temporary file beside the target, is flushed to disk, and is renamed
    over the target (atomic on POSIX). If anything fails, the temporary file is removed and
    the previous file is untouched: an editor never finds half a catalogue.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        # mkstemp makes the file private; keep the target's permissions (or the usual ones).
        temporary.chmod(target.stat().st_mode & 0o777 if target.exists() else 0o644)
        temporary.replace(target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
