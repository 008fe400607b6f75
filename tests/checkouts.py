"""The one builder of synthetic checkouts and workspaces for the tests.

Every test that needs a svix-webhooks checkout (and the workspace whose flows.toml points at
it) gets it from here: a copy of a fixture tree under tmp_path, optionally made a git
repository with its commits. The fixture trees themselves are data under tests/fixtures/.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

FIXTURES = Path(__file__).parent / "fixtures"
# the fixture sets: a checkout and the workspace that catalogs it, side by side
SETS = {
    "workspace": (FIXTURES / "checkout", FIXTURES / "workspace"),
    "authoring": (FIXTURES / "authoring" / "checkout", FIXTURES / "authoring" / "workspace"),
}


def git(repo: Path, *args: str) -> str:
    """`git -C repo ARGS`, its stdout stripped; a failure raises."""
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def commit_all(repo: Path, message: str = "c") -> str:
    """Commit everything in `repo` (a git repository) and return the new commit."""
    git(repo, "add", "-A")
    git(repo, "-c", "user.name=t", "-c", "user.email=t@example.invalid", "commit", "-qm", message)
    return git(repo, "rev-parse", "HEAD")


def as_repository(checkout: Path) -> str:
    """Make a copied checkout a git repository at one commit, and return that commit."""
    git(checkout, "init", "-q")
    return commit_all(checkout)


def make_workspace(base: Path, kind: str = "workspace") -> Path:
    """The fixture set `kind` copied under `base` (`checkout/` and `ws/`); returns the workspace."""
    checkout, workspace = SETS[kind]
    shutil.copytree(checkout, base / "checkout")
    shutil.copytree(workspace, base / "ws")
    return base / "ws"
