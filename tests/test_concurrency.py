"""Two terminals at once: processes appending and revising the same corpus concurrently never
interleave bytes, never lose a record, and leave provenance in agreement with the corpus.

Each writer is a real process (tests/fault_helpers/writer.py) running the real `write` path
with its own flow, as two operators would; the lock beside the corpus serialises the writes.
SVIX_FLOWS_SOAK=1 makes each writer do ten times as many operations.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

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


# ---- commands that rewrite the corpus (rebuild, drop, revision) against each other ----------


def _cli(ws, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "svix_flows", "--catalog", str(ws / "flows.toml"), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _waiting_on_a_lock(pid: int) -> bool:
    """Whether process `pid` is blocked waiting for a flock (Linux: a `->` line of /proc/locks)."""
    with open("/proc/locks") as locks:
        return any("->" in line and f" {pid} " in line for line in locks)


def _finished_or_waiting(process: subprocess.Popen, timeout: float = 60) -> bool:
    """Wait until the process has ended (True) or is blocked on the corpus lock (False)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return True
        if _waiting_on_a_lock(process.pid):
            return False
        time.sleep(0.01)
    raise AssertionError("the command neither finished nor waited for the corpus lock")


def _state(ws) -> tuple[dict[str, int], dict[str, int]]:
    """(request case n -> corpus line, draft name -> provenance line) as the files are now."""
    import re

    from svix_flows.corpus.provenance import read_entries

    lines = {}
    for number, line in enumerate((ws / CORPUS).read_bytes().splitlines(), 1):
        found = re.search(rb"case (\d+)\.", line)
        lines[int(found[1]) if found else -number] = number
    return lines, {e.draft: e.line for e in read_entries(ws / faultlib.PROVENANCE)}


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks")
def test_a_drop_and_a_revision_during_a_rebuild_are_not_undone(tmp_path):
    """`rebuild` paused after it has read the drafts and the corpus; meanwhile a `drop` and a
    `write --revise` run to the end (or wait for the lock). When the rebuild finishes, the
    dropped record stays out, the revision's text is the only line of its variant, and
    provenance names exactly the records left: whatever reported success is in the files."""
    ws = faultlib.make_workspace(tmp_path)
    for op in (
        faultlib.Op("ticket_intake", 1),
        faultlib.Op("ticket_intake", 2),
        faultlib.Op("ticket_close", 3),
    ):
        assert faultlib.run(ws, op).ok
    pause = tmp_path / "pause"
    pause.mkdir()
    rebuilding = subprocess.Popen(
        [sys.executable, str(faultlib.HELPERS / "paused_rebuild.py"), str(ws), str(pause)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        for _ in range(6000):
            if (pause / "paused").exists() or rebuilding.poll() is not None:
                break
            time.sleep(0.01)
        assert (pause / "paused").exists(), rebuilding.communicate()
        revised = faultlib.Op("ticket_close", 4, variant=1)
        (tmp_path / "p.txt").write_text(revised.request)
        (tmp_path / "t.txt").write_text(revised.think)
        dropping = _cli(ws, "drop", "ticket_intake", "2", "--yes")
        revising = _cli(
            ws, "write", "ticket_close", "1", "--revise", "--no-input",
            "--prompt", str(tmp_path / "p.txt"), "--think", str(tmp_path / "t.txt"),
        )  # fmt: skip
        for process in (dropping, revising):
            _finished_or_waiting(process)
    finally:
        (pause / "go").touch()
        out, err = rebuilding.communicate(timeout=120)
    assert out.startswith("done"), (out, err)
    results = [(p.communicate(timeout=120), p.returncode) for p in (dropping, revising)]
    for (_, err), code in results:
        assert code == 0, err
    lines, provenance = _state(ws)
    assert sorted(lines) == [1, 4], lines  # case 2 dropped, case 3 revised into case 4
    assert provenance == {
        "prompts/drafts/ticket_intake.md": lines[1],
        "prompts/drafts/ticket_close.md": lines[4],
    }


def _rewriters(ws, operations: int, rebuilds: int) -> tuple[list[str], str]:
    """Two operators (one flow each: writes, revisions, drops) and a terminal rebuilding."""
    helpers = [
        [str(faultlib.HELPERS / "dropper.py"), str(ws), "ticket_intake", "1", str(operations), "1"],
        [
            str(faultlib.HELPERS / "dropper.py"),
            str(ws),
            "ticket_close",
            str(operations + 1),
            str(operations),
            "2",
        ],
        [str(faultlib.HELPERS / "rebuilder.py"), str(ws), str(rebuilds)],
    ]
    processes = [
        subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for args in helpers
    ]
    outputs = []
    for process in processes:
        out, err = process.communicate(timeout=1800)
        assert process.returncode == 0, err[-2000:]
        outputs.append(out)
    return outputs[:2], outputs[2]


@pytest.mark.slow  # about 60 s; `pytest -m slow` runs it, SVIX_FLOWS_SOAK=N makes it N times longer
def test_writes_drops_revisions_and_rebuilds_at_once_keep_exactly_what_succeeded(tmp_path):
    """2 operators × 400 operations (new records, revisions, drops), each on its own flow,
    while a third process rebuilds 300 times: the corpus holds exactly the records whose last
    reported operation recorded them (none that a reported drop took out, no text a reported
    revision replaced), and provenance names exactly those, at their lines."""
    from svix_flows.corpus import drafts
    from svix_flows.corpus.provenance import read_entries

    ws = faultlib.make_workspace(tmp_path)
    operations, rebuilds = faultlib.trials(400), faultlib.trials(300)
    operators, rebuilder = _rewriters(ws, operations, rebuilds)
    expected: dict[tuple[str, int], int] = {}
    dropped: set[tuple[str, int]] = set()
    counts = {"D": 0, "P": 0, "R": 0, "X": 0}
    for out in operators:
        for line in out.splitlines():
            kind, *rest = line.split()
            counts[kind] += 1
            if kind == "D":
                expected[(rest[0], int(rest[1]))] = int(rest[2])
            elif kind == "P":
                key = (rest[0], int(rest[1]))
                del expected[key]
                dropped.add(key)
    built = rebuilder.count("B done")
    problems = corpus_problems(ws, expected)
    print(
        f"\nrewriters: {counts['D']} recorded, {counts['P']} dropped, {counts['R']} refused; "
        f"{built} rebuilds done, {rebuilder.count('B refused')} refused; {len(expected)} records left; "
        f"{len(problems)} problems"
    )
    assert "B failed" not in rebuilder, rebuilder
    assert counts["X"] == 0 and counts["P"] > 0 and built > 0
    assert problems == []
    names = sorted(e.draft for e in read_entries(ws / faultlib.PROVENANCE))
    assert names == sorted(drafts.draft_path(ws, f, v).relative_to(ws).as_posix() for f, v in expected)
    for flow, variant in dropped - set(expected):
        assert drafts.is_dropped(drafts.draft_path(ws, flow, variant))
