"""git, run the one way svix-flows runs it: an argument list, never a shell, never a prompt."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path


def environment() -> dict[str, str]:
    """The caller's environment, with git told never to wait for a password on the terminal."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0"}


def run(args: list[str], timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """`git ARGS`, output captured as text; FileNotFoundError when git is not installed."""
    return subprocess.run(
        ["git", *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=environment(),
    )


def head(path: Path) -> str | None:
    """The commit checked out at `path`, or None when `path` is not a git checkout."""
    result = run(["-C", str(path), "rev-parse", "--verify", "HEAD"], timeout=30)
    return result.stdout.strip() if result.returncode == 0 else None
