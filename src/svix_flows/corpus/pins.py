"""`flows.lock`: every span's line range and content hash at the pinned commit.

Written by `svix-flows check --lock`, read by `check` to tell, when the checkout has moved,
which spans are unchanged, moved (same text, other lines), changed or gone. JSON, sorted
and indented, so a re-pin reads as a small diff in review.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import NamedTuple

from ..errors import CatalogError, UsageError
from ..files import replace_file
from ..rust.checkout import Span

LOCK_NAME = "flows.lock"
FORMAT = 1


class LockedSpan(NamedTuple):
    """One span as it was when the lock was written."""

    flow: str
    file: str
    symbol: str
    start_line: int
    end_line: int
    sha256: str


class Lock(NamedTuple):
    """The commit the lock was written at, and its spans by (flow, file, symbol)."""

    commit: str
    spans: dict[tuple[str, str, str], LockedSpan]


def lock_path(catalog_path: Path) -> Path:
    return catalog_path.with_name(LOCK_NAME)


def read_lock(path: Path) -> Lock | None:
    """The lock beside the catalog, or None when there is none."""
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise CatalogError(f"{path}: cannot read the lock: {exc.strerror}") from None
    try:
        data = json.loads(raw)
        spans = {}
        for entry in data["spans"]:
            locked = LockedSpan(
                str(entry["flow"]),
                str(entry["file"]),
                str(entry["symbol"]),
                int(entry["start_line"]),
                int(entry["end_line"]),
                str(entry["sha256"]),
            )
            spans[(locked.flow, locked.file, locked.symbol)] = locked
        return Lock(str(data["commit"]), spans)
    except (ValueError, KeyError, TypeError):
        raise CatalogError(
            f"{path}: not a svix-flows lock; delete it and run `svix-flows check --lock`"
        ) from None


def write_lock(path: Path, commit: str, spans: list[tuple[str, Span]]) -> None:
    """Write the lock atomically: a reader sees the old lock or the new one, never half."""
    data = {
        "format": FORMAT,
        "commit": commit,
        "spans": [
            {
                "flow": flow,
                "file": span.file,
                "symbol": span.symbol,
                "start_line": span.start_line,
                "end_line": span.end_line,
                "sha256": span.sha256,
            }
            for flow, span in spans
        ],
    }
    text = json.dumps(data, indent=1, ensure_ascii=False) + "\n"
    try:
        replace_file(path, [text.encode("utf-8")])
    except UsageError as exc:
        raise CatalogError(f"cannot write the lock: {exc}") from None
