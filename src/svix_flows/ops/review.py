"""`review`: each record read again, later or by a colleague, and accepted or sent back with a note.

A review is part of the record's provenance (`Entry.review`): the verdict, a one-line note, when,
and the hash of the record line it was given on. It counts only while the record is that line
and its code is the checkout's: a revision or a rebuild that changes the line, and code that
drifted when the catalog was re-pinned (the spans' hashes in provenance differ from the checkout),
make the record unreviewed again; the earlier review is kept for its note. Each decision is one
atomic rewrite of the provenance file under the corpus lock, so a review killed midway loses no
decision already made, and no other entry is touched.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Protocol

from ..corpus.provenance import Entry, Review, Verdict, now, parse_entry, provenance_path, read_entries
from ..errors import DataError, SvixFlowsError, UsageError
from ..files import iter_lines, locked

if TYPE_CHECKING:
    from ..catalog import Catalog
    from ..project import Project
    from ..records.findings import Finding
    from ..rust.checkout import Checkout


class ReviewState(str, enum.Enum):
    """Where a record in the corpus stands with its review."""

    ACCEPTED = "accepted"
    NEEDS_WORK = "needs-work"
    UNREVIEWED = "unreviewed"


def state_of(entry: Entry, current: tuple[str, ...] | None) -> ReviewState:
    """The record's review state; `current`: its flow's span hashes on the checkout (None: unknown)."""
    review = entry.review
    if review is None or review.record_sha256 != entry.record_sha256:
        return ReviewState.UNREVIEWED  # never reviewed, or revised or rebuilt since
    if current is not None and tuple(span.sha256 for span in entry.spans) != current:
        return ReviewState.UNREVIEWED  # the code drifted: not what the reviewer read
    return ReviewState(review.verdict.value)


def current_hashes(catalog: Catalog, checkout: Checkout) -> dict[str, tuple[str, ...]]:
    """Each flow's span hashes on the checkout; a flow whose spans do not resolve is left out."""
    hashes: dict[str, tuple[str, ...]] = {}
    for flow in catalog.flows:
        try:
            hashes[flow.id] = tuple(checkout.span(ref).sha256 for ref in flow.spans)
        except SvixFlowsError:
            continue
    return hashes


def entries_in_corpus(catalog: Catalog) -> Iterator[tuple[int, Entry]]:
    """(line, the latest entry describing it) for each corpus line that provenance describes."""
    by_hash = {entry.record_sha256: entry for entry in read_entries(provenance_path(catalog.corpus_path))}
    for line in iter_lines(catalog.corpus_path):
        entry = by_hash.pop(line.sha256, None) if line.data.strip() else None
        if entry is not None:
            yield line.number, entry


def state_counts(
    catalog: Catalog, in_corpus: frozenset[str], current: dict[str, tuple[str, ...]]
) -> dict[str, dict[ReviewState, int]]:
    """Per flow, its records in the corpus (by content hash) counted by review state."""
    latest = {e.record_sha256: e for e in read_entries(provenance_path(catalog.corpus_path))}
    counts: dict[str, dict[ReviewState, int]] = {}
    for digest in in_corpus:
        entry = latest.get(digest)
        if entry is not None:
            per_state = counts.setdefault(entry.flow, {})
            state = state_of(entry, current.get(entry.flow))
            per_state[state] = per_state.get(state, 0) + 1
    return counts


@dataclass(frozen=True)
class Item:
    """One record as the reviewer sees it: its provenance, texts, code headers and findings."""

    entry: Entry
    line: int
    state: ReviewState
    request: str
    think: str
    headers: tuple[str, ...]  # each span's `// File: …` line, in flow order
    findings: tuple[Finding, ...] = ()

    @property
    def earlier(self) -> Review | None:
        """The last review when it no longer counts (the record was revised, or its code drifted)."""
        return self.entry.review if self.state is ReviewState.UNREVIEWED else None


@dataclass(frozen=True)
class Pick:
    """Which records to review: a flow, one of its variants, or a corpus line; all unreviewed
    ones oldest first when no single record is named."""

    flow: str | None = None
    variant: int | None = None
    line: int | None = None

    @property
    def single(self) -> bool:
        return self.variant is not None or self.line is not None


def one_variant(number: int | None, variant: int | None) -> int | None:
    """The variant of `review FLOW N` or `--variant N` (the same one when both are given)."""
    if number is not None and variant is not None and number != variant:
        raise UsageError(f"variant {number} and --variant {variant}: name one variant")
    if number is not None and number < 1:
        raise UsageError(f"variant {number}: variants are numbered from 1")
    return variant if number is None else number


def pick(flow: str | None, variant: int | None, line: int | None) -> Pick:
    """The options of `review` as a Pick; a variant needs its flow."""
    if variant is not None and flow is None:
        raise UsageError(f"--variant {variant} needs the flow: `svix-flows review FLOW --variant {variant}`")
    if variant is not None and line is not None:
        raise UsageError("pass --variant N or --line N, not both")
    return Pick(flow, variant, line)


def items(project: Project, chosen: Pick, *, with_findings: bool = True) -> list[Item]:
    """The records to review, oldest first: the unreviewed ones, or the one record named
    (whatever its state). With `with_findings`, each holds what `validate` finds on its line."""
    catalog = project.catalog
    if chosen.flow is not None:
        catalog.flow(chosen.flow)  # an unknown flow is a usage error naming the flows
    current = current_hashes(catalog, project.checkout)
    found = []
    for number, entry in entries_in_corpus(catalog):
        if chosen.flow is not None and entry.flow != chosen.flow:
            continue
        if chosen.variant is not None and entry.variant != chosen.variant:
            continue
        if chosen.line is not None and number != chosen.line:
            continue
        state = state_of(entry, current.get(entry.flow))
        if state is ReviewState.UNREVIEWED or chosen.single:
            found.append((entry.created, number, entry, state))
    if chosen.single and not found:
        what = (
            f"line {chosen.line}" if chosen.line is not None else f"`{chosen.flow}` variant {chosen.variant}"
        )
        raise DataError(
            f"{catalog.corpus_path}: no record of {what} in the corpus; `svix-flows count` lists the records"
        )
    found.sort(key=lambda item: (item[0], item[1]))
    by_line = _findings(project) if with_findings and found else {}
    records = dict(_records(catalog, {number for _, number, _, _ in found}))
    return [
        _item(entry, number, state, records.get(number, {}), tuple(by_line.get(number, ())))
        for _, number, entry, state in found
    ]


def _records(catalog: Catalog, wanted: set[int]) -> Iterator[tuple[int, object]]:
    import orjson

    for line in iter_lines(catalog.corpus_path):
        if line.number in wanted:
            try:
                yield line.number, orjson.loads(line.data)
            except orjson.JSONDecodeError:
                continue


def _item(entry: Entry, number: int, state: ReviewState, record: object, found: tuple[Finding, ...]) -> Item:
    from ..records.record import parse_assistant

    request = think = ""
    headers: tuple[str, ...] = ()
    try:
        messages = record["messages"]  # type: ignore[index]
        request = str(messages[1]["content"])
        answer = parse_assistant(str(messages[2]["content"]))
        think = answer.think or ""
        headers = tuple(
            f"// File: {b.path} (lines {b.start}-{b.end})" + (f", in {b.context}" if b.context else "")
            for b in answer.blocks
        )
    except (KeyError, IndexError, TypeError):
        pass  # a line that is not a whole record: its findings say why
    return Item(entry, number, state, request, think, headers, found)


def _findings(project: Project) -> dict[int, list[Finding]]:
    """Every finding of the corpus by line, as `validate` reports them with the checkout."""
    from ..checks.validate import Summary, Validator, validate_file

    catalog = project.catalog
    corpus = catalog.corpus_path
    validator = Validator.for_catalog(catalog, checkout=project.checkout)
    by_line: dict[int, list[Finding]] = {}
    for found in validate_file(corpus, validator, Summary(str(corpus))):
        by_line.setdefault(found.line, []).append(found)
    return by_line


class Action(enum.Enum):
    ACCEPT = "accept"
    NEEDS_WORK = "needs-work"
    SKIP = "skip"
    QUIT = "quit"


@dataclass(frozen=True)
class Decision:
    """The reviewer's answer for one record; `note` for "needs work"."""

    action: Action
    note: str = ""


class Reviewer(Protocol):
    """Who decides: the terminal (the record paged, then a question) or a script's flags."""

    def decide(self, item: Item, position: int, total: int) -> Decision:
        """The decision on `item`, the `position`-th of `total` in this pass."""


MAX_NOTE = 500  # a note is one line at the top of a draft, not a second think block


def one_line(note: str) -> str:
    """A note as provenance keeps it: one line, whitespace runs made one space."""
    from ..text import escape_controls

    return escape_controls(" ".join(note.split()))


def record_decision(project: Project, item: Item, decision: Decision) -> Review:
    """Write one decision into the record's provenance entry, under the lock, atomically.

    Refused (nothing written) when the record changed since it was shown: revised, rebuilt or
    dropped by another command in the meantime.
    """
    note = one_line(decision.note)
    if decision.action is Action.NEEDS_WORK and not note:
        raise UsageError("needs work: give a one-line note saying what to change")
    if len(note) > MAX_NOTE:
        raise UsageError(f"the note has {len(note)} characters; say what to change in at most {MAX_NOTE}")
    verdict = Verdict.ACCEPTED if decision.action is Action.ACCEPT else Verdict.NEEDS_WORK
    review = Review(verdict, note, now(), item.entry.record_sha256)
    corpus = project.catalog.corpus_path
    path = provenance_path(corpus)
    with locked(corpus) as writer:
        lines = [line.data for line in iter_lines(path)]
        # the latest entry of the draft, as every reader takes it; damaged lines stay as they are
        at = None
        for index, data in enumerate(lines):
            entry = parse_entry(data) if data.strip() else None
            if entry is not None and entry.draft == item.entry.draft:
                at = (index, entry)
        if at is None or at[1].record_sha256 != item.entry.record_sha256:
            raise DataError(
                f"{path}: `{item.entry.flow}` variant {item.entry.variant} changed since it was "
                "shown (revised, rebuilt or dropped); nothing was recorded; run `svix-flows review` again"
            )
        lines[at[0]] = replace(at[1], review=review).dumps().rstrip(b"\n")
        writer.rewrite([data + b"\n" for data in lines], path)
    return review


@dataclass(frozen=True)
class ReviewReport:
    """What one pass did: the decisions written, and the records left unreviewed."""

    decided: tuple[tuple[Item, Decision], ...]
    skipped: int
    left: int  # unreviewed records of the pass not decided (skipped or after a quit)
    quit: bool


def run(project: Project, chosen: Pick, reviewer: Reviewer, *, scripted: bool = False) -> ReviewReport:
    """Ask for a decision on each record to review, writing each one as soon as it is made.

    `scripted` (a decision from flags): only the first record, the one named or the oldest
    unreviewed, and no findings are computed, since nobody reads them.
    """
    queue = items(project, chosen, with_findings=not scripted)[: 1 if scripted else None]
    decided: list[tuple[Item, Decision]] = []
    skipped = 0
    for position, item in enumerate(queue, 1):
        decision = reviewer.decide(item, position, len(queue))
        if decision.action is Action.QUIT:
            return ReviewReport(tuple(decided), skipped, len(queue) - len(decided), True)
        if decision.action is Action.SKIP:
            skipped += 1
            continue
        record_decision(project, item, decision)
        decided.append((item, decision))
    return ReviewReport(tuple(decided), skipped, len(queue) - len(decided), False)


class Scripted:
    """`--no-input`: the same decision, from the flags, for the records picked."""

    def __init__(self, decision: Decision) -> None:
        self.decision = decision

    def decide(self, item: Item, position: int, total: int) -> Decision:
        return self.decision


def scripted(accept: bool, needs_work: str | None) -> Decision | None:
    """The decision of `--accept` / `--needs-work NOTE`; None when neither is given."""
    if accept and needs_work is not None:
        raise UsageError("pass --accept or --needs-work NOTE, not both")
    if needs_work is not None:
        if not one_line(needs_work):
            raise UsageError("--needs-work NOTE: the note is empty; say what to change")
        return Decision(Action.NEEDS_WORK, needs_work)
    return Decision(Action.ACCEPT) if accept else None


def needs_work_note(project: Project, draft: str) -> Review | None:
    """The review asking for work on this draft's record, if that is where it stands (for `write --revise`)."""
    entry = None
    for candidate in read_entries(provenance_path(project.catalog.corpus_path)):
        if candidate.draft == draft:
            entry = candidate
    review = entry.review if entry is not None else None
    if review is None or entry is None or review.record_sha256 != entry.record_sha256:
        return None  # never reviewed, or revised since the note was written
    return review if review.verdict is Verdict.NEEDS_WORK else None


@dataclass(frozen=True)
class Tally:
    """The corpus's records by review state, and the hashes of the accepted ones (for `export`)."""

    records: int
    accepted: frozenset[str]
    needs_work: int

    @property
    def card_line(self) -> str:
        """What a dataset card says of the review."""
        reviewed = len(self.accepted) + self.needs_work
        return (
            f"Reviewed (`svix-flows review`, a second reading of each record): {reviewed} of "
            f"{self.records} records, {len(self.accepted)} accepted, {self.needs_work} needing work."
        )


def tally(project: Project) -> Tally:
    """Every record of the corpus that provenance describes, counted by its review state now."""
    catalog = project.catalog
    current = current_hashes(catalog, project.checkout)
    accepted: set[str] = set()
    records = needs_work = 0
    for _, entry in entries_in_corpus(catalog):
        records += 1
        state = state_of(entry, current.get(entry.flow))
        if state is ReviewState.ACCEPTED:
            accepted.add(entry.record_sha256)
        elif state is ReviewState.NEEDS_WORK:
            needs_work += 1
    return Tally(records, frozenset(accepted), needs_work)
