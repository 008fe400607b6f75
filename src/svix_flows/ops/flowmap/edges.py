"""The edges of one flow function: its calls of the flow's functions, its task sends, its store
accesses and the field values other flow functions made, in evaluation order, each with the
frames (`scopes`) around it.

A call is an edge only between two functions of the flow's own spans, directly or through at
most `VIA_LIMIT` crate functions outside the flow (the edge then names them). A field read
whose value a flow function made earlier (trace's field origin: a `deserialize_with` or custom
validator of the field) is an origin, not a call: nothing runs then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

from ...rust.trace.model import FIELD_ORIGIN
from .call_site import Task, call_node, opens_transaction, propagated, task_of
from .kinds import ArrowKind
from .lanes import FlowLanes
from .model import CACHE, DATABASE
from .scopes import Scope, scopes, statement
from .signatures import Signatures

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.syntax import Node
    from ...rust.trace.model import Call
    from ...rust.trace.walk import Tracer

VIA_LIMIT = 2  # crate functions outside the flow an indirect arrow may pass through

_IMPLEMENTOR = re.compile(r"^(?:[a-z_]\w*::)*([A-Z]\w*)::\w+\(")
_CACHE_ACCESS = re.compile(r"^(?:get|set|delete|del|remove)(?:_\w+)?$")
_NOT_A_CALL = ("extractor", "reference")  # trace's edges with no call expression of their own
_QUEUE_HOWS = ("queue", "queue hop")

Reached = tuple["FnDef", tuple[str, ...]]  # a flow function, and the functions on the way to it


@dataclass(frozen=True)
class StoreAccess:
    """A statement on the database or a cache access: the store's lifeline, the verb, the call."""

    lane: str
    verb: str
    text: str


@dataclass(frozen=True)
class Edge:
    """One thing a flow function does that the diagram draws, at `order` in its body."""

    caller: FnDef
    target: FnDef | None  # None: a task send the trace does not follow, or a store access
    line: int
    order: int
    propagated: bool
    via: tuple[str, ...] = ()
    count: int = 1
    task: Task | None = None  # a task enqueued by this call (a producer `.send`)
    origin: str = ""  # a field read whose value `target` made (or checked) earlier
    checked: bool = False  # the origin is a validator, not what made the value
    store: StoreAccess | None = None
    context: tuple[Scope, ...] = ()  # the frames around the call, outermost first
    conversion: bool = False  # a `?` that converts the error through this `From` impl
    implementor: str = ""  # the type a trait's default method is called on (`MessageAttemptId`)


@dataclass
class _Found:
    """One function's edges, kept apart by kind until they are put in evaluation order."""

    calls: dict[int, Edge] = field(default_factory=dict)  # by id of the target: drawn once
    sends: list[Edge] = field(default_factory=list)
    origins: dict[int, Edge] = field(default_factory=dict)  # by id of the function
    stores: dict[int, Edge] = field(default_factory=dict)  # by order

    def in_order(self) -> list[Edge]:
        # a stable sort: at one order, a call comes before a send, an origin and a store
        edges = [*self.calls.values(), *self.sends, *self.origins.values(), *self.stores.values()]
        return sorted(edges, key=lambda e: e.order)


@dataclass(frozen=True)
class _Site:
    """Where one call sits in its caller: the facts each edge it gives shares."""

    line: int
    order: int
    propagated: bool
    context: tuple[Scope, ...]


def _is_queue_hop(call: Call) -> bool:
    """Whether `trace` marks this edge as a queue hop (a `kind`, or `how`, of "queue")."""
    return getattr(call, "kind", None) == ArrowKind.QUEUE or getattr(call, "how", "") in _QUEUE_HOWS


def _shared_prefix(one: tuple[Scope, ...], other: tuple[Scope, ...]) -> tuple[Scope, ...]:
    shared = 0
    while shared < min(len(one), len(other)) and one[shared] == other[shared]:
        shared += 1
    return one[:shared]


def mentions(types: Iterable[str], words: frozenset[str]) -> bool:
    """Whether any of `types` names one of `words` (a whole word)."""
    return any(re.search(rf"\b{re.escape(w)}\b", t) for t in types for w in words)


def _seen_again(
    calls: dict[int, Edge], target: FnDef, via: tuple[str, ...], context: tuple[Scope, ...]
) -> bool:
    """Whether `target` already has an edge from this function, which then counts this call:
    drawn once, framed by what both calls share. A direct call replaces an indirect one."""
    key = id(target)
    if key in calls and not via and calls[key].via:
        del calls[key]  # a direct call beats a path through other functions
    if key not in calls:
        return False
    again = calls[key]
    calls[key] = replace(again, count=again.count + 1, context=_shared_prefix(again.context, context))
    return True


def _store(call: Call, node: Node | None, lanes: FlowLanes) -> StoreAccess | None:
    """The store a call reaches outside the flow's functions: a statement on a database
    connection, or the crate's cache (a function of a `cache` module the flow does not hold)."""
    found = statement(node)
    if found is not None:
        return StoreAccess(DATABASE, found[0], found[1])
    outside = [t for t in call.targets if not lanes.holds(t)]
    if (
        outside
        and len(outside) == len(call.targets)
        and all("cache" in t.module.path and _CACHE_ACCESS.match(t.name) for t in outside)
    ):
        return StoreAccess(CACHE, "", " ".join(call.text.split()).replace("()", "(…)"))
    return None


class EdgeFinder:
    """Reads the edges of the flow's functions from `trace`'s calls and the callers' trees."""

    def __init__(self, tracer: Tracer, lanes: FlowLanes, signatures: Signatures) -> None:
        self.tracer = tracer
        self.lanes = lanes
        self.signatures = signatures
        self.hop_consumers: dict[str, FnDef] = {}  # task -> receiving fn, from trace's own hops

    def edges(self, fn: FnDef) -> list[Edge]:
        """Calls from `fn` to the flow's functions, its task sends and its store accesses, in
        evaluation order, each with the frames around it."""
        found = _Found()
        tree = self.tree(fn)
        for call in self.tracer.calls(fn):
            context = scopes(tree, call.start)
            if call.how == FIELD_ORIGIN:  # a value made earlier: an origin, never a call now
                self._add_origins(fn, call, context, found)
            elif _is_queue_hop(call):  # an edge `trace` itself knows to cross the queue
                self._add_hops(fn, call, context, found)
            else:
                self._add_call(fn, call, tree, context, found)
        return found.in_order()

    def tree(self, fn: FnDef) -> Node:
        """`fn`'s node in trace's re-parse of its file, where `join!(…)`-like macros are calls
        whose arguments are expressions (same bytes), or its own node."""
        self.tracer.calls(fn)  # the re-parse is made, once per file, when a body needs it
        # trace's own cache of re-parsed files; without it, the plain tree (macro bodies then
        # hold no frames, which only loses `join!`'s `par`)
        cache: dict[str, Node | None] = getattr(getattr(self.tracer, "rules", None), "reparsed", {})
        root = cache.get(fn.file)
        node = fn.node
        found = root.descendant_for_byte_range(node.start_byte, node.end_byte) if root is not None else None
        if found is None or (found.type, found.start_byte, found.end_byte) != (
            node.type,
            node.start_byte,
            node.end_byte,
        ):
            return node
        return found

    # -- one call, by what trace says it is --

    def _add_origins(self, fn: FnDef, call: Call, context: tuple[Scope, ...], found: _Found) -> None:
        for edge in call.edges():
            if self.lanes.holds(edge.fn) and edge.fn is not fn:
                origin = Edge(
                    fn,
                    edge.fn,
                    call.line,
                    call.start,
                    False,
                    origin=call.text,
                    checked=edge.via.startswith("#[validate"),
                    context=context,
                )
                found.origins.setdefault(id(edge.fn), origin)  # kept apart: a real call stays a call

    def _add_hops(self, fn: FnDef, call: Call, context: tuple[Scope, ...], found: _Found) -> None:
        for target in call.targets:
            if self.lanes.holds(target):
                task = (self.signatures.of(target)[0][:1] or (call.text,))[0]
                self.hop_consumers[task] = target
                found.sends.append(
                    Edge(
                        fn, None, call.line, call.start, False, task=Task(task, frozenset()), context=context
                    )
                )

    def _add_call(self, fn: FnDef, call: Call, tree: Node, context: tuple[Scope, ...], found: _Found) -> None:
        node = call_node(tree, call.start, call.text) if call.how not in _NOT_A_CALL else None
        site = _Site(call.line, node.end_byte if node is not None else call.start, propagated(node), context)
        task = task_of(node)
        reached = self._reached(fn, call)
        for target, via in reached:
            if _seen_again(found.calls, target, via, context):
                continue
            named = _IMPLEMENTOR.match(call.text)
            implementor = named.group(1) if named and target.in_trait and not via else ""
            # the task goes with the first flow function the send reaches
            found.calls[id(target)] = Edge(
                fn,
                target,
                site.line,
                site.order,
                site.propagated,
                via,
                task=task,
                context=context,
                implementor=implementor,
            )
            task = None
        if not reached:
            self._add_unfollowed(fn, call, node, site, task, found)
        if site.propagated and node is not None and opens_transaction(node):
            for convert in self._transaction_errors(found.calls):
                found.calls[id(convert)] = Edge(
                    fn, convert, site.line, site.order + 1, True, conversion=True, context=context
                )

    def _add_unfollowed(
        self, fn: FnDef, call: Call, node: Node | None, site: _Site, task: Task | None, found: _Found
    ) -> None:
        """A call that reaches no flow function: a send the trace does not follow (the caller
        enqueues), or a store access."""
        if task is not None:
            found.sends.append(
                Edge(fn, None, site.line, site.order, site.propagated, task=task, context=site.context)
            )
            return
        store = _store(call, node, self.lanes)
        if store is not None and site.order not in found.stores:
            found.stores[site.order] = Edge(
                fn, None, site.line, site.order, False, store=store, context=site.context
            )

    # -- where a call goes --

    def _reached(self, fn: FnDef, call: Call) -> list[Reached]:
        """The flow functions a call reaches: its own targets, then those through crate
        functions outside the flow (never `fn` itself)."""
        direct: list[Reached] = [(t, ()) for t in call.targets if self.lanes.holds(t) and t is not fn]
        indirect = [
            (reached, (target.qualname,) + via)
            for target in call.targets
            if not self.lanes.holds(target)
            for reached, via in self._through(target, {id(target), id(fn)}, VIA_LIMIT - 1)
            if reached is not fn
        ]
        return direct + indirect

    def _through(self, fn: FnDef, seen: set[int], budget: int) -> list[Reached]:
        """Flow functions `fn`'s calls reach, directly or through `budget` crate functions."""
        found: list[Reached] = []
        for call in self.tracer.calls(fn):
            for target in call.targets:
                if self.lanes.holds(target):
                    found.append((target, ()))
                elif budget > 0 and id(target) not in seen:
                    seen.add(id(target))
                    for reached, via in self._through(target, seen, budget - 1):
                        found.append((reached, (target.qualname,) + via))
        return found

    def _transaction_errors(self, calls: dict[int, Edge]) -> list[FnDef]:
        """The flow's `From` impls over a transaction's error, which the `?` after a
        `db.transaction(…)` applies (the trace cannot type that error: it is sea-orm's)."""
        return [
            fn
            for fn in self.lanes.functions
            if fn.name == "from"
            and id(fn) not in calls
            and any("TransactionError" in p for p in self.signatures.raw(fn)[0])
        ]


def drop_shadowed(edges: dict[int, list[Edge]]) -> dict[int, list[Edge]]:
    """An indirect arrow to a function the caller already reaches through the flow's own
    calls says nothing new: drop it."""
    direct = {
        key: {id(e.target) for e in fn_edges if e.target is not None and not e.via}
        for key, fn_edges in edges.items()
    }
    kept: dict[int, list[Edge]] = {}
    for key, fn_edges in edges.items():
        reach: set[int] = set()
        pending = list(direct[key])
        while pending:
            current = pending.pop()
            if current not in reach:
                reach.add(current)
                pending.extend(direct.get(current, ()))
        kept[key] = [e for e in fn_edges if not e.via or id(e.target) not in reach]
    return kept
