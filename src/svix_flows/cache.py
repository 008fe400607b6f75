"""A disk cache of what is derived from a file's bytes: parsed catalogs, Rust file indexes.

Parsing is most of what `show` does after start-up (tree-sitter takes ~5 µs a line, tomllib
~25 ms for the 40-flow catalog), and `show` is measured against bare imports. An entry is
keyed by the bytes (CRC-32, Adler-32 and length), the Python version and a stamp of the code
that derived it, so a changed file, a changed indexer or another interpreter never reads a
stale entry. It is a cache: any problem reading or writing it falls back to computing.
The Rust engine keeps its indexes here through `rust/cache.py`.
"""

from __future__ import annotations

import marshal
import os
import sys
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

from .errors import UsageError

FORMAT = 2
T = TypeVar("T")


def code_stamp(*module_files: Path) -> str:
    """A stamp of the code that derives an entry: a change to any of these files is new code."""
    stamp = ""
    for module_file in module_files:
        try:
            info = os.stat(module_file)
        except OSError:
            stamp += "nostamp"
        else:
            stamp += f"{info.st_mtime_ns:x}{info.st_size:x}"
    return stamp


def entry_name(raw: bytes, kind: str, stamp: str) -> str:
    """The cache file name for these bytes, derived by `kind` code stamped `stamp`."""
    version = f"{sys.version_info[0]}{sys.version_info[1]}m{marshal.version}f{FORMAT}"
    digest = f"{zlib.crc32(raw):08x}{zlib.adler32(raw):08x}{len(raw):x}"
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
    from .files import replace_file

    try:
        replace_file(path, [marshal.dumps(encode(value))], durable=False)
    except (UsageError, ValueError):
        pass  # a read-only or full cache (or a value marshal cannot hold) costs a recompute
    return value


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
