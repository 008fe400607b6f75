"""The operator's editor: `$VISUAL`, then `$EDITOR`, then a default found on PATH; never a shell.

The variable is split like a shell would split words (`code --wait`, `emacsclient -t`) but no
shell runs: the editor gets an argument list with the draft's path last. From just before it
starts until it exits, Ctrl-C belongs to the editor; this process lets it pass, as git does, so
the draft is never abandoned.
"""

from __future__ import annotations

import os
import shlex
import shutil
import signal
import subprocess
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType

from .errors import SvixFlowsError, UsageError
from .text import escape_controls

DEFAULTS = ("editor", "nano", "vi")
# editors known to take `+LINE` before the file: the vi family, nano, emacs
LINE_ARGUMENT = frozenset(
    {
        "vi",
        "vim",
        "nvim",
        "gvim",
        "mvim",
        "nvi",
        "elvis",
        "vile",
        "nano",
        "rnano",
        "pico",
        "emacs",
        "emacsclient",
    }
)


@dataclass(frozen=True)
class Editor:
    """The editor command and where it came from."""

    argv: tuple[str, ...]
    how: str


def find_editor(env: Mapping[str, str] | None = None, *, terminal: bool = True) -> Editor:
    """The editor to run, from the environment when called (not at import).

    An empty (or blank) $VISUAL or $EDITOR counts as unset. A value that names an existing
    file, spaces and all (`/path/my editor.py`), is that file; anything else is split into
    words. Without a terminal no default editor is guessed: a terminal editor would draw on
    whatever stdout is, and wait for keys that never come.
    """
    env = os.environ if env is None else env
    for name in ("VISUAL", "EDITOR"):
        value = env.get(name, "").strip()
        if not value:
            continue
        if os.path.isfile(value):
            return Editor((value,), f"${name}")
        try:
            argv = shlex.split(value)
        except ValueError as exc:
            raise UsageError(
                f"${name} is `{escape_controls(shorten(value))}`: {exc}; fix its quoting"
            ) from None
        if argv:
            return Editor(tuple(argv), f"${name}")
    if not terminal:
        raise UsageError(
            "no editor and no terminal: $VISUAL and $EDITOR are unset or empty, and no default "
            "editor is started without a terminal; pass --prompt FILE --think FILE, or set $VISUAL or $EDITOR"
        )
    path = env.get("PATH", os.defpath)
    for name in DEFAULTS:
        found = shutil.which(name, path=path)
        if found:
            return Editor((found,), f"the default `{name}`")
    raise UsageError(
        "no editor: set $VISUAL or $EDITOR (for example `export EDITOR=nano`), "
        "or pass --prompt FILE --think FILE"
    )


def shorten(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def takes_line_argument(argv: tuple[str, ...], env: Mapping[str, str] | None = None) -> bool:
    """Whether the editor is one that opens at `+LINE` (Debian's `editor` link is followed)."""
    program = argv[0]
    found = shutil.which(program, path=(os.environ if env is None else env).get("PATH", os.defpath))
    names = {os.path.basename(program)}
    if found:
        names.add(os.path.basename(os.path.realpath(found)))
    return any(name.split(".")[0] in LINE_ARGUMENT for name in names)


def edit(path: Path, keep_note: str, env: Mapping[str, str] | None = None, *, at_top: bool = False) -> None:
    """Run the editor on `path` and wait; a missing or failing editor is one error line.

    `at_top` opens the editors that know `+1` at the first line, where the problem note is."""
    import sys

    editor = find_editor(env, terminal=sys.stdin.isatty())
    line = ["+1"] if at_top and takes_line_argument(editor.argv, env) else []
    argv = [*editor.argv, *line, str(path)]
    shown = shlex.join(editor.argv)
    with _interrupts_left_to_the_editor():
        try:
            process = subprocess.Popen(argv, env=None if env is None else dict(env))
        except FileNotFoundError:
            raise UsageError(
                f"editor `{shown}` (from {editor.how}) not found; set $VISUAL or $EDITOR to an "
                f"installed editor. {keep_note}"
            ) from None
        except OSError as exc:
            raise UsageError(
                f"editor `{shown}` (from {editor.how}) cannot start: {exc.strerror}. {keep_note}"
            ) from None
        status = process.wait()
    if status != 0:
        how = f"was killed by signal {-status}" if status < 0 else f"exited with status {status}"
        if not os.path.lexists(path):  # the note would say "kept" of a file no longer there
            keep_note = f"The draft {path} is gone (deleted in the editor)."
        raise SvixFlowsError(f"editor `{shown}` {how}; nothing was recorded. {keep_note}")


@contextmanager
def _interrupts_left_to_the_editor() -> Iterator[None]:
    """Ctrl-C goes to the terminal's whole foreground group, this process and the editor alike.

    The handler is in place before the editor starts (a Ctrl-C as it starts would otherwise stop
    `write`), and it is a handler that does nothing rather than SIG_IGN: an ignored signal stays
    ignored across exec, so the editor would never get its own Ctrl-C, while a caught one is
    reset to the default in the program exec starts."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, _let_pass)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _let_pass(signum: int, frame: FrameType | None) -> None:
    """The editor's Ctrl-C, seen by this process too: the editor decides what it means."""
