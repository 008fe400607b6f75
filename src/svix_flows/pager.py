"""The pager of `show` on a terminal: `$PAGER`, else `less -R`, as git does; never a shell.

`LESS` defaults to `FRX` when unset (git's default): less quits at once when the text fits on
one screen (-F), shows colours (-R) and leaves the text on the screen when it exits (-X).
An empty `$PAGER` or `cat` means no pager.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from collections.abc import Mapping

from .errors import UsageError

DEFAULT = ("less", "-R")


def pager_command(env: Mapping[str, str] | None = None) -> tuple[str, ...] | None:
    """The pager to run, from the environment when called; None for no pager."""
    env = os.environ if env is None else env
    value = env.get("PAGER")
    if value is None:
        return DEFAULT
    try:
        argv = tuple(shlex.split(value))
    except ValueError as exc:
        raise UsageError(f"$PAGER is `{value}`: {exc}; fix its quoting or pass --no-pager") from None
    if not argv or argv == ("cat",):
        return None
    return argv


def page(text: str, argv: tuple[str, ...], env: Mapping[str, str] | None = None) -> bool:
    """Send `text` through the pager and wait; False when the pager cannot start (show it unpaged)."""
    env = dict(os.environ if env is None else env)
    env.setdefault("LESS", "FRX")
    try:
        process = subprocess.Popen(argv, stdin=subprocess.PIPE, env=env)
    except OSError:
        return False
    try:
        assert process.stdin is not None
        process.stdin.write(text.encode("utf-8", "replace"))
        process.stdin.close()
    except BrokenPipeError:
        pass  # the reader quit the pager before the end: nothing more to show
    process.wait()
    return True
