"""Escape sequences in source files never reach the terminal raw; piped plain output keeps
the source bytes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

EVIL_RUST = (
    "/// Sets the title \x1b]0;owned\x07 and clears \x1b[2J the screen, \x9b31m \u202e too.\n"
    "pub fn evil_doc() -> u32 {\n    7\n}\n"
)


def _on_a_terminal(cwd: Path, *args: str) -> str:
    """What the command writes to stdout and stderr when both are a terminal (a pty)."""
    import pty

    leader, follower = pty.openpty()
    environment = dict(os.environ, NO_COLOR="1", COLUMNS="200")
    process = subprocess.Popen(
        [sys.executable, "-m", "svix_flows", *args],
        cwd=cwd,
        env=environment,
        stdin=subprocess.DEVNULL,
        stdout=follower,
        stderr=follower,
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(30)
    os.close(leader)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.parametrize(
    "args",
    [("span", "core/evil.rs", "evil_doc"), ("span", "core/evil.rs", "evil_doc", "--plain")],
    ids=" ".join,
)
def test_escape_sequences_in_a_source_file_never_reach_the_terminal(workspace, checkout, args):
    """`span` of an item whose doc comment holds OSC (ESC ] 0 ; … BEL), ESC [ 2 J, a C1 CSI and
    a bidi override: on a terminal they are shown escaped, highlighted or `--plain`."""
    (checkout / "server/svix-server/src/core/evil.rs").write_text(EVIL_RUST)
    shown = _on_a_terminal(workspace, *args)
    assert "evil_doc" in shown, shown
    assert "\x1b]" not in shown and "\x1b[2J" not in shown and "\x07" not in shown
    assert "\x9b" not in shown and "\u202e" not in shown
    assert "\\x1b]0;owned\\x07" in shown


def test_piped_plain_output_keeps_the_source_bytes(workspace, checkout, cli):
    """Piped (data for a program, e.g. a record), `span --plain` keeps the bytes exactly."""
    (checkout / "server/svix-server/src/core/evil.rs").write_text(EVIL_RUST)
    os.chdir(workspace)
    result = cli("span", "core/evil.rs", "evil_doc", "--plain")
    assert result.exit_code == 0
    assert EVIL_RUST.rstrip("\n") in result.stdout
