"""Reading the project's own files, and nothing else: the one door for sites/ and translations/.

Every reader names a file twice: its path on disk and its `display` name, the path relative
to the project folder that messages show (``sites/towns/shiyang.yml``). The project folder is
what remains of the path without the display name, so a file is read only when its real
location (every symbolic link followed) is inside that folder and it is a regular file: a
town file linked to ``/home/…/secret.yml`` or a ``.yml`` link to a folder is a problem at the
file's first line, never read and never silently skipped.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from corridor.problems import Problem
from corridor.speech import _


def project_folder(path: Path, display: str) -> Path:
    """The project folder `path` belongs to: `path` without its `display` name."""
    parts = PurePosixPath(display).parts
    if len(parts) >= len(path.parts) or tuple(path.parts[-len(parts) :]) != parts:
        raise ValueError(f"{path} does not end in its display name {display}")
    return Path(*path.parts[: -len(parts)])


def refusal(path: Path, display: str) -> str | None:
    """Why `path` may not be read (outside the project, not a file), or None when it may.

    A missing file is not refused here: each reader says what a missing file means.
    """
    folder = project_folder(path, display).resolve()
    real = path.resolve()
    if not real.is_relative_to(folder):
        return _("{file} leads outside the project (to {target}): it is not read").format(
            file=display, target=real
        )
    if real.exists() and not real.is_file():
        return _("{file} is not a file (a folder, or a link to one)").format(file=display)
    return None


def read_bytes(path: Path, display: str) -> tuple[bytes | None, Problem | None]:
    """The bytes of one project file, or the problem (at its line 1) that stops the reading."""
    refused = refusal(path, display)
    if refused is not None:
        hint = _("copy the file into the project, or correct the link")
        return None, Problem(display, 1, 1, "", refused, hint)
    try:
        return path.read_bytes(), None
    except OSError as error:
        reason = error.strerror or str(error)
        return None, Problem(
            display, 1, 1, "", _("cannot read the file: {reason}").format(reason=reason)
        )
