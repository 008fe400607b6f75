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


@pytest.mark.slow  # ~12 s; `pytest -m slow` runs it (the kill at every file change stays in the default run)
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


# ---- torn lines and `repair` -------------------------------------------------------------------


def _torn_file(ws: Path) -> tuple[Path, bytes]:
    """The one file of corpus and provenance that ends in a torn line, and that line's bytes."""
    torn = [ws / name for name in (CORPUS, PROVENANCE) if not (ws / name).read_bytes().endswith(b"\n")]
    assert len(torn) == 1, torn
    data = torn[0].read_bytes()
    return torn[0], data[data.rfind(b"\n") + 1 :]


def test_a_write_torn_by_a_kill_is_reported_refused_and_repaired_without_losing_a_byte(tmp_path, cli):
    """A kill in the middle of an append's write (the kernel may stop a large write at a page
    boundary) leaves a torn last line: `validate` reports it, the next `write` refuses with one
    line naming `repair`, `repair` saves exactly the torn bytes aside, and the re-run records."""
    from svix_flows.errors import DataError
    from svix_flows.files import whole_record

    ws = faultlib.make_workspace(tmp_path)
    numbers = itertools.count(1)
    expected: dict[tuple[str, int], int] = {}
    warm = Op("ticket_intake", next(numbers))  # the first write also fills the index cache
    expected[(warm.flow, faultlib.run(ws, warm).variant)] = warm.n
    probe_op = Op("ticket_close", next(numbers))
    pid, read = fork_writer(ws, [probe_op])
    probe = reap(pid, read, kill=False)
    _settle(ws, [probe_op], probe, expected)
    writes = [index for index, call in enumerate(probe.calls) if call == "write"]
    assert len(writes) == 2  # the record, then its provenance
    torn_count = whole = 0
    for index in writes:
        for fraction in (0.001, 0.5, 0.999):
            op = Op(faultlib.FLOWS[torn_count % 2], next(numbers))
            pid, read = fork_writer(ws, [op], Crash(index, torn=fraction))
            assert reap(pid, read, kill=False).done == {}
            path, tail = _torn_file(ws)
            torn_count += 1
            if path.name.endswith("flows.jsonl"):
                result = cli("validate", "--no-source", path)
                assert result.exit_code == 1
                last = len(path.read_bytes().split(b"\n"))
                assert f":{last}: E101" in result.stdout and f":{last}: W108" in result.stdout
            if whole_record(tail):  # only the newline was lost: the next append adds it
                whole += 1
            else:
                with pytest.raises(DataError, match=r"torn write.*svix-flows repair") as refused:
                    faultlib.run(ws, op)
                assert "\n" not in str(refused.value)
                report = faultlib.repair(ws)
                assert [fix.saved.read_bytes() for fix in report.fixes] == [tail]
            expected[(op.flow, faultlib.run(ws, op).variant)] = op.n
            assert corpus_problems(ws, expected) == []
    assert torn_count - whole >= 5
    print(f"\ntorn writes: {torn_count}, of which only the newline lost: {whole}")


def _corpus_with_torn_tail(tmp_path: Path, tail: bytes) -> Path:
    path = tmp_path / "out" / "c.jsonl"
    path.parent.mkdir()
    path.write_bytes(b'{"a":1}\n{"b":2}\n' + tail)
    return path


def test_repair_saves_the_torn_bytes_before_cutting_them(tmp_path):
    """The torn last line goes to `<corpus>.torn-<time>` byte for byte; the corpus keeps every
    whole line and ends in a newline."""
    from svix_flows.ops.repair import repair

    tail = b'{"type":"chatml","messages":[{"role":"sys\xe2\x82'  # cut inside a UTF-8 character
    path = _corpus_with_torn_tail(tmp_path, tail)
    report = repair(path)
    assert path.read_bytes() == b'{"a":1}\n{"b":2}\n'
    (fix,) = report.fixes
    assert fix.torn and fix.line == 3 and fix.saved.read_bytes() == tail
    assert fix.saved.name.startswith("c.jsonl.torn-") and fix.saved.parent == path.parent


def test_repair_only_adds_the_newline_a_whole_last_record_lacks(tmp_path):
    """A last line that is a whole JSON object is kept; only its newline is added."""
    from svix_flows.ops.repair import repair

    path = _corpus_with_torn_tail(tmp_path, b'{"c":3}')
    (fix,) = repair(path).fixes
    assert not fix.torn and fix.saved is None
    assert path.read_bytes() == b'{"a":1}\n{"b":2}\n{"c":3}\n'
    assert not list(path.parent.glob("*.torn-*"))


def test_repair_dry_run_changes_nothing(tmp_path, cli):
    """`repair --dry-run` says what it would do and leaves every byte as it was."""
    path = _corpus_with_torn_tail(tmp_path, b'{"c":')
    before = path.read_bytes()
    result = cli("repair", path, "--dry-run")
    assert result.exit_code == 0
    assert "c.jsonl:3: the last line is torn (5 bytes); it would be saved aside and cut" in result.stderr
    assert path.read_bytes() == before and not list(path.parent.glob("*.torn-*"))


def test_repair_command_reports_one_line_per_fix_and_nothing_on_a_clean_corpus(tmp_path, cli):
    """`svix-flows repair FILE`: exit 0, one line naming the saved file; again: nothing to repair."""
    path = _corpus_with_torn_tail(tmp_path, b'{"c":')
    result = cli("repair", path)
    assert result.exit_code == 0, result.stderr
    (line,) = result.stderr.strip().splitlines()
    assert "the last line was torn (5 bytes); saved to" in line and ".torn-" in line
    again = cli("repair", path)
    assert again.exit_code == 0 and "nothing to repair" in again.stderr


def test_repair_uses_the_catalogs_corpus_and_mends_its_provenance_too(tmp_path, cli, monkeypatch):
    """Without FILE, `repair` works on the workspace's corpus and on its provenance file."""
    ws = faultlib.make_workspace(tmp_path)
    monkeypatch.chdir(ws)
    (ws / "out").mkdir()
    (ws / CORPUS).write_bytes(b'{"a":1}\n')
    (ws / PROVENANCE).write_bytes(b'{"flow":"x"}\n{"flow":"ticket_')
    result = cli("repair")
    assert result.exit_code == 0, result.stderr
    assert "provenance.jsonl:2: the last line was torn" in result.stderr
    assert (ws / PROVENANCE).read_bytes() == b'{"flow":"x"}\n'
    assert [p.read_bytes() for p in (ws / "out").glob("*.torn-*")] == [b'{"flow":"ticket_']


def test_repair_removes_temporary_files_a_killed_replacement_left(tmp_path):
    """A revision killed before its rename leaves `.c.jsonl.XXXX.tmp`; repair removes it (the
    corpus itself is intact) and says so."""
    from svix_flows.ops.repair import describe, repair

    path = _corpus_with_torn_tail(tmp_path, b"")
    stale = path.parent / ".c.jsonl.abc123.tmp"
    stale.write_bytes(b'{"a":1}\n{"half')
    report = repair(path)
    assert report.stale == (stale,) and not stale.exists()
    assert path.read_bytes() == b'{"a":1}\n{"b":2}\n'
    assert "temporary file left by an interrupted write" in describe(report)[0]


def test_repair_streams_a_100_mb_torn_line(tmp_path):
    """A torn last line of 100 MB is copied aside in chunks, never loaded whole, and cut."""
    from svix_flows.ops.repair import repair

    path = _corpus_with_torn_tail(tmp_path, b"")
    size = len(path.read_bytes())
    with open(path, "r+b") as handle:
        handle.truncate(size + 100 * 2**20)  # 100 MB of NUL bytes, no newline
    (fix,) = repair(path).fixes
    assert fix.torn and fix.size == 100 * 2**20
    assert fix.saved.stat().st_size == 100 * 2**20
    assert path.stat().st_size == size


def test_repair_killed_at_any_file_change_never_loses_the_torn_bytes(tmp_path):
    """`repair` killed before or after each of its file changes: the torn bytes are still in the
    corpus, or in a saved file, or both; the whole lines are untouched."""
    import os

    from faultlib import _arm

    tail = b'{"type":"chatml","messages":[{"ro'
    kills = 0
    for index in range(8):
        for after in (False, True):
            base = tmp_path / f"k{index}{int(after)}"
            base.mkdir()
            path = _corpus_with_torn_tail(base, tail)
            pid = os.fork()
            if pid == 0:
                try:
                    from svix_flows.ops.repair import repair

                    _arm(Crash(index, after), [])
                    repair(path)
                finally:
                    os._exit(0)
            _, status = os.waitpid(pid, 0)
            kills += os.WIFSIGNALED(status)
            data = path.read_bytes()
            assert data.startswith(b'{"a":1}\n{"b":2}\n')
            saved = [p.read_bytes() for p in path.parent.glob("*.torn-*")]
            assert data.endswith(tail) or tail in saved, (index, after, data, saved)
    assert kills >= 6


# ---- a full disk, a refused permission, a read-only out/ -----------------------------------------


def _enospc(*args, **kwargs):
    import errno
    import os

    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _fail_nth(real, n: int, error: int):
    """`real` that raises OSError(error) on its n-th call (1-based) only."""
    import os

    calls = []

    def call(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise OSError(error, os.strerror(error))
        return real(*args, **kwargs)

    return call


def _refuse_under(folder: str, error: int):
    """os.open that fails with `error` for every path in `folder` (as a read-only mount would)."""
    import os

    real = os.open

    def refusing(path, *args, **kwargs):
        if f"/{folder}/" in f"/{os.fspath(path)}" or str(path).startswith(folder + "/"):
            raise OSError(error, os.strerror(error), str(path))
        return real(path, *args, **kwargs)

    return refusing


def _short_write(fd, data):
    return _short_write.real(fd, data[: len(data) // 2])


_short_write.real = __import__("os").write


@pytest.mark.parametrize(
    ("name", "target", "make", "says"),
    [
        ("enospc-record", "write", lambda os: _enospc, "the disk is full; nothing was changed"),
        ("short-write-record", "write", lambda os: _short_write, "the disk is full; nothing was changed"),
        ("enospc-provenance", "write", lambda os: _fail_nth(os.write, 2, 28), "the disk is full"),
        ("eacces-corpus", "open", lambda os: _refuse_under("out", 13), "Permission denied"),
        ("erofs-out", "open", lambda os: _refuse_under("out", 30), "Read-only file system"),
        ("enospc-fsync", "fsync", lambda os: _fail_nth(os.fsync, 3, 28), "the disk is full"),
    ],
    ids=lambda value: value if isinstance(value, str) and "-" in value else "",
)
def test_a_write_that_cannot_be_stored_changes_nothing_and_says_so_in_one_line(
    authoring_workspace, cli, monkeypatch, name, target, make, says
):
    """ENOSPC, a short write, EACCES, a read-only out/ or a failed fsync during `write`: exit 2,
    one line saying why, the corpus and its provenance byte for byte as they were, the draft
    holding the operator's texts; once the fault is gone, the same command records."""
    import os

    ws = authoring_workspace
    first = Op("ticket_intake", 1)
    expected = {(first.flow, faultlib.run(ws, first).variant): first.n}
    before = [(ws / name).read_bytes() for name in (CORPUS, PROVENANCE)]
    op = Op("ticket_intake" if "record" in name else "ticket_close", 2)
    (ws / "p.txt").write_text(op.request)
    (ws / "t.txt").write_text(op.think)
    monkeypatch.setattr(os, target, make(os))
    result = cli("write", op.flow, "--prompt", "p.txt", "--think", "t.txt")
    monkeypatch.undo()
    monkeypatch.chdir(ws)
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and says in lines[0], lines
    assert [(ws / name).read_bytes() for name in (CORPUS, PROVENANCE)] == before
    draft = next(d for d in faultlib_drafts(ws, op.flow) if op.request in d.read_text())
    assert op.think in draft.read_text()
    result = cli("write", op.flow, "--prompt", "p.txt", "--think", "t.txt")
    assert result.exit_code == 0, result.stderr
    expected[(op.flow, 1 if op.flow == "ticket_close" else 2)] = op.n
    assert corpus_problems(ws, expected) == []


def faultlib_drafts(ws: Path, flow: str) -> list[Path]:
    from svix_flows.corpus import drafts

    return [draft.path for draft in drafts.list_drafts(ws, flow)]


def test_a_revision_whose_provenance_cannot_be_written_is_taken_back(authoring_workspace, cli, monkeypatch):
    """A revision whose corpus line was replaced but whose provenance hits a full disk puts the
    old line back: exit 2, one line, corpus and provenance as they were, the draft keeping the
    new texts; the re-run revises."""
    import errno
    import os

    ws = authoring_workspace
    first = Op("ticket_intake", 1)
    assert faultlib.run(ws, first).variant == 1
    before = [(ws / name).read_bytes() for name in (CORPUS, PROVENANCE)]
    op = Op("ticket_intake", 2, 1)
    (ws / "p.txt").write_text(op.request)
    (ws / "t.txt").write_text(op.think)
    real = os.fsync

    def full_for_provenance(fd):
        if ".provenance.jsonl." in os.readlink(f"/proc/self/fd/{fd}"):
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        return real(fd)

    monkeypatch.setattr(os, "fsync", full_for_provenance)
    result = cli("write", op.flow, "--revise", "1", "--prompt", "p.txt", "--think", "t.txt")
    monkeypatch.undo()
    monkeypatch.chdir(ws)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "the disk is full" in line
    assert [(ws / name).read_bytes() for name in (CORPUS, PROVENANCE)] == before
    assert op.request in (ws / "prompts/drafts/ticket_intake.md").read_text()
    result = cli("write", op.flow, "--revise", "1", "--prompt", "p.txt", "--think", "t.txt")
    assert result.exit_code == 0, result.stderr
    assert corpus_problems(ws, {(op.flow, 1): op.n}) == []


# ---- the draft outlives the editor, Ctrl-C and a closed terminal ---------------------------------

DRAFT = "prompts/drafts/ticket_intake.md"


def _in_terminal(command: list[str], ws: Path, env: dict[str, str] | None = None):
    """`command` started as a terminal starts it: its own session (process group), its output
    captured, and SIGHUP, SIGINT and SIGTERM at their defaults whatever the runner inherited
    (`nohup` ignores SIGHUP, a background job SIGINT)."""
    import subprocess

    return subprocess.Popen(
        command,
        cwd=ws,
        env=env,
        start_new_session=True,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        preexec_fn=_terminal_signals,  # noqa: PLW1509 -- the test runs no threads
    )


def _terminal_signals() -> None:
    import signal

    for number in (signal.SIGHUP, signal.SIGINT, signal.SIGTERM):
        signal.signal(number, signal.SIG_DFL)


def _start_write(ws: Path, tmp_path: Path, **env: str):
    """`python -m svix_flows write ticket_intake` in its own session (a terminal's process group),
    with the scripted editor of tests/fault_helpers; returns (process, editor pid)."""
    import os
    import shlex
    import sys

    op = Op("ticket_intake", 1)
    ready = tmp_path / "editor.ready"
    environment = dict(
        os.environ,
        EDITOR=shlex.join([sys.executable, str(faultlib.HELPERS / "editor.py")]),
        FAULT_READY=str(ready),
        FAULT_TYPED=op.request,
        FAULT_THINK=op.think,
        **env,
    )
    process = _in_terminal([sys.executable, "-m", "svix_flows", "write", "ticket_intake"], ws, environment)
    deadline = time.monotonic() + 30
    while not ready.exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline, "the editor never started"
        time.sleep(0.01)
    return process, int(ready.read_text())


def test_an_editor_killed_mid_edit_leaves_the_draft_with_what_was_typed(authoring_workspace, tmp_path):
    """The editor dies (SIGKILL) after saving part of the draft: `write` says so in one line and
    exits 1, the draft keeps the typed request, nothing is recorded."""
    import os
    import signal

    process, editor = _start_write(authoring_workspace, tmp_path)
    os.kill(editor, signal.SIGKILL)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    (line,) = stderr.strip().splitlines()
    assert "was killed by signal 9; nothing was recorded" in line and DRAFT in line
    assert Op("ticket_intake", 1).request in (authoring_workspace / DRAFT).read_text()
    assert not (authoring_workspace / CORPUS).exists()


def test_ctrl_c_in_the_editor_belongs_to_the_editor(authoring_workspace, tmp_path):
    """Ctrl-C (SIGINT to the terminal's whole process group) while the editor is open does not
    stop `write`: the editor handles it, the operator finishes, and the record is appended."""
    import os
    import signal

    process, _ = _start_write(authoring_workspace, tmp_path, FAULT_ON_INT="finish")
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert corpus_problems(authoring_workspace, {("ticket_intake", 1): 1}) == []


def test_ctrl_c_that_kills_the_editor_keeps_the_draft(authoring_workspace, tmp_path):
    """An editor that dies of Ctrl-C: `write` survives it, says so in one line, exits 1 and
    keeps the draft with the typed request."""
    import os
    import signal

    process, _ = _start_write(authoring_workspace, tmp_path)
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 1
    (line,) = stderr.strip().splitlines()
    assert "killed by signal 2" in line and "draft is kept" in line
    assert Op("ticket_intake", 1).request in (authoring_workspace / DRAFT).read_text()


def test_a_closed_terminal_keeps_the_draft_and_the_next_write_reopens_it(
    authoring_workspace, tmp_path, cli, monkeypatch
):
    """SIGHUP to the session (the terminal closed) kills `write` and the editor: the draft keeps
    the typed request, nothing is recorded, no temporary file is left, and the next `write`
    reopens that draft, typed text and all."""
    import os
    import signal

    ws = authoring_workspace
    process, _ = _start_write(ws, tmp_path)
    os.killpg(process.pid, signal.SIGHUP)
    process.communicate(timeout=30)
    assert process.returncode == -signal.SIGHUP
    request = Op("ticket_intake", 1).request
    assert request in (ws / DRAFT).read_text()
    assert not (ws / CORPUS).exists()
    assert not list((ws / "prompts/drafts").glob(".*.tmp"))
    monkeypatch.setenv("EDITOR", "true")
    result = cli("write", "ticket_intake")
    assert result.exit_code == 1  # the reasoning is still the template's
    assert request in (ws / DRAFT).read_text()


def test_ctrl_c_during_validation_keeps_the_draft_and_records_nothing(authoring_workspace, monkeypatch):
    """Ctrl-C while the record is being checked (KeyboardInterrupt from validation): the draft
    already holds the texts, and nothing reaches the corpus."""
    from svix_flows.checks import validate

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(validate, "check_record", interrupted)
    op = Op("ticket_intake", 1)
    with pytest.raises(KeyboardInterrupt):
        faultlib.run(authoring_workspace, op)
    text = (authoring_workspace / DRAFT).read_text()
    assert op.request in text and op.think in text
    assert not (authoring_workspace / CORPUS).exists()


@pytest.mark.slow  # ~3 s of real processes; Ctrl-C during the checks and in the editor stay in the default run
def test_ctrl_c_at_random_moments_of_a_write_never_tears_the_corpus(authoring_workspace, tmp_path):
    """SIGINT at random moments of `write --prompt --think` (start-up, checks, commit), 8 times
    (80 under soak): exit 0 or 130 without a traceback, the draft keeps the texts, the corpus holds
    whole records, and the re-run leaves corpus, provenance and drafts in agreement."""
    import os
    import signal
    import sys

    ws = authoring_workspace
    rng = random.Random(SEED)
    expected: dict[tuple[str, int], int] = {}
    outcomes = []
    for n in range(1, faultlib.trials(8) + 1):
        op = Op(faultlib.FLOWS[n % 2], n)
        (ws / "p.txt").write_text(op.request)
        (ws / "t.txt").write_text(op.think)
        command = [
            sys.executable,
            "-m",
            "svix_flows",
            "write",
            op.flow,
            "--prompt",
            "p.txt",
            "--think",
            "t.txt",
        ]
        process = _in_terminal(command, ws)
        time.sleep(rng.uniform(0.1, 0.6))
        try:
            os.killpg(process.pid, signal.SIGINT)
        except ProcessLookupError:
            pass
        _, stderr = process.communicate(timeout=30)
        outcomes.append(process.returncode)
        # 130: typer's silent exit for Ctrl-C; -SIGINT: Python itself, before svix-flows started
        assert process.returncode in (0, 130, -signal.SIGINT), stderr
        if process.returncode != -signal.SIGINT:
            assert "Traceback" not in stderr, stderr
        variant, _ = recover(ws, op)
        expected[(op.flow, variant)] = op.n
        assert corpus_problems(ws, expected) == []
    print(f"\nSIGINT outcomes: {outcomes}")


def test_a_second_terminal_on_a_draft_being_edited_is_refused_in_one_line(authoring_workspace, tmp_path, cli):
    """While `write ticket_intake` has its editor open, the same command in another terminal
    (which would open the editor on that draft too) exits 2 with one line and leaves that draft
    alone; the first one then finishes normally. (With texts from files, the second terminal
    takes the next variant instead: see test_parallel_writers.py.)"""
    import os
    import signal

    process, _ = _start_write(authoring_workspace, tmp_path, FAULT_ON_INT="finish")
    before = (authoring_workspace / DRAFT).read_bytes()
    second = cli("write", "ticket_intake")
    assert second.exit_code == 2
    (line,) = second.stderr.strip().splitlines()
    assert "another `svix-flows write` is working on this draft" in line
    assert (authoring_workspace / DRAFT).read_bytes() == before
    os.killpg(process.pid, signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert corpus_problems(authoring_workspace, {("ticket_intake", 1): 1}) == []
