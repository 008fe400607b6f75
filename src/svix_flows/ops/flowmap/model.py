"""The diagram of one flow, before any drawing: lifelines (modules) and arrows (messages) in order.

Built from the catalog's spans and the call edges that `trace` resolves between them: an arrow
is drawn only between two functions of the flow's own spans (directly, or through at most
`VIA_LIMIT` crate functions outside the flow, which the arrow then names). Queue hops are
read from the source, syntactically: a `.send(...)` whose argument builds a task
(`X::new_task(…)`, `QueueTask::Variant(…)`) enqueues it; a function of the flow whose
parameters name that task type (or `QueueTask`) is where a worker receives it. A field read
whose value a flow function made earlier (trace's field origin: a `deserialize_with` or custom
validator of the field) is an origin arrow from that function, not a call: nothing runs then.

Around the arrows sit frames (`Frame`): the syntax around each call (`scopes`) gives `par`,
background, transaction, loop and `opt`/`alt`; the functions that run at start-up (a field's
deserialiser or validator, router wiring) are drawn first in a start-up frame. Statements on a
database connection and the crate's cache get/set are store arrows to a `PostgreSQL` or
`cache (Redis or memory)` lifeline. A lifeline no arrow reaches is dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from ...catalog import Flow
from ...rust.checkout import Checkout
from ...rust.syntax import node_bytes
from ...rust.trace.model import FIELD_ORIGIN
from .scopes import BACKGROUND, LOOP, OPT, PAR, TRANSACTION, Scope, scopes, statement

__all__ = ["BACKGROUND", "LOOP", "OPT", "PAR", "TRANSACTION"]  # the frame kinds `scopes` names, with the rest

if TYPE_CHECKING:
    from ...rust.crate import FnDef
    from ...rust.syntax import Node
    from ...rust.trace.calls import Call

CALL, QUEUE, RETURN, ENTRY, ORIGIN, STORE = "call", "queue", "return", "entry", "origin", "store"
QUEUE_LIFELINE = "task queue"
DATABASE, CACHE = "PostgreSQL", "cache (Redis or memory)"
STARTUP, ALT = "start-up", "alt"  # frames besides the ones the syntax around a call gives (`scopes`)
FRAME_KINDS = (STARTUP, PAR, BACKGROUND, TRANSACTION, LOOP, OPT, ALT)
VIA_LIMIT = 2  # crate functions outside the flow an indirect arrow may pass through

_NEW_TASK = re.compile(r"\b(\w+)::new_task\s*\(")
_QUEUE_VARIANT = re.compile(r"\bQueueTask::(\w+)(?:\s*\(\s*(?:&\s*)?([A-Z]\w*))?")
_UNIT = {None, "", "()"}
_TIDY = re.compile(r",\s*([>)\]])")


@dataclass(frozen=True)
class Lifeline:
    """One column of the diagram: a module of the flow, the task queue between processes, or a
    store (the database, the cache) the flow's functions read and write."""

    name: str
    file: str = ""
    kind: str = "module"  # or "queue", "store"
    types: tuple[str, ...] = ()  # the flow's non-function spans in this module (structs, enums…)


@dataclass(frozen=True)
class Arrow:
    """One message of the sequence, in drawing order.

    `source` is None for a message from outside the flow (the entry's caller) and `target` is
    None for a return to it. `data` holds the types that cross: parameter types for a call,
    the return type for a return, the task for a queue hop, the statement for a store access.
    """

    kind: str
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
        return self.kind == RETURN


@dataclass(frozen=True)
class Frame:
    """A box around the arrows `start` to `end - 1`: concurrent branches (`par`, a new branch
    at each index of `branches`), spawned work (`background`), what runs at start-up, a
    database transaction, or a step a condition decides (`opt`, `alt`)."""

    kind: str
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


# sea-orm gives every table a `Model`, `ActiveModel` and `Entity`: those keep their module
# (`message::Model`), which the builder writes where a bare name would be ambiguous
AMBIGUOUS_NAMES = ("Model", "ActiveModel", "Entity", "Column", "Relation")
_KEEP = "|".join(AMBIGUOUS_NAMES)
_PATH = re.compile(rf"\b(?:crate|super|self|[a-z_][a-z0-9_]*)::(?=[A-Za-z_])(?!(?:{_KEEP})\b)")
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


# Arguments a web framework fills from the request or the app (state, path, query, the caller's
# permissions): they say how a handler is reached, not what data it takes, so the label elides
# them and the tooltip and `--format text` keep them.
_FRAMEWORK = re.compile(
    r"^&?(?:mut\s+)?(?:(?:axum::)?(?:extract::)?(?:State|Path|Query|ValidatedQuery|Extension|"
    r"ConnectInfo|HeaderMap|TypedHeader|OriginalUri|MatchedPath)\b|permissions::\w+$)"
)


def is_framework(ty: str) -> bool:
    """Whether a parameter type is a framework extractor (state, path, query, permissions)."""
    return bool(_FRAMEWORK.match(ty.strip()))


def call_text(arrow: Arrow, short: bool = False, limit: int = 30, budget: int = 64) -> str:
    """`name(T1, T2)` for a call or entry; when `short`, framework extractors are one `…`, each
    type is shortened and the list cut at `budget` characters with a count of what was left
    out (`…+3`)."""
    if not short:
        return f"{arrow.function}({', '.join(arrow.data)})"
    kept: list[str] = []
    for ty in arrow.data:
        if is_framework(ty):
            if not kept or kept[-1] != "…":
                kept.append("…")
        else:
            kept.append(ty)
    shown: list[str] = []
    used = 0
    for index, ty in enumerate(kept):
        text = ty if ty == "…" else short_type(ty, limit)
        if shown and used + len(text) > budget:
            shown.append(f"…+{len(kept) - index}")
            break
        shown.append(text)
        used += len(text) + 2
    return f"{arrow.function}({', '.join(shown)})"


def short_name(function: str) -> str:
    """`CreateMessageApp::layered_fetch` → `layered_fetch`: the name a return answers to."""
    return function.rsplit("::", 1)[-1]


def return_text(arrow: Arrow, short: bool = False, limit: int = 34) -> str:
    """`← name: T`, or `← name: T | Err(E)` for a Result (`?` when the caller propagates): the
    call it answers first, so stacked returns can be matched to their calls."""
    ok, err, is_result = split_result(arrow.data[0] if arrow.data else None)
    fit = (lambda t: short_type(t, limit)) if short else (lambda t: t)
    head = f"← {short_name(arrow.function)}: "
    if not is_result:
        return head + fit(ok or "()")
    err_text = f"Err({fit(err)})" if err else "Err"
    return head + f"{fit(ok or '()')} | {err_text}{' ?' if arrow.propagated else ''}"


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
    elif arrow.kind == STORE:
        text = " ".join(part for part in (arrow.function, *arrow.data[:1]) if part)
    else:
        text = call_text(arrow, short)
    return f"{text}  [{arrow.note}]" if arrow.note else text


# ---- building ------------------------------------------------------------------------------


@dataclass
class _Edge:
    caller: FnDef
    target: FnDef | None  # None: a task send the trace does not follow, or a store access
    line: int
    order: int
    propagated: bool
    via: tuple[str, ...] = ()
    count: int = 1
    task: str | None = None  # a task enqueued by this call (a producer `.send`)
    task_words: frozenset[str] = frozenset()
    origin: str = ""  # a field read whose value `target` made (or checked) earlier
    checked: bool = False  # the origin is a validator, not what made the value
    store: tuple[str, str, str] | None = None  # (store lifeline, verb, the call) of a store access
    context: tuple[Scope, ...] = ()  # the frames around the call, outermost first
    conversion: bool = False  # a `?` that converts the error through this `From` impl
    implementor: str = ""  # the type a trait's default method is called on (`MessageAttemptId`)


def _call_node(tree: Node, start: int, text: str) -> Node | None:
    """The call expression of a `trace` call in the function's tree (for its extent and `?`)."""
    name = text.rstrip("()").replace("::", ".").split(".")[-1].split("<")[0].strip()
    node = tree.descendant_for_byte_range(start, start)
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


def _is_transaction(node: Node) -> bool:
    callee = node.child_by_field_name("function")
    field_node = callee.child_by_field_name("field") if callee is not None else None
    return field_node is not None and field_node.text == b"transaction"


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


_IMPLEMENTOR = re.compile(r"^(?:[a-z_]\w*::)*([A-Z]\w*)::\w+\(")
_CACHE_ACCESS = re.compile(r"^(?:get|set|delete|del|remove)(?:_\w+)?$")
_AMBIGUOUS = re.compile(rf"(?<![\w:])({_KEEP})\b(?!::)")


def _bound_after(text: str, at: int) -> str:
    """The first trait of the bound list starting at `at` (to a top-level `,`, `>`, `+`, `{`
    or `where`), lifetimes dropped."""
    depth = 0
    out = []
    index = at
    while index < len(text):
        char = text[index]
        if char in "<([":
            depth += 1
        elif char in ")]" or (char == ">" and text[index - 1] != "-"):
            if depth == 0:
                break
            depth -= 1
        elif depth == 0 and (char in ",+{" or text.startswith("where", index)):
            break
        out.append(char)
        index += 1
    bound = _LIFETIME_ARGS.sub("", " ".join("".join(out).split()))
    return bound.strip()


_LIFETIME_ARGS = re.compile(r"<\s*'\w+\s*>|'\w+\s*,?\s*")


def _bounds(fn: FnDef) -> dict[str, str]:
    """Each generic parameter of `fn` (or of its impl) with a trait bound: `D` → `Deserializer`."""
    headers = []
    for node in (fn.impl_node, fn.node):
        if node is None:
            continue
        body = node.child_by_field_name("body")
        end = body.start_byte if body is not None else node.end_byte
        headers.append(node_bytes(node)[: end - node.start_byte].decode(errors="replace"))
    found: dict[str, str] = {}
    for name in sorted(fn.generics):
        for header in headers:
            match = re.search(rf"(?<![\w:']){re.escape(name)}\s*:(?!:)", header)
            if match:
                bound = _bound_after(header, match.end())
                if bound and len(bound) <= 40:
                    found[name] = bound
    return found


@dataclass
class _Open:
    scope: Scope
    begin: int
    branches: list[tuple[int, int]]  # (branch of the construct, its first arrow)


class _Framing:
    """The frames of one function's arrows: consecutive edges inside the same construct share
    a frame, which also holds what their callees draw; a new branch of it is a new section."""

    def __init__(self, arrows: list[Arrow], frames: list[Frame]) -> None:
        self.arrows = arrows
        self.frames = frames
        self.open: list[_Open] = []

    def enter(self, context: tuple[Scope, ...]) -> None:
        depth = 0
        while depth < min(len(self.open), len(context)) and self.open[depth].scope.key == context[depth].key:
            if self.open[depth].scope.branch != context[depth].branch:
                self._close(depth + 1)
                self.open[depth].scope = context[depth]
                self.open[depth].branches.append((context[depth].branch, len(self.arrows)))
                depth += 1
                break
            depth += 1
        self._close(depth)
        for scope in context[depth:]:
            self.open.append(_Open(scope, len(self.arrows), [(scope.branch, len(self.arrows))]))

    def close(self) -> None:
        self._close(0)

    def _close(self, depth: int) -> None:
        while len(self.open) > depth:
            frame = self.open.pop()
            end = len(self.arrows)
            if end == frame.begin:
                continue
            scope = frame.scope
            starts = tuple(first for _, first in frame.branches[1:])
            if scope.kind == OPT:
                if len(frame.branches) > 1:
                    self.frames.append(Frame(ALT, scope.label, frame.begin, end, starts))
                elif frame.branches[0][0] == 0:
                    self.frames.append(Frame(OPT, scope.label, frame.begin, end))
                else:
                    self.frames.append(Frame(OPT, f"else of {scope.label}", frame.begin, end))
            else:
                self.frames.append(Frame(scope.kind, scope.label, frame.begin, end, starts))


class _Builder:
    def __init__(self, checkout: Checkout, flow: Flow) -> None:
        from ...rust.trace.calls import signature
        from ...rust.trace.walk import Tracer

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
        defined: dict[str, int] = {}
        for defining in self.crate.modules:
            for name in defining.defs:
                if name in AMBIGUOUS_NAMES:
                    defined[name] = defined.get(name, 0) + 1
        self.ambiguous = frozenset(name for name, count in defined.items() if count > 1)
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

    def _store(self, call: Call, node: Node | None) -> tuple[str, str, str] | None:
        """The store a call reaches outside the flow's functions: a statement on a database
        connection, or the crate's cache (a function of a `cache` module the flow does not hold)."""
        found = statement(node)
        if found is not None:
            return DATABASE, found[0], found[1]
        outside = [t for t in call.targets if id(t) not in self.fn_lane]
        if (
            outside
            and len(outside) == len(call.targets)
            and all("cache" in t.module.path and _CACHE_ACCESS.match(t.name) for t in outside)
        ):
            text = " ".join(call.text.split()).replace("()", "(…)")
            return CACHE, "", text
        return None

    def edges(self, fn: FnDef) -> list[_Edge]:
        """Calls from `fn` to the flow's functions, its task sends and its store accesses, in
        evaluation order, each with the frames around it."""
        found: dict[int, _Edge] = {}
        sends: list[_Edge] = []
        origins: dict[int, _Edge] = {}
        stores: dict[int, _Edge] = {}
        tree = self.tree(fn)
        for call in self.tracer.calls(fn):
            context = scopes(tree, call.start)
            if call.how == FIELD_ORIGIN:  # a value made earlier: an origin, never a call now
                for edge in call.edges():
                    if id(edge.fn) in self.fn_lane and edge.fn is not fn:
                        checked = edge.via.startswith("#[validate")
                        origins.setdefault(  # kept apart from calls: a real call stays a call
                            id(edge.fn),
                            _Edge(
                                fn,
                                edge.fn,
                                call.line,
                                call.start,
                                False,
                                origin=call.text,
                                checked=checked,
                                context=context,
                            ),
                        )
                continue
            if _is_queue_hop(call):  # an edge `trace` itself knows to cross the queue
                for target in call.targets:
                    if id(target) in self.fn_lane:
                        hop_task = (self.signature_of(target)[0][:1] or (call.text,))[0]
                        self.hop_consumers[hop_task] = target
                        sends.append(
                            _Edge(fn, None, call.line, call.start, False, task=hop_task, context=context)
                        )
                continue
            node = (
                _call_node(tree, call.start, call.text)
                if call.how not in ("extractor", "reference")
                else None
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
                if id(target) in found:  # called again: drawn once, framed by what both calls share
                    again = found[id(target)]
                    again.count += 1
                    shared = 0
                    while (
                        shared < min(len(again.context), len(context))
                        and again.context[shared] == context[shared]
                    ):
                        shared += 1
                    again.context = again.context[:shared]
                    continue
                found[id(target)] = _Edge(fn, target, call.line, order, propagated, via, context=context)
                named = _IMPLEMENTOR.match(call.text)
                if named and target.in_trait and not via:
                    found[id(target)].implementor = named.group(1)
                if task:
                    found[id(target)].task, found[id(target)].task_words = task[0], task[1]
                    task = None
            if task and not pairs:  # a send the trace does not follow: the caller enqueues
                sends.append(
                    _Edge(
                        fn,
                        None,
                        call.line,
                        order,
                        propagated,
                        task=task[0],
                        task_words=task[1],
                        context=context,
                    )
                )
            store = self._store(call, node) if not pairs and not task else None
            if store is not None and order not in stores:
                stores[order] = _Edge(fn, None, call.line, order, False, store=store, context=context)
            if propagated and node is not None and _is_transaction(node):
                for convert in self._transaction_errors(found):
                    found[id(convert)] = _Edge(
                        fn, convert, call.line, order + 1, True, conversion=True, context=context
                    )
        return sorted([*found.values(), *sends, *origins.values(), *stores.values()], key=lambda e: e.order)

    def _transaction_errors(self, found: dict[int, _Edge]) -> list[FnDef]:
        """The flow's `From` impls over a transaction's error, which the `?` after a
        `db.transaction(…)` applies (the trace cannot type that error: it is sea-orm's)."""
        return [
            fn
            for fn in self.fns
            if fn.name == "from"
            and id(fn) not in found
            and any("TransactionError" in p for p in self.signature(fn)[0])
        ]

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
        """Parameter and return types: `Self` spelled as the impl's type, a sea-orm name that
        several modules define qualified by its module (`message::Model`), and a generic
        parameter with a bound shown as that bound (`impl Deserializer`)."""
        params, returns = self.signature(fn)
        # a type written over several lines keeps its trailing comma: `Query<\n  T,\n>`
        params = tuple(_TIDY.sub(r"\1", p).replace("< ", "<") for p in params)
        returns = _TIDY.sub(r"\1", returns).replace("< ", "<") if returns else returns
        if fn.owner is not None and not fn.in_trait:
            own = re.compile(r"\bSelf\b(?!::)")
            owner = self.qualified(fn, fn.owner.name)
            params = tuple(own.sub(owner, p) for p in params)
            returns = own.sub(owner, returns) if returns else returns
        bounds = _bounds(fn)

        def tidy(text: str) -> str:
            text = _AMBIGUOUS.sub(lambda m: self.qualified(fn, m.group(1)), text)
            for name, bound in bounds.items():
                text = re.sub(rf"(?<![\w:]){re.escape(name)}(?![\w:])", f"impl {bound}", text)
            return text

        return tuple(tidy(p) for p in params), tidy(returns) if returns else returns

    def qualified(self, fn: FnDef, name: str) -> str:
        """`name` as written in `fn`'s module, with its module when several modules define it."""
        if name not in self.ambiguous:
            return name
        target = self.crate.resolve(fn.module, (name,))
        module = getattr(target, "module", None)
        if isinstance(module, tuple) and module:
            return f"{module[-1]}::{name}"
        return f"{fn.module.path[-1]}::{name}" if fn.module.path else name

    def function_name(self, fn: FnDef) -> str:
        """A function's label: `Type::name`, the type qualified when it is ambiguous."""
        if fn.owner is not None and fn.owner.name in self.ambiguous and fn.module.path:
            return f"{fn.module.path[-1]}::{fn.qualname}"
        return fn.qualname

    # -- the sequence --

    def build(self) -> FlowMap:
        arrows: list[Arrow] = []
        frames: list[Frame] = []
        edges = {id(fn): self.edges(fn) for fn in self.fns}
        self._drop_shadowed(edges)
        called = {id(e.target) for es in edges.values() for e in es if e.target is not None and not e.origin}
        origins = {id(e.target) for es in edges.values() for e in es if e.target is not None and e.origin}
        consumers = self._consumers(edges)
        called |= {id(c) for c in consumers.values() if c is not None}
        expanded: set[int] = set()
        extra: dict[str, int] = {}  # the task queue and the stores, by name, once each
        deliveries: list[tuple[str, FnDef]] = []

        def lane_of(name: str, kind: str) -> int:
            if name not in extra:
                extra[name] = len(self.lifelines)
                self.lifelines.append(Lifeline(name, kind=kind))
            return extra[name]

        def enqueue(edge: _Edge, at: int) -> None:
            lane = lane_of(QUEUE_LIFELINE, "queue")
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
                        lane_of(QUEUE_LIFELINE, "queue"),
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
            framing = _Framing(arrows, frames)
            for edge in edges[id(fn)]:
                framing.enter(edge.context)
                background = any(scope.kind == BACKGROUND for scope in edge.context)
                if edge.store is not None:
                    store, verb, text = edge.store
                    arrows.append(Arrow(STORE, here, lane_of(store, "store"), verb, (text,), line=edge.line))
                    continue
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
                if edge.implementor:  # the trait's `Self` is the type it was called on
                    own = re.compile(r"\bSelf\b")
                    params = tuple(own.sub(edge.implementor, p) for p in params)
                    returns = own.sub(edge.implementor, returns) if returns else returns
                notes = []
                if edge.conversion:
                    notes.append("the ? on its Err")
                if edge.via:
                    notes.append("via " + " → ".join(edge.via))
                if edge.count > 1:
                    notes.append(f"×{edge.count}")
                again = id(target) in expanded
                if again:
                    notes.append("shown above")
                there = self.fn_lane[id(target)]
                arrows.append(
                    Arrow(
                        CALL,
                        here,
                        there,
                        self.function_name(target),
                        params,
                        line=edge.line,
                        note="; ".join(notes),
                        asynchronous=background,
                    )
                )
                if not again:
                    visit(target)
                if edge.task:
                    enqueue(edge, there)
                if returns not in _UNIT and not background:
                    _, _, fallible = split_result(returns)
                    arrows.append(
                        Arrow(
                            RETURN,
                            there,
                            here,
                            self.function_name(target),
                            (returns or "",),
                            error=fallible,
                            propagated=edge.propagated and fallible,
                        )
                    )
            framing.close()

        def enter(fn: FnDef, note: str) -> None:
            params, returns = self.signature_of(fn)
            arrows.append(Arrow(ENTRY, None, self.fn_lane[id(fn)], self.function_name(fn), params, note=note))
            visit(fn)
            if returns not in _UNIT:
                _, _, fallible = split_result(returns)
                arrows.append(
                    Arrow(
                        RETURN,
                        self.fn_lane[id(fn)],
                        None,
                        self.function_name(fn),
                        (returns or "",),
                        error=fallible,
                    )
                )
            deliver()

        roots = [fn for fn in self.fns if id(fn) not in called]
        startup = [fn for fn in roots if self._at_startup(fn, origins)]
        if startup:
            begin = len(arrows)
            for fn in startup:
                enter(fn, "at start-up")
            frames.append(Frame(STARTUP, "at start-up, before any request or task", begin, len(arrows)))
        marked = {(ref.file, ref.symbol) for ref in self.flow.marked_entries}
        # then the roots, and last what only a cycle (or the queue) reaches, in flow order; the
        # first drawn is the flow's own entry, and no entry is ever "from outside the flow"
        first = True
        for fn in roots + [fn for fn in self.fns if id(fn) not in {id(r) for r in roots}]:
            if id(fn) in expanded:
                continue
            if first:
                note, first = "", False
            elif (fn.file, fn.qualname) in marked or (fn.file, fn.name) in marked:
                note = "entry point"
            else:
                note = "entered on its own, not by the flow's other spans"
            enter(fn, note)
        return self._finish(arrows, frames)

    def _at_startup(self, fn: FnDef, origins: set[int]) -> bool:
        """Whether a root of the flow runs when the server loads, not per request: a function
        whose value a field holds (a deserialiser or a validator of the configuration), or the
        wiring that returns the router."""
        if id(fn) in origins:
            return True
        _, returns = self.signature(fn)
        return bool(returns and re.search(r"\b(?:Api)?Router\b", returns))

    def _finish(self, arrows: list[Arrow], frames: list[Frame]) -> FlowMap:
        """The lifelines in reading order (the flow's modules, then the stores, the task queue
        last) and without those no arrow reaches; arrows renumbered to match."""
        used = {i for a in arrows for i in (a.source, a.target) if i is not None}
        order = sorted(
            (i for i in range(len(self.lifelines)) if i in used),
            key=lambda i: ({"module": 0, "store": 1, "queue": 2}.get(self.lifelines[i].kind, 0), i),
        )
        new = {old: index for index, old in enumerate(order)}
        unseen = tuple(
            f"{lane.name}::{ty}"
            for i, lane in enumerate(self.lifelines)
            if i not in used
            for ty in lane.types
        )

        def renumber(arrow: Arrow) -> Arrow:
            return replace(
                arrow,
                source=None if arrow.source is None else new[arrow.source],
                target=None if arrow.target is None else new[arrow.target],
            )

        return FlowMap(
            self.flow.id,
            self.flow.title,
            self.flow.summary,
            tuple(self.lifelines[i] for i in order),
            tuple(renumber(a) for a in arrows),
            # outermost first: frames are listed as they close, inner before outer
            tuple(f for _, f in sorted(enumerate(frames), key=lambda p: (p[1].start, -p[1].end, -p[0]))),
            flow_summary(self.flow),
            unseen,
        )

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
        arrows=tuple(
            replace(
                a,
                source=None if a.source is None else new[a.source],
                target=None if a.target is None else new[a.target],
            )
            for a in arrows
        ),
        frames=frames,
        unseen=(),
    )
