"""The walk: from an entry point through the resolved calls, breadth first, into a `Trace`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from ...errors import SpanError, UsageError
from ..checkout import Checkout
from ..crate import (
    FnDef,
    TypeKey,
)
from ..items import FileIndex, index_tree, normalize_key, resolve
from .calls import Body, Call, crate_of, rules_of, signature
from .model import How, Reason


@dataclass(frozen=True)
class Step:
    """A function or method reached by the trace: where it is and what its signature names."""

    file: str
    symbol: str
    kind: str
    module: str
    start_line: int
    end_line: int
    params: tuple[str, ...]
    returns: str | None

    @property
    def key(self) -> str:
        return f"{self.file}:{self.symbol}"


@dataclass(frozen=True)
class Unresolved:
    """A call the trace lists but does not follow, and why."""

    call: str
    line: int
    reason: Reason
    detail: str = ""


@dataclass
class TraceNode:
    """One visit of a step in the call tree."""

    step: Step
    line: int = 0  # line of the call in the caller (0 for the entry)
    call: str = ""
    how: How = How.PATH  # how the edge was resolved
    via: str = ""  # what the rule saw (`QueueTask::MessageV1, arm at worker.rs:827`)
    crosses: str | None = None  # "caller::module -> callee::module" when a boundary is crossed
    # "seen" (expanded above), "nearer" (expanded below, where it is fewer calls from the
    # entry) or "cycle" (an ancestor)
    repeat: str | None = None
    outside: bool = False  # a crate function outside --into: shown, not followed
    cut: bool = False  # depth limit reached before its calls were followed
    children: list[TraceNode] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)


@dataclass
class Trace:
    """The call tree from an entry point, and its steps in data-flow order (entry first)."""

    root: TraceNode
    order: list[Step]
    depth: int
    into: tuple[str, ...]
    skipped: tuple[str, ...] = ()  # crate files left out (too large, unreadable), each with why


# ---- the walk ------------------------------------------------------------------------


class Tracer:
    """Traces from entry points of one checkout."""

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        self.crate = crate_of(checkout)
        self.rules = rules_of(checkout)
        self._steps: dict[int, Step] = {}
        self._indexes: dict[str, FileIndex] = {}
        self._calls: dict[tuple[int, TypeKey | None], list[Call]] = {}

    def entry(self, file: str, symbol: str) -> FnDef:
        """The function that `symbol` names in `file`."""
        index = self.checkout.source_file(file).index
        item = resolve(index, symbol, self.checkout.repo_path(file))
        for fn in self.crate.functions.get(file, []):
            if fn.line == item.item_line:
                return fn
        raise SpanError(
            f"{self.checkout.repo_path(file)}: `{symbol}` is a {item.kind} (line {item.item_line}); "
            "trace starts at a function or method"
        )

    def index(self, fn: FnDef) -> FileIndex:
        """The item index of a function's file, from the crate's own syntax tree (no second parse)."""
        if fn.file not in self._indexes:
            raw = self.checkout.read_bytes(fn.file)
            root = fn.node
            while root.parent is not None:
                root = root.parent
            if raw.startswith(b"\xef\xbb\xbf") or root.end_byte != len(raw):
                self._indexes[fn.file] = self.checkout.source_file(fn.file).index
            else:
                self._indexes[fn.file] = index_tree(raw, root)
        return self._indexes[fn.file]

    def step(self, fn: FnDef) -> Step:
        cached = self._steps.get(id(fn))
        if cached is not None:
            return cached
        index = self.index(fn)
        item = next((i for i in index.items if i.item_line == fn.line and i.kind in ("fn", "method")), None)
        symbol, kind = (item.symbol, item.kind) if item else (fn.qualname, "fn")
        start, end = (item.start_line, item.end_line) if item else (fn.line, fn.end_line)
        if item is not None and len(index.by_key.get(normalize_key(symbol), [])) > 1:
            # cfg twins and the like: name the enclosing impl block, which is unique
            impl = next(
                (
                    i
                    for i in index.items
                    if i.kind == "impl"
                    and i.item_line <= fn.line <= i.end_line
                    and len(index.by_key.get(normalize_key(i.symbol), [])) == 1
                ),
                None,
            )
            if impl is not None:
                symbol, kind, start, end = impl.symbol, "impl", impl.start_line, impl.end_line
        params, returns = signature(fn)
        step = Step(fn.file, symbol, kind, fn.module.name, start, end, params, returns)
        self._steps[id(fn)] = step
        return step

    def calls(self, fn: FnDef, implementor: TypeKey | None = None) -> list[Call]:
        """The calls of a body; a trait default body's depend on the implementor it runs as."""
        key = (id(fn), implementor if fn.in_trait else None)
        if key not in self._calls:
            self._calls[key] = Body(self.crate, fn, self.rules, key[1]).calls()
        return self._calls[key]

    def _levels(
        self, entry: FnDef, depth: int, allowed: Callable[[FnDef], bool]
    ) -> dict[tuple[int, TypeKey | None], int]:
        """The fewest calls from the entry to each function reached (breadth first)."""
        levels: dict[tuple[int, TypeKey | None], int] = {(id(entry), None): 0}
        frontier: list[tuple[FnDef, TypeKey | None]] = [(entry, None)]
        for level in range(1, depth + 1):
            following: list[tuple[FnDef, TypeKey | None]] = []
            for fn, implementor in frontier:
                for call in self.calls(fn, implementor):
                    for edge in call.edges():
                        key = (id(edge.fn), edge.implementor if edge.fn.in_trait else None)
                        if key not in levels and allowed(edge.fn):
                            levels[key] = level
                            following.append((edge.fn, key[1]))
            frontier = following
        return levels

    def trace(self, file: str, symbol: str, depth: int = 3, into: tuple[str, ...] = ()) -> Trace:
        """The call tree from `symbol` in `file`, `depth` calls deep."""
        if depth < 0:
            raise UsageError("--depth must be 0 or more")
        into = tuple(part for text in into for part in text.split(",") if part.strip())
        prefixes = tuple(_module_prefix(m) for m in into)
        entry = self.entry(file, symbol)
        order: list[Step] = []
        expanded: set[tuple[int, TypeKey | None]] = set()
        entry_module = entry.module.path

        def allowed(fn: FnDef) -> bool:
            path = fn.module.path
            if not prefixes or path == entry_module:
                return True
            return any(path[: len(p)] == p for p in prefixes)

        def visit(
            fn: FnDef,
            implementor: TypeKey | None,
            node: TraceNode,
            level: int,
            ancestors: set[tuple[int, TypeKey | None]],
        ) -> None:
            expanded.add((id(fn), implementor))
            order.append(node.step)
            calls = self.calls(fn, implementor)
            node.unresolved = _unresolved(calls)
            if level >= depth:
                node.cut = any(call.targets for call in calls)
                return
            seen_here: set[tuple[int, TypeKey | None]] = set()
            for call in calls:
                for edge in call.edges():
                    target = edge.fn
                    key = (id(target), edge.implementor if target.in_trait else None)
                    if key in seen_here:
                        continue
                    seen_here.add(key)
                    child = TraceNode(
                        self.step(target), call.line, call.text, how=edge.how or call.how, via=edge.via
                    )
                    if target.module.path != fn.module.path:
                        child.crosses = f"{fn.module.name} -> {target.module.name}"
                    node.children.append(child)
                    if key in ancestors:
                        child.repeat = "cycle"
                    elif key in expanded:
                        child.repeat = "seen"
                    elif levels.get(key, level + 1) < level + 1:
                        # expanded where it is nearest the entry, so the depth limit cuts
                        # no branch that a shorter path would have followed
                        child.repeat = "nearer"
                    elif not allowed(target):
                        child.outside = True
                    else:
                        visit(target, key[1], child, level + 1, ancestors | {key})

        levels = self._levels(entry, depth, allowed)
        root = TraceNode(self.step(entry))
        visit(entry, None, root, 0, {(id(entry), None)})
        return Trace(root, list(dict.fromkeys(order)), depth, tuple(into), tuple(self.crate.skipped))


def _module_prefix(text: str) -> tuple[str, ...]:
    cleaned = text.strip().removeprefix("crate::").replace("/", "::").removesuffix(".rs")
    return tuple(part for part in cleaned.split("::") if part and part != "mod")


def _unresolved(calls: list[Call]) -> list[Unresolved]:
    seen: dict[tuple[str, str], Unresolved] = {}
    for call in calls:
        if call.reason is not None and (call.text, call.reason) not in seen:
            seen[(call.text, call.reason)] = Unresolved(call.text, call.line, call.reason, call.detail)
    return list(seen.values())


def trace_flow(
    checkout: Checkout, file: str, symbol: str, depth: int = 3, into: tuple[str, ...] = ()
) -> Trace:
    """Trace from `symbol` in `file` of the checkout."""
    return Tracer(checkout).trace(file, symbol, depth, into)
