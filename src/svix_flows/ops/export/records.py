"""The corpus read for export: each record with its flow, its reasoning apart and its code lines.

A record is tied to its provenance by the hash of its line. A record that no provenance entry
describes has no flow, so it cannot be placed on one side of a flow-disjoint split: the export
refuses it rather than invent a flow for it (`repair` rebuilds the missing entries).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ...corpus.provenance import Entry, provenance_path, read_entries
from ...errors import DataError
from ...files import iter_lines
from ...records.record import THINK_CLOSE, THINK_OPEN, parse_assistant

LINES_NAMED = 5  # the line numbers a refusal names; the count says how many more


@dataclass(frozen=True)
class CodeLine:
    """One line of quoted code, by place: the same place is the same text at the pinned commit."""

    path: str
    number: int


@dataclass(frozen=True)
class SpanUse:
    """One span of one record: its file, lines and a name for people, and its code."""

    path: str
    start: int
    end: int
    label: str
    code: str

    def lines(self) -> Iterator[tuple[CodeLine, int]]:
        """Each code line with its characters (its line end counted, as in the record)."""
        for offset, text in enumerate(self.code.split("\n")):
            yield CodeLine(self.path, self.start + offset), len(text) + 1


@dataclass(frozen=True)
class ExportRecord:
    """One corpus record as the export sees it."""

    line: int
    sha256: str
    flow: str
    variant: int
    record: dict[str, Any]
    reasoning: str
    answer: str
    spans: tuple[SpanUse, ...]

    @property
    def messages(self) -> list[dict[str, str]]:
        messages: list[dict[str, str]] = self.record["messages"]
        return messages


def split_answer(content: str) -> tuple[str, str]:
    """(reasoning, answer) of an assistant content `<think>\\nR\\n</think>\\n\\nA`.

    For a record `write` made, `f"<think>\\n{R}\\n</think>\\n\\n{A}"` gives the content back
    byte for byte, which is what the chat template's reasoning branch renders.
    """
    start = content.find(THINK_OPEN)
    close = content.find(THINK_CLOSE, start)
    if start < 0 or close < 0:
        return "", content
    return content[start + len(THINK_OPEN) : close].strip("\n"), content[close + len(THINK_CLOSE) :].lstrip(
        "\n"
    )


def read_records(corpus: Path) -> list[ExportRecord]:
    """Every record of a corpus that validated, with its provenance; a DataError names the
    records that have none."""
    entries: dict[str, Entry] = {
        entry.record_sha256: entry for entry in read_entries(provenance_path(corpus))
    }
    records: list[ExportRecord] = []
    orphans: list[int] = []
    for line in iter_lines(corpus):
        if not line.data.strip():
            continue
        entry = entries.get(line.sha256)
        if entry is None:
            orphans.append(line.number)
            continue
        records.append(_record(line.number, line.sha256, entry, orjson.loads(line.data)))
    if orphans:
        named = ", ".join(str(n) for n in orphans[:LINES_NAMED])
        more = f" and {len(orphans) - LINES_NAMED} more" if len(orphans) > LINES_NAMED else ""
        raise DataError(
            f"{corpus}: {_count(len(orphans))} no provenance (line{'s' * (len(orphans) > 1)} "
            f"{named}{more}), so {'their flow is' if len(orphans) > 1 else 'its flow is'} unknown; "
            "nothing exported; run `svix-flows repair`"
        )
    if not records:
        raise DataError(f"{corpus}: the corpus has no records to export")
    return records


def _count(n: int) -> str:
    return "1 record has" if n == 1 else f"{n} records have"


def _record(number: int, digest: str, entry: Entry, record: dict[str, Any]) -> ExportRecord:
    content = record["messages"][2]["content"]
    reasoning, answer = split_answer(content)
    blocks = parse_assistant(content, line=number).blocks
    # provenance names each span's symbol; a hand-edited record whose blocks no longer line up
    # with it is labelled by its header instead
    symbols = [span.symbol for span in entry.spans] if len(entry.spans) == len(blocks) else []
    spans = tuple(
        SpanUse(
            block.path,
            block.start,
            block.end,
            f"{block.path}: {symbols[i] if symbols else f'lines {block.start}-{block.end}'}",
            block.code,
        )
        for i, block in enumerate(blocks)
    )
    return ExportRecord(number, digest, entry.flow, entry.variant, record, reasoning, answer, spans)
