"""git, run the one way svix-flows runs it: an argument list, never a shell, never a prompt,
and never a command that a checkout's own configuration names.

A checkout is data, not code: its `.git/config` may name commands that git would run for a
mere `git status` (`core.fsmonitor`, the clean filters of `filter.<driver>`), and hooks run on
a checkout. Every git call overrides those settings with `-c` (which wins over any config
file), and a filter driver's commands, whose names only the checkout knows, are looked up
first (reading config runs nothing) and emptied the same way.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

# settings that name a command git may run, each set to run nothing
SAFE_CONFIG = (
    "core.fsmonitor=false",
    "core.hooksPath=/dev/null",
    "core.alternateRefsCommand=",
    "core.askPass=",
    "core.pager=cat",
    "credential.helper=",
    "diff.external=",
    "protocol.ext.allow=never",
    "gc.auto=0",
    "maintenance.auto=false",
)


def environment() -> dict[str, str]:
    """The caller's environment, with git told never to wait for a password on the terminal."""
    return {**os.environ, "GIT_TERMINAL_PROMPT": "0"}


def safe_command(repo: Path | None = None) -> list[str]:
    """`git -c …` with every command-naming setting emptied (and `-C repo` with that
    checkout's filter drivers emptied too): the start of every git command line."""
    command = ["git"]
    for setting in SAFE_CONFIG:
        command += ["-c", setting]
    if repo is not None:
        command += ["-C", str(repo)]
        for name in _filter_commands(command):
            command += ["-c", f"{name}=false" if name.endswith(".required") else f"{name}="]
    return command


def _filter_commands(command: list[str]) -> list[str]:
    """The checkout's `filter.<driver>.clean/smudge/process/required` setting names."""
    try:
        found = subprocess.run(
            [
                *command,
                "config",
                "--name-only",
                "--null",
                "--get-regexp",
                r"^filter\..*\.(clean|smudge|process|required)$",
            ],
            capture_output=True,
            check=False,
            timeout=30,
            env=environment(),
        )
    except (OSError, subprocess.TimeoutExpired):
        return []
    return [name for name in found.stdout.decode("utf-8", "replace").split("\0") if name]


def run(
    args: list[str], timeout: float | None = None, repo: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """`git [-C repo] ARGS`, output captured as text; FileNotFoundError when git is not installed."""
    return subprocess.run(
        [*safe_command(repo), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=timeout,
        env=environment(),
    )


def head(path: Path) -> str | None:
    """The commit checked out at `path`, or None when `path` is not a git checkout."""
    result = run(["rev-parse", "--verify", "HEAD"], timeout=30, repo=path)
    return result.stdout.strip() if result.returncode == 0 else None
