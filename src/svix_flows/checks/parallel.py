"""Large corpora checked by one forked process per core, in chunks cut at line starts.

Only the per-line checks run in the workers; the parent puts the chunks back in file order,
numbers the lines and finds repeats across the whole file (validate._merge). Memory stays
flat: at most two chunks per worker are in flight, and a chunk is at most CHUNK_BYTES of
record-sized lines. A file of short lines (not a corpus of ~10 KB records, and maybe one
finding per line) is left to the single streaming pass.
"""

from __future__ import annotations

import os
import statistics
from collections import deque
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

R = TypeVar("R")

# Below this size one process is faster than starting workers.
PARALLEL_BYTES = 4 * 2**20
CHUNK_BYTES = 2 * 2**20
MIN_CHUNK_BYTES = 256 * 1024
# Lines shorter than this are not records worth a worker: they stay in one streaming pass.
MIN_TYPICAL_LINE = 2048

_WORKER: tuple[Callable[[Any], Any], Path] | None = (
    None  # (work, path): set before the fork, read by the workers
)


def workers() -> int:
    import multiprocessing

    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(1, min(cores or 1, 8))


def plan(path: Path, size: int) -> list[tuple[int, int]] | None:
    """The byte ranges to check in parallel, or None for one streaming pass."""
    if size < PARALLEL_BYTES:
        return None
    count = workers()
    if count < 2:
        return None
    chunk = max(MIN_CHUNK_BYTES, min(CHUNK_BYTES, size // (count * 4)))
    bounds, samples = _bounds(path, size, chunk)
    if len(bounds) < 2 or statistics.median(samples) < MIN_TYPICAL_LINE:
        return None
    return bounds


def _bounds(path: Path, total: int, size: int) -> tuple[list[tuple[int, int]], list[int]]:
    """Ranges of about `size` bytes starting at line starts, and the length of the line
    that starts each range (a sample of the file's line lengths)."""
    starts, samples = [0], []
    with open(path, "rb") as stream:
        while starts[-1] + size < total:
            stream.seek(starts[-1] + size)
            _to_line_end(stream)
            at = stream.tell()
            if at >= total:
                break
            starts.append(at)
            samples.append(_to_line_end(stream))
    starts.append(total)
    return list(zip(starts, starts[1:])), samples or [total]


def _to_line_end(stream: Any) -> int:
    """Read to the end of the current line, a MiB at a time; the bytes read."""
    read = 0
    while True:
        part = stream.readline(2**20)
        read += len(part)
        if not part or part.endswith(b"\n"):
            return read


class _Range:
    """The lines of one byte range of a file, for `iter_lines`."""

    def __init__(self, stream: Any, length: int) -> None:
        self.stream, self.left = stream, length

    def readline(self, size: int) -> bytes:
        if self.left <= 0:
            return b""
        data: bytes = self.stream.readline(min(size, self.left))
        self.left -= len(data)
        return data


def _check(bounds: tuple[int, int]) -> Any:
    """In a worker: the work function on one range of the file."""
    assert _WORKER is not None, "run_chunks sets the work before it forks"
    work, path = _WORKER
    start, end = bounds
    with open(path, "rb", buffering=2**20) as stream:
        stream.seek(start)
        return work(_Range(stream, end - start))


def run_chunks(path: Path, work: Callable[[Any], R], chunks: list[tuple[int, int]]) -> Iterator[R]:
    """`work` of each chunk (a stream with `readline(size)` over its byte range), in file order.

    `work` runs in forked workers, so it may be any callable (a closure, a `partial`), and the
    caller's module need not be importable from here.
    """
    import multiprocessing
    import sys

    global _WORKER
    _WORKER = (work, path)
    # a forked worker flushes inherited stdio buffers when it ends: leave none to repeat
    sys.stdout.flush()
    sys.stderr.flush()
    count = workers()
    # fork, not spawn: the workers share the validator and Python's hash seed, so hashes
    # computed in different workers compare (the repeats across the file)
    with multiprocessing.get_context("fork").Pool(count) as pool:
        todo = iter(chunks)
        pending: deque[Any] = deque()
        for bounds in todo:
            pending.append(pool.apply_async(_check, (bounds,)))
            if len(pending) >= 2 * count:
                break
        while pending:
            result = pending.popleft().get()
            following = next(todo, None)
            if following is not None:
                pending.append(pool.apply_async(_check, (following,)))
            yield result
    _WORKER = None
