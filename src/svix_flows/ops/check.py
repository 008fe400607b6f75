"""`check`: every span of the catalog resolved on the checkout, the pinned commit confirmed,
and, given a lock, each span's drift since the lock was written; the cites of the flows' facts
and notes are checked by `cites`."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import NamedTuple

from .. import git
from ..catalog import Catalog, DriftState
from ..checks.catalog_claims import check_flow_claims
from ..checks.cites import CiteDrift, check_cites
from ..corpus.pins import Lock
from ..errors import (
    AmbiguousSpan,
    MacroGenerated,
    SourceError,
    SourceFileMissing,
    SpanNotFound,
    SvixFlowsError,
)
from ..rust.checkout import Checkout, Span

MIN_FILES = 3
ENTRY_KINDS = ("fn", "method")  # what `entry = true` may mark: code a trace can start from


class Problem(NamedTuple):
    """A span, or a flow, that the checkout does not support as the catalog says."""

    flow: str
    file: str
    symbol: str
    kind: str
    message: str


class Drift(NamedTuple):
    """What became of a locked span: unchanged, moved, changed, gone, or new (not locked)."""

    flow: str
    file: str
    symbol: str
    state: DriftState
    locked_lines: tuple[int, int] | None
    lines: tuple[int, int] | None


class CommitState(NamedTuple):
    """The pinned commit, the checkout's HEAD (None when unknown) and why it is unknown."""

    pinned: str
    head: str | None
    note: str

    @property
    def matches(self) -> bool:
        return self.head == self.pinned


class CheckReport(NamedTuple):
    """Everything `check` found."""

    problems: list[Problem]
    drift: list[Drift]
    commit: CommitState
    spans: list[tuple[str, Span]]
    flows: int
    files: int
    cites: int = 0
    cite_drift: tuple[CiteDrift, ...] = ()
    claims: int = 0  # claims of the flows' prose the claims check judged

    @property
    def ok(self) -> bool:
        return (
            not self.problems
            and not any(d.state.needs_author for d in self.drift)
            and not any(d.state.needs_author for d in self.cite_drift)
        )


_KINDS = (
    (SourceFileMissing, "unknown-file"),
    (SpanNotFound, "unknown-symbol"),
    (AmbiguousSpan, "ambiguous"),
    (MacroGenerated, "macro-generated"),
    (SourceError, "bad-file"),
)


def head_commit(root: Path, pinned: str) -> CommitState:
    """The checkout's HEAD through git (argument list, no shell), or why it is unknown."""
    try:
        head = git.head(root)
        if head is None:
            return CommitState(pinned, None, f"{root} is not a git checkout: the commit cannot be confirmed")
        status = git.run(
            ["status", "--porcelain", "--untracked-files=no", "--ignore-submodules=all"],
            timeout=60,
            repo=root,
        )
    except FileNotFoundError:
        return CommitState(pinned, None, "git is not installed: the commit cannot be confirmed")
    except (OSError, subprocess.TimeoutExpired) as exc:
        return CommitState(pinned, None, f"git failed: {exc}")
    dirty = status.stdout.strip()
    edited = " (with uncommitted changes)" if dirty else ""
    if head == pinned:
        return CommitState(pinned, head, f"checkout at the pinned commit {pinned[:12]}{edited}")
    return CommitState(
        pinned,
        head,
        f"checkout at {head[:12]}{edited}, the catalog pins {pinned[:12]}: spans are compared with the lock",
    )


def check_catalog(catalog: Catalog, checkout: Checkout, lock: Lock | None) -> CheckReport:
    """Resolve every span of every flow; report problems and, with a lock, drift."""
    problems: list[Problem] = []
    drift: list[Drift] = []
    resolved: list[tuple[str, Span]] = []
    files: set[str] = set()
    for flow in catalog.flows:
        files.update(flow.files)
        if len(flow.files) < MIN_FILES:
            problems.append(
                Problem(
                    flow.id,
                    "",
                    "",
                    "too-few-files",
                    f"crosses {len(flow.files)} file(s); a flow crosses at least {MIN_FILES}",
                )
            )
        for ref in flow.spans:
            try:
                span = checkout.span(ref)
            except SvixFlowsError as exc:
                kind = next((k for cls, k in _KINDS if isinstance(exc, cls)), "error")
                problems.append(Problem(flow.id, ref.file, ref.symbol, kind, str(exc)))
                span = None
            if span is not None:
                resolved.append((flow.id, span))
                if ref in flow.entries and ref != flow.spans[0] and span.kind not in ENTRY_KINDS:
                    problems.append(
                        Problem(
                            flow.id,
                            ref.file,
                            ref.symbol,
                            "entry-not-callable",
                            f"is a {span.kind}; `entry = true` marks a function or method, remove it",
                        )
                    )
            if lock is not None:
                drift.append(_drift(flow.id, ref.file, ref.symbol, span, lock))
    cites = check_cites(catalog.flows, checkout, drift)
    problems.extend(Problem(p.flow, p.file, "", p.kind, p.message) for p in cites.problems)
    by_flow: dict[str, list[Span]] = {}
    for flow_id, span in resolved:
        by_flow.setdefault(flow_id, []).append(span)
    claims = check_flow_claims(catalog.flows, checkout, by_flow)
    problems.extend(Problem(p.flow, "", "", p.kind, p.message) for p in claims.problems)
    return CheckReport(
        problems,
        drift,
        head_commit(checkout.root, catalog.source.commit),
        resolved,
        len(catalog.flows),
        len(files),
        cites.cites,
        tuple(cites.drift),
        claims.checked,
    )


def _drift(flow: str, file: str, symbol: str, span: Span | None, lock: Lock) -> Drift:
    locked = lock.spans.get((flow, file, symbol))
    lines = (span.start_line, span.end_line) if span is not None else None
    if locked is None:
        return Drift(flow, file, symbol, DriftState.NEW, None, lines)
    was = (locked.start_line, locked.end_line)
    if span is None:
        state = DriftState.GONE
    elif span.sha256 != locked.sha256:
        state = DriftState.CHANGED
    elif lines != was:
        state = DriftState.MOVED
    else:
        state = DriftState.UNCHANGED
    return Drift(flow, file, symbol, state, was, lines)
