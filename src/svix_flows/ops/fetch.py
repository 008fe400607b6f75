"""`fetch`: clone svix-webhooks at the catalog's pinned commit into the cache (or `--dest`).

git runs with argument lists, never through a shell; a clone goes to a temporary folder
beside the destination and is renamed into place only once it is at the pinned commit, so
an interrupted fetch never leaves a half checkout where `show` would find it.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .. import git
from ..catalog import Catalog
from ..errors import SourceError
from ..text import escape_controls
from ..workspace import Origin, cached_checkout, find_source

if TYPE_CHECKING:
    from ..project import Project

_PROGRESS_SPLIT = re.compile(rb"[\r\n]+")


class Fetched(NamedTuple):
    """Where the checkout is, whether this run cloned it, and what verifying a given one found."""

    path: Path
    cloned: bool
    verified: str | None = None  # set when a configured checkout was verified instead of cloned


def _clone(url: str, target: Path, progress: Callable[[str], None]) -> None:
    if url.startswith("-"):  # `--upload-pack=…` would be an option to git, not a repository
        raise SourceError(
            f"`{escape_controls(url[:80])}`: a repository URL cannot start with `-`; "
            "pass a URL or a path (./-name for a folder so named)"
        )
    process = subprocess.Popen(
        [*git.safe_command(), "clone", "--progress", "--no-checkout", "--", url, str(target)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=git.environment(),
    )
    assert process.stderr is not None
    last = ""
    buffer = b""
    # git redraws its progress with \r: every \r or \n ends one progress line
    while chunk := process.stderr.read1(4096):  # type: ignore[attr-defined]
        *parts, buffer = _PROGRESS_SPLIT.split(buffer + chunk)
        for part in parts:
            text = part.decode("utf-8", "replace").strip()
            if text:
                last = text
                progress(text)
    if process.wait() != 0:
        raise SourceError(
            f"git clone {url} failed: {last or 'no output'}; check the network, "
            "or pass --url a mirror or a local clone"
        )


def fetch_checkout(
    catalog: Catalog,
    dest: Path | None,
    url: str | None,
    env: Mapping[str, str],
    progress: Callable[[str], None],
) -> Fetched:
    """Make sure a checkout of the pinned commit is at `dest` (default: the cache)."""
    commit = catalog.source.commit
    target = dest or cached_checkout(commit, env)
    if shutil.which("git") is None:
        raise SourceError("git is not installed; install git, then run `svix-flows fetch` again")
    if target.exists():
        if git.head(target) == commit and (target / catalog.source.root).is_dir():
            return Fetched(target, cloned=False)
        raise SourceError(
            f"{target}: exists but is not a checkout of {commit[:12]}; "
            "remove it, or pass --dest another folder"
        )
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        _clone(url or catalog.source.repository, staging / "repo", progress)
        repo = staging / "repo"
        if git.run(["cat-file", "-e", f"{commit}^{{commit}}"], repo=repo).returncode != 0:
            progress(f"fetching {commit[:12]}")
            fetched = git.run(["fetch", "origin", "--", commit], repo=repo)
            if fetched.returncode != 0:
                raise SourceError(
                    f"{url or catalog.source.repository}: has no commit {commit}; "
                    "pass --url a clone that has it"
                )
        checked = git.run(["checkout", "--detach", "--quiet", commit], repo=repo)
        if checked.returncode != 0 or git.head(repo) != commit:
            raise SourceError(f"git checkout {commit[:12]} failed: {checked.stderr.strip()}")
        os.replace(repo, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return Fetched(target, cloned=True)


def fetch_or_verify(
    project: Project, dest: Path | None, url: str | None, progress: Callable[[str], None]
) -> Fetched:
    """With a checkout named by --source, SVIX_FLOWS_SOURCE or `[source] path` (and no --dest or
    --url), verify it is at the pinned commit and clean, without the network; else fetch."""
    catalog = project.catalog
    configured = project.source_flag is not None or catalog.source.path is not None
    if dest is not None or url is not None or not configured:
        return fetch_checkout(catalog, dest, url, project.env, progress)
    found = find_source(project.source_flag, project.source_how, catalog, project.env)
    if found.origin is Origin.CACHE:  # `[source] path` named a folder that is not a checkout
        raise SourceError(
            f"{catalog.source.path}: not a svix-webhooks checkout ([source] path in {catalog.path}); "
            "fix the path, or remove it to let `fetch` clone into the cache"
        )
    return Fetched(
        found.path, cloned=False, verified=verify_checkout(found.path, found.how, catalog.source.commit)
    )


def verify_checkout(root: Path, how: str, commit: str) -> str:
    """A note that the checkout is at `commit` with no uncommitted changes, or a SourceError."""
    where = f"{root} (from {how})"
    if shutil.which("git") is None:
        raise SourceError(f"{where}: git is not installed, so its commit cannot be verified; install git")
    head = git.head(root)
    if head is None:
        raise SourceError(f"{where}: not a git checkout, so its commit cannot be verified; use a clone")
    if head != commit:
        raise SourceError(
            f"{where}: at {head[:12]}, the catalog pins {commit[:12]}; run `git -C {root} checkout {commit}`"
        )
    status = git.run(
        ["status", "--porcelain", "--untracked-files=no", "--ignore-submodules=all"], timeout=60, repo=root
    )
    changed = [line[3:] for line in status.stdout.splitlines() if line.strip()]
    if status.returncode != 0 or changed:
        shown = ", ".join(changed[:3]) + (f" and {len(changed) - 3} more" if len(changed) > 3 else "")
        raise SourceError(
            f"{where}: uncommitted changes ({shown or 'git status failed'}); "
            f"run `git -C {root} stash` or use a clean checkout"
        )
    return f"verified {where}: at the pinned commit {commit[:12]}, no uncommitted changes; nothing to fetch"
