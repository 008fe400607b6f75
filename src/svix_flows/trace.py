"""`trace`: discover a flow from its entry point by following calls across module boundaries.

The calls of a function body are found with a tree-sitter query (plain, scoped
and generic callees, method calls) and resolved to functions of the crate
through `modules.Crate`: `use` declarations, module paths, methods of the
crate's types (`Type::new`, and `x.method()` when the receiver's type is
evident from a parameter, a `let`, a field or a call's declared return type, or
when the method name is unique in the crate). What cannot be resolved is listed
with its reason, never guessed: external crates, trait dispatch, ambiguous
method names and calls inside macro invocations.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import tree_sitter_rust
from tree_sitter import Language, Node, Query, QueryCursor

from .errors import SpanError, UsageError
from .modules import (
    Assoc,
    Crate,
    Def,
    External,
    FnDef,
    Ty,
    TypeKey,
    build_crate,
    foreign_key,
    parse_type,
    type_segments,
)
from .rust import normalize_key, resolve
from .source import Checkout

_QUERY = """
(call_expression function: (_) @callee)
(macro_invocation) @macro
(let_declaration) @let
(arguments [(identifier) (scoped_identifier)] @fnref)
"""
_EXTRACTORS = ("from_request_parts", "from_request")
_STD_ROOTS = frozenset({"std", "core", "alloc"})
_PRELUDE = frozenset(
    {"Ok", "Err", "Some", "None", "Box", "Vec", "String", "Option", "Result", "drop",
     "Default", "From", "Into", "ToString", "ToOwned", "Clone", "Iterator", "Arc", "Rc",
     "HashMap", "HashSet", "BTreeMap", "BTreeSet", "Duration", "Cow", "Mutex", "RwLock"}
)
_SMART = frozenset({"Arc", "Box", "Rc", "Cow", "RefCell", "Mutex", "RwLock", "MutexGuard"})
_SAME_TYPE = frozenset({"clone", "to_owned", "as_ref", "borrow", "as_mut", "deref", "into_inner"})
_UNWRAP = frozenset({"unwrap", "expect", "unwrap_or_default", "unwrap_or", "unwrap_or_else"})
# Methods of std collections, iterators, Option/Result, builders and I/O: on a receiver of
# unknown type these names are far likelier the std one than the crate's only method so named.
_COMMON_METHODS = frozenset(
    """iter iter_mut into_iter len is_empty insert remove get get_mut contains contains_key push
    pop extend clear next map filter collect first last keys values entry append drain retain
    sort truncate split join is_none is_some is_ok is_err ok err take replace build body method
    headers header uri version status record parse write read flush close new default from
    to_string as_str as_bytes as_ref clone fmt hash eq cmp""".split()
)
# reasons an unresolved call is listed under
EXTERNAL, STD, TRAIT, AMBIGUOUS, MACRO = "external", "std", "trait", "ambiguous", "macro"


@lru_cache(maxsize=1)
def _query() -> Query:
    return Query(Language(tree_sitter_rust.language()), _QUERY)


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
    reason: str
    detail: str = ""


@dataclass
class TraceNode:
    """One visit of a step in the call tree."""

    step: Step
    line: int = 0  # line of the call in the caller (0 for the entry)
    call: str = ""
    how: str = "path"  # how the edge was resolved: path, unique name, extractor, reference
    crosses: str | None = None  # "caller::module -> callee::module" when a boundary is crossed
    repeat: str | None = None  # "seen" (expanded elsewhere) or "cycle" (an ancestor)
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


@dataclass(frozen=True)
class _Call:
    text: str
    line: int
    start: int
    targets: tuple[FnDef, ...] = ()
    reason: str | None = None
    detail: str = ""
    how: str = "path"


# ---- the crate, once per checkout ---------------------------------------------------


_CRATES: dict[str, Crate] = {}


def crate_of(checkout: Checkout) -> Crate:
    """The checkout's crate index, built once per process."""
    key = str(checkout.crate_dir.resolve())
    if key not in _CRATES:
        if not checkout.crate_dir.is_dir():
            raise UsageError(f"{checkout.crate_dir}: no crate folder in the checkout; check --source")
        _CRATES[key] = build_crate(checkout.crate_dir, checkout.read_bytes)
    return _CRATES[key]


# ---- signatures ---------------------------------------------------------------------


def _compact(text: str) -> str:
    return " ".join(text.split())


def signature(fn: FnDef) -> tuple[tuple[str, ...], str | None]:
    """The parameter types (self excluded) and the return type, as written."""
    params: list[str] = []
    parameters = fn.node.child_by_field_name("parameters")
    for child in parameters.named_children if parameters is not None else []:
        if child.type == "parameter":
            pattern = child.child_by_field_name("pattern")
            if pattern is not None and pattern.type == "self":
                continue
            ty = child.child_by_field_name("type")
            if ty is not None:
                params.append(_compact(ty.text.decode()))
    returns = fn.node.child_by_field_name("return_type")
    return tuple(params), (_compact(returns.text.decode()) if returns is not None else None)


# ---- the calls of a body -------------------------------------------------------------


def _subst_self(ty: Ty, owner: TypeKey | None) -> Ty:
    if owner is None:
        return ty
    args = tuple(_subst_self(arg, owner) for arg in ty.args)
    if ty.path == ("Self",):
        return Ty(("crate",) + owner.module + (owner.name,), args, ty.module, owner.name)
    return Ty(ty.path, args, ty.module, ty.text)


class _Body:
    """Type evidence and calls of one function body."""

    def __init__(self, crate: Crate, fn: FnDef) -> None:
        self.crate = crate
        self.fn = fn
        self.self_type = fn.owner if not fn.in_trait else None
        self.params: dict[str, Ty] = {}
        self.lets: dict[str, list[tuple[int, Node | None, Node | None]]] = {}
        self.inferring: set[int] = set()
        self.inferred: dict[tuple[int, int], Ty | None] = {}
        self.resolved: dict[int, _Call] = {}
        self.param_types: list[tuple[Ty, Node]] = []
        parameters = fn.node.child_by_field_name("parameters")
        for child in parameters.named_children if parameters is not None else []:
            if child.type == "parameter":
                ty = parse_type(child.child_by_field_name("type"), fn.module)
                self.bind(child.child_by_field_name("pattern"), ty)
                if ty is not None:
                    self.param_types.append((ty, child))
            elif child.type == "self_parameter" and fn.owner is not None:
                self.params["self"] = Ty(("Self",), (), fn.module, "Self")

    def bind(self, pattern: Node | None, ty: Ty | None) -> None:
        """Names a parameter pattern binds, with the types the pattern makes evident."""
        if pattern is None or ty is None:
            return
        kind = pattern.type
        if kind == "identifier":
            self.params[pattern.text.decode()] = ty
        elif kind in ("mut_pattern", "ref_pattern", "reference_pattern"):
            for child in pattern.named_children:
                self.bind(child, ty)
        elif kind == "tuple_struct_pattern":  # `State(inner): State<T>` binds inner: T
            inner = [c for c in pattern.named_children if c != pattern.child_by_field_name("type")]
            if len(inner) == 1 and ty.args:
                self.bind(inner[0], ty.args[0])
        elif kind == "struct_pattern":  # `Foo { a, b: c }: Foo` binds field types
            key = self.crate.type_key(ty, self.self_type)
            fields = self.crate.fields.get(key, {}) if isinstance(key, TypeKey) else {}
            for child in pattern.named_children:
                if child.type != "field_pattern":
                    continue
                name = child.child_by_field_name("name")
                bound = child.child_by_field_name("pattern")
                if name is not None and name.text.decode() in fields:
                    field_ty = fields[name.text.decode()]
                    if bound is None:
                        self.params[name.text.decode()] = field_ty
                    else:
                        self.bind(bound, field_ty)

    # -- type evidence --

    def local(self, name: str, before: int) -> Ty | None:
        for start, type_node, value in reversed(self.lets.get(name, [])):
            if start < before:
                if type_node is not None:
                    return parse_type(type_node, self.fn.module)
                return self.infer(value, start) if value is not None else None
        return self.params.get(name)

    def infer(self, node: Node | None, before: int) -> Ty | None:
        """The type of an expression when the source makes it evident, else None."""
        if node is None or node.id in self.inferring:
            return None
        key = (node.id, before)
        if key in self.inferred:
            return self.inferred[key]
        self.inferring.add(node.id)
        try:
            found = self.inferred[key] = self._infer(node, before)
            return found
        finally:
            self.inferring.discard(node.id)

    def _infer(self, node: Node, before: int) -> Ty | None:
        kind = node.type
        if kind == "identifier":
            return self.local(node.text.decode(), before)
        if kind == "self":
            return self.params.get("self")
        if kind in ("await_expression", "parenthesized_expression", "reference_expression"):
            inner = node.named_children[-1] if kind == "reference_expression" else node.named_children[0]
            return self.infer(inner, before)
        if kind == "unary_expression":
            return self.infer(node.named_children[0], before) if node.named_children else None
        if kind == "try_expression":
            inner = self.infer(node.named_children[0], before)
            if inner is not None and inner.path[-1] in ("Result", "Option"):
                return inner.arg(0)
            return None
        if kind == "struct_expression":
            ty = parse_type(node.child_by_field_name("name"), self.fn.module)
            return _subst_self(ty, self.self_type) if ty else None
        if kind == "field_expression":
            base = self.receiver_key(self.infer(node.child_by_field_name("value"), before))
            name = node.child_by_field_name("field")
            if isinstance(base, TypeKey) and name is not None:
                return self.crate.fields.get(base, {}).get(name.text.decode())
            return None
        if kind == "call_expression":
            return self.call_type(node, before)
        return None

    def call_type(self, node: Node, before: int) -> Ty | None:
        callee = node.child_by_field_name("function")
        if callee is not None and callee.type == "generic_function":
            callee = callee.child_by_field_name("function")
        if callee is not None and callee.type == "field_expression":
            name = callee.child_by_field_name("field").text.decode()
            receiver = self.infer(callee.child_by_field_name("value"), before)
            if name in _SAME_TYPE:
                return receiver
            if name in _UNWRAP:
                return receiver.arg(0) if receiver is not None else None
            if name in ("ok_or", "ok_or_else") and receiver is not None and receiver.args:
                return Ty(("Result",), receiver.args, receiver.module, "Result")
        call = self.resolve_call(node, before)
        if len(call.targets) >= 1:
            target = call.targets[0]
            returns = target.node.child_by_field_name("return_type")
            ty = parse_type(returns, target.module)
            return _subst_self(ty, target.owner) if ty is not None else None
        segments = type_segments(callee) if callee is not None else None
        if segments:  # a tuple-struct constructor names its type
            found = self.crate.resolve(self.fn.module, segments, self.self_type)
            if isinstance(found, Def) and found.kind == "struct":
                return Ty(("crate",) + found.module + (found.name,), (), self.fn.module, found.name)
        return None

    def receiver_key(self, ty: Ty | None) -> TypeKey | External | str | None:
        """The crate type of a receiver, External, "generic" for a type parameter, or None."""
        for _ in range(8):  # smart pointers and type aliases (`type Config = Arc<Inner>`) peeled
            while ty is not None and ty.path[-1] in _SMART and ty.args:
                ty = ty.args[0]
            if ty is None:
                return None
            if len(ty.path) == 1 and ty.path[0] in self.fn.generics:
                return "generic"
            if ty.text.startswith("dyn "):
                return "generic"
            found = self.crate.resolve(ty.module, ty.path, self.self_type)
            if isinstance(found, Def):
                if found.kind == "trait":
                    return "generic"
                key = TypeKey(found.module, found.name)
                if key in self.crate.aliases:
                    ty = self.crate.aliases[key]
                    continue
                return key
            if isinstance(found, External):
                return found
            return None
        return None

    # -- calls --

    def resolve_call(self, node: Node, before: int) -> _Call:
        # memoised: type inference asks again for every call of a method chain
        cached = self.resolved.get(node.id)
        if cached is None:
            cached = self.resolved[node.id] = self._resolve_call(node, before)
        return cached

    def _resolve_call(self, node: Node, before: int) -> _Call:
        callee = node.child_by_field_name("function")
        text = _compact(callee.text.decode()) if callee is not None else "?"
        line, start = node.start_point.row + 1, node.start_byte
        if callee is not None and callee.type == "generic_function":
            inner = callee.child_by_field_name("function")
            if inner is not None and inner.type == "field_expression":
                callee = inner
        if callee is None:
            return _Call(text, line, start)
        if callee.type == "field_expression":
            name = callee.child_by_field_name("field").text.decode()
            receiver = callee.child_by_field_name("value")
            shown = _compact(receiver.text.decode()) if receiver is not None else ""
            shown = shown if len(shown) <= 32 and "(" not in shown else "…"
            return self.method_call(f"{shown}.{name}()", line, start, name, receiver, before)
        segments = type_segments(callee)
        if segments is None:
            if callee.type == "scoped_identifier":  # `<T as Trait>::method`
                return _Call(text + "()", line, start, reason=TRAIT, detail="qualified path")
            return _Call(text + "()", line, start)  # a closure or expression: not a path
        if len(segments) == 1 and self.is_local(segments[0], start):
            return _Call(text + "()", line, start)  # a local closure
        return self.path_call(text + "()", line, start, segments, node)

    def foreign_receiver(self, receiver: Node | None, before: int) -> TypeKey | None:
        ty = self.infer(receiver, before)
        while ty is not None and ty.path[-1] in _SMART and ty.args:
            ty = ty.args[0]
        return foreign_key(self.crate, ty) if ty is not None else None

    def is_local(self, name: str, before: int) -> bool:
        return name in self.params or any(end < before for end, _, _ in self.lets.get(name, []))

    def path_call(
        self, text: str, line: int, start: int, segments: tuple[str, ...], node: Node | None = None
    ) -> _Call:
        crate = self.crate
        found = crate.resolve(self.fn.module, segments, self.self_type)
        if isinstance(found, Def):
            if found.kind == "fn":
                fn = crate.free_fns.get((found.module, found.name))
                if fn is not None:
                    return _Call(text, line, start, (fn,))
            return _Call(text, line, start)  # a constructor, a const or a macro-made item
        if isinstance(found, Assoc):
            if found.name[:1].isupper():
                return _Call(text, line, start)  # an enum variant or associated const
            if found.kind == "trait":
                return self.dispatch(text, line, start, found.name, f"{found.owner}::{found.name}")
            arg = None
            if found.name == "from" and node is not None:
                arguments = node.child_by_field_name("arguments")
                first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
                key = self.receiver_key(self.infer(first, start))
                arg = key if isinstance(key, TypeKey) else None
            return self.method_of(text, line, start, found.owner, found.name, arg)
        if isinstance(found, External):
            if len(segments) == 1 and segments[0] in self.fn.generics:
                return _Call(text, line, start, reason=TRAIT, detail="generic type parameter")
            root = found.path[0]
            reason = STD if root in _STD_ROOTS or root in _PRELUDE or root[:1].isupper() else EXTERNAL
            if len(segments) >= 2 and segments[0] in self.fn.generics:
                reason = TRAIT
            return _Call(text, line, start, reason=reason, detail="::".join(found.path))
        return _Call(text, line, start)

    def method_of(
        self, text: str, line: int, start: int, owner: TypeKey, name: str, arg: TypeKey | None = None
    ) -> _Call:
        crate = self.crate
        found = crate.methods.get(owner, {}).get(name, [])
        if len(found) > 1 and arg is not None:  # `Target::from(x)`: the impl for x's type
            found = [fn for fn in found if fn in crate.conversions.get(arg, [])] or found
        if len({_impl_header(fn) for fn in found}) > 1:
            listed = ", ".join(_impl_header(fn) for fn in found[:3])
            return _Call(text, line, start, reason=AMBIGUOUS, detail=f"{len(found)} impls: {listed}")
        if found:  # one, or `#[cfg]` twins of one impl
            return _Call(text, line, start, tuple(found))
        for trait in sorted(crate.trait_impls.get(owner, ())):  # a default method it inherits
            default = crate.trait_defaults.get((trait, name))
            if default is not None:
                return _Call(text, line, start, (default,))
        if owner.module == ("?",):
            return _Call(text, line, start, reason=EXTERNAL, detail=f"{owner.name}::{name}")
        if name in crate.trait_methods:
            return self.dispatch(text, line, start, name, f"{owner}::{name}")
        return _Call(text, line, start, reason=EXTERNAL, detail=f"{owner}::{name} (derived or foreign)")

    def dispatch(self, text: str, line: int, start: int, name: str, what: str) -> _Call:
        """A call through a crate trait: followed only when every implementor runs the same body."""
        traits = self.crate.trait_methods.get(name, [])
        if len(traits) == 1:
            trait = traits[0]
            default = self.crate.trait_defaults.get((trait.name, name))
            overridden = any(
                fn.trait == trait.name and not fn.in_trait
                for fn in self.crate.methods_by_name.get(name, [])
            )
            if default is not None and not overridden:
                return _Call(text, line, start, (default,))
        listed = ", ".join(str(t) for t in traits) or "a trait"
        return _Call(text, line, start, reason=TRAIT, detail=f"{what} via {listed}")

    def method_call(
        self, text: str, line: int, start: int, name: str, receiver: Node | None, before: int
    ) -> _Call:
        key = self.receiver_key(self.infer(receiver, before))
        if name == "into" and isinstance(key, TypeKey) and len(self.crate.conversions.get(key, [])) == 1:
            return _Call(text, line, start, tuple(self.crate.conversions[key]))  # `impl From<T>`
        if isinstance(key, TypeKey):
            return self.method_of(text, line, start, key, name)
        if isinstance(key, External):
            foreign = self.foreign_receiver(receiver, before)
            if foreign is not None and name in self.crate.methods.get(foreign, {}):
                return self.method_of(text, line, start, foreign, name)  # a crate trait on it
            root = key.path[0]
            reason = STD if root in _STD_ROOTS or root in _PRELUDE else EXTERNAL
            return _Call(text, line, start, reason=reason, detail=f"{'::'.join(key.path)}::{name}")
        if key == "generic" or name in self.crate.trait_methods:
            return self.dispatch(text, line, start, name, f"method `{name}`")
        # by name, only inherent methods: a trait impl's method (`into_iter`, `clone`) is
        # far more often the std one on some other type
        candidates = [
            fn for fn in self.crate.methods_by_name.get(name, [])
            if fn.trait is None and fn.visible_from(self.fn.module)
        ]
        owners = {fn.owner for fn in candidates}
        if len(owners) == 1 and (name in _COMMON_METHODS or candidates[0] is self.fn):
            # a std-sounding name, or delegation to an inner value from a same-named method
            return _Call(text, line, start, reason=STD, detail=f"`{name}` on a receiver of unknown type")
        if len(owners) == 1:
            return _Call(text, line, start, tuple(candidates), how="unique name")
        if len(owners) > 1:
            listed = ", ".join(sorted(str(o) for o in owners)[:4])
            return _Call(text, line, start, reason=AMBIGUOUS, detail=f"{len(owners)} types: {listed}")
        return _Call(text, line, start, reason=STD, detail=f"method `{name}` the crate does not define")

    def extractors(self) -> list[_Call]:
        """What a handler's parameter types run before its body: axum `FromRequest(Parts)` impls."""
        found: list[_Call] = []
        for ty, param in self.param_types:
            pending, seen = [ty], 0
            while pending and seen < 6:
                current = pending.pop(0)
                seen += 1
                pending.extend(current.args)
                key = self.receiver_key(current)
                if not isinstance(key, TypeKey):
                    continue
                for name in _EXTRACTORS:
                    targets = self.crate.methods.get(key, {}).get(name, [])
                    if targets:
                        found.append(
                            _Call(f"extractor {current.text}", param.start_point.row + 1,
                                  param.start_byte, tuple(targets), how="extractor")
                        )
        return found

    def function_reference(self, node: Node) -> _Call | None:
        """A crate function passed by name (`.map_err(http_error_on_conflict)`): an edge too."""
        segments = type_segments(node)
        if not segments or (len(segments) == 1 and self.is_local(segments[0], node.start_byte)):
            return None
        if len(segments) == 1 and segments[0][:1].isupper():
            return None
        call = self.path_call(_compact(node.text.decode()), node.start_point.row + 1, node.start_byte, segments)
        return _Call(call.text, call.line, call.start, call.targets, how="reference") if call.targets else None

    def calls(self) -> list[_Call]:
        body = self.fn.node.child_by_field_name("body")
        if body is None:
            return []
        captures = QueryCursor(_query()).captures(body)
        for node in captures.get("let", []):
            pattern = node.child_by_field_name("pattern")
            while pattern is not None and pattern.type in ("mut_pattern",):
                pattern = pattern.named_children[0] if pattern.named_children else None
            if pattern is not None and pattern.type == "identifier":
                self.lets.setdefault(pattern.text.decode(), []).append(
                    (node.end_byte, node.child_by_field_name("type"), node.child_by_field_name("value"))
                )
        for entries in self.lets.values():
            entries.sort(key=lambda entry: entry[0])
        found: list[_Call] = self.extractors()
        for ref in captures.get("fnref", []):
            call = self.function_reference(ref)
            if call is not None:
                found.append(call)
        for callee in captures.get("callee", []):
            call = callee.parent
            found.append(self.resolve_call(call, call.start_byte))
        crate_names = {name for (_, name) in self.crate.free_fns} | set(self.crate.methods_by_name)
        for macro in captures.get("macro", []):
            for call in _macro_calls(macro):
                named = call.text.rstrip("()").replace(".", "::").split("::")[-1]
                # a call no crate item could answer is std noise, not a lost edge
                found.append(call if named in crate_names else _Call(call.text, call.line, call.start, reason=STD, detail=call.detail))
        found.sort(key=lambda call: call.start)
        return found


def _impl_header(fn: FnDef) -> str:
    if fn.impl_node is None:
        return ""
    body = fn.impl_node.child_by_field_name("body")
    end = body.start_byte - fn.impl_node.start_byte if body is not None else None
    return _compact(fn.impl_node.text[:end].decode())


def _macro_calls(macro: Node) -> list[_Call]:
    """Call-like token runs inside a macro invocation: listed, never followed."""
    name_node = macro.child_by_field_name("macro")
    name = _compact(name_node.text.decode()) if name_node is not None else "?"
    found: list[_Call] = []
    stack = [child for child in macro.children if child.type == "token_tree"]
    while stack:
        tree = stack.pop()
        children = tree.children
        for index, child in enumerate(children):
            if child.type == "token_tree":
                stack.append(child)
                if index and children[index - 1].type == "identifier" and child.text.startswith(b"("):
                    parts = [children[index - 1].text.decode()]
                    back = index - 2
                    while back >= 1 and children[back].type == "::" and children[back - 1].type == "identifier":
                        parts.insert(0, children[back - 1].text.decode())
                        back -= 2
                    dot = "." if back >= 0 and children[back].type == "." else ""
                    found.append(
                        _Call(
                            f"{dot}{'::'.join(parts)}()",
                            child.start_point.row + 1,
                            child.start_byte,
                            reason=MACRO,
                            detail=f"inside {name}!",
                        )
                    )
    return found


# ---- the walk ------------------------------------------------------------------------


class Tracer:
    """Traces from entry points of one checkout."""

    def __init__(self, checkout: Checkout) -> None:
        self.checkout = checkout
        self.crate = crate_of(checkout)
        self._steps: dict[int, Step] = {}
        self._calls: dict[int, list[_Call]] = {}

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

    def step(self, fn: FnDef) -> Step:
        cached = self._steps.get(id(fn))
        if cached is not None:
            return cached
        index = self.checkout.source_file(fn.file).index
        item = next(
            (i for i in index.items if i.item_line == fn.line and i.kind in ("fn", "method")), None
        )
        symbol, kind = (item.symbol, item.kind) if item else (fn.qualname, "fn")
        start, end = (item.start_line, item.end_line) if item else (fn.line, fn.end_line)
        if item is not None and len(index.by_key.get(normalize_key(symbol), [])) > 1:
            # cfg twins and the like: name the enclosing impl block, which is unique
            impl = next(
                (
                    i for i in index.items
                    if i.kind == "impl" and i.item_line <= fn.line <= i.end_line
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

    def calls(self, fn: FnDef) -> list[_Call]:
        if id(fn) not in self._calls:
            self._calls[id(fn)] = _Body(self.crate, fn).calls()
        return self._calls[id(fn)]

    def trace(self, file: str, symbol: str, depth: int = 3, into: tuple[str, ...] = ()) -> Trace:
        """The call tree from `symbol` in `file`, `depth` calls deep."""
        if depth < 0:
            raise UsageError("--depth must be 0 or more")
        into = tuple(part for text in into for part in text.split(",") if part.strip())
        prefixes = tuple(_module_prefix(m) for m in into)
        entry = self.entry(file, symbol)
        order: list[Step] = []
        expanded: set[int] = set()
        entry_module = entry.module.path

        def allowed(fn: FnDef) -> bool:
            path = fn.module.path
            if not prefixes or path == entry_module:
                return True
            return any(path[: len(p)] == p for p in prefixes)

        def visit(fn: FnDef, node: TraceNode, level: int, ancestors: set[int]) -> None:
            expanded.add(id(fn))
            order.append(node.step)
            calls = self.calls(fn)
            if level >= depth:
                node.cut = any(call.targets for call in calls)
                node.unresolved = _unresolved(calls)
                return
            node.unresolved = _unresolved(calls)
            seen_here: set[int] = set()
            for call in calls:
                for target in call.targets:
                    if id(target) in seen_here:
                        continue
                    seen_here.add(id(target))
                    child = TraceNode(self.step(target), call.line, call.text, how=call.how)
                    if target.module.path != fn.module.path:
                        child.crosses = f"{fn.module.name} -> {target.module.name}"
                    node.children.append(child)
                    if id(target) in ancestors:
                        child.repeat = "cycle"
                    elif id(target) in expanded:
                        child.repeat = "seen"
                    elif not allowed(target):
                        child.outside = True
                    else:
                        visit(target, child, level + 1, ancestors | {id(target)})

        root = TraceNode(self.step(entry))
        visit(entry, root, 0, {id(entry)})
        return Trace(root, list(dict.fromkeys(order)), depth, tuple(into), tuple(self.crate.skipped))


def _module_prefix(text: str) -> tuple[str, ...]:
    cleaned = text.strip().removeprefix("crate::").replace("/", "::").removesuffix(".rs")
    return tuple(part for part in cleaned.split("::") if part and part != "mod")


def _unresolved(calls: list[_Call]) -> list[Unresolved]:
    seen: dict[tuple[str, str], Unresolved] = {}
    for call in calls:
        if call.reason is not None and (call.text, call.reason) not in seen:
            seen[(call.text, call.reason)] = Unresolved(call.text, call.line, call.reason, call.detail)
    return list(seen.values())


# ---- rendering -----------------------------------------------------------------------


def _signature_text(step: Step) -> str:
    returns = f" -> {step.returns}" if step.returns else ""
    return f"({', '.join(step.params)}){returns}"


def render_tree(trace: Trace, show_std: bool = False) -> str:
    """The call tree as text: one `file:symbol (lines A-B)` per line, boundaries marked `⇒`."""
    lines: list[str] = []

    def emit(node: TraceNode, prefix: str, branch: str, child_prefix: str) -> None:
        step = node.step
        mark = "⇒ " if node.crosses else ""
        head = f"{prefix}{branch}{mark}{step.file}:{step.symbol} (lines {step.start_line}-{step.end_line})"
        notes = []
        if node.crosses:
            notes.append(f"[{node.crosses}]")
        if node.how != "path":
            notes.append(f"({node.how})")
        if node.repeat == "cycle":
            notes.append("↻ cycle")
        elif node.repeat == "seen":
            notes.append("↑ seen above")
        elif node.outside:
            notes.append("· outside --into")
        elif node.cut:
            notes.append("… depth limit")
        lines.append(" ".join([head, _signature_text(step)] + notes))
        inner = prefix + child_prefix
        shown = [u for u in node.unresolved if show_std or u.reason != STD]
        hidden = len(node.unresolved) - len(shown)
        by_reason: dict[str, list[str]] = {}
        for item in shown:
            by_reason.setdefault(item.reason, []).append(f"{item.call}:{item.line}")
        entries = [f"{reason}: {', '.join(calls)}" for reason, calls in by_reason.items()]
        if hidden:
            entries.append(f"{hidden} std/unknown-receiver calls (--json lists them)")
        for entry in entries:
            bar = "│   " if node.children else "    "
            lines.append(f"{inner}{bar}? {entry}")
        for position, child in enumerate(node.children):
            last = position == len(node.children) - 1
            emit(child, inner, "└── " if last else "├── ", "    " if last else "│   ")

    emit(trace.root, "", "", "")
    return "\n".join(lines) + "\n"


def _toml_string(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return '"' + "".join(c if c >= " " else f"\\u{ord(c):04x}" for c in escaped) + '"'


def render_toml(trace: Trace) -> str:
    """A `spans = [...]` list for flows.toml: the reached items in data-flow order, entry first."""
    reached = [trace.root.step] + [s for s in trace.order[1:]]
    seen: set[tuple[str, str]] = set()
    rows = []
    for step in reached:
        if (step.file, step.symbol) in seen:
            continue
        seen.add((step.file, step.symbol))
        rows.append(f"  {{ file = {_toml_string(step.file)}, symbol = {_toml_string(step.symbol)} }},")
    return "spans = [\n" + "\n".join(rows) + "\n]\n"


def to_json(trace: Trace) -> dict:
    """The trace for machines: steps in data-flow order, edges with their types, unresolved calls."""
    steps = {step.key: step for step in trace.order}
    edges: list[dict] = []
    unresolved: list[dict] = []

    def walk(node: TraceNode) -> None:
        for item in node.unresolved:
            unresolved.append(
                {"in": node.step.key, "call": item.call, "line": item.line,
                 "reason": item.reason, "detail": item.detail}
            )
        for child in node.children:
            steps.setdefault(child.step.key, child.step)
            edges.append(
                {
                    "from": node.step.key,
                    "to": child.step.key,
                    "line": child.line,
                    "call": child.call,
                    "crosses": child.crosses,
                    "how": child.how,
                    "args": list(child.step.params),
                    "returns": child.step.returns,
                    "followed": child.repeat is None and not child.outside,
                    "repeat": child.repeat,
                    "outside_into": child.outside,
                }
            )
            walk(child)

    walk(trace.root)
    return {
        "entry": trace.root.step.key,
        "depth": trace.depth,
        "into": list(trace.into),
        "steps": [
            {
                "file": s.file, "symbol": s.symbol, "kind": s.kind, "module": s.module,
                "start_line": s.start_line, "end_line": s.end_line,
                "params": list(s.params), "returns": s.returns,
            }
            for s in steps.values()
        ],
        "edges": edges,
        "unresolved": unresolved,
    }


def trace_flow(checkout: Checkout, file: str, symbol: str, depth: int = 3, into: tuple[str, ...] = ()) -> Trace:
    """Trace from `symbol` in `file` of the checkout."""
    return Tracer(checkout).trace(file, symbol, depth, into)


FORMATS = ("tree", "toml", "json")


def output_format(toml: bool, json: bool) -> str:
    """The one format the flags ask for."""
    if toml and json:
        raise UsageError("--toml and --json exclude each other; pick one")
    return "toml" if toml else "json" if json else "tree"


def render(trace: Trace, fmt: str, show_std: bool = False) -> str:
    """The trace in one of FORMATS, as text ending in a newline."""
    if fmt == "toml":
        return render_toml(trace)
    if fmt == "json":
        import orjson

        return orjson.dumps(to_json(trace), option=orjson.OPT_INDENT_2).decode() + "\n"
    return render_tree(trace, show_std)
