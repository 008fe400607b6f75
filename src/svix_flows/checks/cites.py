"""Cites in the catalog's facts and notes: `file.rs:LINE` or `file.rs:A-B`, relative to the crate root.

Every fact and every note carries at least one cite, so anyone with the checkout can audit it;
the summary carries none (it says what the flow is for, the facts say where). An older
one-paragraph `description` needs at least `MIN_CITES`. `check` calls `check_cites`: each
cite's file must exist and hold its lines, each problem names its entry (`facts[3]`), and,
given the drift of the locked spans, a cite inside a locked span follows it (moved: where the
lines are now; changed or gone: to be reviewed). Findings are returned as data; nothing here prints.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any, NamedTuple

from ..catalog import DriftState, Flow, check_span_file
from ..errors import SourceError, SourceFileMissing

if TYPE_CHECKING:
    from ..rust.checkout import Checkout

MIN_CITES = 2  # for an older one-paragraph description; a fact or a note needs one

# a crate-relative path ending in `.rs`, a colon, a line or a range; not part of a longer path
CITE = re.compile(r"(?<![\w./:-])((?:[\w.-]+/)*[\w-]+\.rs):(\d+)(?:-(\d+))?(?![\w-])")


class Cite(NamedTuple):
    """Lines `start`..`end` (1-based, inclusive) of a file under the crate root."""

    file: str
    start: int
    end: int

    def __str__(self) -> str:
        lines = f"{self.start}" if self.start == self.end else f"{self.start}-{self.end}"
        return f"{self.file}:{lines}"

    def shifted(self, by: int) -> Cite:
        return Cite(self.file, self.start + by, self.end + by)


class CiteProblem(NamedTuple):
    """An entry of a flow (`facts[3]`, `notes[1]`, `summary`, `description`), or one of its
    cites, that `check` refuses; the message starts with the entry's name."""

    flow: str
    file: str
    kind: str
    message: str


class CiteDrift(NamedTuple):
    """A cite inside a locked span that did not stay put: `state` is the span's drift state
    (moved, changed, gone); `now` is where the cited lines are (moved only)."""

    flow: str
    cite: Cite
    state: DriftState
    symbol: str
    now: Cite | None


class CiteReport(NamedTuple):
    """Everything `check_cites` found: cites seen, problems, and drift."""

    cites: int
    problems: list[CiteProblem]
    drift: list[CiteDrift]


def find_cites(text: str) -> list[Cite]:
    """Every cite of a description, in order (a range written backwards is kept as written)."""
    found = []
    for match in CITE.finditer(text):
        start = _line_number(match.group(2))
        end = _line_number(match.group(3)) if match.group(3) else start
        found.append(Cite(match.group(1), start, end))
    return found


MAX_DIGITS = 18  # no file has a line whose number is longer
BEYOND = 10**MAX_DIGITS  # stands for such a number: past the end of every file


def _line_number(digits: str) -> int:
    """The cited line; an over-long number is past every file's end (and int() of over
    4,300 digits would be a ValueError)."""
    return int(digits) if len(digits) <= MAX_DIGITS else BEYOND


def check_cites(flows: Iterable[Flow], checkout: Checkout, drift: Iterable[Any] = ()) -> CiteReport:
    """Check every description's cites on the checkout. `drift` is check's span drift
    (entries with flow, file, symbol, state, locked_lines, lines); empty without a lock."""
    located = [d for d in drift if d.locked_lines is not None]
    problems: list[CiteProblem] = []
    moved: list[CiteDrift] = []
    total = 0
    for flow in flows:
        problems.extend(_entry_problems(flow))
        for entry, text in flow.cited:
            for cite in find_cites(text):
                total += 1
                followed = _follow(flow.id, cite, located)
                if followed is not None:
                    moved.append(followed)
                    if followed.state is DriftState.MOVED:
                        continue  # the span's text is intact; its lines are known to exist
                problem = _lines_problem(cite, checkout)
                if problem is not None:
                    kind, message = problem
                    problems.append(CiteProblem(flow.id, cite.file, kind, f"{entry}: {message}"))
    return CiteReport(total, problems, moved)


def _entry_problems(flow: Flow) -> list[CiteProblem]:
    """Entries under their share of cites: an older description under `MIN_CITES`, a fact or a
    note without one, a summary with one."""
    if flow.description:
        count = len(find_cites(flow.description))
        if count >= MIN_CITES:
            return []
        return [
            CiteProblem(
                flow.id,
                "",
                "too-few-cites",
                f"description: has {count} cite(s); every factual sentence needs one, at least "
                f"{MIN_CITES} (write `file.rs:LINE` or `file.rs:A-B`)",
            )
        ]
    problems = [
        CiteProblem(
            flow.id,
            "",
            "too-few-cites",
            f"{entry}: no cite; each fact and note cites the lines that show it "
            "(write `file.rs:LINE` or `file.rs:A-B`)",
        )
        for entry, text in flow.cited
        if not find_cites(text)
    ]
    cited = find_cites(flow.summary)
    if cited:
        problems.append(
            CiteProblem(
                flow.id,
                cited[0].file,
                "cite-in-summary",
                f"summary: cites {cited[0]}; the summary says what the flow does, move the claim "
                "and its cite into `facts`",
            )
        )
    return problems


def _lines_problem(cite: Cite, checkout: Checkout) -> tuple[str, str] | None:
    """(kind, message) when the cite's file or lines are not in the checkout, else None."""
    bad_path = check_span_file(cite.file)
    if bad_path:
        return "cite-bad-file", f"cite {cite}: the path {bad_path}"
    try:
        count = len(checkout.source_file(cite.file).lines)
    except SourceFileMissing:
        return "cite-unknown-file", f"cite {cite}: no such file under the crate root"
    except SourceError as exc:
        return "cite-bad-file", f"cite {cite}: {exc}"
    if cite.start < 1 or cite.end < cite.start:
        return "cite-bad-lines", f"cite {cite}: write a range as A-B with 1 <= A <= B"
    if cite.end >= BEYOND:
        return (
            "cite-bad-lines",
            f"cite {cite.file}:…: a line number of over {MAX_DIGITS} digits; the file has {count} lines",
        )
    if cite.end > count:
        return "cite-bad-lines", f"cite {cite}: the file has {count} lines"
    return None


def _follow(flow: str, cite: Cite, located: list[Any]) -> CiteDrift | None:
    """The drift of the smallest locked span holding the cite (the flow's own spans first),
    or None when it stayed put or no locked span holds it."""
    holders = [
        d
        for d in located
        if d.file == cite.file and d.locked_lines[0] <= cite.start and cite.end <= d.locked_lines[1]
    ]
    if not holders:
        return None
    span = min(holders, key=lambda d: (d.flow != flow, d.locked_lines[1] - d.locked_lines[0]))
    if span.state is DriftState.UNCHANGED:
        return None
    if span.state is DriftState.MOVED:
        now = cite.shifted(span.lines[0] - span.locked_lines[0])
        return CiteDrift(flow, cite, DriftState.MOVED, span.symbol, now)
    return CiteDrift(flow, cite, span.state, span.symbol, None)
