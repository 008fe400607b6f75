"""`rebuild`: the whole corpus re-assembled from the recorded drafts and the checkout.

Every recorded draft is assembled again with the checkout's code and checked like `validate`
does; earlier records keep their lines, new ones follow in the order they were recorded, and
lines no draft describes are kept at the end. Nothing is written unless every draft makes a
valid record; then the corpus and its provenance are replaced atomically under the lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, NamedTuple

from ..catalog import Catalog
from ..corpus import drafts
from ..corpus.drafts import DraftFile, relative
from ..corpus.provenance import (
    Entry,
    SpanProvenance,
    latest_by_draft,
    new_entry,
    provenance_path,
)
from ..errors import DataError, DraftBusy, UsageError
from ..files import Writer, iter_lines, line_hash, locked
from ..project import Project
from ..rust.checkout import Span


class _Built(NamedTuple):
    """One recorded draft assembled again, before it is numbered."""

    order: tuple[int, int, str]  # earlier records by their old line, then new ones by record time
    draft: DraftFile
    data: bytes  # the record line, newline included
    digest: str
    spans: list[Span]
    old: Entry | None  # the draft's latest provenance entry, if any


@dataclass(frozen=True)
class Rebuilt:
    """One record as the rebuild assembled it, and what changed in its code."""

    flow: str
    variant: int
    draft: Path
    line: int
    changes: tuple[str, ...]  # empty when the record is byte for byte the same
    compared: bool = True  # False: no earlier record to compare with (corpus or provenance lost)


@dataclass(frozen=True)
class RebuildReport:
    """What `rebuild` did (or, with failures or a dry run, would do)."""

    corpus: Path
    records: tuple[Rebuilt, ...]
    kept: tuple[int, ...]  # old corpus lines that no draft describes, kept unchanged at the end
    pending: tuple[Path, ...]  # drafts not recorded, left out
    failures: tuple[str, ...]  # drafts that do not make a valid record; nothing is written then
    written: bool

    @property
    def changed(self) -> tuple[Rebuilt, ...]:
        return tuple(r for r in self.records if r.compared and r.changes)

    @property
    def uncompared(self) -> tuple[Rebuilt, ...]:
        return tuple(r for r in self.records if not r.compared)


def _span_changes(old: Entry | None, new_spans: list[Span], same_record: bool) -> tuple[str, ...]:
    if old is None:
        return () if same_record else ("no earlier record to compare with: review it",)
    changes = []
    for index in range(max(len(old.spans), len(new_spans))):
        before = old.spans[index] if index < len(old.spans) else None
        after = new_spans[index] if index < len(new_spans) else None
        if before is None:
            if after is not None:
                changes.append(f"span added: {after.path} {after.symbol}")
        elif after is None:
            changes.append(f"span removed: {before.path} {before.symbol}")
        elif before.sha256 != after.sha256:
            changes.append(
                f"{after.path} {after.symbol}: code changed (lines {before.start_line}-{before.end_line}"
                f" -> {after.start_line}-{after.end_line})"
            )
        elif (before.start_line, before.end_line) != (after.start_line, after.end_line):
            changes.append(
                f"{after.path} {after.symbol}: moved (lines {before.start_line}-{before.end_line}"
                f" -> {after.start_line}-{after.end_line})"
            )
    if not changes and not same_record:
        changes.append("the record's text changed (draft edited since it was recorded)")
    return tuple(changes)


_RUN_END = re.compile(rb"[\\\n]")  # a backslash (a JSON escape) or a raw line end
_LINES_IN = re.compile(rb" \(lines \d+-\d+\), in ")


def _plain_headers(data: bytes) -> bytes:
    """A record line with its span headers in the form before contexts (`, in impl …` cut).

    A header is `// File: P (lines A-B), in C` up to the next escaped line end (`\\n`), with no
    other escape on the way. Found by string searches, one pass: a record whose text repeats
    header-like pieces must not make this quadratic (a backtracking pattern took minutes).
    """
    kept, at = [], 0
    while True:
        start = data.find(b"// File: ", at)
        if start < 0:
            break
        stop = _RUN_END.search(data, start + 9)
        end = stop.start() if stop else len(data)
        lines_in = _LINES_IN.search(data, start + 9, end) if data[end : end + 2] == b"\\n" else None
        if lines_in is not None:
            kept.append(data[at : lines_in.end() - len(b", in ")])
        else:
            kept.append(data[at:end])
        at = end
    kept.append(data[at:])
    return b"".join(kept)


def rebuild(project: Project, *, dry_run: bool = False) -> RebuildReport:
    """Re-assemble every recorded draft against the checkout and replace the corpus atomically.

    The drafts, provenance and corpus are read under the same hold of the corpus lock that
    writes them: a `drop`, a revision or an append that finished while a rebuild was reading
    would otherwise be undone by the rewrite of what it had read. A draft another terminal is
    writing (its claim held) is refused, not read half-edited. A dry run only reads.
    """
    corpus = project.catalog.corpus_path
    if dry_run:
        return _rebuild(project, None)
    with locked(corpus) as writer:
        return _rebuild(project, writer)


def _read_recorded(draft: DraftFile, claim: bool) -> str:
    """A recorded draft's text; with `claim`, read under its claim (refused when another
    terminal holds it: a revision in progress, whose text is not the record's yet)."""
    if not claim:
        return drafts.read(draft.path)
    busy = (
        f"{draft.path}: another terminal is writing this draft (`svix-flows write --revise`?); "
        "run `svix-flows rebuild` when it is done; nothing was changed"
    )
    with drafts.claimed(draft.path, True, busy=busy):
        return drafts.read(draft.path)


def _rebuild(project: Project, writer: Writer | None) -> RebuildReport:
    """The rebuild itself; `writer` (the corpus lock held) writes, None is a dry run."""
    catalog = project.catalog
    corpus = catalog.corpus_path
    prov_path = provenance_path(corpus)
    built, pending, failures = _assemble_all(project, latest_by_draft(prov_path), claim=writer is not None)
    built.sort(key=lambda item: (item.order, item.draft.flow, item.draft.variant))
    records = _checked(project, built, failures)
    kept = _kept_lines(corpus, built)
    written = not failures and writer is not None
    if writer is not None and written:
        writer.rewrite([item.data for item in built] + [data + b"\n" for _, data in kept])
        writer.rewrite([entry.dumps() for entry in _new_entries(catalog, built, records)], prov_path)
    return RebuildReport(
        corpus,
        tuple(records),
        tuple(number for number, _ in kept),
        tuple(pending),
        tuple(failures),
        written,
    )


def _assemble_all(
    project: Project, entries: dict[str, Entry], *, claim: bool
) -> tuple[list[_Built], list[Path], list[str]]:
    """Every recorded draft assembled again (unnumbered), the drafts not recorded, and the
    drafts that cannot be assembled, each as its error's message."""
    from ..records import record

    workspace = project.catalog.workspace
    system = record.system_message(workspace)
    built: list[_Built] = []
    pending: list[Path] = []
    failures: list[str] = []
    for draft in drafts.list_drafts(workspace):
        if not drafts.is_recorded(draft.path):
            if not drafts.is_dropped(draft.path):  # a dropped record stays out of the corpus
                pending.append(draft.path)
            continue
        try:
            built.append(_assemble(project, draft, system, entries, claim=claim))
        except DraftBusy:
            raise
        except (DataError, UsageError) as exc:
            failures.append(str(exc))
    return built, pending, failures


def _assemble(
    project: Project, draft: DraftFile, system: str, entries: dict[str, Entry], *, claim: bool
) -> _Built:
    """One recorded draft's record, from its texts and the checkout's code of its flow."""
    from ..records import record

    catalog = project.catalog
    parsed = drafts.parse(_read_recorded(draft, claim), draft.path)
    spans = project.flow_spans(catalog.flow(draft.flow))
    data = record.dumps(record.assemble(system, parsed.request, parsed.think, spans))
    old = entries.get(relative(draft.path, catalog.workspace))
    # earlier records keep their lines; the others follow in the order they were recorded
    order = (0, old.line, "") if old is not None else (1, 0, parsed.recorded or "")
    return _Built(order, draft, data, line_hash(data), spans, old)


def _checked(project: Project, built: list[_Built], failures: list[str]) -> list[Rebuilt]:
    """Each assembled record checked like `validate` does (its errors added to `failures`),
    numbered, and compared with the record it replaces."""
    if not built:
        return []
    from ..checks.validate import Validator

    # one validator for the run: the crate's names, facts and source files are read once,
    # not once a record
    validator = Validator.for_catalog(project.catalog, checkout=project.checkout)
    existing = {line.sha256 for line in iter_lines(project.catalog.corpus_path)}
    records: list[Rebuilt] = []
    for number, item in enumerate(built, 1):
        for found in validator.record(_loads(item.data), number):
            if found.is_error:
                failures.append(f"{item.draft.path}: {found.code} {found.message}")
        records.append(_compared(item, number, existing))
    return records


def _compared(item: _Built, number: int, existing: set[str]) -> Rebuilt:
    """The rebuilt record at line `number`, with what changed since its earlier record."""
    old, draft = item.old, item.draft
    same = item.digest == old.record_sha256 if old is not None else item.digest in existing
    changes = _span_changes(old, item.spans, same)
    if old is not None and not same and line_hash(_plain_headers(item.data)) == old.record_sha256:
        changes = ("only the span headers: they now name their impl, trait or module",)
    return Rebuilt(draft.flow, draft.variant, draft.path, number, changes, compared=old is not None or same)


def _kept_lines(corpus: Path, built: list[_Built]) -> list[tuple[int, bytes]]:
    """The old corpus lines no rebuilt record describes (by line number), kept at the end."""
    described = {b.old.record_sha256 for b in built if b.old is not None} | {b.digest for b in built}
    return [
        (line.number, line.data)
        for line in iter_lines(corpus)
        if line.data.strip() and line.sha256 not in described
    ]


def _new_entries(catalog: Catalog, built: list[_Built], records: list[Rebuilt]) -> list[Entry]:
    """The provenance of the rebuilt corpus: each record's entry renewed, or new."""
    new_entries = []
    for item, rebuilt in zip(built, records):
        draft, digest, spans, old = item.draft, item.digest, item.spans, item.old
        if old is None:
            new_entries.append(
                new_entry(
                    draft.flow,
                    draft.variant,
                    relative(draft.path, catalog.workspace),
                    rebuilt.line,
                    digest,
                    spans,
                    catalog.source.commit,
                )
            )
        else:
            new_entries.append(
                old.renewed(
                    line=rebuilt.line,
                    record_sha256=digest,
                    spans=tuple(SpanProvenance.of(span) for span in spans),
                    source_commit=catalog.source.commit,
                )
                if rebuilt.changes
                else replace(old, line=rebuilt.line)
            )
    return new_entries


def _loads(data: bytes) -> Any:
    import orjson

    return orjson.loads(data)
