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


@contextmanager
def replacing_file(target: Path) -> Iterator[Path]:
    """A temporary path beside `target` that becomes `target` if the body succeeds."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
    os.close(handle)
    # mkstemp makes the file private; outputs are published (a body may set another mode).
    Path(temporary).chmod(0o644)
    try:
        yield Path(temporary)
        Path(temporary).replace(target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomically(target: Path, data: bytes) -> None:
    """Replace the file `target` with `data` in one step, or leave it exactly as it was.

    The data is flushed to disk before the rename, so an editor never finds half a catalogue
    even after a power cut; the file keeps its permissions.
    """
    mode = target.stat().st_mode & 0o777 if target.exists() else 0o644
    with replacing_file(target) as temporary:
        with temporary.open("wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        temporary.chmod(mode)
