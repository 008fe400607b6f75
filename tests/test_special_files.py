"""Special files where a corpus is read (FIFOs, endless devices): refused in one line, in
under a second, before anything is read.
"""

from __future__ import annotations

import os
import time
from functools import partial

import pytest

from console import one_line as _one_line
from console import run_cli
from faultlib import CORPUS, Op

# these commands answer at once: a hang shows within 20 s
_run = partial(run_cli, timeout=20)


SPECIAL_COMMANDS = [
    ("count",),
    ("status",),
    ("rebuild",),
    ("rebuild", "--dry-run"),
    ("repair", "--dry-run"),
    ("write", "ticket_close", "--no-input", "--prompt", "p.txt", "--think", "t.txt"),
]


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
@pytest.mark.parametrize("command", SPECIAL_COMMANDS, ids=lambda c: " ".join(c[:2]))
def test_a_corpus_that_is_not_a_regular_file_is_refused_in_under_a_second(authoring_workspace, kind, command):
    """A corpus that is a FIFO (no writer) or a symlink to /dev/zero: every command that reads
    the corpus refuses it in one line, exit 2, in under a second; nothing hangs or grows."""
    ws = authoring_workspace
    (ws / "out").mkdir()
    corpus = ws / CORPUS
    if kind == "fifo":
        os.mkfifo(corpus)
    else:
        corpus.symlink_to("/dev/zero")
    op = Op("ticket_close", 1)
    (ws / "p.txt").write_text(op.request)
    (ws / "t.txt").write_text(op.think)
    started = time.monotonic()
    result = _run(ws, *command, timeout=10)
    elapsed = time.monotonic() - started
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert "not a regular file" in _one_line(result)
    assert elapsed < 1 + 1.5  # under a second of work, plus the interpreter's start-up


@pytest.mark.parametrize("kind", ["fifo", "dev-zero"])
def test_validate_refuses_a_fifo_or_an_endless_device(cli, tmp_path, kind):
    """`validate` on a FIFO or /dev/zero answers at once: one line, exit 2."""
    path = tmp_path / "corpus.jsonl"
    if kind == "fifo":
        os.mkfifo(path)
    else:
        path.symlink_to("/dev/zero")
    result = cli("validate", "--no-source", path)
    assert result.exit_code == 2
    assert "not a regular file" in _one_line(result)
