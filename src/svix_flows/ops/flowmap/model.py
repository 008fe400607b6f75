"""The diagram of one flow, before any drawing: lifelines (modules) and arrows (messages) in order.

An arrow is drawn only between two functions of the flow's own spans (directly, or through a
few crate functions outside the flow, which the arrow then names); a queue hop goes through
the task queue's lifeline, a statement on a connection or a cache access to a store's. Around
the arrows sit frames: `par`, background, transaction, loop, `opt`/`alt` and start-up.
`sequence` builds a `FlowMap`; `svg`, `mermaid` and `text` draw it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from ...catalog import Flow
from .kinds import ArrowKind, FrameKind, LaneKind

QUEUE_LIFELINE = "task queue"
DATABASE, CACHE = "PostgreSQL", "cache (Redis or memory)"


@dataclass(frozen=True)
class Lifeline:
    """One column of the diagram: a module of the flow, the task queue between processes, or a
    store (the database, the cache) the flow's functions read and write."""

    name: str
    file: str = ""
    kind: LaneKind = LaneKind.MODULE
    types: tuple[str, ...] = ()  # the flow's non-function spans in this module (structs, enums…)


@dataclass(frozen=True)
class Arrow:
    """One message of the sequence, in drawing order.

    `source` is None for a message from outside the flow (the entry's caller) and `target` is
    None for a return to it. `data` holds the types that cross: parameter types for a call,
    the return type for a return, the task for a queue hop, the statement for a store access.
    """

    kind: ArrowKind
    source: int | None
    target: int | None
    function: str
    data: tuple[str, ...] = ()
    error: bool = False  # a return that may carry an `Err` (drawn dashed)
    propagated: bool = False  # the caller applies `?` to it
    line: int = 0  # line of the call in the caller's file
    note: str = ""  # "via …", "×3", "shown above", "entry point"
    asynchronous: bool = False  # a spawned call: the caller does not wait, nothing returns

    @property
    def is_return(self) -> bool:
        return self.kind == ArrowKind.RETURN


@dataclass(frozen=True)
class Frame:
    """A box around the arrows `start` to `end - 1`: concurrent branches (`par`, a new branch
    at each index of `branches`), spawned work (`background`), what runs at start-up, a
    database transaction, or a step a condition decides (`opt`, `alt`)."""

    kind: FrameKind
    label: str
    start: int
    end: int
    branches: tuple[int, ...] = ()


@dataclass(frozen=True)
class FlowMap:
    """A flow as a sequence diagram: who talks to whom, in order, and what crosses."""

    flow: str
    title: str
    description: str
    lifelines: tuple[Lifeline, ...]
    arrows: tuple[Arrow, ...]
    frames: tuple[Frame, ...] = ()
    summary: str = ""  # one sentence under the title (`flow_summary`)
    unseen: tuple[str, ...] = ()  # types of the flow in modules no arrow reaches


def flow_summary(flow: Flow) -> str:
    """The one sentence that sits under a picture's title: the catalog's `summary` (for a flow
    in the older form, the first sentence of its description, without cites)."""
    return " ".join(flow.summary.split())


def renumbered(arrow: Arrow, new: dict[int, int]) -> Arrow:
    """`arrow` with its lifeline indexes mapped through `new` (None, the outside, stays)."""
    return replace(
        arrow,
        source=None if arrow.source is None else new[arrow.source],
        target=None if arrow.target is None else new[arrow.target],
    )


def crop(diagram: FlowMap, start: int, end: int) -> FlowMap:
    """Arrows `start` to `end - 1` of `diagram`, with only the lifelines they join and the
    frames (clipped) around them: a part small enough to read where the page is narrow."""
    arrows = diagram.arrows[start:end]
    used = sorted({i for a in arrows for i in (a.source, a.target) if i is not None})
    new = {old: index for index, old in enumerate(used)}
    frames = tuple(
        Frame(
            f.kind,
            f.label,
            max(f.start, start) - start,
            min(f.end, end) - start,
            tuple(b - start for b in f.branches if start < b < end),
        )
        for f in diagram.frames
        if f.start < end and f.end > start
    )
    return replace(
        diagram,
        lifelines=tuple(diagram.lifelines[i] for i in used),
        arrows=tuple(renumbered(a, new) for a in arrows),
        frames=frames,
        unseen=(),
    )
