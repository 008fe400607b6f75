"""The corpus file: read line by line, written only under an exclusive lock, never half a line.

Every write goes through `Writer`, which exists only while the lock file beside the corpus is
held with `fcntl.flock`, so two processes never interleave. An append is one `os.write` of the
whole line to a file opened with O_APPEND, then fsync; a short or failed write is cut back to the
old size, so the file holds the whole line or nothing. A file whose last line has no newline (a
hand edit, another tool) gets one before the append, so records are never glued together;
one that is not a whole record (a torn write) is refused until `svix-flows repair` sets it aside.
Replacing a line, or the whole file, writes a temporary file beside it, fsyncs it, renames it
over the original and fsyncs the folder: a reader sees the old file or the new one.
"""

from __future__ import annotations

import errno
import fcntl
import itertools
import os
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, NamedTuple, Protocol

from .errors import DataError, UsageError

READ_CHUNK = 1 << 20
MAX_TAIL_JSON = 16 << 20  # the longest line `validate` reads
MAX_LINE = MAX_TAIL_JSON  # the longest corpus line any command reads into memory


class Line(NamedTuple):
    """One line of a JSONL file: its 1-based number, its bytes as read with the line end (None
    when the line is over the reader's limit), its size in bytes, and whether a newline ends it."""

    number: int
    raw: bytes | None
    size: int
    ended: bool

    @property
    def data(self) -> bytes:
        """The line without its line end (empty for a line over the limit)."""
        raw = self.raw
        if raw is None:
            return b""
        return raw.rstrip(b"\r\n") if self.ended else raw

    @property
    def sha256(self) -> str:
        return line_hash(self.data)


def line_hash(data: bytes) -> str:
    """The content hash that ties a corpus line to its provenance (line end excluded)."""
    from hashlib import sha256  # here: the cache writes through this module on `show`'s path

    return sha256(data.rstrip(b"\r\n")).hexdigest()


def open_regular(path: Path, what: str = "the corpus") -> BinaryIO | None:
    """`path` opened for a streamed read, or None when it does not exist.

    Anything but a regular file (a FIFO, /dev/zero, a symlink to either, a folder) is refused
    before a byte is read: opening is non-blocking, so a FIFO without a writer cannot hang us,
    and an endless device is never read.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise UsageError(f"{path}: a directory, not {what}; pass a JSONL file") from None
    except OSError as exc:
        raise UsageError(f"{path}: cannot read {what}: {exc.strerror}") from None
    try:
        check_regular(path, fd, what)
        os.set_blocking(fd, True)
        return open(fd, "rb", buffering=READ_CHUNK)
    except BaseException:
        os.close(fd)
        raise


def check_regular(path: Path, fd: int, what: str = "the corpus") -> None:
    """A UsageError when the open file is not a regular file (FIFO, device, socket, folder)."""
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        kind = (
            "a FIFO"
            if stat.S_ISFIFO(mode)
            else "a device"
            if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
            else "a directory"
            if stat.S_ISDIR(mode)
            else "a socket"
            if stat.S_ISSOCK(mode)
            else "not a regular file"
        )
        raise UsageError(
            f"{path}: {kind}, not a regular file; {what} must be a regular file "
            "(replace the link or special file with the real file)"
        )


MAX_TEXT = 8 << 20  # the largest draft or text file read whole (a draft is ~10-100 KB)


def read_text_file(path: Path, what: str, limit: int = MAX_TEXT) -> bytes:
    """The bytes of a small regular file (a draft, a `--prompt` or `--think` text), read whole.

    The corpus's rule holds: a FIFO, a device, a socket or a link to one is refused before a
    byte is read (the non-blocking open never waits for a FIFO's writer), and so is a file over
    `limit` (checked with `fstat`, then bounded by the read, as a file may grow meanwhile).
    UsageError for those; OSError (missing, unreadable) is the caller's to word.
    """
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    try:
        check_regular(path, fd, what)
        too_big = UsageError(
            f"{path}: over {limit >> 20} MiB, larger than {what} can be; "
            "pass the real file (is it the right one?)"
        )
        if os.fstat(fd).st_size > limit:
            raise too_big
        os.set_blocking(fd, True)
        chunks, size = [], 0
        while size <= limit:
            chunk = os.read(fd, min(READ_CHUNK, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise too_big
        return b"".join(chunks)
    finally:
        os.close(fd)


def is_regular(path: Path) -> bool:
    """Whether `path` is (or links to) a regular file; never opens it."""
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except OSError:
        return False


def too_long(path: Path, number: int) -> DataError:
    return DataError(
        f"{path}:{number}: a line over {MAX_LINE >> 20} MiB, longer than any record; move it out of "
        f"the file (`svix-flows validate {path}` reports it as E107), then run the command again"
    )


def bounded_lines(handle: BinaryIO, path: Path) -> Iterator[bytes]:
    """The raw lines of a stream, each read with a cap, so one endless line never fills memory."""
    readline = handle.readline
    number = 0
    while True:
        raw = readline(MAX_LINE + 1)
        if not raw:
            return
        number += 1
        if len(raw) > MAX_LINE:
            raise too_long(path, number)
        yield raw


def iter_lines(path: Path) -> Iterator[Line]:
    """The file's lines, streamed; a missing file has none. Blank lines are yielded too.

    A line over MAX_LINE bytes is a DataError naming it (memory stays bounded).
    """
    handle = open_regular(path)
    if handle is None:
        return
    with handle:
        for line in read_lines(handle):
            if line.raw is None:
                raise too_long(path, line.number)
            yield line


if TYPE_CHECKING:  # a Protocol class costs `show` a millisecond at import

    class _Readable(Protocol):
        def readline(self, size: int = -1, /) -> bytes: ...


def read_lines(stream: _Readable, limit: int = MAX_LINE) -> Iterator[Line]:
    """The lines of a binary stream, one at a time; a line over `limit` is skipped in chunks
    (its `raw` is None), so memory stays bounded whatever the stream holds."""
    number = 0
    readline = stream.readline
    while True:
        data = readline(limit + 1)
        if not data:
            return
        number += 1
        if len(data) <= limit or data.endswith(b"\n"):
            yield Line(number, data, len(data), data.endswith(b"\n"))
            continue
        size = len(data)
        del data
        ended = False
        while True:
            chunk = readline(limit)
            size += len(chunk)
            if not chunk or chunk.endswith(b"\n"):
                ended = bool(chunk)
                break
        yield Line(number, None, size, ended)


def lock_path(path: Path) -> Path:
    return path.with_name(path.name + ".lock")


def _failed(path: Path, action: str, exc: OSError) -> UsageError:
    reason = exc.strerror or str(exc)
    if exc.errno == errno.ENOSPC:
        reason = "the disk is full"
    elif exc.errno == errno.EFBIG:
        reason = "the file size limit is reached (`ulimit -f`); raise it"
    return UsageError(f"{path}: cannot {action}: {reason}; nothing was changed")


@contextmanager
def locked(path: Path) -> Iterator[Writer]:
    """Hold the corpus's exclusive lock; the yielded Writer is the only way to change the files."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise _failed(lock_path(path), "create the lock file", exc) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        writer = Writer(path)
        try:
            yield writer
        finally:
            writer.closed = True
    finally:
        os.close(fd)  # closing the descriptor releases the flock


@contextmanager
def held_without_waiting(lock: Path, busy: Exception, what: str) -> Iterator[None]:
    """Hold an exclusive `flock` on the file `lock` (`what`, for messages), or raise `busy` at
    once when another process holds it. The lock file is removed as the hold ends, and it is
    released when the process ends however it ends. A hold taken on a lock file that its holder
    removed meanwhile is taken again on the new file, so removing it never lets two in."""
    while True:
        try:
            lock.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(lock, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        except OSError as exc:
            raise UsageError(f"{lock}: cannot create {what}: {exc.strerror}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise busy from None
        try:
            current = os.stat(lock)
        except FileNotFoundError:
            current = None
        if current is not None and (current.st_ino, current.st_dev) == os.fstat(fd)[1:3]:
            break
        os.close(fd)  # the holder removed that file as its hold ended: hold the new one
    try:
        yield
    finally:
        try:
            os.unlink(lock)  # while still held, so no one is holding a claim on it
        except OSError:
            pass
        os.close(fd)


class Writer:
    """Writes to the corpus and the files beside it, valid only inside `locked()`."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.closed = False

    def _check(self) -> None:
        if self.closed:
            raise RuntimeError("corpus writer used after its lock was released")

    def append(self, line: bytes, target: Path | None = None) -> int:
        """Append one whole line (ending in one newline) and return its 1-based line number."""
        self._check()
        if not line.endswith(b"\n") or b"\n" in line[:-1]:
            raise ValueError("a corpus line is one line ending in a newline")
        return append_line(target or self.path, line)

    def replace(self, number: int, expected_sha256: str, line: bytes, target: Path | None = None) -> None:
        """Replace line `number`, which must still hold the expected content, atomically."""
        self._check()
        target = target or self.path

        def lines() -> Iterator[bytes]:
            found = False
            for current in iter_lines(target):
                if current.number == number:
                    if current.sha256 != expected_sha256:
                        raise DataError(
                            f"{target}:{number}: the line changed since it was read; run the command again"
                        )
                    found = True
                    yield line
                elif not current.ended and not whole_record(current.data):
                    raise torn_error(target, current.number, len(current.data))
                else:
                    yield current.data + b"\n"
            if not found:
                raise DataError(f"{target}:{number}: no such line; run `svix-flows rebuild`")

        replace_file(target, lines())

    def rewrite(self, lines: Iterable[bytes], target: Path | None = None) -> None:
        """Replace the whole file with these lines, atomically."""
        self._check()
        replace_file(target or self.path, lines)

    def size(self) -> int:
        """The corpus's size in bytes now (0 when missing): the mark `cut` goes back to."""
        self._check()
        try:
            return self.path.stat().st_size
        except FileNotFoundError:
            return 0

    def cut(self, size: int) -> None:
        """Take back appends made under this lock: the corpus as it was at `size` bytes."""
        self._check()
        fd = os.open(self.path, os.O_RDWR | os.O_CLOEXEC)
        try:
            os.ftruncate(fd, size)
            os.fsync(fd)
        finally:
            os.close(fd)


def append_line(path: Path, line: bytes) -> int:
    """The append itself; callers hold the lock (see `Writer.append`)."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)
    except OSError as exc:
        raise _failed(path, "open the corpus for appending", exc) from None
    try:
        check_regular(path, fd)
        size = os.fstat(fd).st_size
        data = line
        tail = unterminated_tail(fd, size)
        if tail is not None:
            if not tail.whole:
                raise torn_error(path, count_lines(fd, size), size - tail.offset)
            data = b"\n" + line
        try:
            written = os.write(fd, data)
            if written != len(data):
                # a short write to a regular file means a limit was reached; writing the rest
                # tells which one (EFBIG for the file size limit), else it is a full disk
                os.write(fd, data[written:])
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            os.fsync(fd)
        except OSError as exc:
            os.ftruncate(fd, size)  # all or nothing: drop the partial bytes
            raise _failed(path, "append the record", exc) from None
        return count_lines(fd, size) + 1
    finally:
        os.close(fd)


class Tail(NamedTuple):
    """A last line without its newline: where it starts, and whether it is a whole JSON object."""

    offset: int
    whole: bool  # only the newline is missing; otherwise a torn write


def whole_record(data: bytes) -> bool:
    """Whether bytes are one whole JSON object: a torn prefix of a record line never is."""
    if len(data) > MAX_TAIL_JSON or not data.lstrip().startswith(b"{"):
        return False
    import orjson

    try:
        orjson.loads(data)
    except orjson.JSONDecodeError:
        return False
    return True


def unterminated_tail(fd: int, size: int) -> Tail | None:
    """The file's last line when it has no newline (None when the file ends in one, or is empty)."""
    if not size or os.pread(fd, 1, size - 1) == b"\n":
        return None
    end = size
    start = 0
    while end > 0:
        begin = max(0, end - READ_CHUNK)
        at = os.pread(fd, end - begin, begin).rfind(b"\n")
        if at >= 0:
            start = begin + at + 1
            break
        end = begin
    whole = size - start <= MAX_TAIL_JSON and whole_record(os.pread(fd, size - start, start))
    return Tail(start, whole)


def mend_tail(fd: int, path: Path, size: int, tail: Tail) -> Path | None:
    """Make the file end on a whole line: a whole last record gains its newline (None returned);
    a torn one is first copied aside (its copy returned), then cut off. Fsynced either way;
    a failed step raises OSError."""
    if tail.whole:
        os.lseek(fd, size, os.SEEK_SET)
        if os.write(fd, b"\n") != 1:
            raise OSError(28, os.strerror(28))
        os.fsync(fd)
        return None
    saved = save_aside(fd, path, tail.offset, size)
    os.ftruncate(fd, tail.offset)  # only once the bytes are safe elsewhere
    os.fsync(fd)
    return saved


def torn_error(path: Path, number: int, size: int) -> DataError:
    return DataError(
        f"{path}:{number}: the last line has no newline and is not a whole record ({size} bytes, "
        "a torn write); run `svix-flows repair` to set it aside, then run the command again; "
        "nothing was changed"
    )


def count_lines(fd: int, upto: int) -> int:
    """Lines before offset `upto` (an unterminated last line counts as one)."""
    count = 0
    offset = 0
    last = b"\n"
    while offset < upto:
        chunk = os.pread(fd, min(READ_CHUNK, upto - offset), offset)
        if not chunk:
            break
        count += chunk.count(b"\n")
        last = chunk[-1:]
        offset += len(chunk)
    return count + (0 if last == b"\n" else 1)


def replace_file(path: Path, chunks: Iterable[bytes], *, durable: bool = True) -> None:
    """Write `chunks` to a temporary file beside `path` and rename it over `path`: a reader sees
    the old file or the new one. `durable` fsyncs the file and the folder (a cache need not).

    The one atomic replace of the package (corpus, drafts, provenance, flows.lock, the content
    cache). A failure removes the temporary file and is a UsageError naming `path`.
    """
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, temp = _create_temporary(folder, path.name)
    except OSError as exc:
        raise _failed(path, "create a temporary file", exc) from None
    try:
        with os.fdopen(fd, "wb") as handle:
            for chunk in chunks:
                handle.write(chunk)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        try:
            mode = path.stat().st_mode & 0o7777
        except FileNotFoundError:
            mode = 0o644
        os.chmod(temp, mode)
        os.replace(temp, path)
    except OSError as exc:
        _remove(temp)
        raise _failed(path, "write", exc) from None
    except BaseException:
        _remove(temp)
        raise
    if durable:
        fsync_dir(folder)


_TEMPORARY = itertools.count()


def _create_temporary(folder: Path, name: str) -> tuple[int, str]:
    """A new file `.NAME.<pid>-<n>.tmp` in `folder`, opened for writing (the pattern `repair`
    cleans up). Not `tempfile`: its import costs `show` more than the rest of a cold write."""
    while True:
        temp = str(folder / f".{name}.{os.getpid()}-{next(_TEMPORARY)}.tmp")
        try:
            return os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600), temp
        except FileExistsError:
            continue  # left by a process of the same pid that died: take the next name


def save_aside(fd: int, path: Path, start: int, end: int) -> Path:
    """Copy bytes start..end of the file to a new `<name>.torn-<time>` beside it, fsynced (what
    `repair` keeps of a torn line before it cuts it)."""
    from datetime import UTC, datetime

    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for attempt in range(1000):
        target = path.with_name(f"{path.name}.torn-{stamp}" + (f".{attempt}" if attempt else ""))
        try:
            out = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o644)
        except FileExistsError:
            continue
        break
    else:
        raise OSError(17, "too many torn files with the same time stamp")
    try:
        offset = start
        while offset < end:
            chunk = os.pread(fd, min(READ_CHUNK, end - offset), offset)
            if not chunk:
                break
            view = memoryview(chunk)
            while view:
                view = view[os.write(out, view) :]
            offset += len(chunk)
        os.fsync(out)
    except OSError:
        os.close(out)
        target.unlink(missing_ok=True)
        raise
    os.close(out)
    fsync_dir(path.parent)
    return target


def fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # some file systems cannot fsync a folder; the rename is still atomic
    finally:
        os.close(fd)


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
