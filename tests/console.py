"""The console entry point run as a user runs it, in a subprocess without a terminal, and the
promise every bad input keeps: no traceback, and one line that says what is wrong."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run_cli(ws: Path, *args: str, timeout: float = 30, **env: str) -> subprocess.CompletedProcess:
    """`python -m svix_flows ARGS` in `ws`, without a terminal and without the operator's editor."""
    environment = {k: v for k, v in os.environ.items() if k not in ("EDITOR", "VISUAL")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "svix_flows", *args],
        cwd=ws,
        env=environment,
        timeout=timeout,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )


def no_traceback(result: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert "ValueError" not in result.stderr, result.stderr[-3000:]


def one_line(result: subprocess.CompletedProcess) -> str:
    """The one line on stderr, after checking there is no traceback."""
    no_traceback(result)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    return lines[0]
