"""The checkout: source files read safely, symbol paths resolved to exact spans of lines."""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from ..catalog import SpanRef, check_span_file
from ..errors import SourceError, SourceFileMissing
from .cache import load_index

if TYPE_CHECKING:
    from .items import FileIndex, Item

MAX_SOURCE_BYTES = 8 * 1024 * 1024


class Span(NamedTuple):
    """A symbol resolved at the checkout: exact lines A..B of a file (line ends normalised to LF)."""

    file: str
    path: str
    symbol: str
    kind: str
    start_line: int
    end_line: int
    text: str
    context: str = ""  # the enclosing impl, trait or inline module's header, "" at the top level

    @property
    def sha256(self) -> str:
        import hashlib  # not on the `show` path

        return hashlib.sha256(self.text.encode()).hexdigest()

    @property
    def line_count(self) -> int:
        return self.end_line - self.start_line + 1


class SourceFile:
    """One file of the crate: its text split into lines, and its item index."""

    __slots__ = ("file", "index", "lines")

    def __init__(self, file: str, lines: tuple[str, ...], index: FileIndex) -> None:
        self.file = file
        self.lines = lines
        self.index = index

    def lines_between(self, start: int, end: int) -> str:
        return "\n".join(self.lines[start - 1 : end])


def split_lines(text: str) -> tuple[str, ...]:
    """Lines without their terminators; CRLF, LF and a lone CR (old Mac files) each end a line."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return tuple(lines)


def lone_cr_as_lf(raw: bytes) -> bytes:
    """The bytes with each CR not followed by LF made an LF: the same length, so tree-sitter's
    byte offsets still hold, and its line numbers agree with `split_lines`."""
    if b"\r" not in raw:
        return raw
    import re

    return re.sub(rb"\r(?!\n)", b"\n", raw)


# the default configuration, beside the crate's `src/` as svix-server ships it: facts read it
DEFAULTS_FILE = "config.default.toml"


class Checkout:
    """A svix-webhooks checkout: `root` is the repository root, `crate_root` the crate's folder in it."""

    def __init__(self, root: Path, crate_root: str, index_cache: Path | None = None) -> None:
        self.root = root
        self.crate_root = crate_root
        self.index_cache = index_cache
        self._files: dict[str, SourceFile] = {}
        self._digest: tuple[bytes | None] | None = None

    @property
    def crate_dir(self) -> Path:
        return self.root / self.crate_root

    def repo_path(self, file: str) -> str:
        """The path of a crate file from the repository root, as record headers write it."""
        return f"{self.crate_root}/{file}"

    def read_bytes(self, file: str) -> bytes:
        """A crate file's bytes; never reads outside the checkout, nor a non-regular file."""
        problem = check_span_file(file)
        if problem:
            raise SourceError(f"{file}: the path {problem}")
        candidate = self.crate_dir / file
        try:
            real = candidate.resolve(strict=True)
        except (OSError, RuntimeError):
            raise SourceFileMissing(
                f"{self.repo_path(file)}: no such file in the checkout {self.root}"
            ) from None
        if not real.is_relative_to(self.root.resolve()):
            raise SourceError(f"{self.repo_path(file)}: a symlink that leads out of the checkout")
        try:
            fd = os.open(real, os.O_RDONLY | os.O_NONBLOCK)
        except OSError as exc:
            raise SourceError(f"{self.repo_path(file)}: cannot open: {exc.strerror}") from None
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise SourceError(f"{self.repo_path(file)}: not a regular file")
            if info.st_size > MAX_SOURCE_BYTES:
                raise SourceError(
                    f"{self.repo_path(file)}: {info.st_size} bytes, over the "
                    f"{MAX_SOURCE_BYTES // 2**20} MiB a source file may have"
                )
            with os.fdopen(fd, "rb", closefd=False) as handle:
                return handle.read(MAX_SOURCE_BYTES + 1)
        finally:
            os.close(fd)

    def digest(self) -> bytes | None:
        """A digest of all the checks read from the checkout: the crate folder's place, every
        `.rs` file's path and bytes, and the default configuration beside the crate. None when
        the folder cannot be listed. It keys what is derived from the whole crate (its names,
        the results of `validate`). Read once per process."""
        if self._digest is None:
            self._digest = (self._read_digest(),)
        return self._digest[0]

    def _read_digest(self) -> bytes | None:
        import hashlib  # OpenSSL costs megabytes: only a run with a checkout loads it

        digest = hashlib.blake2b(digest_size=16)
        digest.update(f"{self.crate_dir.resolve()}\0{self.crate_root}\0".encode())
        try:
            for file in crate_files(self.crate_dir):
                try:
                    raw = self.read_bytes(file)
                except SourceError as exc:
                    raw = f"\0unreadable {exc}".encode()
                digest.update(f"{file}\0{len(raw)}\0".encode())
                digest.update(raw)
        except OSError:
            return None
        try:
            config = (self.crate_dir.parent / DEFAULTS_FILE).read_bytes()
        except OSError:
            config = b"\0none"
        digest.update(b"\0config\0")
        digest.update(config)
        return digest.digest()

    def source_file(self, file: str) -> SourceFile:
        """A crate file read, decoded and indexed (once per process)."""
        cached = self._files.get(file)
        if cached is not None:
            return cached
        raw = self.read_bytes(file)
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            raise SourceError(f"{self.repo_path(file)}:{line}: not UTF-8") from None
        if text.startswith("\ufeff"):
            text = text[1:]
            raw = raw[3:]
        loaded = SourceFile(file, split_lines(text), load_index(lone_cr_as_lf(raw), self.index_cache))
        self._files[file] = loaded
        return loaded

    def items(self, file: str) -> list[Item]:
        return self.source_file(file).index.items

    def span(self, ref: SpanRef) -> Span:
        """Resolve one catalog span to its exact lines."""
        loaded = self.source_file(ref.file)
        from .items import resolve  # (tree-sitter loads only for a run that reads spans)

        item = resolve(loaded.index, ref.symbol, self.repo_path(ref.file))
        return self.span_of(ref.file, item, ref.symbol)

    def span_of(self, file: str, item: Item, symbol: str | None = None) -> Span:
        loaded = self.source_file(file)
        return Span(
            file=file,
            path=self.repo_path(file),
            symbol=symbol or item.symbol,
            kind=item.kind,
            start_line=item.start_line,
            end_line=item.end_line,
            text=loaded.lines_between(item.start_line, item.end_line),
            context=item.context,
        )


def crate_files(crate_dir: Path) -> list[str]:
    """Every `.rs` file under the crate root, relative to it and sorted; symlinks left out."""
    return sorted(
        p.relative_to(crate_dir).as_posix()
        for p in crate_dir.rglob("*.rs")
        if p.is_file() and not p.is_symlink()
    )
