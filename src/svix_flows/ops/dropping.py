"""`drop FLOW N`: take variant N's record back out of the corpus; its draft is kept, marked dropped.

The corpus line and its provenance go together, under the corpus lock, each file replaced
atomically; if the provenance cannot be written the corpus line is put back, so "nothing was
changed" holds. The draft's header then says `dropped`, so `rebuild` leaves it out and `write`
never reuses its variant number. A run cut short (a crash between the files) is finished by
running `drop` again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from ..corpus import drafts
from ..corpus.drafts import relative
from ..corpus.provenance import now, parse_entry, provenance_path, read_entries
from ..errors import DataError, UsageError
from ..files import Writer, iter_lines, line_hash, locked, torn_error, whole_record
from ..project import Project
from ..text import shorten_number


@dataclass(frozen=True)
class DropPlan:
    """What `drop` would take out: the flow's variant, its draft, and its line in the corpus."""

    flow: str
    variant: int
    draft: Path
    draft_name: str
    sha256: str | None  # the record's content hash; None when it cannot be known
    line: int | None  # its line in the corpus now; None when it is not there


@dataclass(frozen=True)
class Dropped:
    """What `drop` did."""

    plan: DropPlan
    line: int | None  # the line taken out, None when the record was already gone
    remaining: int  # records left in the corpus


def plan_drop(project: Project, flow_id: str, variant: int) -> DropPlan:
    """Find variant `variant` of a flow: its draft, its record's hash and line; nothing changes."""

    catalog = project.catalog
    flow = catalog.flow(flow_id)
    workspace = catalog.workspace
    path = drafts.draft_path(workspace, flow.id, variant)
    if drafts.is_dropped(path):
        raise DataError(f"{path}: `{flow.id}` variant {shorten_number(variant)} was dropped already")
    if not drafts.is_recorded(path):
        recorded = [d.variant for d in drafts.list_drafts(workspace, flow.id) if drafts.is_recorded(d.path)]
        listed = ", ".join(map(str, recorded)) if recorded else "none"
        raise DataError(
            f"flow `{flow.id}` has no recorded variant {shorten_number(variant)} (recorded: {listed}); "
            "`svix-flows count` lists the records"
        )
    name = relative(path, workspace)
    entry = next((e for e in read_entries(provenance_path(catalog.corpus_path)) if e.draft == name), None)
    digest = entry.record_sha256 if entry is not None else _hash_from_draft(project, flow_id, path)
    line = _find(catalog.corpus_path, digest)
    return DropPlan(flow.id, variant, path, name, digest, line)


def _hash_from_draft(project: Project, flow_id: str, path: Path) -> str | None:
    """The record the draft makes with today's checkout (provenance lost): its hash, else None."""
    from ..records import record

    try:
        parsed = drafts.parse(drafts.read(path), path)
        spans = project.flow_spans(project.catalog.flow(flow_id))
    except (DataError, UsageError):
        return None
    system = record.system_message(project.catalog.workspace)
    return line_hash(record.dumps(record.assemble(system, parsed.request, parsed.think, spans)))


def _find(corpus: Path, digest: str | None) -> int | None:
    if digest is None:
        return None
    return next((line.number for line in iter_lines(corpus) if line.sha256 == digest), None)


def drop(project: Project, plan: DropPlan) -> Dropped:
    """Take the planned record out of the corpus and its provenance, then mark the draft dropped.

    The draft is claimed, as `write` claims it: a `write --revise` of it in another terminal
    refuses the drop (its save would otherwise bring the record back, or be lost). The plan is
    made again under the corpus lock that the rewrite holds: a revision or a `rebuild` since
    the question may have changed the record's line.
    """
    corpus = project.catalog.corpus_path
    prov_path = provenance_path(corpus)
    busy = (
        f"{plan.draft}: another terminal is writing this draft (`svix-flows write --revise`?); "
        "finish there, then drop it; nothing was dropped"
    )
    with drafts.claimed(plan.draft, True, busy=busy), locked(corpus) as writer:
        plan = plan_drop(project, plan.flow, plan.variant)
        line = plan.line
        # planned whole before the first file changes: a torn provenance line refuses the drop
        # with nothing changed, as `write` refuses it
        provenance, changed = _provenance_without(prov_path, plan.draft_name, _positions(corpus, line))
        removed: bytes | None = None
        if line is not None:
            removed = next(current.data for current in iter_lines(corpus) if current.number == line)
            writer.rewrite(_without(corpus, line))
        if changed:
            try:
                writer.rewrite(provenance, prov_path)
            except (UsageError, OSError):
                if removed is not None and line is not None:
                    _put_back(writer, corpus, line, removed)
                raise
        drafts.mark_dropped(plan.draft, now())
        remaining = sum(1 for current in iter_lines(corpus) if current.data.strip())
    return Dropped(plan, line, remaining)


def _positions(corpus: Path, removed: int | None) -> dict[str, int]:
    """Each record's hash -> its line once line `removed` is gone (the first, when repeated)."""
    positions: dict[str, int] = {}
    for current in iter_lines(corpus):
        if current.number == removed or not current.data.strip():
            continue
        number = current.number - (1 if removed is not None and current.number > removed else 0)
        positions.setdefault(current.sha256, number)
    return positions


def _provenance_without(path: Path, draft_name: str, positions: dict[str, int]) -> tuple[list[bytes], bool]:
    """The provenance lines without the draft's entries, every other entry naming the line its
    record is on (whether this drop or an earlier one cut short between the two files moved
    it), and whether anything changed. A line that is no entry is kept as it is, never
    dropped; a torn last line is a DataError naming `repair`."""
    kept: list[bytes] = []
    changed = False
    for current in iter_lines(path):
        if not current.ended and current.data.strip() and not whole_record(current.data):
            raise torn_error(path, current.number, len(current.data))
        entry = parse_entry(current.data) if current.data.strip() else None
        if entry is None:
            kept.append(current.data + b"\n")
        elif entry.draft == draft_name:
            changed = True
        else:
            where = positions.get(entry.record_sha256)
            if where is not None and where != entry.line:
                kept.append(replace(entry, line=where).dumps())
                changed = True
            else:
                kept.append(current.data + b"\n")
    return kept, changed


def _without(corpus: Path, number: int) -> Iterator[bytes]:
    for current in iter_lines(corpus):
        if current.number == number:
            continue
        if not current.ended and not whole_record(current.data):
            raise torn_error(corpus, current.number, len(current.data))
        yield current.data + b"\n"


def _put_back(writer: Writer, corpus: Path, number: int, data: bytes) -> None:
    """Line `number` back where it was (the corpus is small enough to list: one flow's drop)."""
    lines = [current.data + b"\n" for current in iter_lines(corpus)]
    lines.insert(number - 1, data + b"\n")
    try:
        writer.rewrite(lines)
    except (UsageError, OSError):
        pass  # the provenance error raised after this says what failed; `rebuild` mends the rest
