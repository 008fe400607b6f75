"""Two terminals at once: processes appending and revising the same corpus concurrently never
interleave bytes, never lose a record, and leave provenance in agreement with the corpus.

Each writer is a real process (tests/fault_helpers/writer.py) running the real `write` path
with its own flow, as two operators would; the lock beside the corpus serialises the writes.
SVIX_FLOWS_SOAK=1 makes each writer do ten times as many operations.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

import faultlib
from faultlib import CORPUS, corpus_problems


def _writers(ws, jobs: list[tuple[str, int, int]]) -> list[str]:
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                str(faultlib.HELPERS / "writer.py"),
                str(ws),
                flow,
                str(first),
                str(count),
                str(seed),
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for seed, (flow, first, count) in enumerate(jobs)
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=600)
        assert process.returncode == 0, err[-2000:]
        outputs.append(out)
    return outputs


@pytest.mark.slow  # 25 s: the soak of the lock; `pytest -m slow` runs it
def test_two_writers_appending_and_revising_at_once_lose_nothing(tmp_path):
    """2 processes × 500 operations (appends and revisions, 5,000 each under soak) on one
    corpus: every line whole and valid, every reported record present once, none mixed,
    provenance matching each line's hash and number, every draft marked."""
    ws = faultlib.make_workspace(tmp_path)
    count = faultlib.trials(500)
    outputs = _writers(ws, [("ticket_intake", 1, count), ("ticket_close", count + 1, count)])
    expected: dict[tuple[str, int], int] = {}
    operations = revisions = 0
    for out in outputs:
        for line in out.splitlines():
            kind, *rest = line.split()
            assert kind == "D", line
            flow, variant, n = rest
            operations += 1
            revisions += (flow, int(variant)) in expected
            expected[(flow, int(variant))] = int(n)
    assert operations == 2 * count
    assert revisions > count // 2
    assert corpus_problems(ws, expected) == []
    assert len((ws / CORPUS).read_bytes().splitlines()) == len(expected)
    print(f"\nconcurrent operations: {operations} ({revisions} revisions), records {len(expected)}")


def test_two_terminals_on_the_same_flow_are_refused_not_raced(tmp_path):
    """2 processes × 100 operations on one flow: a draft being written in one terminal is
    refused in the other with one line (never two texts in one draft, never a record twice);
    every reported record is there once and provenance agrees."""
    ws = faultlib.make_workspace(tmp_path)
    count = faultlib.trials(100)
    outputs = _writers(ws, [("ticket_intake", 1, count), ("ticket_intake", count + 1, count)])
    expected: dict[tuple[str, int], int] = {}
    done = refused = 0
    for out in outputs:
        for line in out.splitlines():
            kind, *rest = line.split(maxsplit=1 if line.startswith("R") else 4)
            if kind == "R":
                assert "another `svix-flows write`" in line, line
                refused += 1
                continue
            assert kind == "D", line
            _, variant, n = rest[0].split() if len(rest) == 1 else rest
            expected[("ticket_intake", int(variant))] = int(n)
            done += 1
    assert done + refused == 2 * count and done > count
    assert corpus_problems(ws, expected) == []
    print(f"\nsame flow: {done} done, {refused} refused while the other terminal held the draft")
