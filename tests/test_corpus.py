"""The corpus file: whole lines only, one writer at a time, replacement by rename."""

from __future__ import annotations

import errno
import os
import subprocess
import sys

import pytest

from svix_flows import files as corpus
from svix_flows.errors import DataError, UsageError
from svix_flows.files import iter_lines, line_hash, locked


def test_append_repairs_a_missing_final_newline(tmp_path):
    """A file whose last line lacks its newline gets one first: the new line is never glued to it."""
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"a":1}\n{"b":2}')
    with locked(path) as writer:
        number = writer.append(b'{"c":3}\n')
    assert path.read_bytes() == b'{"a":1}\n{"b":2}\n{"c":3}\n'
    assert number == 3


def test_append_numbers_lines_and_creates_the_file(tmp_path):
    """Appends to a missing file create it; each append returns the new line's number."""
    path = tmp_path / "out" / "c.jsonl"
    with locked(path) as writer:
        assert [writer.append(b"x\n"), writer.append(b"y\n")] == [1, 2]
    assert path.read_bytes() == b"x\ny\n"


def test_append_refuses_anything_but_one_line(tmp_path):
    """A corpus line is exactly one line ending in a newline."""
    with locked(tmp_path / "c.jsonl") as writer:
        with pytest.raises(ValueError):
            writer.append(b"two\nlines\n")
        with pytest.raises(ValueError):
            writer.append(b"unterminated")


def test_a_failed_write_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    """A short write (a disk filling up mid-line) is cut back: the file holds the old bytes only."""
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'old\n{"unterminated":1}')
    real_write = os.write

    def short_write(fd, data):
        return real_write(fd, data[: len(data) // 2])

    monkeypatch.setattr(corpus.os, "write", short_write)
    with locked(path) as writer, pytest.raises(UsageError, match="the disk is full; nothing was changed"):
        writer.append(b"x" * 1000 + b"\n")
    assert path.read_bytes() == b'old\n{"unterminated":1}'


def test_an_append_error_leaves_the_file_as_it_was(tmp_path, monkeypatch):
    """A write that fails outright (EIO) leaves the file unchanged and says so in one line."""
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"old\n")

    def failing_write(fd, data):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(corpus.os, "write", failing_write)
    with locked(path) as writer, pytest.raises(UsageError, match="cannot append the record"):
        writer.append(b"new\n")
    assert path.read_bytes() == b"old\n"


def test_replace_swaps_one_line_by_rename(tmp_path):
    """Replacing line 2 keeps every other byte, renames a new file over the old, leaves no temp."""
    path = tmp_path / "out" / "c.jsonl"
    path.parent.mkdir()
    path.write_bytes(b"one\ntwo\nthree\n")
    inode = path.stat().st_ino
    with locked(path) as writer:
        writer.replace(2, line_hash(b"two"), b"TWO\n")
    assert path.read_bytes() == b"one\nTWO\nthree\n"
    assert path.stat().st_ino != inode
    assert sorted(p.name for p in path.parent.iterdir()) == ["c.jsonl", "c.jsonl.lock"]


def test_replace_refuses_a_line_that_changed(tmp_path):
    """The line to replace must still be the one that was read; otherwise nothing is written."""
    path = tmp_path / "out" / "c.jsonl"
    path.parent.mkdir()
    path.write_bytes(b"one\ntwo\n")
    with locked(path) as writer, pytest.raises(DataError, match="changed since it was read"):
        writer.replace(2, line_hash(b"something else"), b"TWO\n")
    assert path.read_bytes() == b"one\ntwo\n"
    assert sorted(p.name for p in path.parent.iterdir()) == ["c.jsonl", "c.jsonl.lock"]


def test_writer_is_dead_once_the_lock_is_released(tmp_path):
    """No write can happen outside the lock: a writer kept past its block refuses."""
    with locked(tmp_path / "c.jsonl") as writer:
        pass
    with pytest.raises(RuntimeError):
        writer.append(b"late\n")


def test_iter_lines_streams_and_marks_an_unterminated_last_line(tmp_path):
    """Lines come back numbered, without their ends; a last line without newline is flagged."""
    path = tmp_path / "c.jsonl"
    path.write_bytes(b"a\r\nb\n\nc")
    got = [(line.number, line.data, line.ended) for line in iter_lines(path)]
    assert got == [(1, b"a", True), (2, b"b", True), (3, b"", True), (4, b"c", False)]
    assert list(iter_lines(tmp_path / "missing.jsonl")) == []


APPENDER = """
import sys
from pathlib import Path
from svix_flows.files import locked
path, tag = Path(sys.argv[1]), sys.argv[2]
for i in range(200):
    line = (tag + str(i).zfill(4)) * 2000 + "\\n"   # ~10 KB, larger than a pipe buffer
    with locked(path) as writer:
        writer.append(line.encode())
"""


def test_concurrent_appends_never_interleave(tmp_path):
    """Two processes appending 200 lines of ~10 KB each: 400 whole lines, none mixed, none lost."""
    path = tmp_path / "c.jsonl"
    procs = [subprocess.Popen([sys.executable, "-c", APPENDER, str(path), tag]) for tag in ("A", "B")]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    lines = path.read_bytes().split(b"\n")
    assert lines[-1] == b""
    lines = lines[:-1]
    assert len(lines) == 400
    for line in lines:
        unit = line[:5]
        assert line == unit * 2000
    assert sorted(line[:5] for line in lines) == sorted(
        f"{tag}{i:04d}".encode() for tag in "AB" for i in range(200)
    )


def test_a_failed_replace_leaves_the_old_file_and_no_temporary_file(tmp_path, monkeypatch):
    """`replace_file` (the one atomic replace: corpus, drafts, flows.lock, the cache) that fails
    at the rename keeps the old file and removes its temporary file, for every caller."""
    from svix_flows.corpus.pins import write_lock
    from svix_flows.errors import CatalogError

    folder = tmp_path / "catalog"
    folder.mkdir()
    target = folder / "flows.lock"
    target.write_text("old\n")

    def refused(src, dst):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(corpus.os, "replace", refused)
    with pytest.raises(UsageError):
        corpus.replace_file(target, [b"new\n"])
    with pytest.raises(CatalogError, match="cannot write the lock"):
        write_lock(target, "0" * 40, [])
    assert target.read_text() == "old\n"
    assert [p.name for p in folder.iterdir()] == ["flows.lock"]
