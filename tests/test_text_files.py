"""Drafts and text files are regular files of a bounded size: a special or huge one is
refused in one line.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from console import one_line as _one_line
from console import run_cli
from faultlib import CORPUS, Op

_run = run_cli


WRITE_FROM_FILES = ("write", "ticket_close", "--no-input", "--prompt", "p.txt", "--think", "t.txt")


def _texts(ws: Path) -> None:
    (ws / "p.txt").write_text(Op("ticket_close", 1).request)
    (ws / "t.txt").write_text(Op("ticket_close", 1).think)


def _special(path: Path, kind: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    else:  # a regular file over the 8 MiB cap, sparse so it costs no disk
        with open(path, "wb") as handle:
            handle.truncate(100 << 20)


@pytest.mark.parametrize("kind", ["fifo", "dev-zero", "huge"])
@pytest.mark.parametrize("which", ["draft", "--prompt", "--think"])
def test_a_draft_or_text_file_that_is_special_or_huge_is_refused_in_one_line(
    authoring_workspace, kind, which
):
    """A FIFO (which hung `write`), a link to /dev/zero (which grew to GBs) or a 100 MB file
    as the draft, `--prompt` or `--think`: refused before it is read, one line, exit 2, in
    seconds; the corpus is untouched."""
    from svix_flows.corpus import drafts

    ws = authoring_workspace
    _texts(ws)
    target = {
        "draft": drafts.draft_path(ws, "ticket_close", 1),
        "--prompt": ws / "p.txt",
        "--think": ws / "t.txt",
    }
    _special(target[which], kind)
    result = _run(ws, *WRITE_FROM_FILES, timeout=20)
    line = _one_line(result)
    assert result.returncode == 2, result.stderr
    assert str(target[which].name) in line
    assert ("not a regular file" in line) if kind != "huge" else ("over 8 MiB" in line)
    assert not (ws / CORPUS).exists()
