"""The editor variable: empty without a terminal starts no editor; a path with a space is run.
Ctrl-C from the moment the editor starts is the editor's, and reaches it."""

from __future__ import annotations

import os
import sys
from functools import partial

import pytest

from console import one_line as _one_line
from console import run_cli
from faultlib import CORPUS

# these commands answer at once: a hang shows within 20 s
_run = partial(run_cli, timeout=20)


@pytest.mark.parametrize("empty", ["EDITOR", "VISUAL", "both"])
def test_an_empty_editor_variable_without_a_terminal_starts_no_editor(authoring_workspace, tmp_path, empty):
    """EDITOR="" (or VISUAL="") means unset; with no terminal no default editor (a `vi` on
    PATH here) is started: one line saying what to pass, exit 2, nothing on stdout."""
    ws = authoring_workspace
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "vi-ran"
    vi = bin_dir / "vi"
    vi.write_text(f"#!/bin/sh\ntouch {marker}\nprintf '\\033[?1049h'\n")
    vi.chmod(0o755)
    env = {"PATH": f"{bin_dir}:{os.environ['PATH']}"}
    env.update({"EDITOR": "", "VISUAL": ""} if empty == "both" else {empty: ""})
    result = _run(ws, "write", "ticket_close", "--no-input", **env)
    assert result.returncode == 2
    assert "--prompt FILE --think FILE" in _one_line(result)
    assert not marker.exists()
    assert result.stdout == ""


def test_an_editor_path_with_a_space_is_run(authoring_workspace, tmp_path, monkeypatch, cli):
    """EDITOR="/path/my editor.py", an existing file whose name holds a space, is run as that
    file (not split into `/path/my` and `editor.py`)."""
    from conftest import FIXTURES

    script = tmp_path / "my editor.py"
    script.write_text(f"#!{sys.executable}\n" + (FIXTURES / "authoring/editors/fill.py").read_text())
    script.chmod(0o755)
    monkeypatch.setenv("EDITOR", str(script))
    result = cli("write", "ticket_intake", "--no-input")
    assert result.exit_code == 0, result.stderr
    assert (authoring_workspace / CORPUS).read_bytes().count(b"\n") == 1


def test_ctrl_c_as_the_editor_starts_does_not_stop_the_edit(tmp_path, monkeypatch):
    """A Ctrl-C that reaches this process while the editor is being started (before it has
    returned from the spawn) belongs to the editor like any later one: `edit` goes on."""
    import signal
    import subprocess

    from svix_flows import editor

    class Started:
        def wait(self) -> int:
            return 0

    def spawn_while_interrupted(argv, env=None):
        os.kill(os.getpid(), signal.SIGINT)
        return Started()

    monkeypatch.setattr(subprocess, "Popen", spawn_while_interrupted)
    try:
        editor.edit(tmp_path / "draft.md", "The draft is kept.", env={"EDITOR": "true"})
    except KeyboardInterrupt:
        pytest.fail("the Ctrl-C meant for the starting editor stopped the edit")
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


@pytest.mark.skipif(not os.path.exists("/proc/self/status"), reason="reads /proc")
def test_the_editor_starts_with_ctrl_c_at_its_default(tmp_path):
    """The editor is not started with Ctrl-C ignored (an ignored signal stays ignored across
    exec): its own Ctrl-C reaches it."""
    from svix_flows import editor

    draft = tmp_path / "draft.md"
    script = tmp_path / "editor.py"
    script.write_text(
        "import sys\n"
        "status = open('/proc/self/status').read()\n"
        "ignored = int(status.split('SigIgn:')[1].split()[0], 16)\n"
        "open(sys.argv[-1], 'w').write('ignored' if ignored & 2 else 'default')\n"
    )
    editor.edit(draft, "The draft is kept.", env={"EDITOR": f"{sys.executable} {script}", "PATH": os.defpath})
    assert draft.read_text() == "default"
