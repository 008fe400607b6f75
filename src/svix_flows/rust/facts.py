"""What the code states, for the claims check: per function its signature, its call sites in
source order (spawned, joined, in a loop, retried, and what happens to each call's error), what
it reaches through the trace; per constant its value; per struct literal its field values.

Everything is read from the crate index and the trace engine of this package (one tree-sitter
parse per file per run), lazily and once: a record asks about a handful of functions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import Enum
from typing import TYPE_CHECKING

from .syntax import Node, node_text, parse
from .words import JOINERS, LOG_MACROS, SPAWNERS

if TYPE_CHECKING:
    from .checkout import Checkout
    from .crate import Crate, FnDef
    from .trace.walk import Tracer

_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_LOOPS = frozenset({"loop_expression", "while_expression", "for_expression"})
_RARE = 4  # a name with at most this many definitions is followed by name alone


class Handling(str, Enum):
    """What a call site does with the call's error."""

    PROPAGATED = "propagated with `?`"
    MAPPED = "mapped and propagated with `?`"
    LOGGED = "only logged"
    DROPPED = "dropped"
    PANICS = "unwrapped (panics)"
    RETURNED = "returned to the caller"
    OTHER = "handled otherwise"

    @property
    def swallowed(self) -> bool:
        return self in (Handling.LOGGED, Handling.DROPPED)

    @property
    def propagated(self) -> bool:
        return self in (Handling.PROPAGATED, Handling.MAPPED, Handling.RETURNED)


@dataclass(frozen=True)
class SiteFact:
    """One call of a body: the callee's last name, where it is, and how it runs."""

    name: str
    file: str
    line: int
    start: int  # byte offset in the file
    handling: Handling
    spawned: bool = False
    joined: bool = False
    in_loop: bool = False
    retried: bool = False

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Value:
    """A constant's or a field's value: the text as written and the numbers it stands for
    (durations in milliseconds), in order; `duration` when they are `Duration`s."""

    text: str
    numbers: tuple[float, ...]
    duration: bool
    file: str
    line: int

    @property
    def where(self) -> str:
        return f"{self.file}:{self.line}"


class Facts:
    """The facts of one crate, asked for lazily and kept for the run."""

    def __init__(self, tracer: Tracer, checkout: Checkout) -> None:
        self.tracer = tracer
        self.crate: Crate = tracer.crate
        self.checkout = checkout
        self._sites: dict[int, tuple[SiteFact, ...]] = {}
        self._reach: dict[tuple[int, int, bool], tuple[FnDef, ...]] = {}
        self._consts: dict[str, list[Value]] | None = None
        self._fields: dict[str, list[Value]] | None = None
        self._by_name: dict[str, list[FnDef]] | None = None

    # ---- functions ---------------------------------------------------------------------

    def functions(self, name: str) -> list[FnDef]:
        """The crate's functions and methods that `name` (`f`, `Type::f`, `a::b::f`) names."""
        if self._by_name is None:
            by_name: dict[str, list[FnDef]] = {}
            for fns in self.crate.functions.values():
                for fn in fns:
                    by_name.setdefault(fn.name, []).append(fn)
            self._by_name = by_name
        parts = name.removesuffix("()").split("::")
        found = self._by_name.get(parts[-1], [])
        if len(parts) > 1:
            owner = parts[-2]
            typed = [fn for fn in found if fn.owner is not None and fn.owner.name == owner]
            if typed or owner[:1].isupper():
                return typed
            return [fn for fn in found if fn.owner is None and fn.module.path[-1:] == (owner,)]
        return list(found)

    def in_lines(self, file: str, start: int, end: int) -> list[FnDef]:
        """The functions whose definitions lie within lines `start`..`end` of a crate file."""
        return [fn for fn in self.crate.functions.get(file, []) if start <= fn.line and fn.end_line <= end]

    def returns(self, fn: FnDef) -> tuple[str | None, frozenset[str]]:
        """The return type as written and every type name it stands for, aliases expanded."""
        node = fn.node.child_by_field_name("return_type")
        if node is None:
            return None, frozenset({"()"})
        return node_text(node), frozenset(self._type_names(node_text(node)))

    def params(self, fn: FnDef) -> tuple[str, frozenset[str]]:
        """The parameter list as written and every type name it stands for, aliases expanded."""
        node = fn.node.child_by_field_name("parameters")
        text = node_text(node)
        types = []
        for child in node.named_children if node is not None else []:
            ty = child.child_by_field_name("type")
            if ty is not None:
                types.append(node_text(ty))
        return text, frozenset(self._type_names(" ".join(types)))

    def _type_names(self, text: str, depth: int = 0) -> Iterator[str]:
        aliases = {key.name: ty for key, ty in self.crate.aliases.items()}
        for name in _IDENT.findall(text):
            yield name
            alias = aliases.get(name)
            if alias is not None and depth < 4:
                yield from self._type_names(alias.text or "::".join(alias.path), depth + 1)

    # ---- call sites --------------------------------------------------------------------

    def sites(self, fn: FnDef) -> tuple[SiteFact, ...]:
        """Every call of the body in source order, macro arguments included."""
        cached = self._sites.get(id(fn))
        if cached is None:
            body = fn.node.child_by_field_name("body")
            found = list(_call_sites(body, fn)) if body is not None else []
            found.sort(key=lambda site: site.start)
            cached = self._sites[id(fn)] = tuple(found)
        return cached

    def reach(self, fn: FnDef, depth: int, queue: bool = False) -> tuple[FnDef, ...]:
        """The functions `fn` reaches within `depth` calls: the trace's edges, and every crate
        function a body names whose name has few definitions (over-reaching on purpose: a claim
        is contradicted only when nothing reached names the callee)."""
        key = (id(fn), depth, queue)
        if key in self._reach:
            return self._reach[key]
        self.functions("")  # fills the name table
        assert self._by_name is not None
        seen: dict[int, FnDef] = {id(fn): fn}
        frontier = [fn]
        for _ in range(depth):
            following: list[FnDef] = []
            for current in frontier:
                for callee in self._callees(current, queue):
                    if id(callee) not in seen:
                        seen[id(callee)] = callee
                        following.append(callee)
            frontier = following
        self._reach[key] = tuple(seen.values())
        return self._reach[key]

    def _callees(self, fn: FnDef, queue: bool) -> Iterator[FnDef]:
        """What a body calls; across a queue hop (producer to consumer) only when `queue`."""
        from .trace.model import QUEUE_HOP

        try:
            calls = self.tracer.calls(fn)
        except RecursionError:  # a pathological body: its names still count below
            calls = []
        for call in calls:
            for edge in call.edges():
                if queue or (edge.how or call.how) != QUEUE_HOP:
                    yield edge.fn
        assert self._by_name is not None
        for name in self.names(fn):
            defs = self._by_name.get(name, ())
            if 0 < len(defs) <= _RARE:
                yield from defs

    def names(self, fn: FnDef) -> frozenset[str]:
        """Every identifier of a function's body, macro arguments included."""
        body = fn.node.child_by_field_name("body")
        return frozenset(_IDENT.findall(node_text(body))) if body is not None else frozenset()

    # ---- values ------------------------------------------------------------------------

    def constant(self, name: str) -> list[Value]:
        """The values of the crate's `const` and `static` items called `name`."""
        if self._consts is None:
            self._read_values()
        assert self._consts is not None
        return self._consts.get(name, [])

    def field(self, name: str, within: Iterable[FnDef]) -> list[Value]:
        """The values given to a field `name` in the struct literals of the given functions."""
        out = []
        for fn in within:
            body = fn.node.child_by_field_name("body")
            for node in _walk(body):
                if node.type == "field_initializer":
                    label = node.child_by_field_name("field")
                    if node_text(label) == name:
                        value = _value(node.child_by_field_name("value"), fn.file, {})
                        if value is not None:
                            out.append(value)
        return out

    def _read_values(self) -> None:
        from .crate import crate_files

        consts: dict[str, list[Value]] = {}
        raw_items: list[tuple[str, Node, str]] = []
        for file in crate_files(self.checkout.crate_dir):
            try:
                root = _root(self.crate, file) or parse(self.checkout.read_bytes(file)).root_node
            except (OSError, ValueError):
                continue
            for node in _walk(root):
                if node.type in ("const_item", "static_item"):
                    name = node_text(node.child_by_field_name("name"))
                    raw_items.append((name, node, file))
        known: dict[str, Value] = {}
        for _ in range(2):  # a constant defined by another constant
            for name, node, file in raw_items:
                value = _value(node.child_by_field_name("value"), file, known)
                if value is not None:
                    known.setdefault(name, value)
        for name, node, file in raw_items:
            value = _value(node.child_by_field_name("value"), file, known)
            if value is not None:
                consts.setdefault(name, []).append(value)
        # a function whose body is one value (`fn default_grace_period() -> u64 { 3600 }`, the
        # serde defaults of the configuration) states that value as a constant does
        for fns in self.crate.functions.values():
            for fn in fns:
                body = fn.node.child_by_field_name("body")
                inner = (
                    [c for c in body.named_children if c.type not in ("line_comment", "block_comment")]
                    if body
                    else []
                )
                parameters = fn.node.child_by_field_name("parameters")
                if len(inner) == 1 and parameters is not None and not parameters.named_children:
                    value = _value(inner[0], fn.file, known)
                    if value is not None:
                        consts.setdefault(fn.name, []).append(value)
        self._consts = consts

    def arguments(self, name: str, within: Iterable[FnDef]) -> list[Value]:
        """The values given as arguments to the calls of `name` in the given functions."""
        out = []
        for fn in within:
            body = fn.node.child_by_field_name("body")
            for node in _walk(body):
                if node.type == "call_expression" and _callee_name(node) == name:
                    arguments = node.child_by_field_name("arguments")
                    for argument in arguments.named_children if arguments is not None else []:
                        value = _value(argument, fn.file, {})
                        if value is not None:
                            out.append(value)
        return out


def _root(crate: Crate, file: str) -> Node | None:
    fns = crate.functions.get(file)
    if not fns:
        return None
    node = fns[0].node
    while node.parent is not None:
        node = node.parent
    return node


def _walk(node: Node | None) -> Iterator[Node]:
    """Every node under `node`, depth first, without recursion."""
    if node is None:
        return
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


# ---- call sites -------------------------------------------------------------------------


def _callee_name(node: Node) -> str | None:
    function = node.child_by_field_name("function")
    if function is None:
        return None
    if function.type == "field_expression":
        function = function.child_by_field_name("field")
    elif function.type == "generic_function":
        function = function.child_by_field_name("function")
        if function is not None and function.type == "field_expression":
            function = function.child_by_field_name("field")
    names = _IDENT.findall(node_text(function))
    return names[-1] if names else None


def _macro_name(node: Node) -> str:
    name = node.child_by_field_name("macro")
    return node_text(name).rsplit("::", 1)[-1]


def _call_sites(body: Node, fn: FnDef) -> Iterator[SiteFact]:
    for node in _walk(body):
        if node.type == "call_expression":
            name = _callee_name(node)
            if name is not None:
                yield _site(name, node, node.start_byte, fn, body)
        elif node.type == "macro_invocation" and _macro_name(node) in JOINERS:
            for tree in node.children:
                if tree.type == "token_tree":
                    yield from _macro_calls(tree, fn, body)


def _macro_calls(tree: Node, fn: FnDef, body: Node) -> Iterator[SiteFact]:
    """The `name(` calls written as a macro's tokens (`join!(a(), b())`), all joined."""
    children = tree.children
    for index, child in enumerate(children):
        if (
            child.type == "identifier"
            and index + 1 < len(children)
            and children[index + 1].type == "token_tree"
        ):
            site = _site(node_text(child), tree, child.start_byte, fn, body)
            yield SiteFact(
                site.name,
                site.file,
                child.start_point.row + 1,
                child.start_byte,
                Handling.OTHER,
                site.spawned,
                True,
                site.in_loop,
                site.retried,
            )
        elif child.type == "token_tree":
            yield from _macro_calls(child, fn, body)


def _site(name: str, node: Node, start: int, fn: FnDef, body: Node) -> SiteFact:
    spawned = joined = in_loop = retried = False
    current = node
    while current.parent is not None and current != body:
        parent = current.parent
        if parent.type in _LOOPS:
            in_loop = True
            if _loop_retries(parent):
                retried = True
        elif parent.type == "macro_invocation" and _macro_name(parent) in JOINERS:
            joined = True
        elif parent.type == "arguments" and parent.parent is not None:
            outer = _callee_name(parent.parent) or ""
            if outer in SPAWNERS:
                spawned = True
            elif outer in JOINERS:
                joined = True
            elif "retr" in outer.lower() and current.type == "closure_expression":
                retried = True
        current = parent
    return SiteFact(
        name,
        fn.file,
        node.start_point.row + 1 if node.type != "token_tree" else 0,
        start,
        _handling(node),
        spawned,
        joined,
        in_loop,
        retried,
    )


def _loop_retries(loop: Node) -> bool:
    text = node_text(loop)
    return "sleep" in text or "retr" in text.lower() or "backoff" in text.lower()


def _handling(node: Node) -> Handling:
    """What the code around a call does with its result's error."""
    current = node
    while True:
        parent = current.parent
        if parent is None:
            return Handling.OTHER
        kind = parent.type
        if kind in ("await_expression", "parenthesized_expression"):
            current = parent
            continue
        if kind == "try_expression":
            return Handling.PROPAGATED
        if (
            kind == "field_expression"
            and parent.parent is not None
            and parent.parent.type == "call_expression"
        ):
            method = node_text(parent.child_by_field_name("field"))
            call = parent.parent
            if method in ("map_err", "context", "with_context", "or_else", "map"):
                outer = _handling(call)
                if outer is Handling.PROPAGATED and method != "map":
                    return Handling.MAPPED
                return outer
            if method in ("ok", "unwrap_or_default", "unwrap_or"):
                return Handling.DROPPED
            if method in ("unwrap_or_else", "inspect_err", "can_fail"):
                return Handling.LOGGED if method != "unwrap_or_else" or _logs(call) else Handling.DROPPED
            if method in ("unwrap", "expect"):
                return Handling.PANICS
            if method == "await":
                current = call
                continue
            return Handling.OTHER
        if kind == "let_declaration":
            bound = node_text(parent.child_by_field_name("pattern"))
            return Handling.DROPPED if bound == "_" else Handling.OTHER
        if kind == "let_condition":
            pattern = node_text(parent.child_by_field_name("pattern"))
            holder = parent.parent
            if pattern.startswith("Err") and holder is not None and _logs(holder) and not _fails(holder):
                return Handling.LOGGED
            return Handling.OTHER
        if kind == "match_expression":
            return Handling.LOGGED if _match_logs(parent) else Handling.OTHER
        if kind in ("return_expression",):
            return Handling.RETURNED
        if kind == "block" and parent.parent is not None and parent.parent.type == "function_item":
            last = [c for c in parent.named_children if c.type not in ("line_comment", "block_comment")]
            return Handling.RETURNED if last and last[-1] == current else Handling.OTHER
        return Handling.OTHER


def _logs(node: Node) -> bool:
    return any(child.type == "macro_invocation" and _macro_name(child) in LOG_MACROS for child in _walk(node))


def _fails(node: Node) -> bool:
    text = node_text(node)
    return "return Err" in text or "?" in text or "panic!" in text or "bail!" in text


def _match_logs(match: Node) -> bool:
    body = match.child_by_field_name("body")
    for arm in body.named_children if body is not None else []:
        if arm.type != "match_arm":
            continue
        pattern = node_text(arm.child_by_field_name("pattern"))
        if pattern.startswith("Err"):
            value = arm.child_by_field_name("value")
            return value is not None and _logs(value) and not _fails(value)
    return False


# ---- values -----------------------------------------------------------------------------

_UNITS_MS = {"from_millis": 1.0, "from_secs": 1000.0, "from_mins": 60_000.0, "from_hours": 3_600_000.0}
_UNITS_MS["from_micros"] = 0.001
_UNITS_MS["from_nanos"] = 0.000001
_NUMBER = re.compile(r"\d{1,30}(?:\.\d{1,30})?")


def _value(node: Node | None, file: str, known: dict[str, Value]) -> Value | None:
    """A literal, a product or sum of literals, a `Duration::from_*`, or a list of those."""
    if node is None:
        return None
    numbers = _numbers(node, known)
    if numbers is None:
        return None
    values, duration = numbers
    text = " ".join(node_text(node).split())
    return Value(text[:80], tuple(values), duration, file, node.start_point.row + 1)


def _numbers(node: Node, known: dict[str, Value]) -> tuple[list[float], bool] | None:
    kind = node.type
    if kind in ("reference_expression", "parenthesized_expression", "type_cast_expression"):
        inner = node.child_by_field_name("value") or (node.named_children[0] if node.named_children else None)
        return _numbers(inner, known) if inner is not None else None
    if kind in ("integer_literal", "float_literal"):
        number = _literal(node_text(node))
        return ([number], False) if number is not None else None
    if kind == "binary_expression":
        left_node, right_node = node.child_by_field_name("left"), node.child_by_field_name("right")
        left = _numbers(left_node, known) if left_node is not None else None
        right = _numbers(right_node, known) if right_node is not None else None
        operator = node.child_by_field_name("operator")
        if left is None or right is None or len(left[0]) != 1 or len(right[0]) != 1 or operator is None:
            return None
        a, b = left[0][0], right[0][0]
        op = node_text(operator)
        result = {"*": a * b, "+": a + b, "-": a - b, "<<": float(int(a) << int(b)) if b < 64 else None}.get(
            op
        )
        return ([result], left[1] or right[1]) if result is not None else None
    if kind == "call_expression":
        function = _IDENT.findall(node_text(node.child_by_field_name("function")))
        arguments = node.child_by_field_name("arguments")
        if (
            function
            and function[-1] in _UNITS_MS
            and arguments is not None
            and len(arguments.named_children) == 1
        ):
            argument = _numbers(arguments.named_children[0], known)
            if argument is None or len(argument[0]) != 1:
                return None
            return [argument[0][0] * _UNITS_MS[function[-1]]], True
        return None
    if kind == "array_expression":
        out: list[float] = []
        duration = False
        for child in node.named_children:
            element = _numbers(child, known)
            if element is None:
                return None
            out.extend(element[0])
            duration = duration or element[1]
        return (out, duration) if out else None
    if kind == "identifier" and node_text(node) in known:
        value = known[node_text(node)]
        return list(value.numbers), value.duration
    return None


def _literal(text: str) -> float | None:
    """A Rust number literal's value (`20_000`, `4u64`, `0x10`, `1.5`), or None."""
    text = text.replace("_", "")
    hexa = re.match(r"0x([0-9a-fA-F]+)", text)
    if hexa:
        return float(int(hexa.group(1), 16))
    match = _NUMBER.match(text)
    return float(match.group()) if match else None


_FACTS: dict[str, Facts] = {}


def facts_of(checkout: Checkout) -> Facts:
    """The checkout's facts, one per process: `write`, `validate`, `check` and `rebuild` share it."""
    from .trace.walk import Tracer

    key = str(checkout.crate_dir.resolve())
    if key not in _FACTS:
        _FACTS[key] = Facts(Tracer(checkout), checkout)
    return _FACTS[key]
