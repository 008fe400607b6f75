"""Where an export is written: a staging folder beside DIR, moved into place when it is whole.

A folder is only written into when it is missing, empty, or an earlier export (it holds the
marker file an export writes); anything else needs `--force`, and even then only the entries an
export owns are replaced. Everything is written into `.DIR.export-<pid>.tmp` beside DIR first,
then moved into place by renames, `data/` as one entry: an export killed at any point leaves
DIR with the old `data/` or the new one, never a mix of two exports' splits.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ...errors import UsageError
from ...files import fsync_dir

MARKER = ".svix-flows-export"
DATA = "data"
# The entries an export owns, in the order they are moved into place: the splits first (one
# rename), the marker last.
OWNED = (DATA, "chat_template.jinja", "LICENSE", "README.md", MARKER)


def check_target(folder: Path, force: bool) -> None:
    """A UsageError unless `folder` is missing, empty, an earlier export, or `force` is given."""
    if not _place(folder)[1]:
        raise UsageError(f"{folder}: give a folder below the root to export into")
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"{folder}: not a folder; give a folder to export into")
    if force or not folder.is_dir() or (folder / MARKER).is_file():
        return
    try:
        empty = not any(folder.iterdir())
    except OSError as exc:
        raise UsageError(f"{folder}: cannot read the folder: {exc.strerror}") from None
    if not empty:
        raise UsageError(
            f"{folder}: the folder holds files and is not an earlier export (no {MARKER}); "
            "export into a new or empty folder, or pass --force to replace its "
            + ", ".join(entry if entry != DATA else "data/" for entry in OWNED[:-1])
        )


def staging_folder(folder: Path) -> Path:
    """A new, empty staging folder beside `folder` (stale ones of dead exports removed first)."""
    parent, name = _place(folder)
    # left by an export that died: its staging folder, or the entries it had set aside
    for pattern in (f".{name}.export-*.tmp", f".{name}.old-*.tmp"):
        for stale in parent.glob(pattern):
            if not _alive(stale.name.rsplit("-", 1)[-1].removesuffix(".tmp")):
                shutil.rmtree(stale, ignore_errors=True)
    staging = parent / f".{name}.export-{os.getpid()}.tmp"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        parent.mkdir(parents=True, exist_ok=True)
        (staging / DATA).mkdir(parents=True)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot create the export folder: {exc.strerror}") from None
    return staging


def move_into_place(staging: Path, folder: Path) -> None:
    """Rename the staged export to `folder`: whole when `folder` is missing, else entry by entry
    (an existing folder may be the current one, or hold a `.git`), each replaced entry set aside
    and removed once all are in place."""
    parent, name = _place(folder)
    try:
        if not folder.exists():
            os.rename(staging, folder)
            fsync_dir(parent)
            return
        aside = parent / f".{name}.old-{os.getpid()}.tmp"
        shutil.rmtree(aside, ignore_errors=True)
        aside.mkdir()
        for entry in OWNED:
            target = folder / entry
            if target.exists() or target.is_symlink():
                os.rename(target, aside / entry)
            os.rename(staging / entry, target)
        fsync_dir(folder)
    except OSError as exc:
        raise UsageError(f"{folder}: cannot move the export into place: {exc.strerror}") from None
    shutil.rmtree(aside, ignore_errors=True)
    shutil.rmtree(staging, ignore_errors=True)


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def _place(folder: Path) -> tuple[Path, str]:
    """(parent, name) of `folder` made absolute, so that `export .` has a name to stage beside."""
    absolute = Path(os.path.abspath(folder))
    return absolute.parent, absolute.name


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, OverflowError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True
