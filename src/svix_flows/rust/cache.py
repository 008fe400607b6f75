"""The Rust file indexes in the content cache (`svix_flows.cache`), keyed by the source's bytes
and stamped by the indexer's code."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ..cache import cached, code_stamp
from ..cache import entry_name as content_entry_name

if TYPE_CHECKING:  # tree-sitter is loaded only when a Rust file is indexed
    from .items import FileIndex


def entry_name(raw: bytes) -> str:
    """The cache file name of the index of Rust source `raw`."""
    # the indexer is items.py over syntax.py: a change to either is a new indexer
    here = Path(__file__).parent
    return content_entry_name(raw, "idx", code_stamp(here / "items.py", here / "syntax.py"))


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
