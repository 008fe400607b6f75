"""The diagram of one flow, before any drawing: lifelines (modules) and arrows (messages) in order.

Built from the catalog's spans and the call edges that `trace` resolves between them: an arrow
is drawn only between two functions of the flow's own spans (directly, or through at most
`VIA_LIMIT` crate functions outside the flow, which the arrow then names). Queue hops are
read from the source, syntactically: a `.send(...)` whose argument builds a task
(`X::new_task(…)`, `QueueTask::Variant(…)`) enqueues it; a function of the flow whose
parameters name that task type (or `QueueTask`) is where a worker receives it. A field read
whose value a flow function made earlier (trace's field origin: a `deserialize_with` or custom
validator of the field) is an origin arrow from that function, not a call: nothing runs then.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..catalog import Flow
from ..rust.checkout import Checkout
from ..rust.syntax import node_bytes
from ..rust.trace.model import FIELD_ORIGIN

if TYPE_CHECKING:
    from ..rust.crate import FnDef
    from ..rust.syntax import Node
    from ..rust.trace.calls import Call

CALL, QUEUE, RETURN, ENTRY, ORIGIN = "call", "queue", "return", "entry", "origin"
QUEUE_LIFELINE = "task queue"
VIA_LIMIT = 2  # crate functions outside the flow an indirect arrow may pass through

_NEW_TASK = re.compile(r"\b(\w+)::new_task\s*\(")
_QUEUE_VARIANT = re.compile(r"\bQueueTask::(\w+)(?:\s*\(\s*(?:&\s*)?([A-Z]\w*))?")
_UNIT = {None, "", "()"}
_TIDY = re.compile(r",\s*([>)\]])")


@dataclass(frozen=True)
class Lifeline:
    """One column of the diagram: a module of the flow (or the task queue between processes)."""

    name: str
    file: str = ""
    kind: str = "module"  # or "queue"
    types: tuple[str, ...] = ()  # the flow's non-function spans in this module (structs, enums…)


@dataclass(frozen=True)
class Arrow:
    """One message of the sequence, in drawing order.

    `source` is None for a message from outside the flow (the entry's caller) and `target` is
    None for a return to it. `data` holds the types that cross: parameter types for a call,
    the return type for a return, the task for a queue hop.
    """

    kind: str
    source: int | None
    target: int | None
    function: str
    data: tuple[str, ...] = ()
    error: bool = False  # a return that may carry an `Err` (drawn dashed)
    propagated: bool = False  # the caller applies `?` to it
    line: int = 0  # line of the call in the caller's file
    note: str = ""  # "via …", "×3", "shown above", "called from outside this flow"

    @property
    def is_return(self) -> bool:
        return self.kind == RETURN


@dataclass(frozen=True)
class FlowMap:
    """A flow as a sequence diagram: who talks to whom, in order, and what crosses."""

    flow: str
    title: str
    description: str
    lifelines: tuple[Lifeline, ...]
    arrows: tuple[Arrow, ...]


# ---- types as labels -------------------------------------------------------------------


def split_result(text: str | None) -> tuple[str | None, str | None, bool]:
    """`Result<T, E>` as (T, E, True); anything else as (text, None, False)."""
    if not text:
        return text, None, False
    head, _, inner = text.partition("<")
    if head.split("::")[-1].endswith("Result") and inner.endswith(">"):
        args = split_args(inner[:-1])
        return (args[0] if args else "()"), (args[1] if len(args) > 1 else None), True
    return text, None, False


def split_args(text: str) -> list[str]:
    """Top-level comma-separated generic arguments."""
    parts: list[str] = []
    current: list[str] = []
    depth = 0
    for char in text:
        if char in "<([":
            depth += 1
        elif char in ">)]":
            depth -= 1
        if char == "," and depth == 0:
            parts.append("".join(current).strip())
            current = []
        else:
            current.append(char)
    if "".join(current).strip():
        parts.append("".join(current).strip())
    return parts


_PATH = re.compile(r"\b(?:crate|super|self|[a-z_][a-z0-9_]*)::(?=[A-Za-z_])")
_LIFETIME = re.compile(r"'\w+\s*,?\s*")
_INNERMOST = re.compile(r"<(?!…>)(?:[^<>]|<…>)*>")


def short_type(text: str, limit: int = 32) -> str:
    """A type for a label: module paths and lifetimes dropped, inner generics elided past `limit`."""
    short = _LIFETIME.sub("", text)
    while True:
        shorter = _PATH.sub("", short)
        if shorter == short:
            break
        short = shorter
    short = short.replace("<>", "")
    # elide the innermost generic arguments until it fits: `Json<ListResponse<…>>`
    while len(short) > limit:
        shorter = _INNERMOST.sub("<…>", short, count=1)
        if shorter == short:
            break
        short = shorter
    if len(short) > limit:
        short = short[: limit - 1] + "…"
    return short


def call_text(arrow: Arrow, short: bool = False, limit: int = 22, budget: int = 54) -> str:
    """`name(T1, T2)` for a call or entry; when `short`, each type shortened and the list cut
    at `budget` characters with a count of what was left out (`…+3`)."""
    if not short:
        return f"{arrow.function}({', '.join(arrow.data)})"
    shown: list[str] = []
    used = 0
    for index, ty in enumerate(arrow.data):
        text = short_type(ty, limit)
        if shown and used + len(text) > budget:
            shown.append(f"…+{len(arrow.data) - index}")
            break
        shown.append(text)
        used += len(text) + 2
    return f"{arrow.function}({', '.join(shown)})"


def return_text(arrow: Arrow, short: bool = False, limit: int = 34) -> str:
    """The data of a return: `T`, or `T | Err(E)` for a Result (`?` when the caller propagates)."""
    ok, err, is_result = split_result(arrow.data[0] if arrow.data else None)
    fit = (lambda t: short_type(t, limit)) if short else (lambda t: t)
    if not is_result:
        return fit(ok or "()")
    err_text = f"Err({fit(err)})" if err else "Err"
    return f"{fit(ok or '()')} | {err_text}{' ?' if arrow.propagated else ''}"


def queue_text(arrow: Arrow, short: bool = False, limit: int = 40) -> str:
    data = arrow.data[0] if arrow.data else "task"
    return f"{arrow.function}: {short_type(data, limit) if short else data}"


def label(arrow: Arrow, short: bool = False) -> str:
    """The text on an arrow, the same for every renderer."""
    if arrow.kind == RETURN:
        text = return_text(arrow, short)
    elif arrow.kind == QUEUE:
        text = queue_text(arrow, short)
    elif arrow.kind == ORIGIN:
        text = f"{arrow.data[0] if arrow.data else 'a field'} from {arrow.function}"
    else:
        text = call_text(arrow, short)
    return f"{text}  [{arrow.note}]" if arrow.note else text


# ---- building ------------------------------------------------------------------------------


@dataclass
class _Edge:
    caller: FnDef
    target: FnDef | None  # None: a task send the trace does not follow
    line: int
    order: int
    propagated: bool
    via: tuple[str, ...] = ()
    count: int = 1
    task: str | None = None  # a task enqueued by this call (a producer `.send`)
    task_words: frozenset[str] = frozenset()
    origin: str = ""  # a field read whose value `target` made (or checked) earlier
    checked: bool = False  # the origin is a validator, not what made the value


def _call_node(fn: FnDef, start: int, text: str) -> Node | None:
    """The call expression of a `trace` call in `fn`'s tree (for its extent and its `?`)."""
    name = text.rstrip("()").replace("::", ".").split(".")[-1].split("<")[0].strip()
    node = fn.node.descendant_for_byte_range(start, start)
    best = None
    while node is not None and node.start_byte == start:
        if node.type == "call_expression":
            callee = node.child_by_field_name("function")
            if callee is not None and node_bytes(callee).decode(errors="replace").rstrip().endswith(name):
                best = node
                break
            best = best or node
        node = node.parent
    return best


def _propagated(node: Node | None) -> bool:
    parent = node.parent if node is not None else None
    while parent is not None and parent.type in ("await_expression", "parenthesized_expression"):
        parent = parent.parent
    return parent is not None and parent.type == "try_expression"


def _task_of(node: Node | None) -> tuple[str, frozenset[str]] | None:
    """The task a `.send(...)` call enqueues, read from its arguments, or None."""
    if node is None:
        return None
    callee = node.child_by_field_name("function")
    if callee is None or callee.type != "field_expression":
        return None
    field = callee.child_by_field_name("field")
    if field is None or field.text != b"send":
        return None
    arguments = node.child_by_field_name("arguments")
    text = node_bytes(arguments).decode(errors="replace")
    variant = _QUEUE_VARIANT.search(text)
    if variant:
        inner = variant.group(2)
        task = f"QueueTask::{variant.group(1)}" + (f"({inner})" if inner else "")
        return task, frozenset(w for w in ("QueueTask", inner) if w)
    built = _NEW_TASK.search(text)
    if built:
        return f"QueueTask ({built.group(1)})", frozenset({"QueueTask", built.group(1)})
    return None


def _is_queue_hop(call: Call) -> bool:
    """Whether `trace` marks this edge as a queue hop (a `kind`, or `how`, of "queue")."""
    return getattr(call, "kind", None) == QUEUE or getattr(call, "how", "") in ("queue", "queue hop")


def _mentions(types: Iterable[str], words: frozenset[str]) -> bool:
    return any(re.search(rf"\b{re.escape(w)}\b", t) for t in types for w in words)


class _Builder:
    def __init__(self, checkout: Checkout, flow: Flow) -> None:
        from ..rust.trace.calls import signature
        from ..rust.trace.walk import Tracer

        self.checkout = checkout
        self.flow = flow
        self.tracer = Tracer(checkout)
        self.signature = signature
        self.crate = self.tracer.crate
        self.lifelines: list[Lifeline] = []
        self.lane: dict[str, int] = {}
        self.fns: list[Any] = []  # the flow's functions, in flow order
        self.fn_lane: dict[int, int] = {}
        self.hop_consumers: dict[str, FnDef] = {}  # task -> receiving fn, from trace's own hops
        types: dict[str, list[str]] = {}
        for ref in flow.spans:
            span = checkout.span(ref)
            module = self.crate.by_file.get(ref.file)
            name = module.name if module is not None else ref.file.removesuffix(".rs").replace("/", "::")
            name = name or "crate"
            if name not in self.lane:
                self.lane[name] = len(self.lifelines)
                self.lifelines.append(Lifeline(name, ref.file))
                types[name] = []
            inside = [
                fn
                for fn in self.crate.functions.get(ref.file, [])
                if span.start_line <= fn.line <= span.end_line and id(fn) not in self.fn_lane
            ]
            if not inside and span.kind not in ("fn", "method"):
                types[name].append(ref.symbol)
            for fn in inside:
                self.fns.append(fn)
                self.fn_lane[id(fn)] = self.lane[name]
        self.lifelines = [Lifeline(l.name, l.file, l.kind, tuple(types[l.name])) for l in self.lifelines]

    # -- edges --

    def _targets(self, fn: FnDef, seen: set[int], budget: int) -> list[tuple[FnDef, tuple[str, ...]]]:
        """Flow functions `fn`'s calls reach, directly or through `budget` crate functions."""
        found: list[tuple[FnDef, tuple[str, ...]]] = []
        for call in self.tracer.calls(fn):
            for target in call.targets:
                if id(target) in self.fn_lane:
                    found.append((target, ()))
                elif budget > 0 and id(target) not in seen:
                    seen.add(id(target))
                    for reached, via in self._targets(target, seen, budget - 1):
                        found.append((reached, (target.qualname,) + via))
        return found

    def edges(self, fn: FnDef) -> list[_Edge]:
        """Calls from `fn` to the flow's functions (and its task sends), in evaluation order."""
        found: dict[int, _Edge] = {}
        sends: list[_Edge] = []
        origins: dict[int, _Edge] = {}
        for call in self.tracer.calls(fn):
            if call.how == FIELD_ORIGIN:  # a value made earlier: an origin, never a call now
                for edge in call.edges():
                    if id(edge.fn) in self.fn_lane and edge.fn is not fn:
                        checked = edge.via.startswith("#[validate")
                        origins.setdefault(  # kept apart from calls: a real call stays a call
                            id(edge.fn),
                            _Edge(
                                fn, edge.fn, call.line, call.start, False, origin=call.text, checked=checked
                            ),
                        )
                continue
            if _is_queue_hop(call):  # an edge `trace` itself knows to cross the queue
                for target in call.targets:
                    if id(target) in self.fn_lane:
                        hop_task = (self.signature_of(target)[0][:1] or (call.text,))[0]
                        self.hop_consumers[hop_task] = target
                        sends.append(_Edge(fn, None, call.line, call.start, False, task=hop_task))
                continue
            node = (
                _call_node(fn, call.start, call.text) if call.how not in ("extractor", "reference") else None
            )
            order = node.end_byte if node is not None else call.start
            propagated = _propagated(node)
            task = _task_of(node)
            direct = [t for t in call.targets if id(t) in self.fn_lane and t is not fn]
            indirect = [
                (reached, (target.qualname,) + via)
                for target in call.targets
                if id(target) not in self.fn_lane
                for reached, via in self._targets(target, {id(target), id(fn)}, VIA_LIMIT - 1)
                if reached is not fn
            ]
            pairs = [(t, ()) for t in direct] + indirect
            for target, via in pairs:
                if id(target) in found and not via and found[id(target)].via:
                    del found[id(target)]  # a direct call beats a path through other functions
                if id(target) in found:
                    found[id(target)].count += 1
                    continue
                found[id(target)] = _Edge(fn, target, call.line, order, propagated, via)
                if task:
                    found[id(target)].task, found[id(target)].task_words = task[0], task[1]
                    task = None
            if task and not pairs:  # a send the trace does not follow: the caller enqueues
                sends.append(_Edge(fn, None, call.line, order, propagated, task=task[0], task_words=task[1]))
        return sorted([*found.values(), *sends, *origins.values()], key=lambda e: e.order)

    def _drop_shadowed(self, edges: dict[int, list[_Edge]]) -> None:
        """An indirect arrow to a function the caller already reaches through the flow's own
        calls says nothing new: drop it."""
        direct = {
            key: {id(e.target) for e in fn_edges if e.target is not None and not e.via}
            for key, fn_edges in edges.items()
        }
        for key, fn_edges in edges.items():
            reach: set[int] = set()
            pending = list(direct[key])
            while pending:
                current = pending.pop()
                if current not in reach:
                    reach.add(current)
                    pending.extend(direct.get(current, ()))
            edges[key] = [e for e in fn_edges if not e.via or id(e.target) not in reach]

    def signature_of(self, fn: FnDef) -> tuple[tuple[str, ...], str | None]:
        """Parameter and return types, `Self` spelled as the impl's type."""
        params, returns = self.signature(fn)
        # a type written over several lines keeps its trailing comma: `Query<\n  T,\n>`
        params = tuple(_TIDY.sub(r"\1", p).replace("< ", "<") for p in params)
        returns = _TIDY.sub(r"\1", returns).replace("< ", "<") if returns else returns
        if fn.owner is None or fn.in_trait:
            return params, returns
        own = re.compile(r"\bSelf\b")
        return (
            tuple(own.sub(fn.owner.name, p) for p in params),
            own.sub(fn.owner.name, returns) if returns else returns,
        )

    # -- the sequence --

    def build(self) -> FlowMap:
        arrows: list[Arrow] = []
        edges = {id(fn): self.edges(fn) for fn in self.fns}
        self._drop_shadowed(edges)
        called = {id(e.target) for es in edges.values() for e in es if e.target is not None}
        consumers = self._consumers(edges)
        called |= {id(c) for c in consumers.values() if c is not None}
        expanded: set[int] = set()
        queue_lane: list[int] = []
        deliveries: list[tuple[str, FnDef]] = []

        def lane_of_queue() -> int:
            if not queue_lane:
                queue_lane.append(len(self.lifelines))
                self.lifelines.append(Lifeline(QUEUE_LIFELINE, kind="queue"))
            return queue_lane[0]

        def enqueue(edge: _Edge, at: int) -> None:
            lane = lane_of_queue()
            task = edge.task or ""  # only an edge with a task is enqueued
            arrows.append(Arrow(QUEUE, at, lane, "enqueue", (task,), line=edge.line))
            consumer = consumers.get(task)
            if consumer is not None:  # a worker takes it later, after the producer's answer
                deliveries.append((task, consumer))

        def deliver() -> None:
            while deliveries:
                task, consumer = deliveries.pop(0)
                note = "" if id(consumer) not in expanded else "; shown above"
                arrows.append(
                    Arrow(
                        QUEUE,
                        lane_of_queue(),
                        self.fn_lane[id(consumer)],
                        "deliver",
                        (task,),
                        note=f"to {consumer.qualname}{note}",
                    )
                )
                if id(consumer) not in expanded:
                    visit(consumer)

        def visit(fn: FnDef) -> None:
            expanded.add(id(fn))
            here = self.fn_lane[id(fn)]
            for edge in edges[id(fn)]:
                if edge.target is None:
                    enqueue(edge, here)
                    continue
                target = edge.target
                if edge.origin:  # drawn from the function that made the value, which runs elsewhere
                    verb = "checked" if edge.checked else "made"
                    arrows.append(
                        Arrow(
                            ORIGIN,
                            self.fn_lane[id(target)],
                            here,
                            target.qualname,
                            (edge.origin,),
                            line=edge.line,
                            note=f"{verb} earlier, not called here",
                        )
                    )
                    continue
                params, returns = self.signature_of(target)
                notes = []
                if edge.via:
                    notes.append("via " + " → ".join(edge.via))
                if edge.count > 1:
                    notes.append(f"×{edge.count}")
                again = id(target) in expanded
                if again:
                    notes.append("shown above")
                there = self.fn_lane[id(target)]
                arrows.append(
                    Arrow(CALL, here, there, target.qualname, params, line=edge.line, note="; ".join(notes))
                )
                if not again:
                    visit(target)
                if edge.task:
                    enqueue(edge, there)
                if returns not in _UNIT:
                    _, _, fallible = split_result(returns)
                    arrows.append(
                        Arrow(
                            RETURN,
                            there,
                            here,
                            target.qualname,
                            (returns or "",),
                            error=fallible,
                            propagated=edge.propagated and fallible,
                        )
                    )

        for index, fn in enumerate(self.fns):
            if id(fn) in expanded or (index > 0 and id(fn) in called):
                continue
            params, returns = self.signature_of(fn)
            note = "" if index == 0 else "called from outside this flow"
            arrows.append(Arrow(ENTRY, None, self.fn_lane[id(fn)], fn.qualname, params, note=note))
            visit(fn)
            if returns not in _UNIT:
                _, _, fallible = split_result(returns)
                arrows.append(
                    Arrow(RETURN, self.fn_lane[id(fn)], None, fn.qualname, (returns or "",), error=fallible)
                )
            deliver()
        # functions only a cycle reaches
        for fn in self.fns:
            if id(fn) not in expanded:
                params, _ = self.signature_of(fn)
                arrows.append(
                    Arrow(
                        ENTRY,
                        None,
                        self.fn_lane[id(fn)],
                        fn.qualname,
                        params,
                        note="called from outside this flow",
                    )
                )
                visit(fn)
                deliver()
        return FlowMap(self.flow.id, self.flow.title, self.flow.summary, tuple(self.lifelines), tuple(arrows))

    def _consumers(self, edges: dict[int, list[_Edge]]) -> dict[str, FnDef | None]:
        """For each task the flow enqueues, the flow function that receives it (or None)."""
        found: dict[str, FnDef | None] = dict(self.hop_consumers)
        for fn_edges in edges.values():
            for edge in fn_edges:
                if not edge.task or edge.task in found:
                    continue
                producers = {id(edge.caller)} | ({id(edge.target)} if edge.target is not None else set())
                found[edge.task] = next(
                    (
                        fn
                        for fn in self.fns
                        if id(fn) not in producers
                        and _mentions(self.signature(fn)[0], edge.task_words)
                        and not fn.name.endswith("new_task")
                    ),
                    None,
                )
        return found


def build_map(checkout: Checkout, flow: Flow) -> FlowMap:
    """The sequence diagram of `flow`: its modules and the calls and queue hops between its spans."""
    return _Builder(checkout, flow).build()
