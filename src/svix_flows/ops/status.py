"""`status`: the catalog as the operator's to-do list, each flow's size and state, and the
corpus against the target."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ..catalog import Catalog
from ..errors import SvixFlowsError
from ..files import bounded_lines, open_regular

if TYPE_CHECKING:
    from ..rust.checkout import Checkout


class FlowStatus(NamedTuple):
    """One flow: its size, and where the operator is with it."""

    flow: str
    title: str
    files: int
    spans: int
    lines: int | None  # None when a span does not resolve (see `check`)
    tokens: int | None
    records: int
    drafted: int
    stale: int
    flagged: int = 0  # records with findings, warnings included (`validate` shows them)
    summary: str = ""  # the catalog's summary: what the flow does, for choosing the next one
    accepted: int = 0  # records whose review accepted them as they are now
    needs_work: int = 0  # records a review sent back with a note

    @property
    def unreviewed(self) -> int:
        return self.records - self.accepted - self.needs_work

    @property
    def active(self) -> bool:
        """Whether the flow is under way: records, drafts or findings, or a span that does not resolve."""
        return bool(self.records or self.drafted or self.flagged or self.lines is None)

    @property
    def state(self) -> str:
        if self.lines is None:
            return "broken"
        if self.stale:
            return "stale"
        if self.records:
            return "recorded"
        return "drafted" if self.drafted else "not started"


class StatusReport(NamedTuple):
    """Every flow's status and the corpus total against the target."""

    flows: list[FlowStatus]
    records: int
    target: int
    unknown: int
    next: tuple[str, ...] = ()  # flows without a record, in catalog order, as many as the target still needs

    @property
    def flagged(self) -> int:
        return sum(row.flagged for row in self.flows)

    @property
    def accepted(self) -> int:
        return sum(row.accepted for row in self.flows)

    @property
    def needs_work(self) -> int:
        return sum(row.needs_work for row in self.flows)

    @property
    def unreviewed(self) -> int:
        return sum(row.unreviewed for row in self.flows)

    @property
    def drafted(self) -> int:
        return sum(row.drafted for row in self.flows)


def stale_records(
    catalog: Catalog, in_corpus: frozenset[str], current: dict[str, tuple[str, ...]]
) -> dict[str, int]:
    """Per flow, the records in the corpus (by content hash) whose spans' content differs from
    the checkout's (or whose span list differs from the catalog's), matched through provenance."""
    from ..corpus.provenance import provenance_path, read_entries

    remaining = set(in_corpus)
    stale: dict[str, int] = {}
    for entry in read_entries(provenance_path(catalog.corpus_path)):
        if entry.record_sha256 not in remaining or entry.flow not in current:
            continue
        if tuple(span.sha256 for span in entry.spans) != current[entry.flow]:
            stale[entry.flow] = stale.get(entry.flow, 0) + 1
            remaining.discard(entry.record_sha256)  # one record, counted once
    return stale


def records_with_findings(catalog: Catalog, checkout: Checkout) -> dict[str, int]:
    """Per flow, the corpus records that `validate` (with this checkout) has any finding on."""
    from ..checks.validate import Summary, Validator, validate_file
    from ..corpus.provenance import flows_by_hash, provenance_path
    from ..files import iter_lines

    corpus = catalog.corpus_path
    if not corpus.is_file():
        return {}
    validator = Validator.for_catalog(catalog, checkout=checkout)
    lines = {found.line for found in validate_file(corpus, validator, Summary(str(corpus)))}
    if not lines:
        return {}
    flow_of = flows_by_hash(provenance_path(corpus))
    flagged: dict[str, int] = {}
    for line in iter_lines(corpus):
        if line.number in lines:
            flow = flow_of.get(line.sha256, "")
            flagged[flow] = flagged.get(flow, 0) + 1
    return flagged


def next_flows(rows: list[FlowStatus], records: int, target: int) -> tuple[str, ...]:
    """The flows not yet recorded, in catalog order, as many as reaching the target still needs."""
    missing = max(0, target - records)
    return tuple(row.flow for row in rows if not row.records)[:missing]


def status(catalog: Catalog, checkout: Checkout) -> StatusReport:
    """Size every flow on the checkout and count its records, drafts and stale records."""
    from ..checks.lints import estimate_tokens
    from ..records.render import code_section
    from .review import ReviewState, state_counts

    counted = count(catalog)
    per_flow = {entry.flow: entry for entry in counted.flows}
    current: dict[str, tuple[str, ...]] = {}
    sizes: dict[str, tuple[int, int] | None] = {}
    for flow in catalog.flows:
        try:
            spans = [checkout.span(ref) for ref in flow.spans]
        except SvixFlowsError:
            sizes[flow.id] = None
            continue
        current[flow.id] = tuple(span.sha256 for span in spans)
        sizes[flow.id] = (sum(s.line_count for s in spans), estimate_tokens(code_section(spans)))
    stale = stale_records(catalog, counted.hashes, current)
    flagged = records_with_findings(catalog, checkout)
    reviews = state_counts(catalog, counted.hashes, current)
    rows = []
    for flow in catalog.flows:
        size = sizes[flow.id]
        counts = per_flow.get(flow.id)
        rows.append(
            FlowStatus(
                flow.id,
                flow.title,
                len(flow.files),
                len(flow.spans),
                size[0] if size else None,
                size[1] if size else None,
                counts.records if counts else 0,
                counts.pending if counts else 0,
                stale.get(flow.id, 0),
                flagged.get(flow.id, 0),
                flow.summary,
                reviews.get(flow.id, {}).get(ReviewState.ACCEPTED, 0),
                reviews.get(flow.id, {}).get(ReviewState.NEEDS_WORK, 0),
            )
        )
    return StatusReport(
        rows,
        counted.total,
        catalog.target,
        counted.unknown,
        next_flows(rows, counted.total, catalog.target),
    )


@dataclass(frozen=True)
class FlowCount:
    """Records of one flow in the corpus, and its drafts not yet recorded."""

    flow: str
    records: int
    pending: int
    in_catalog: bool = True


@dataclass(frozen=True)
class CountReport:
    """The corpus counted against the catalog's target."""

    corpus: Path
    total: int
    target: int
    flows: tuple[FlowCount, ...]
    unknown: int  # records that no provenance entry describes
    pending: int
    # the content hashes of the corpus's records that provenance describes, so `status` need not
    # read the corpus again (an unknown line's hash would match no provenance entry)
    hashes: frozenset[str] = field(default=frozenset(), repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "corpus": str(self.corpus),
            "records": self.total,
            "target": self.target,
            "unknown_flow": self.unknown,
            "drafts_pending": self.pending,
            "flows": [
                {
                    "flow": f.flow,
                    "records": f.records,
                    "drafts_pending": f.pending,
                    "in_catalog": f.in_catalog,
                }
                for f in self.flows
            ],
        }


def _line_hashes(path: Path) -> Iterator[str]:
    """`line_hash` of every non-blank line, without copying lines (the hot loop of `count`)."""
    handle = open_regular(path)
    if handle is None:
        return
    sha256 = hashlib.sha256
    with handle:
        for raw in bounded_lines(handle, path):
            end = len(raw)
            while end and raw[end - 1] in b"\r\n":
                end -= 1
            if end and _looks_like_record(raw):
                yield sha256(memoryview(raw)[:end]).hexdigest()


def _looks_like_record(raw: bytes) -> bool:
    """A line `count` counts: a JSON object with messages (NUL runs, blanks and `{}` are not records)."""
    start = raw.lstrip()[:1]
    return start == b"{" and b'"messages"' in raw


def count(catalog: Catalog) -> CountReport:
    """Records per flow (through provenance), drafts pending, against the target; streamed."""
    corpus = catalog.corpus_path
    from ..corpus import drafts
    from ..corpus.provenance import flows_by_hash, provenance_path

    flow_of = flows_by_hash(provenance_path(corpus))
    per_flow: dict[str, int] = {}
    total = unknown = 0
    hashes: set[str] = set()
    for digest in _line_hashes(corpus):
        total += 1
        flow = flow_of.get(digest)
        if flow is None:
            unknown += 1  # no provenance: nothing to compare later, so its hash is not kept
        else:
            hashes.add(digest)
            per_flow[flow] = per_flow.get(flow, 0) + 1
    pending: dict[str, int] = {}
    for draft in drafts.list_drafts(catalog.workspace):
        if not drafts.is_recorded(draft.path) and not drafts.is_dropped(draft.path):
            pending[draft.flow] = pending.get(draft.flow, 0) + 1
    known = [flow.id for flow in catalog.flows]
    others = sorted((set(per_flow) | set(pending)) - set(known))
    flows = tuple(
        FlowCount(flow, per_flow.get(flow, 0), pending.get(flow, 0), flow in known)
        for flow in (*known, *others)
    )
    return CountReport(
        corpus, total, catalog.target, flows, unknown, sum(pending.values()), frozenset(hashes)
    )
