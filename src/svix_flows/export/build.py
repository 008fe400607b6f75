"""The whole export: validate, read with provenance, draw the splits, count, write, move into place.

Nothing reaches DIR until every file is written: a refused export (errors, records without
provenance, records over `--max-length --strict`, a folder that is not an export) leaves DIR as
it was.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ..corpus.provenance import tool_version
from ..errors import DataError, UsageError
from ..project import Project
from . import card, folder, splits, tables, tokens
from .chatml import CHAT_TEMPLATE, TEMPLATE_FILE
from .records import ExportRecord, read_records


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


@dataclass(frozen=True)
class SplitFiles:
    """One split as written: its flows, records, bytes of its data and its token figures."""

    name: str
    flows: tuple[str, ...]
    records: int
    num_bytes: int
    messages_bytes: int
    tokens: tokens.TokenStats


@dataclass(frozen=True)
class ExportReport:
    """What `export` wrote, and what a reader of the card needs to know about it."""

    folder: Path
    options: Options
    draw: splits.Draw
    splits: tuple[SplitFiles, ...]
    overlap: tuple[splits.Overlap, ...]
    tokens: tokens.TokenStats
    counted: str  # how tokens were counted, in words
    too_long: tuple[tuple[str, int], ...]  # (record, tokens) over --max-length
    per_flow: Counter[str]
    warnings: Counter[str]
    example: dict[str, Any]
    exported: str
    version: str

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


def export(project: Project, target: Path, options: Options) -> ExportReport:
    """Validate the corpus, then write the export into a staging folder and move it to `target`."""
    if not 0 <= options.eval_share < 1:
        raise UsageError(f"--eval-share {options.eval_share}: give a share from 0 up to (not including) 1")
    folder.check_target(target, options.force)
    if options.parquet:
        tables.require_pyarrow()
    counting = tokens.counting(options.tokenizer)
    corpus = project.catalog.corpus_path
    if not corpus.is_file():
        raise UsageError(f"{corpus}: no corpus yet; write records with `svix-flows write FLOW`")
    warnings = _validated(project, corpus)
    records = read_records(corpus)
    draw = splits.draw(records, options.eval_share, options.seed, disjoint_code=options.disjoint_code)
    counts = [counting.count(record.messages) for record in records]
    named = [(f"{r.flow} {r.variant} (line {r.line})", n) for r, n in zip(records, counts)]
    over = tokens.too_long(named, options.max_length) if options.max_length else []
    if over and options.strict:
        raise tokens.refuse_too_long(over, options.max_length or 0, "exact" if counting.exact else "estimated")
    side = {flow: splits.VALIDATION for flow in draw.validation}
    rows: dict[str, list[dict[str, Any]]] = {splits.TRAIN: []} | (
        {splits.VALIDATION: []} if draw.validation else {}
    )
    for record, count in zip(records, counts):
        rows[side.get(record.flow, splits.TRAIN)].append(_row(record, count))
    staging = folder.staging_folder(target)
    try:
        written = _write_data(staging, rows, draw, options.parquet, counting.exact)
        report = ExportReport(
            target,
            options,
            draw,
            written,
            tuple(splits.overlap(records, draw)),
            tokens.stats(counts, counting.exact),
            counting.describe(),
            tuple(over),
            Counter(record.flow for record in records),
            warnings,
            rows[splits.TRAIN][0] if rows[splits.TRAIN] else rows[splits.VALIDATION][0],
            datetime.now(UTC).date().isoformat(),
            tool_version(),
        )
        _write_text(staging / TEMPLATE_FILE, CHAT_TEMPLATE)
        _write_text(staging / "LICENSE", card.license_text(project.catalog.source))
        _write_text(staging / "README.md", card.dataset_card(report, project.catalog))
        _write_text(staging / folder.MARKER, card.marker(report))
        folder.move_into_place(staging, target)
    finally:
        folder.discard(staging)
    return report


def _row(record: ExportRecord, count: int) -> dict[str, Any]:
    return {
        "type": record.record["type"],
        "messages": record.messages,
        "reasoning_content": record.reasoning,
        "answer": record.answer,
        "flow": record.flow,
        "variant": record.variant,
        "record_sha256": record.sha256,
        "num_tokens": count,
    }


def _write_data(
    staging: Path, rows: dict[str, list[dict[str, Any]]], draw: splits.Draw, parquet: bool, exact: bool
) -> tuple[SplitFiles, ...]:
    written = []
    data = staging / folder.DATA
    for name, split_rows in rows.items():
        full = tables.jsonl(split_rows)
        only = tables.jsonl([{"messages": row["messages"]} for row in split_rows])
        tables.write_jsonl(data / f"{name}.jsonl", full)
        tables.write_jsonl(data / "messages" / f"{name}.jsonl", only)
        if parquet:
            tables.write_parquet(data / f"{name}.parquet", split_rows, tables.COLUMNS)
            (data / "messages").mkdir(exist_ok=True)
            tables.write_parquet(data / "messages" / f"{name}.parquet", split_rows, tables.MESSAGES_ONLY)
        flows = draw.validation if name == splits.VALIDATION else draw.train
        counts = [row["num_tokens"] for row in split_rows]
        written.append(SplitFiles(name, flows, len(split_rows), len(full), len(only), tokens.stats(counts, exact)))
    return tuple(written)


def _write_text(path: Path, text: str) -> None:
    tables.write_jsonl(path, text.encode("utf-8"))


def _validated(project: Project, corpus: Path) -> Counter[str]:
    """The warnings of the corpus by code; a DataError when it has any error."""
    from ..checks import validate as checks

    validator = checks.Validator.for_catalog(project.catalog, checkout=project.checkout)
    total = checks.Summary(str(corpus))
    first = None
    for _, item in checks.validate_files([corpus], validator):
        if isinstance(item, checks.Summary):
            total.add(item)
        elif item.is_error and first is None:
            first = item
    if total.errors and first is not None:
        raise DataError(
            f"{corpus}: {total.errors} errors (first, line {first.line}: {first.code} "
            f"{first.message}); nothing exported; run `svix-flows validate {corpus}`"
        )
    return Counter({code: n for code, n in total.codes.items() if not code.startswith("E")})


def summary(report: ExportReport) -> list[str]:
    """What the command tells the operator: splits, overlap, tokens, and warnings (prefixed)."""
    lines = []
    for split in report.splits:
        t = split.tokens
        lines.append(
            f"{split.name}: {split.records} records of {len(split.flows)} flows, "
            f"tokens {t.low} / {t.median} / {t.high} (min / median / max)"
        )
    draw = report.draw
    if draw.validation:
        lines.append(f"validation share: asked {draw.asked:g}, reached {draw.reached:.3f} (seed {report.options.seed})")
    for item in report.overlap:
        other = splits.VALIDATION if item.split == splits.TRAIN else splits.TRAIN
        cross = f"{100 * item.cross_share:.1f} % also in {other}, " if len(report.overlap) > 1 else ""
        top = "; ".join(f"{r.label} in {r.here + r.other} records" for r in item.top)
        lines.append(
            f"{item.split} code: {cross}{100 * item.repeated_share:.1f} % quoted by more than one record"
            + (f"; most repeated: {top}" if top else "")
        )
    t = report.tokens
    lines.append(
        f"tokens {'exact' if t.exact else 'estimated'}: {t.low} / {t.median} / {t.high}; "
        f"recommended max_length {t.recommended}"
    )
    if report.too_long:
        names = ", ".join(f"{name} ({n})" for name, n in report.too_long[:5])
        lines.append(
            f"warning: {len(report.too_long)} records do not fit --max-length "
            f"{report.options.max_length}: {names}; a trainer would cut them"
        )
    lines.append(f"wrote {report.folder}: " + ", ".join(report.files))
    return lines
