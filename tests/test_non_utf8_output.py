"""Output to a stream that is not UTF-8 gets ASCII arrows, not a traceback."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
@pytest.mark.parametrize("command", [("list",), ("map", "ticket_intake", "--format", "text"), ("status",)])
def test_a_stdout_that_is_not_utf8_gets_ascii_arrows_not_a_traceback(authoring_workspace, encoding, command):
    """PYTHONIOENCODING=ascii or latin-1 (a latin-1 terminal): `list`, `map --format text` and
    `status` print, with `→` as `->` and `▶` as `>`, exit 0 (a UnicodeEncodeError before)."""
    result = subprocess.run(
        [sys.executable, "-m", "svix_flows", *command],
        cwd=authoring_workspace,
        env={**os.environ, "PYTHONIOENCODING": encoding},
        capture_output=True,
        stdin=subprocess.DEVNULL,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr.decode(encoding)[-2000:]
    assert b"Traceback" not in result.stderr
    assert b"->" in result.stdout or command[0] == "status"
    result.stdout.decode(encoding)  # it is that encoding through and through
