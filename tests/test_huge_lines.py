"""One huge corpus line: named in bounded memory, never read whole; `count` counts records only."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import faultlib
from console import one_line as _one_line
from faultlib import CORPUS, Op


def _huge_line_corpus(ws: Path, megabytes: int) -> None:
    (ws / "out").mkdir(exist_ok=True)
    with open(ws / CORPUS, "wb") as handle:
        handle.write(b'{"type":"chatml","messages":"')
        chunk = b"x" * 2**20
        handle.writelines(chunk for _ in range(megabytes))
        handle.write(b'"}\n')


@pytest.mark.parametrize("command", [("count",), ("rebuild", "--dry-run"), ("status",)], ids=" ".join)
def test_a_huge_corpus_line_is_named_in_bounded_memory(authoring_workspace, command):
    """A 100 MB corpus line: `count`, `rebuild --dry-run` and `status` name the line and the
    limit in one line (exit 1) and never hold the line in memory (peak well under 100 MB)."""
    ws = authoring_workspace
    _huge_line_corpus(ws, 100)
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    # a small parent starts the command and reports its peak: a child forked from this test
    # process would count the test process's own memory as its peak
    measure = (
        "import os, subprocess, sys\n"
        "p = subprocess.Popen(sys.argv[1:], stdout=subprocess.DEVNULL)\n"
        "_, status, usage = os.wait4(p.pid, 0)\n"
        "print(os.waitstatus_to_exitcode(status), usage.ru_maxrss)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", measure, sys.executable, "-m", "svix_flows", *command],
        cwd=ws,
        env=environment,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
    )
    code, peak = map(int, result.stdout.split())
    assert code == 1, result.stderr
    assert ":1: a line over 16 MiB" in _one_line(result)
    assert peak < 90 * 1024, f"peak {peak} KiB"


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
