"""Hostile input, second round: what an outside audit broke, each case now one clear answer.

Special files (FIFOs, endless devices) are refused in one line before anything is read; no
corpus line, however long, is read whole; escape sequences in source files never reach the
terminal; a record whose provenance a kill cut off is adopted, never overwritten.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest

import faultlib
from faultlib import CORPUS, PROVENANCE, Op

RAW = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def _run(ws: Path, *args: str, timeout: float = 20, **env: str) -> subprocess.CompletedProcess:
    """The real console entry point in a subprocess, without a terminal."""
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "svix_flows", *args], cwd=ws, env=environment, timeout=timeout,
        stdin=subprocess.DEVNULL, capture_output=True, text=True,
    )


def _one_line(result) -> str:
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]


# ---- special files: refused, never read --------------------------------------------------------

SPECIAL_COMMANDS = [
    ("count",), ("status",), ("rebuild",), ("rebuild", "--dry-run"), ("repair", "--dry-run"),
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


# ---- one huge line: bounded memory, the line named -------------------------------------------

def _huge_line_corpus(ws: Path, megabytes: int) -> None:
    (ws / "out").mkdir(exist_ok=True)
    with open(ws / CORPUS, "wb") as handle:
        handle.write(b'{"type":"chatml","messages":"')
        chunk = b"x" * 2**20
        for _ in range(megabytes):
            handle.write(chunk)
        handle.write(b'"}\n')


@pytest.mark.parametrize("command", [("count",), ("rebuild", "--dry-run"), ("status",)], ids=" ".join)
def test_a_huge_corpus_line_is_named_in_bounded_memory(authoring_workspace, command):
    """A 100 MB corpus line: `count`, `rebuild --dry-run` and `status` name the line and the
    limit in one line (exit 1) and never hold the line in memory (peak well under 100 MB)."""
    import resource

    ws = authoring_workspace
    _huge_line_corpus(ws, 100)
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result = _run(ws, *command)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    assert result.returncode == 1, result.stderr
    line = _one_line(result)
    assert ":1: a line over 16 MiB" in line
    assert max(peak, before) < 90 * 1024, f"peak {peak} KiB"


def test_count_counts_only_records_not_nul_runs_or_empty_objects(authoring_workspace, cli):
    """A line of NUL bytes, `{}` and `[]` are not records: `count` reports 1 record, not 4."""
    ws = authoring_workspace
    faultlib.run(ws, Op("ticket_close", 1))
    with open(ws / CORPUS, "ab") as handle:
        handle.write(b"\x00" * 40 + b"\n{}\n[]\n")
    result = cli("count", "--json")
    assert result.exit_code == 0, result.stderr
    import json

    assert json.loads(result.stdout)["records"] == 1
