"""The authoring loop: a draft on disk, the operator's editor, a checked record, a safe write.

`write()` picks the draft (a pending one, a new variant, or a recorded one to revise), writes it
before any editor starts, runs the editor, parses the draft, assembles the record with the
checkout's code and checks it with the same code as `validate`. A good record is appended (or
replaces its own line, for a revision) under the corpus lock, its provenance written beside it and
the draft marked as recorded; a bad one leaves everything as it was, the draft included. Questions
to the operator go through an `Interaction` that the CLI supplies; this module never prints.
"""

from __future__ import annotations

import enum
import os
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from .. import editor
from ..catalog import Catalog, Flow
from ..checks.claims import State, Verdict
from ..corpus import drafts
from ..corpus.drafts import DraftFile, relative
from ..corpus.provenance import Entry, latest_by_draft, new_entry, provenance_path, read_entries
from ..errors import DataError, DraftBusy, SvixFlowsError, UsageError
from ..files import Writer, iter_lines, line_hash, locked, read_text_file
from ..project import Project
from ..records.findings import printable
from ..rust.checkout import Span

if TYPE_CHECKING:
    from ..records.findings import Finding


class Status(enum.Enum):
    APPENDED = "appended"
    REVISED = "revised"
    UNCHANGED = "unchanged"  # the template was not filled; nothing is recorded
    QUIT = "quit"  # the operator chose to write nothing
    SAME = "same"  # a revision that changes nothing
    INVALID = "invalid"
    DECLINED = "declined"  # the operator chose not to append a record with warnings


@dataclass(frozen=True)
class Outcome:
    """What one pass of the loop came to."""

    status: Status
    flow: str
    variant: int
    draft: Path
    line: int | None = None
    findings: tuple[Finding, ...] = ()
    code_edited: bool = False
    adopted: bool = False  # the record was already in the corpus without provenance
    problem: str | None = None  # what is wrong with the draft itself (unparseable, unchanged)
    kept: Path | None = (
        None  # where the pending draft's earlier texts were kept before new ones replaced them
    )
    names: int = 0  # code-like names of the texts that the checks resolved
    claims: tuple[Verdict, ...] = ()  # the claims of the texts, as the claims check judged them

    @property
    def ok(self) -> bool:
        return self.status in (Status.APPENDED, Status.REVISED, Status.SAME, Status.QUIT)


class Interaction(Protocol):
    """The questions the loop may ask; the CLI answers them in a terminal."""

    def choose(self, flow: str, recorded: list[int]) -> int | None:
        """On a recorded flow: None to add a variant, the variant number to revise, or QUIT."""

    def reopen(self, outcome: Outcome) -> bool:
        """After a refused draft: True to open the editor again."""

    def warned(self, outcome: Outcome) -> str:
        """A record that passes with warnings: "append" it, "reopen" the editor, or "quit"."""


class NoInput:
    """No terminal, or `--no-input`: add a variant, never reopen, never wait; warnings are
    appended (and printed), unless `--strict` made them errors."""

    def choose(self, flow: str, recorded: list[int]) -> int | None:
        return None

    def reopen(self, outcome: Outcome) -> bool:
        return False

    def warned(self, outcome: Outcome) -> str:
        return "append"


LATEST = -1  # `--revise` without a number
QUIT = 0  # the operator's answer to the variant question: write nothing


@dataclass(frozen=True)
class Texts:
    """The request and the think block taken from files instead of the editor."""

    request: str
    think: str


def revision(revise: bool, number: int | None) -> int | None:
    """`--revise [N]` as `write` takes it: None (no revision), LATEST, or the variant N."""
    if number is not None and not revise:
        raise UsageError(
            f"the variant number {number} is only for --revise; run `write FLOW --revise {number}`"
        )
    if number is not None and number < 1:
        raise UsageError(f"--revise {number}: variants are numbered from 1")
    if not revise:
        return None
    return LATEST if number is None else number


def read_texts(prompt: Path | None, think: Path | None) -> Texts | None:
    """The two texts of `--prompt FILE --think FILE` (both or neither)."""
    if prompt is None and think is None:
        return None
    if prompt is None or think is None:
        missing = "--prompt" if prompt is None else "--think"
        raise UsageError(f"{missing} FILE is missing: pass both --prompt FILE and --think FILE, or neither")
    texts = []
    for flag, path in (("--prompt", prompt), ("--think", think)):
        try:
            texts.append(read_text_file(path, f"a {flag} text").decode("utf-8").replace("\r\n", "\n"))
        except UnicodeDecodeError:
            raise UsageError(f"{path} (from {flag}): not UTF-8; save it as UTF-8") from None
        except OSError as exc:
            raise UsageError(f"{path} (from {flag}): cannot read: {exc.strerror}") from None
    return Texts(*texts)


def failure_note(outcome: Outcome) -> str:
    """The last line after a draft that was not recorded: where it is kept, or that it is gone."""
    if os.path.lexists(outcome.draft):
        return f"nothing was recorded; the draft is kept at {outcome.draft}"
    return f"nothing was recorded; the draft {outcome.draft} is gone"


def describe(outcome: Outcome, corpus: Path) -> str:
    """One line for the operator about a successful outcome."""
    what = f"`{outcome.flow}` variant {outcome.variant}"
    if outcome.status is Status.QUIT:
        return f"`{outcome.flow}`: nothing written"
    if outcome.status is Status.SAME:
        return f"{what}: the revised record is the same as line {outcome.line} of {corpus}; nothing changed"
    if outcome.status is Status.REVISED:
        return f"revised {what}: line {outcome.line} of {corpus} replaced (draft {outcome.draft})"
    if outcome.adopted:
        return f"{what} was already line {outcome.line} of {corpus}; its provenance is now written"
    return f"appended {what} as line {outcome.line} of {corpus} (draft {outcome.draft})"


def checked(outcome: Outcome) -> str:
    """What the checks of a draft covered, in a few words: "26 names, 7 claims checked, 0
    contradicted" (each further check of the prose adds its part here)."""
    judged = [v for v in outcome.claims if v.state is not State.UNCHECKABLE]
    against = sum(1 for v in judged if v.state is State.CONTRADICTED)
    errors = sum(1 for found in outcome.findings if found.is_error)
    others = len(outcome.findings) - against
    parts = [
        _plural(outcome.names, "name"),
        f"{_plural(len(judged), 'claim')} checked",
        f"{against} contradicted",
    ]
    if others:
        parts.append(_plural(others, "other finding") + (f" ({errors} errors)" if errors else ""))
    return ", ".join(parts)


def supported_claims(outcome: Outcome) -> list[str]:
    """Each claim the code backs, with where: "«sentence» (call, worker.rs:72)", each line once
    (two claims of one sentence backed by the same line read as one)."""
    shown = (
        f"«{printable(v.claim.sentence, 160)}» ({v.claim.kind.value}, {v.where})"
        for v in outcome.claims
        if v.state is State.SUPPORTED
    )
    return list(dict.fromkeys(shown))


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def draft_states(workspace: Path, flow: str) -> tuple[list[DraftFile], list[DraftFile]]:
    """The flow's drafts split into (recorded, pending) by their header; dropped ones are neither."""
    recorded, pending = [], []
    for draft in drafts.list_drafts(workspace, flow):
        if drafts.is_recorded(draft.path):
            recorded.append(draft)
        elif not drafts.is_dropped(draft.path):
            pending.append(draft)
    return recorded, pending


def pick_draft(
    workspace: Path, flow: Flow, revise: int | None, ask: Interaction, skip: set[int] | None = None
) -> tuple[DraftFile | None, bool]:
    """The draft to work on (None when the operator quits), and whether it is a revision.

    `skip`: variants another `write` holds; a new variant is numbered past them.
    """
    skip = skip or set()
    recorded, pending = draft_states(workspace, flow.id)
    pending = [d for d in pending if d.variant not in skip]
    if revise is not None:
        numbers = [d.variant for d in recorded]
        if not numbers:
            raise UsageError(f"flow `{flow.id}` has no record to revise; run `svix-flows write {flow.id}`")
        if revise == LATEST:
            if len(numbers) > 1:
                listed = ", ".join(map(str, numbers))
                raise UsageError(f"flow `{flow.id}` has records {listed}; pass --revise N with one of them")
            revise = numbers[0]
        chosen = next((d for d in recorded if d.variant == revise), None)
        if chosen is None:
            raise UsageError(
                f"flow `{flow.id}` has no recorded variant {revise}; its records: "
                f"{', '.join(map(str, numbers))}"
            )
        return chosen, True
    if pending:
        return pending[0], False
    if recorded:
        answer = ask.choose(flow.id, [d.variant for d in recorded])
        if answer == QUIT:
            return None, False
        if answer is not None:
            return pick_draft(workspace, flow, answer, ask)
    # a dropped draft keeps its number, and a held one is passed: a new variant overwrites neither
    taken = {d.variant for d in drafts.list_drafts(workspace, flow.id)} | skip
    variant = max(taken, default=0) + 1
    return DraftFile(flow.id, variant, drafts.draft_path(workspace, flow.id, variant)), False


@dataclass(frozen=True)
class _Checked:
    """What `_check` hands to `_commit`: the record line, its hash, and whether that line is
    already in the corpus from a run that a crash cut short (then it is adopted, not written)."""

    data: bytes
    digest: str
    adopt: bool


@dataclass
class _Session:
    project: Project
    flow: Flow
    draft: DraftFile
    revising: bool
    spans: list[Span]
    code: str
    old_hash: str | None = None
    strict: bool = False
    checked: _Checked | None = None  # set by `_check`, read by `_commit`

    @property
    def catalog(self) -> Catalog:
        return self.project.catalog

    @property
    def workspace(self) -> Path:
        return self.catalog.workspace

    @property
    def corpus(self) -> Path:
        return self.catalog.corpus_path


def write(
    project: Project,
    flow_id: str,
    *,
    revise: int | None = None,
    texts: Texts | None = None,
    ask: Interaction | None = None,
    env: Mapping[str, str] | None = None,
    strict: bool = False,
) -> Outcome:
    """The whole loop for one record of a flow; see the module docstring. With `strict`,
    warnings refuse the record as errors do."""
    from ..records.render import code_section

    ask = ask or NoInput()
    catalog = project.catalog
    flow = catalog.flow(flow_id)
    spans = project.flow_spans(flow)
    skip: set[int] = set()
    while True:
        draft, revising = pick_draft(catalog.workspace, flow, revise, ask, skip)
        if draft is None:
            return Outcome(Status.QUIT, flow.id, 0, drafts.drafts_dir(catalog.workspace))
        try:
            with drafts.claimed(draft.path, revising):
                if not revising and draft.path.exists():
                    adopted = _adopt_orphan(catalog, draft, texts)
                    if adopted is not None:
                        return adopted
                    if drafts.is_recorded(draft.path):
                        continue  # its orphan was adopted: the new texts take a new variant
                session = _Session(project, flow, draft, revising, spans, code_section(spans), strict=strict)
                return _loop(session, texts, ask, env)
        except DraftBusy:
            # texts from files need no particular draft: take the next variant, as a second
            # terminal would after the first one finished
            if texts is None or revising or len(skip) > 1000:
                raise
            skip.add(draft.variant)


def _adopt_orphan(catalog: Catalog, draft: DraftFile, texts: Texts | None) -> Outcome | None:
    """Before a pending draft is reused: adopt a corpus line with its texts but no provenance.

    The outcome when the operator is re-running the same texts (the record is done); None
    otherwise, the draft then being recorded (or without an orphan) and never overwritten.
    """
    from . import orphans

    adopted = orphans.adopt(catalog, only_draft=draft.path)
    if not adopted:
        return None
    if texts is not None:
        current = drafts.parse(drafts.read(draft.path), draft.path)
        wanted = drafts.parse(
            drafts.set_texts(drafts.read(draft.path), texts.request, texts.think, draft.path), draft.path
        )
        if (current.request, current.think) != (wanted.request, wanted.think):
            return None
    return Outcome(Status.APPENDED, draft.flow, draft.variant, draft.path, line=adopted[0].line, adopted=True)


def _loop(session: _Session, texts: Texts | None, ask: Interaction, env: Mapping[str, str] | None) -> Outcome:
    """Prepare the draft, then edit, check and commit until done or given up; the draft is claimed."""
    kept = _prepare(session, texts)
    outcome = _rounds(session, texts, ask, env)
    return replace(outcome, kept=kept) if kept is not None else outcome


def _rounds(
    session: _Session, texts: Texts | None, ask: Interaction, env: Mapping[str, str] | None
) -> Outcome:
    """Edit, check and commit until done or given up."""
    draft, revising = session.draft, session.revising
    if revising:
        session.old_hash = _recorded_hash(session)
    keep = f"The draft is kept at {draft.path}."
    refused = False
    ahead = _read_ahead(session) if texts is None else None
    while True:
        if texts is None:
            editor.edit(draft.path, keep, env, at_top=refused)  # reopened: at the problem note
        if ahead is not None:
            ahead.join()  # the check below then finds the crate read
            ahead = None
        refused = True
        if not os.path.lexists(draft.path):
            return Outcome(
                Status.INVALID,
                session.flow.id,
                draft.variant,
                draft.path,
                problem=f"{draft.path}: the draft is gone (deleted in the editor); "
                f"run `svix-flows write {session.flow.id}` to start it again",
            )
        outcome = _check(session)
        if outcome.status is not Status.INVALID and outcome.status is not Status.UNCHANGED:
            choice = ask.warned(outcome) if outcome.findings and texts is None else "append"
            if choice == "append":
                return _commit(session, outcome)
            _note_problems(draft.path, outcome)  # the warnings wait at the top of the draft
            if choice == "quit":
                return replace(outcome, status=Status.DECLINED)
            continue
        _note_problems(draft.path, outcome)
        if texts is not None or not ask.reopen(outcome):
            return outcome


def _read_ahead(session: _Session) -> threading.Thread:
    """Read what the check will need (the crate's names and facts, what the flow's functions
    reach) on a thread while the operator writes: the verdict then follows the editor's close
    by the record's own verdicts alone. The editor is another process, so the two never wait
    on each other."""
    from ..checks import validate

    blocks = [(span.path, span.start_line, span.end_line) for span in session.spans]
    thread = threading.Thread(
        target=validate.prepare, args=(session.project.checkout, blocks), name="read-ahead", daemon=True
    )
    thread.start()
    return thread


def _note_problems(path: Path, outcome: Outcome) -> None:
    """The problems at the top of the reopened draft, then the claims the code backs (so the
    operator sees which sentences stand while fixing the others)."""
    problems = [outcome.problem] if outcome.problem else [_describe(f) for f in outcome.findings]
    backed = supported_claims(outcome)
    if backed:
        problems += [f"backed by the code: {claim}" for claim in backed]
    try:
        drafts.save(path, drafts.set_problems(drafts.read(path), problems))
    except DataError:
        pass  # a draft too broken to annotate is left exactly as the operator saved it


def _describe(finding: Finding) -> str:
    return f"{finding.code} {finding.message}"


def _prepare(session: _Session, texts: Texts | None) -> Path | None:
    """Put the draft on disk before anything else: new from the template, or refreshed code.

    Texts from files that would replace a pending draft's own (a refused attempt, never recorded)
    first copy that draft aside, as `<draft>~`: the path returned, so the operator is told.
    """
    path = session.draft.path
    kept = None
    if path.exists():
        text = drafts.read(path)
        try:
            updated = drafts.refresh_code(text, session.code, path)
        except DataError:
            updated = text  # markers broken by hand: open it as it is, the check will say why
    else:
        text = ""
        updated = drafts.render(session.flow, session.draft.variant, session.code, session.workspace)
    if texts is not None:
        if text and not session.revising and _own_texts(session, text, texts):
            kept = drafts.keep_aside(path, text)
        updated = drafts.set_texts(updated, texts.request, texts.think, path)
    if session.revising:
        updated = drafts.set_review_note(updated, _review_note(session))
    if updated != text:
        drafts.save(path, updated)
    return kept


def _own_texts(session: _Session, text: str, texts: Texts) -> bool:
    """Whether a pending draft holds texts of the operator's that `texts` would replace."""
    path = session.draft.path
    try:
        current = drafts.parse(text, path)
        wanted = drafts.parse(drafts.set_texts(text, texts.request, texts.think, path), path)
    except DataError:
        return True  # markers broken by hand: whatever it holds is the operator's
    if (current.request, current.think) == (wanted.request, wanted.think):
        return False
    return not drafts.unchanged(current, session.flow, session.workspace)


def _review_note(session: _Session) -> str | None:
    """The reviewer's note when the record being revised was marked as needing work."""
    from .review import needs_work_note

    review = needs_work_note(session.project, relative(session.draft.path, session.workspace))
    return None if review is None else f"needs work ({review.at}): {review.note}"


def _assemble(session: _Session, parsed: drafts.Parsed) -> dict[str, Any]:
    from ..records import record

    system = record.system_message(session.workspace)
    return record.assemble(system, parsed.request, parsed.think, session.spans)


def _recorded_hash(session: _Session) -> str | None:
    """The corpus hash of the record being revised: from provenance, else from the draft as it is."""
    entry = latest_by_draft(provenance_path(session.corpus)).get(
        relative(session.draft.path, session.workspace)
    )
    if entry is not None:
        return entry.record_sha256
    try:
        parsed = drafts.parse(drafts.read(session.draft.path), session.draft.path)
        from ..records import record

        return line_hash(record.dumps(_assemble(session, parsed)))
    except DataError:
        return None


def _check(session: _Session) -> Outcome:
    from ..checks import validate
    from ..records.findings import finding

    path = session.draft.path
    base: dict[str, Any] = dict(flow=session.flow.id, variant=session.draft.variant, draft=path)
    try:
        parsed = drafts.parse(drafts.read(path), path)
    except DataError as exc:
        return Outcome(Status.INVALID, problem=str(exc), **base)
    code_edited = parsed.code.strip("\n") != session.code.strip("\n")
    if drafts.unchanged(parsed, session.flow, session.workspace):
        return Outcome(
            Status.UNCHANGED,
            code_edited=code_edited,
            problem=f"{path}: the draft is unchanged from the template; write the request and the reasoning",
            **base,
        )
    built = _assemble(session, parsed)
    from ..records import record

    data = record.dumps(built)
    digest = line_hash(data)
    own_line, next_line, duplicate = _scan(session.corpus, digest, session.old_hash)
    line = own_line if session.revising else next_line
    checked = validate.check_record(
        built,
        line=line or next_line,
        checkout=session.project.checkout,
        catalog=session.catalog,
        strict=session.strict,
    )
    findings = checked.findings
    adopt = False
    if duplicate is not None and not (session.revising and duplicate == own_line):
        owners = {e.record_sha256: e.draft for e in read_entries(provenance_path(session.corpus))}
        # written before a crash that cut the bookkeeping short (provenance, the draft's mark,
        # or, for a revision, the provenance of the new line): that line is this draft's record
        if owners.get(digest) in (None, relative(path, session.workspace)) and own_line is None:
            adopt = True
            line = duplicate
        else:
            findings.append(
                finding(
                    line or next_line, "E240", f"the same record is already line {duplicate} of the corpus"
                )
            )
    if duplicate is None:  # the corpus-wide checks of `validate`, against the lines already there
        repeats = validate.corpus_repeats(
            iter_lines(session.corpus), built, line or next_line, own_line if session.revising else None
        )
        findings.extend(f.strict() if session.strict else f for f in repeats)
    status = Status.INVALID if any(f.is_error for f in findings) else Status.APPENDED
    session.checked = _Checked(data, digest, adopt)
    return Outcome(
        status,
        line=line,
        findings=tuple(findings),
        code_edited=code_edited,
        names=checked.names,
        claims=checked.verdicts,
        **base,
    )


def _scan(corpus: Path, digest: str, old: str | None) -> tuple[int | None, int, int | None]:
    """(line of the old record, number of the next line, line already holding this record)."""
    own = duplicate = None
    last = 0
    for current in iter_lines(corpus):
        last = current.number
        value = current.sha256
        if old is not None and value == old and own is None:
            own = current.number
        if value == digest and duplicate is None:
            duplicate = current.number
    return own, last + 1, duplicate


def _commit(session: _Session, outcome: Outcome) -> Outcome:
    """Write the record, then its provenance, both under the lock; then mark the draft."""
    checked = session.checked
    if checked is None:
        raise RuntimeError("_commit runs after a _check that found the record good")
    draft_name = relative(session.draft.path, session.workspace)
    prov_path = provenance_path(session.corpus)
    with locked(session.corpus) as writer:
        entries = list(read_entries(prov_path))
        previous = next((e for e in reversed(entries) if e.draft == draft_name), None)
        if session.revising and previous is not None:
            # the record as it is now: a `rebuild` since the check may have re-assembled it
            session.old_hash = previous.record_sha256
        line, status, undo = _write_record(session, checked, outcome, writer)
        entry = None
        if status is not Status.SAME:
            entry = _entry(session, draft_name, line, checked.digest, previous)
            _write_provenance(writer, prov_path, entry, previous, entries, undo)
        # marked under the lock too: a `rebuild` must never see the record and its provenance
        # written while the draft still says pending (it would leave the record out)
        _mark_draft(session, entry)
    return Outcome(
        status,
        session.flow.id,
        session.draft.variant,
        session.draft.path,
        line=line,
        findings=outcome.findings,
        code_edited=outcome.code_edited,
        adopted=checked.adopt,
        names=outcome.names,
        claims=outcome.claims,
    )


def _write_record(
    session: _Session, checked: _Checked, outcome: Outcome, writer: Writer
) -> tuple[int, Status, Callable[[], None] | None]:
    """Append the record, or replace the revised one's line: (its line, the status, how to take
    the write back if its provenance cannot follow)."""
    data, digest = checked.data, checked.digest
    if not session.revising:
        if checked.adopt and outcome.line is not None:
            return outcome.line, Status.APPENDED, None
        size = writer.size()
        return writer.append(data), Status.APPENDED, lambda: writer.cut(size)
    own, _, landed = _scan(session.corpus, digest, session.old_hash)
    landed_before = own is None and checked.adopt and landed is not None
    if landed_before:
        own = landed
    if own is None:
        raise DataError(
            f"{session.corpus}: the record of `{session.flow.id}` variant "
            f"{session.draft.variant} is not in the corpus any more (edited by hand?); "
            "run `svix-flows rebuild` to re-assemble it from the drafts"
        )
    status = Status.SAME if digest == session.old_hash else Status.REVISED
    if status is Status.SAME or landed_before or session.old_hash is None:
        # (without an old hash `_scan` finds no own line: only a landed one gets here)
        return own, status, None
    line = own
    old = next(current.data for current in iter_lines(session.corpus) if current.number == line)
    writer.replace(line, session.old_hash, data)
    return line, status, lambda: writer.replace(line, digest, old + b"\n")


def _write_provenance(
    writer: Writer,
    prov_path: Path,
    entry: Entry,
    previous: Entry | None,
    entries: list[Entry],
    undo: Callable[[], None] | None,
) -> None:
    """Append the record's provenance entry, or renew the draft's; a failure takes the record
    back (`undo`), so "nothing was changed" holds; if even that fails, the re-run adopts the
    line (see `_check`)."""
    try:
        if previous is None:
            writer.append(entry.dumps(), prov_path)
        else:
            writer.rewrite([(entry if e is previous else e).dumps() for e in entries], prov_path)
    except SvixFlowsError:
        if undo is not None:
            try:
                undo()
            except (SvixFlowsError, OSError):
                pass
        raise


def _mark_draft(session: _Session, entry: Entry | None) -> None:
    """The draft's header says it is recorded (and since when); its problems are cleared."""
    text = drafts.read(session.draft.path)
    parsed_header = drafts.parse(text, session.draft.path)
    stamp = parsed_header.recorded or (entry.created if entry else None)
    marked = drafts.set_problems(drafts.set_header(text, session.flow.id, session.draft.variant, stamp), [])
    marked = drafts.set_review_note(marked, None)  # revised: the record awaits review again
    if marked != text:
        drafts.save(session.draft.path, marked)


def _entry(session: _Session, draft_name: str, line: int, digest: str, previous: Entry | None) -> Entry:
    from ..corpus.provenance import SpanProvenance

    if previous is not None:
        return previous.renewed(
            line=line,
            record_sha256=digest,
            spans=tuple(SpanProvenance.of(span) for span in session.spans),
            source_commit=session.catalog.source.commit,
        )
    return new_entry(
        session.flow.id,
        session.draft.variant,
        draft_name,
        line,
        digest,
        session.spans,
        session.catalog.source.commit,
    )
