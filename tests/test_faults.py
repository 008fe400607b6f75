"""Crashes: a writer killed at any moment, a torn last line, a full or read-only disk, a
signal during the editor. The corpus keeps whole, valid lines; nothing reported done is lost;
the operator's draft survives.

Writers are real processes (forked from this one, so a trial costs milliseconds, not a Python
start) running the real `write` path; they are killed with SIGKILL at random moments, or kill
themselves at each call that changes a file. After each kill the operator's recovery is what
they would do: run the same command again (after `svix-flows repair` when told to). Trial counts
grow tenfold with SVIX_FLOWS_SOAK=1 (see docs/reliability.md).
"""

from __future__ import annotations

import itertools
import random
import time
from pathlib import Path

import pytest

import faultlib
from faultlib import CORPUS, PROVENANCE, Crash, Op, corpus_problems, fork_writer, reap, recover

SEED = 6006


def _plan(rng: random.Random, expected: dict, numbers, count: int) -> list[Op]:
    """`count` operations: new records of either flow, and revisions of recorded ones."""
    ops = []
    for _ in range(count):
        if expected and rng.random() < 0.4:
            flow, variant = rng.choice(sorted(expected))
            ops.append(Op(flow, next(numbers), variant))
        else:
            ops.append(Op(rng.choice(faultlib.FLOWS), next(numbers)))
    return ops


def _settle(ws: Path, ops: list[Op], report: faultlib.Report, expected: dict) -> bool:
    """Fold a killed child's report into `expected`, recovering the interrupted op; True when a
    repair was needed."""
    unexpected = [e for e in report.errors if "svix-flows repair" not in e]
    assert not unexpected, unexpected
    for index, variant in report.done.items():
        expected[(ops[index].flow, variant)] = ops[index].n
    if report.started is None or report.started in report.done:
        return False
    op = ops[report.started]
    variant, repaired = recover(ws, op)
    expected[(op.flow, variant)] = op.n
    return repaired


def test_sigkill_at_random_moments_loses_no_reported_record_and_tears_no_line(tmp_path):
    """200 writers (2,000 under soak) running appends and revisions, each SIGKILLed at a random
    moment: after each kill and the operator's re-run, the corpus is whole valid lines, every
    record reported done is there exactly once, and provenance and drafts agree with it."""
    ws = faultlib.make_workspace(tmp_path)
    rng = random.Random(SEED)
    numbers = itertools.count(1)
    expected: dict[tuple[str, int], int] = {}
    stats = {"trials": 0, "interrupted": 0, "done": 0, "repairs": 0}
    for _ in range(faultlib.trials(200)):
        ops = _plan(rng, expected, numbers, 3)
        pid, read = fork_writer(ws, ops)
        time.sleep(rng.uniform(0, 0.07))
        report = reap(pid, read, kill=True)
        stats["trials"] += 1
        stats["done"] += len(report.done)
        stats["interrupted"] += report.started is not None and report.started not in report.done
        stats["repairs"] += _settle(ws, ops, report, expected)
        problems = corpus_problems(ws, expected)
        assert problems == [], (stats, problems[:5])
    assert stats["interrupted"] >= stats["trials"] // 2, stats  # the kills really land mid-write
    print(f"\nrandom kills: {stats}, records {len(expected)}")


@pytest.mark.parametrize("kind", ["append", "revise"])
def test_sigkill_at_every_file_change_of_a_write_loses_nothing(tmp_path, kind):
    """A writer killed just before and just after each call that changes or persists a file
    (write, fsync, rename, truncate) of one append or one revision: the re-run finishes the
    operation and the corpus, provenance and drafts agree."""
    ws = faultlib.make_workspace(tmp_path)
    numbers = itertools.count(1)
    expected: dict[tuple[str, int], int] = {}
    for flow in faultlib.FLOWS:
        op = Op(flow, next(numbers))
        expected[(flow, faultlib.run(ws, op).variant)] = op.n

    def next_op() -> Op:
        if kind == "append":
            return Op("ticket_intake", next(numbers))
        return Op("ticket_intake", next(numbers), 1)

    probe_op = next_op()
    pid, read = fork_writer(ws, [probe_op])
    probe = reap(pid, read, kill=False)
    _settle(ws, [probe_op], probe, expected)
    assert len(probe.calls) >= 6, probe.calls
    kills = 0
    for index in range(len(probe.calls) + 1):
        for after in (False, True):
            op = next_op()
            pid, read = fork_writer(ws, [op], Crash(index, after))
            report = reap(pid, read, kill=False)
            kills += report.started is not None and report.started not in report.done
            _settle(ws, [op], report, expected)
            problems = corpus_problems(ws, expected)
            assert problems == [], (index, after, probe.calls, problems[:5])
    assert kills >= 2 * len(probe.calls) - 2
    print(f"\n{kind}: {kills} kills at {len(probe.calls)} boundaries {probe.calls}")
