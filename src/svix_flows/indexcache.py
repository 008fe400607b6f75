"""A disk cache of file indexes, so commands need not parse an unchanged file twice.

Parsing is most of what `show` does after start-up (tree-sitter takes ~5 µs a line), and
`show` is measured against bare imports. An entry is keyed by the file's content (CRC-32,
Adler-32 and length) and stamped with the indexer's own source file and the Python
version, so a changed file, a changed indexer or another interpreter never reads a stale
entry. It is a cache: any problem reading or writing it falls back to parsing.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from pathlib import Path

from . import rust
from .rust import FileIndex, index_source

FORMAT = 1


def _stamp() -> str:
    try:
        info = os.stat(rust.__file__)
    except OSError:
        return "nostamp"
    return f"{info.st_mtime_ns:x}{info.st_size:x}"


def entry_name(raw: bytes) -> str:
    """The cache file name for these source bytes under the current indexer."""
    version = f"{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}f{FORMAT}"
    return f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}-{version}-{_stamp()}.idx"


def load_index(raw: bytes, cache_dir: Path | None) -> FileIndex:
    """The index of `raw`, from the cache when an entry is there, else parsed and stored."""
    if cache_dir is None:
        return index_source(raw)
    path = cache_dir / entry_name(raw)
    try:
        return FileIndex.from_data(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    index = index_source(raw)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(marshal.dumps(index.to_data()))
        os.replace(temporary, path)
    except (OSError, ValueError):
        pass  # a read-only or full cache only costs the next run a parse
    return index
