"""Orphan records: corpus lines that no provenance entry describes, adopted instead of lost.

`write` appends a record, then writes its provenance, then marks the draft. A kill between the
first two steps leaves a line without provenance, whose texts live in a draft still marked
pending. Left alone, the next `write` of that flow would reuse that draft and overwrite the
only other copy of the operator's texts. So before a pending draft is reused (and in `repair`)
such a line is adopted: its provenance is rebuilt from the line itself (each fenced span's
path, lines and hash; the symbols from the catalog's flow) and the draft whose texts it holds
is marked recorded. When no draft holds its texts any more, a new draft is written from the
line. Everything happens under the corpus lock, provenance before the draft's mark, as `write`
does it, so an adoption cut short by another kill is simply found and finished again.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from ..catalog import Catalog, Flow
from ..corpus import drafts
from ..corpus.drafts import DraftFile, relative
from ..corpus.provenance import Entry, SpanProvenance, now, provenance_path, read_entries, tool_version
from ..errors import DataError
from ..files import Writer, iter_lines, locked

if TYPE_CHECKING:
    from ..records.record import CodeBlock


@dataclass(frozen=True)
class Orphan:
    """A record line without provenance, taken apart."""

    line: int
    sha256: str
    request: str
    think: str
    code: str  # the code part of the answer, as the draft shows it
    blocks: tuple[CodeBlock, ...]  # of each span


@dataclass(frozen=True)
class Adoption:
    """One orphan and what became (or, on a dry run, would become) of it."""

    line: int
    flow: str | None  # None: no flow of the catalog has this record's files
    draft: Path | None
    new_draft: bool  # the draft was written from the line (no draft held its texts)
    mark_only: bool = False  # provenance was there; only the draft's mark was missing


def _orphans(corpus: Path) -> list[Orphan]:
    """Record lines of the corpus whose hash no provenance entry names."""
    import orjson

    from ..records.record import THINK_CLOSE, parse_assistant

    described = {entry.record_sha256 for entry in read_entries(provenance_path(corpus))}
    found = []
    for line in iter_lines(corpus):
        if not line.data.strip() or line.sha256 in described:
            continue
        try:
            messages = orjson.loads(line.data)["messages"]
            request, answer = messages[1]["content"], messages[2]["content"]
        except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
            continue  # not a record: `validate` reports it
        if not isinstance(request, str) or not isinstance(answer, str):
            continue
        parsed = parse_assistant(answer)
        if parsed.think is None or not parsed.blocks:
            continue
        code = answer.split(THINK_CLOSE, 1)[1].lstrip("\n") if THINK_CLOSE in answer else ""
        found.append(Orphan(line.number, line.sha256, request, parsed.think.strip("\n"), code, parsed.blocks))
    return found


def _flow_of(catalog: Catalog, orphan: Orphan) -> Flow | None:
    """The catalog flow whose spans' files, in order, are the record's fenced files."""
    paths = [block.path for block in orphan.blocks]
    for flow in catalog.flows:
        if [f"{catalog.source.root}/{span.file}" for span in flow.spans] == paths:
            return flow
    return None


def _texts(path: Path) -> tuple[str, str] | None:
    try:
        parsed = drafts.parse(drafts.read(path), path)
    except DataError:
        return None
    return parsed.request, parsed.think.strip("\n")


def _holder(catalog: Catalog, flow: Flow, orphan: Orphan, named: set[str]) -> DraftFile | None:
    """The draft that holds the orphan's texts: pending, or recorded but named by no provenance."""

    for draft in drafts.list_drafts(catalog.workspace, flow.id):
        if drafts.is_recorded(draft.path) and relative(draft.path, catalog.workspace) in named:
            continue
        if _texts(draft.path) == (orphan.request, orphan.think):
            return draft
    return None


def _entry(catalog: Catalog, flow: Flow, draft: DraftFile, orphan: Orphan) -> Entry:

    symbols = [span.symbol for span in flow.spans]
    spans = tuple(
        SpanProvenance(
            block.path,
            symbols[index] if index < len(symbols) else "",
            block.start,
            block.end,
            hashlib.sha256(block.code.encode()).hexdigest(),
        )
        for index, block in enumerate(orphan.blocks)
    )
    stamp = now()
    return Entry(
        flow.id,
        draft.variant,
        relative(draft.path, catalog.workspace),
        orphan.line,
        orphan.sha256,
        spans,
        catalog.source.commit,
        stamp,
        stamp,
        tool_version(),
    )


def _new_draft(catalog: Catalog, flow: Flow, orphan: Orphan) -> tuple[DraftFile, str]:
    variant = max((d.variant for d in drafts.list_drafts(catalog.workspace, flow.id)), default=0) + 1
    path = drafts.draft_path(catalog.workspace, flow.id, variant)
    text = drafts.render(flow, variant, orphan.code, catalog.workspace)
    return DraftFile(flow.id, variant, path), drafts.set_texts(text, orphan.request, orphan.think, path)


def adopt(
    catalog: Catalog, *, only_draft: Path | None = None, dry_run: bool = False, writer: Writer | None = None
) -> list[Adoption]:
    """Adopt every orphan record of the corpus; see the module docstring.

    With `only_draft` (what `write` does before it reuses a pending draft), only the orphans
    whose texts that draft holds are adopted, and no draft is created. `writer`: the corpus
    lock already held by the caller (`repair`), else it is taken here.
    """
    if writer is None:
        with locked(catalog.corpus_path) as held:
            return _adopt(catalog, only_draft, dry_run, held)
    return _adopt(catalog, only_draft, dry_run, writer)


def _adopt(catalog: Catalog, only_draft: Path | None, dry_run: bool, writer: Writer) -> list[Adoption]:
    corpus = catalog.corpus_path
    done: list[Adoption] = []
    orphans = _orphans(corpus)
    named = {entry.draft for entry in read_entries(provenance_path(corpus))}
    for orphan in orphans:
        flow = _flow_of(catalog, orphan)
        if flow is None:
            if only_draft is None:
                done.append(Adoption(orphan.line, None, None, False))
            continue
        holder = _holder(catalog, flow, orphan, named)
        if only_draft is not None and (holder is None or holder.path != only_draft):
            continue
        new_text = None
        if holder is None:
            holder, new_text = _new_draft(catalog, flow, orphan)
        if not dry_run:
            entry = _entry(catalog, flow, holder, orphan)
            if new_text is not None:
                drafts.save(holder.path, drafts.set_header(new_text, flow.id, holder.variant, entry.created))
            writer.append(entry.dumps(), provenance_path(corpus))
            named.add(entry.draft)
            if new_text is None:
                text = drafts.read(holder.path)
                head = drafts.parse(text, holder.path)
                marked = drafts.set_header(text, flow.id, holder.variant, head.recorded or entry.created)
                drafts.save(holder.path, drafts.set_problems(marked, []))
        done.append(Adoption(orphan.line, flow.id, holder.path, new_text is not None))
    done.extend(_unmarked(catalog, only_draft, dry_run))
    return done


def _unmarked(catalog: Catalog, only_draft: Path | None, dry_run: bool) -> list[Adoption]:
    """Pending drafts whose record and provenance are both written (a kill before the mark):
    marked recorded now, so they are not reused, and their entry not taken by other texts."""
    import orjson

    from ..corpus.provenance import latest_by_draft
    from ..records.record import parse_assistant

    corpus = catalog.corpus_path
    entries = latest_by_draft(provenance_path(corpus))
    wanted: dict[str, DraftFile] = {}
    for draft in drafts.list_drafts(catalog.workspace):
        if only_draft is not None and draft.path != only_draft:
            continue
        entry = entries.get(relative(draft.path, catalog.workspace))
        if entry is not None and not drafts.is_recorded(draft.path):
            wanted[entry.record_sha256] = draft
    found: list[Adoption] = []
    if not wanted:
        return found
    for line in iter_lines(corpus):
        marked = wanted.pop(line.sha256, None) if line.data.strip() else None
        if marked is None:
            continue
        draft = marked
        try:
            messages = orjson.loads(line.data)["messages"]
            texts = (
                messages[1]["content"],
                (parse_assistant(messages[2]["content"]).think or "").strip("\n"),
            )
        except (orjson.JSONDecodeError, KeyError, IndexError, TypeError):
            continue
        if _texts(draft.path) != texts:
            continue  # the draft was edited since: it is the operator's next text, leave it
        if not dry_run:
            text = drafts.read(draft.path)
            stamp = entries[relative(draft.path, catalog.workspace)].created
            drafts.save(
                draft.path, drafts.set_problems(drafts.set_header(text, draft.flow, draft.variant, stamp), [])
            )
        found.append(Adoption(line.number, draft.flow, draft.path, False, mark_only=True))
    return found


def describe(corpus: Path, adoptions: list[Adoption], dry_run: bool) -> list[str]:
    """One line per orphan for the operator."""
    lines = []
    for item in adoptions:
        where = f"{corpus}:{item.line}"
        if item.flow is None:
            lines.append(
                f"{where}: a record without provenance whose files match no flow of the catalog; "
                "add its flow to flows.toml and run `svix-flows repair` again, or move the line out"
            )
            continue
        verb = "would be" if dry_run else "was"
        if item.mark_only:
            lines.append(
                f"{where}: the record of `{item.flow}` has provenance but its draft {item.draft} "
                f"was not marked recorded (a write cut short); it {verb} marked"
            )
            continue
        how = "a new draft written from the line" if item.new_draft else "the draft that holds its texts"
        lines.append(
            f"{where}: a record of `{item.flow}` without provenance (a write cut short); it {verb} "
            f"adopted: provenance rebuilt from the line, {how}: {item.draft} marked recorded"
        )
    return lines
