"""What an export was asked for and what it wrote: the report the card and the command read."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import splits
from .chatml import TEMPLATE_FILE
from .splits import Draw, Overlap
from .tokens import TokenStats


@dataclass(frozen=True)
class Options:
    """What `export` was asked for."""

    eval_share: float = 0.0
    seed: int = 0
    disjoint_code: bool = False
    tokenizer: Path | None = None
    max_length: int | None = None
    strict: bool = False
    parquet: bool = False
    force: bool = False
    reviewed_only: bool = False  # only the records a review accepted


@dataclass(frozen=True)
class SplitFiles:
    """One split as written: its flows, records, bytes of its data and its token figures."""

    name: str
    flows: tuple[str, ...]
    records: int
    num_bytes: int  # of its JSON Lines, in each config
    messages_bytes: int
    file_bytes: int  # of the files each config reads (the Parquet ones with --parquet)
    messages_file_bytes: int
    tokens: TokenStats


@dataclass(frozen=True)
class ExportReport:
    """What `export` wrote, and what a reader of the card needs to know about it."""

    folder: Path
    options: Options
    draw: Draw
    splits: tuple[SplitFiles, ...]
    overlap: tuple[Overlap, ...]
    tokens: TokenStats
    counted: str  # how tokens were counted, in words
    too_long: tuple[tuple[str, int], ...]  # (record, tokens) over --max-length
    per_flow: Counter[str]
    warnings: Counter[str]
    example: dict[str, Any]
    exported: str
    version: str
    reviewed: str = ""  # the card's line about the review (`review.Tally.card_line`)

    @property
    def records(self) -> int:
        return sum(split.records for split in self.splits)

    @property
    def files(self) -> list[str]:
        names = [f"data/{split.name}.{ext}" for split in self.splits for ext in self.formats]
        return names + [TEMPLATE_FILE, "LICENSE", "README.md"]

    @property
    def formats(self) -> tuple[str, ...]:
        return ("jsonl", "parquet") if self.options.parquet else ("jsonl",)


def plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def summary(report: ExportReport) -> list[str]:
    """What the command tells the operator: splits, overlap, tokens, and warnings (prefixed)."""
    lines = []
    for split in report.splits:
        t = split.tokens
        lines.append(
            f"{split.name}: {plural(split.records, 'record')} of {plural(len(split.flows), 'flow')}, "
            f"tokens {t.low} / {t.median} / {t.high} (min / median / max)"
        )
    draw = report.draw
    if draw.validation:
        lines.append(
            f"validation share: asked {draw.asked:g}, reached {draw.reached:.3f} (seed {report.options.seed})"
        )
    for item in report.overlap:
        other = splits.VALIDATION if item.split == splits.TRAIN else splits.TRAIN
        cross = f"{100 * item.cross_share:.1f} % also in {other}, " if len(report.overlap) > 1 else ""
        top = "; ".join(f"{r.label} ({r.flows} flows)" for r in item.top)
        lines.append(
            f"{item.split} code: {cross}{100 * item.repeated_share:.1f} % quoted by another flow too"
            + (f"; most repeated: {top}" if top else "")
        )
    t = report.tokens
    lines.append(
        f"tokens {'exact' if t.exact else 'estimated'}: {t.low} / {t.median} / {t.high}; "
        f"recommended max_length {t.recommended}"
    )
    if report.too_long:
        names = ", ".join(f"{name}: {n} tokens" for name, n in report.too_long[:5])
        lines.append(
            f"warning: {len(report.too_long)} records do not fit --max-length "
            f"{report.options.max_length}: {names}; a trainer would cut them"
        )
    lines.append(f"wrote {report.folder}: " + ", ".join(report.files))
    return lines
