"""A disk cache of what is derived from a file's bytes: Rust file indexes and parsed catalogs.

Parsing is most of what `show` does after start-up (tree-sitter takes ~5 µs a line, tomllib
~25 ms for the 40-flow catalog), and `show` is measured against bare imports. An entry is
keyed by the bytes (CRC-32, Adler-32 and length), the Python version and a stamp of the code
that derived it, so a changed file, a changed indexer or another interpreter never reads a
stale entry. It is a cache: any problem reading or writing it falls back to computing.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from ..errors import UsageError

if TYPE_CHECKING:  # tree-sitter is loaded only when a Rust file is indexed
    from .items import FileIndex

FORMAT = 2
T = TypeVar("T")


def _stamp(module_file: str) -> str:
    try:
        info = os.stat(module_file)
    except OSError:
        return "nostamp"
    return f"{info.st_mtime_ns:x}{info.st_size:x}"


def entry_name(raw: bytes, kind: str = "idx", stamp: str = "") -> str:
    """The cache file name for these bytes, derived by `kind` code stamped `stamp`."""
    version = f"{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}f{FORMAT}"
    digest = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}"
    if not stamp:
        # the indexer is items.py over syntax.py: a change to either is a new indexer
        here = Path(__file__).parent
        stamp = _stamp(str(here / "items.py")) + _stamp(str(here / "syntax.py"))
    return f"{digest}-{version}-{stamp}.{kind}"


def cached(
    raw: bytes,
    cache_dir: Path | None,
    name: str,
    compute: Callable[[], T],
    encode: Callable[[T], Any],
    decode: Callable[[Any], T],
) -> T:
    """`decode` of the stored entry `name`, else `compute()`, stored as `encode` of it."""
    if cache_dir is None:
        return compute()
    path = cache_dir / name
    try:
        return decode(marshal.loads(path.read_bytes()))
    except (OSError, EOFError, ValueError, TypeError):
        pass
    value = compute()
    from ..files import replace_file

    try:
        replace_file(path, [marshal.dumps(encode(value))], durable=False)
    except (UsageError, ValueError):
        pass  # a read-only or full cache (or a value marshal cannot hold) costs a recompute
    return value


def load_index(raw: bytes, cache_dir: Path | None) -> FileIndex:
    """The index of Rust source `raw`, from the cache when an entry is there."""
    from .items import FileIndex, index_source

    return cached(
        raw,
        cache_dir,
        entry_name(raw),
        lambda: index_source(raw),
        FileIndex.to_data,
        FileIndex.from_data,
    )


def load_toml(raw: bytes, cache_dir: Path | None, parse: Callable[[], dict[str, Any]]) -> dict[str, Any]:
    """A parsed TOML document (plain data), from the cache when an entry is there."""
    return cached(
        raw,
        cache_dir,
        entry_name(raw, "toml", "tomllib"),
        parse,
        lambda d: d,
        lambda d: d,
    )
