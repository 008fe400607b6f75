"""The flow's arrows in drawing order, and `build_map`, which makes a flow's `FlowMap`.

Drawing starts at the functions nothing in the flow calls (the flow's first span first; those
that run at start-up, in a start-up frame, before them) and follows each call depth first, its
return after what its callee draws. A task the flow enqueues is delivered to the flow function
whose parameters name it, after the producer has answered. A function already drawn is called
again as "shown above", not drawn twice.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ...catalog import Flow
from ...rust.checkout import Checkout
from .edges import Edge, EdgeFinder, drop_shadowed, mentions
from .framing import Framing
from .kinds import ArrowKind, FrameKind, LaneKind
from .labels import split_result
from .lanes import FlowLanes, read_lanes
from .model import QUEUE_LIFELINE, Arrow, FlowMap, Frame, Lifeline, flow_summary, renumbered
from .signatures import Signatures

if TYPE_CHECKING:
    from ...rust.crate import FnDef

_UNIT = {None, "", "()"}  # a return type that draws no return arrow
_LANE_ORDER = {LaneKind.MODULE: 0, LaneKind.STORE: 1, LaneKind.QUEUE: 2}
_ROUTER = re.compile(r"\b(?:Api)?Router\b")
_IMPLEMENTOR_SELF = re.compile(r"\bSelf\b")
ON_ITS_OWN = "entered on its own, not by the flow's other spans"


def _call_notes(edge: Edge, again: bool) -> str:
    notes = []
    if edge.conversion:
        notes.append("the ? on its Err")
    if edge.via:
        notes.append("via " + " → ".join(edge.via))
    if edge.count > 1:
        notes.append(f"×{edge.count}")
    if again:
        notes.append("shown above")
    return "; ".join(notes)


class Sequencer:
    """Draws the arrows and frames of a flow, each function's edges once."""

    def __init__(self, flow: Flow, lanes: FlowLanes, signatures: Signatures, finder: EdgeFinder) -> None:
        self.flow = flow
        self.lanes = lanes
        self.signatures = signatures
        self.lifelines = list(lanes.lifelines)  # the task queue and the stores join as reached
        self.arrows: list[Arrow] = []
        self.frames: list[Frame] = []
        self.expanded: set[int] = set()
        self.extra: dict[str, int] = {}  # the task queue and the stores, by name, once each
        self.deliveries: list[tuple[str, FnDef]] = []
        # every function's edges first: reading them finds the consumers of trace's own hops
        self.edges = drop_shadowed({id(fn): finder.edges(fn) for fn in lanes.functions})
        self.consumers = find_consumers(self.edges, finder.hop_consumers, lanes, signatures)

    def build(self) -> FlowMap:
        targets = [e for es in self.edges.values() for e in es if e.target is not None]
        called = {id(e.target) for e in targets if not e.origin}
        called |= {id(c) for c in self.consumers.values() if c is not None}
        origins = {id(e.target) for e in targets if e.origin}
        roots = [fn for fn in self.lanes.functions if id(fn) not in called]
        self._draw_startup([fn for fn in roots if self._at_startup(fn, origins)])
        self._draw_entries(roots)
        return finish(self.flow, self.lifelines, self.arrows, self.frames)

    def _draw_startup(self, startup: list[FnDef]) -> None:
        """What runs when the server loads, first, in a start-up frame."""
        if not startup:
            return
        begin = len(self.arrows)
        for fn in startup:
            self._enter(fn, "at start-up")
        label = "at start-up, before any request or task"
        self.frames.append(Frame(FrameKind.STARTUP, label, begin, len(self.arrows)))

    def _draw_entries(self, roots: list[FnDef]) -> None:
        """The roots, and last what only a cycle (or the queue) reaches, in flow order; the
        first drawn is the flow's own entry, and no entry is ever "from outside the flow"."""
        rest = [fn for fn in self.lanes.functions if id(fn) not in {id(r) for r in roots}]
        first = True
        for fn in roots + rest:
            if id(fn) not in self.expanded:
                self._enter(fn, "" if first else self._entry_note(fn))
                first = False

    def _entry_note(self, fn: FnDef) -> str:
        marked = {(ref.file, ref.symbol) for ref in self.flow.marked_entries}
        if (fn.file, fn.qualname) in marked or (fn.file, fn.name) in marked:
            return "entry point"
        return ON_ITS_OWN

    def _at_startup(self, fn: FnDef, origins: set[int]) -> bool:
        """Whether a root of the flow runs when the server loads, not per request: a function
        whose value a field holds (a deserialiser or a validator of the configuration), or the
        wiring that returns the router."""
        if id(fn) in origins:
            return True
        _, returns = self.signatures.raw(fn)
        return bool(returns and _ROUTER.search(returns))

    # -- drawing --

    def _lane_of(self, name: str, kind: LaneKind) -> int:
        if name not in self.extra:
            self.extra[name] = len(self.lifelines)
            self.lifelines.append(Lifeline(name, kind=kind))
        return self.extra[name]

    def _enter(self, fn: FnDef, note: str) -> None:
        params, returns = self.signatures.of(fn)
        name, lane = self.signatures.function_name(fn), self.lanes.lane(fn)
        self.arrows.append(Arrow(ArrowKind.ENTRY, None, lane, name, params, note=note))
        self._visit(fn)
        if returns not in _UNIT:
            _, _, fallible = split_result(returns)
            self.arrows.append(Arrow(ArrowKind.RETURN, lane, None, name, (returns or "",), error=fallible))
        self._deliver()

    def _visit(self, fn: FnDef) -> None:
        self.expanded.add(id(fn))
        here = self.lanes.lane(fn)
        framing = Framing(self.arrows, self.frames)
        for edge in self.edges[id(fn)]:
            framing.enter(edge.context)
            self._draw(edge, here)
        framing.close()

    def _draw(self, edge: Edge, here: int) -> None:
        if edge.store is not None:
            lane = self._lane_of(edge.store.lane, LaneKind.STORE)
            store = Arrow(ArrowKind.STORE, here, lane, edge.store.verb, (edge.store.text,), line=edge.line)
            self.arrows.append(store)
        elif edge.target is None:
            self._enqueue(edge, here)
        elif edge.origin:  # drawn from the function that made the value, which runs elsewhere
            note = f"{'checked' if edge.checked else 'made'} earlier, not called here"
            source = self.lanes.lane(edge.target)
            function = edge.target.qualname
            self.arrows.append(
                Arrow(ArrowKind.ORIGIN, source, here, function, (edge.origin,), line=edge.line, note=note)
            )
        else:
            self._call(edge, edge.target, here)

    def _call(self, edge: Edge, target: FnDef, here: int) -> None:
        background = any(scope.kind == FrameKind.BACKGROUND for scope in edge.context)
        params, returns = self.signatures.of(target)
        if edge.implementor:  # the trait's `Self` is the type it was called on
            params = tuple(_IMPLEMENTOR_SELF.sub(edge.implementor, p) for p in params)
            returns = _IMPLEMENTOR_SELF.sub(edge.implementor, returns) if returns else returns
        again = id(target) in self.expanded
        there, name = self.lanes.lane(target), self.signatures.function_name(target)
        note = _call_notes(edge, again)
        self.arrows.append(
            Arrow(
                ArrowKind.CALL, here, there, name, params, line=edge.line, note=note, asynchronous=background
            )
        )
        if not again:
            self._visit(target)
        if edge.task:
            self._enqueue(edge, there)
        if returns not in _UNIT and not background:
            _, _, fallible = split_result(returns)
            propagated = edge.propagated and fallible
            self.arrows.append(
                Arrow(
                    ArrowKind.RETURN,
                    there,
                    here,
                    name,
                    (returns or "",),
                    error=fallible,
                    propagated=propagated,
                )
            )

    def _enqueue(self, edge: Edge, at: int) -> None:
        lane = self._lane_of(QUEUE_LIFELINE, LaneKind.QUEUE)
        task = edge.task.name if edge.task else ""  # only an edge with a task is enqueued
        self.arrows.append(Arrow(ArrowKind.QUEUE, at, lane, "enqueue", (task,), line=edge.line))
        consumer = self.consumers.get(task)
        if consumer is not None:  # a worker takes it later, after the producer's answer
            self.deliveries.append((task, consumer))

    def _deliver(self) -> None:
        while self.deliveries:
            task, consumer = self.deliveries.pop(0)
            shown = id(consumer) in self.expanded
            note = f"to {consumer.qualname}{'; shown above' if shown else ''}"
            queue = self._lane_of(QUEUE_LIFELINE, LaneKind.QUEUE)
            self.arrows.append(
                Arrow(ArrowKind.QUEUE, queue, self.lanes.lane(consumer), "deliver", (task,), note=note)
            )
            if not shown:
                self._visit(consumer)


def find_consumers(
    edges: dict[int, list[Edge]], hop_consumers: dict[str, FnDef], lanes: FlowLanes, signatures: Signatures
) -> dict[str, FnDef | None]:
    """For each task the flow enqueues, the flow function that receives it (or None): the one
    trace's own hop names, else the first whose parameters name the task."""
    found: dict[str, FnDef | None] = dict(hop_consumers)
    for edge in (e for es in edges.values() for e in es):
        if edge.task is None or not edge.task.name or edge.task.name in found:
            continue
        producers = {id(edge.caller)} | ({id(edge.target)} if edge.target is not None else set())
        found[edge.task.name] = next(
            (
                fn
                for fn in lanes.functions
                if id(fn) not in producers
                and mentions(signatures.raw(fn)[0], edge.task.words)
                and not fn.name.endswith("new_task")
            ),
            None,
        )
    return found


def finish(flow: Flow, lifelines: list[Lifeline], arrows: list[Arrow], frames: list[Frame]) -> FlowMap:
    """The lifelines in reading order (the flow's modules, then the stores, the task queue
    last) and without those no arrow reaches; arrows renumbered to match."""
    used = {i for a in arrows for i in (a.source, a.target) if i is not None}
    order = sorted(used, key=lambda i: (_LANE_ORDER[lifelines[i].kind], i))
    new = {old: index for index, old in enumerate(order)}
    unseen = tuple(
        f"{lane.name}::{ty}" for i, lane in enumerate(lifelines) if i not in used for ty in lane.types
    )
    # outermost first: frames are listed as they close, inner before outer
    in_order = sorted(enumerate(frames), key=lambda p: (p[1].start, -p[1].end, -p[0]))
    return FlowMap(
        flow.id,
        flow.title,
        flow.summary,
        tuple(lifelines[i] for i in order),
        tuple(renumbered(a, new) for a in arrows),
        tuple(f for _, f in in_order),
        flow_summary(flow),
        unseen,
    )


def build_map(checkout: Checkout, flow: Flow) -> FlowMap:
    """The sequence diagram of `flow`: its modules and the calls and queue hops between its spans."""
    # trace is loaded only when a map is drawn
    from ...rust.trace.calls import signature
    from ...rust.trace.walk import Tracer

    tracer = Tracer(checkout)
    lanes = read_lanes(checkout, flow, tracer.crate)
    signatures = Signatures(tracer.crate, signature)
    return Sequencer(flow, lanes, signatures, EdgeFinder(tracer, lanes, signatures)).build()
