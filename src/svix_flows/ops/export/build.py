"""The whole export: validate, read with provenance, draw the splits, count, write, move into place.

Nothing reaches DIR until every file is written: a refused export (errors, records without
provenance, records over `--max-length --strict`, a folder that is not an export) leaves DIR as
it was.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ...corpus.provenance import tool_version
from ...errors import DataError, UsageError
from ...project import Project
from ..review import tally
from . import card, folder, licenses, splits, tables, tokens
from .chatml import CHAT_TEMPLATE, TEMPLATE_FILE
from .records import ExportRecord, read_records
from .report import ExportReport, Options, SplitFiles
from .splits import Draw


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
    reviews = tally(project)
    if options.reviewed_only:  # the accepted records alone
        records = [record for record in records if record.sha256 in reviews.accepted]
        if not records:
            raise DataError(f"{corpus}: the corpus has no record accepted in review (`svix-flows review`)")
    draw = splits.draw(records, options.eval_share, options.seed, disjoint_code=options.disjoint_code)
    counts = [counting.count(record.messages) for record in records]
    over = _too_long(records, counts, options, counting.exact)
    rows = _rows_by_split(records, counts, draw)
    staging = folder.staging_folder(target)
    try:
        report = ExportReport(
            target,
            options,
            draw,
            _write_data(staging, rows, draw, options.parquet, counting.exact),
            tuple(splits.overlap(records, draw)),
            tokens.stats(counts, counting.exact),
            counting.describe(),
            over,
            Counter(record.flow for record in records),
            warnings,
            next(iter(rows.values()))[0],
            datetime.now(UTC).date().isoformat(),
            tool_version(),
            reviews.card_line,
        )
        _write_text(staging / TEMPLATE_FILE, CHAT_TEMPLATE)
        _write_text(staging / "LICENSE", licenses.license_text(project.catalog.source))
        _write_text(staging / "README.md", card.dataset_card(report, project.catalog))
        _write_text(staging / folder.MARKER, card.marker(report))
        folder.move_into_place(staging, target)
    finally:
        folder.discard(staging)
    return report


def _too_long(
    records: list[ExportRecord], counts: list[int], options: Options, exact: bool
) -> tuple[tuple[str, int], ...]:
    """The records over --max-length, by name; a DataError with --strict."""
    if not options.max_length:
        return ()
    named = [(f"{r.flow} {r.variant} (line {r.line})", n) for r, n in zip(records, counts)]
    over = tokens.too_long(named, options.max_length)
    if over and options.strict:
        raise tokens.refuse_too_long(over, options.max_length, "exact" if exact else "estimated")
    return tuple(over)


def _rows_by_split(
    records: list[ExportRecord], counts: list[int], draw: Draw
) -> dict[str, list[dict[str, Any]]]:
    """The rows of each split in corpus order, train first (train always has a flow)."""
    rows: dict[str, list[dict[str, Any]]] = {splits.TRAIN: []}
    if draw.validation:
        rows[splits.VALIDATION] = []
    side = dict.fromkeys(draw.validation, splits.VALIDATION)
    for record, count in zip(records, counts):
        rows[side.get(record.flow, splits.TRAIN)].append(_row(record, count))
    return rows


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
    staging: Path, rows: dict[str, list[dict[str, Any]]], draw: Draw, parquet: bool, exact: bool
) -> tuple[SplitFiles, ...]:
    written = []
    data = staging / folder.DATA
    for name, split_rows in rows.items():
        full = tables.jsonl(split_rows)
        only = tables.jsonl([{"messages": row["messages"]} for row in split_rows])
        tables.write_jsonl(data / f"{name}.jsonl", full)
        tables.write_jsonl(data / "messages" / f"{name}.jsonl", only)
        files = (len(full), len(only))
        if parquet:
            tables.write_parquet(data / f"{name}.parquet", split_rows, tables.COLUMNS)
            tables.write_parquet(data / "messages" / f"{name}.parquet", split_rows, tables.MESSAGES_ONLY)
            files = (
                (data / f"{name}.parquet").stat().st_size,
                (data / "messages" / f"{name}.parquet").stat().st_size,
            )
        flows = draw.validation if name == splits.VALIDATION else draw.train
        counts = [row["num_tokens"] for row in split_rows]
        written.append(
            SplitFiles(
                name, flows, len(split_rows), len(full), len(only), *files, tokens.stats(counts, exact)
            )
        )
    return tuple(written)


def _write_text(path: Path, text: str) -> None:
    tables.write_jsonl(path, text.encode("utf-8"))


def _validated(project: Project, corpus: Path) -> Counter[str]:
    """The warnings of the corpus by code; a DataError when it has any error."""
    from ...checks import validate as checks

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
