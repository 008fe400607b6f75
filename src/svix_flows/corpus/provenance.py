"""Provenance beside the corpus: where each record came from, one JSON line per record.

`out/cross_module_data_flows.jsonl` stays pure ChatML; `out/cross_module_data_flows.provenance.jsonl`
holds, for each record, its flow and variant, its draft, its line and content hash in the corpus,
each span's path, symbol, lines and hash, the source commit, times, the tool version and the
record's last review. A record is matched to its entry by the hash of its line, so a hand-edited
corpus never mislabels a record.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from enum import Enum
from pathlib import Path
from typing import Any

import orjson

from ..resources import package_version
from ..rust.checkout import Span


@dataclass(frozen=True)
class SpanProvenance:
    """One span of a record as it was read from the checkout."""

    path: str
    symbol: str
    start_line: int
    end_line: int
    sha256: str

    @classmethod
    def of(cls, span: Span) -> SpanProvenance:
        return cls(span.path, span.symbol, span.start_line, span.end_line, span.sha256)


class Verdict(str, Enum):
    """What a reviewer decided about a record."""

    ACCEPTED = "accepted"
    NEEDS_WORK = "needs-work"


@dataclass(frozen=True)
class Review:
    """A record's last review: the verdict, the reviewer's note, when, and the hash of the record
    line it was given on. A revision or a rebuild that changes the line makes it one the reviewer
    has not read: the review is then kept for its note, and no longer counts."""

    verdict: Verdict
    note: str
    at: str
    record_sha256: str

    @classmethod
    def parse(cls, raw: object) -> Review | None:
        """The review of a provenance line; None when absent or not a review (a hand edit)."""
        if not isinstance(raw, dict):
            return None
        note, at, digest = raw.get("note"), raw.get("at"), raw.get("record_sha256")
        if not isinstance(note, str) or not isinstance(at, str) or not isinstance(digest, str):
            return None
        try:
            return cls(Verdict(raw.get("verdict")), note, at, digest)
        except ValueError:
            return None


@dataclass(frozen=True)
class Entry:
    """Where one corpus record came from."""

    flow: str
    variant: int
    draft: str
    line: int
    record_sha256: str
    spans: tuple[SpanProvenance, ...]
    source_commit: str
    created: str
    updated: str
    tool_version: str
    review: Review | None = None  # None: never reviewed

    def dumps(self) -> bytes:
        # orjson writes dataclasses itself, fields in order: the bytes of asdict(), 40x faster,
        # which matters because a revision rewrites every entry
        return orjson.dumps(self) + b"\n"

    def renewed(self, **changes: Any) -> Entry:
        return replace(self, updated=now(), tool_version=tool_version(), **changes)


def provenance_path(corpus_path: Path) -> Path:
    """`out/x.jsonl` -> `out/x.provenance.jsonl`."""
    stem = corpus_path.name.removesuffix(".jsonl")
    return corpus_path.with_name(f"{stem}.provenance.jsonl")


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def tool_version() -> str:
    """The version provenance records ("unknown" when the package is not installed)."""
    return package_version() or "unknown"


def new_entry(
    flow: str, variant: int, draft: str, line: int, record_sha256: str, spans: list[Span], commit: str
) -> Entry:
    stamp = now()
    return Entry(
        flow=flow,
        variant=variant,
        draft=draft,
        line=line,
        record_sha256=record_sha256,
        spans=tuple(SpanProvenance.of(span) for span in spans),
        source_commit=commit,
        created=stamp,
        updated=stamp,
        tool_version=tool_version(),
    )


def parse_entry(data: bytes) -> Entry | None:
    """One provenance line, or None when it is not one (a damaged line is skipped, not fatal)."""
    try:
        raw = orjson.loads(data)
        spans = tuple(SpanProvenance(**span) for span in raw.pop("spans"))
        review = Review.parse(raw.pop("review", None))
        entry = Entry(spans=spans, review=review, **raw)
    except (orjson.JSONDecodeError, TypeError, KeyError, AttributeError):
        return None
    # the JSON may hold any type where the dataclass says str
    flow: object = entry.flow
    digest: object = entry.record_sha256
    if not isinstance(flow, str) or not isinstance(digest, str):
        return None
    return entry


def read_entries(path: Path) -> Iterator[Entry]:
    """Every readable entry, streamed; a missing file has none."""
    from ..files import iter_lines

    for line in iter_lines(path):
        entry = parse_entry(line.data) if line.data.strip() else None
        if entry is not None:
            yield entry


def flows_by_hash(path: Path) -> dict[str, str]:
    """record hash -> flow id, the fast path of `count` (no entry objects built)."""
    from ..files import iter_lines

    found: dict[str, str] = {}
    for line in iter_lines(path):
        try:
            raw = orjson.loads(line.data)
            digest, flow = raw["record_sha256"], raw["flow"]
        except (orjson.JSONDecodeError, TypeError, KeyError):
            continue
        if isinstance(digest, str) and isinstance(flow, str):
            found[digest] = flow
    return found


def latest_by_draft(path: Path) -> dict[str, Entry]:
    """The last entry of each draft (a draft is one record's source)."""
    return {entry.draft: entry for entry in read_entries(path)}
