"""The calls of a function body, each resolved to the crate's functions or listed with why not.

Part of `trace` (see `rust/trace/__init__.py`): the body's calls are found with a tree-sitter
query and resolved through the crate index (`rust/crate.py`) and the rules (`rules.py`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...errors import UsageError
from ..checkout import Checkout
from ..crate import (
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
from ..syntax import Node, captures, node_bytes, node_text, parse_with_macros_as_calls, query
from .rules import (
    CONNECTION_ERRORS,
    DEFAULT_RUNS,
    DESERIALIZE,
    ENTITY_DERIVE,
    HOOKS,
    ROW_DECODE,
    ROW_READS,
    SERIALIZE,
    VALIDATE,
    DeriveConversion,
    QueueModel,
    arm_variant,
    derive_conversions,
    field_origins,
    handed_callbacks,
    queue_model,
    returned_variants,
    serde_hooks,
    service_types,
    type_keys,
)

_QUERY = """
(call_expression function: (_) @callee)
(macro_invocation) @macro
(let_declaration) @let
(arguments [(identifier) (scoped_identifier)] @fnref)
(match_arm) @arm
(try_expression) @try
(field_expression) @field
"""
_EXTRACTORS = ("from_request_parts", "from_request")
# axum's extractors and response that run serde on their type argument
_SERDE_EXTRACTORS = frozenset({"Json", "Query", "Path", "Form"})
_SERDE_RESPONSES = frozenset({"Json"})
# external functions that deserialise into their target type / serialise their argument
_DESERIALISERS = frozenset({"from_str", "from_slice", "from_value", "from_reader", "deserialize", "extract"})
_SERIALISERS = frozenset(
    {"to_string", "to_string_pretty", "to_vec", "to_vec_pretty", "to_value", "to_writer"}
)
_SERDE_CRATES = frozenset({"serde_json", "serde_path_to_error", "serde_yaml", "toml", "figment"})
_VERBS = {DESERIALIZE: "deserialises", SERIALIZE: "serialises", VALIDATE: "validates"}
# a crate extractor's body that deserialises its argument (a serde call or an axum extractor)
_DESERIALISES = re.compile(
    r"\b(?:deserialize|from_slice|from_str|from_value)\s*\(|\b(?:Json|Query|Form|Path)\s*::"
)
_STD_ROOTS = frozenset({"std", "core", "alloc"})
_PRELUDE = frozenset(
    {
        "Ok",
        "Err",
        "Some",
        "None",
        "Box",
        "Vec",
        "String",
        "Option",
        "Result",
        "drop",
        "Default",
        "From",
        "Into",
        "ToString",
        "ToOwned",
        "Clone",
        "Iterator",
        "Arc",
        "Rc",
        "HashMap",
        "HashSet",
        "BTreeMap",
        "BTreeSet",
        "Duration",
        "Cow",
        "Mutex",
        "RwLock",
    }
)
_SMART = frozenset({"Arc", "Box", "Rc", "Cow", "RefCell", "Mutex", "RwLock", "MutexGuard"})
_SAME_TYPE = frozenset({"clone", "to_owned", "as_ref", "borrow", "as_mut", "deref", "into_inner"})
_UNWRAP = frozenset({"unwrap", "expect", "unwrap_or_default", "unwrap_or", "unwrap_or_else"})
# Methods of std collections, iterators, Option/Result, builders and I/O: on a receiver of
# unknown type these names are far likelier the std one than the crate's only method so named.
_COMMON_METHODS = frozenset(
    [
        "iter",
        "iter_mut",
        "into_iter",
        "len",
        "is_empty",
        "insert",
        "remove",
        "get",
        "get_mut",
        "contains",
        "contains_key",
        "push",
        "pop",
        "extend",
        "clear",
        "next",
        "map",
        "filter",
        "collect",
        "first",
        "last",
        "keys",
        "values",
        "entry",
        "append",
        "drain",
        "retain",
        "sort",
        "truncate",
        "split",
        "join",
        "is_none",
        "is_some",
        "is_ok",
        "is_err",
        "ok",
        "err",
        "take",
        "replace",
        "build",
        "body",
        "method",
        "headers",
        "header",
        "uri",
        "version",
        "status",
        "record",
        "parse",
        "write",
        "read",
        "flush",
        "close",
        "new",
        "default",
        "from",
        "to_string",
        "as_str",
        "as_bytes",
        "as_ref",
        "clone",
        "fmt",
        "hash",
        "eq",
        "cmp",
    ]
)
# macros whose arguments are plain expressions (`tokio::join!(a(), async { b().await })`):
# their calls are found by re-parsing the invocation as a call (`select!`, `format!` are not)
_EXPRESSION_MACROS = frozenset({"join", "try_join"})
# closures whose first parameter is the element of the receiver: Option's and Result's value
# (or error), an iterator's item; iterator adapters that keep the item; collections whose
# `iter()`/`into_iter()` yields their one type argument (references peeled, as everywhere)
_OPTION_CLOSURES = frozenset({"map", "and_then", "filter", "inspect", "is_some_and", "is_none_or", "take_if"})
_RESULT_CLOSURES = frozenset({"map", "and_then", "inspect", "is_ok_and"})
_ERROR_CLOSURES = frozenset({"map_err", "or_else", "inspect_err", "is_err_and"})
_ITER_CLOSURES = frozenset(
    {
        "map",
        "filter",
        "for_each",
        "filter_map",
        "flat_map",
        "any",
        "all",
        "find",
        "find_map",
        "position",
        "inspect",
        "take_while",
        "skip_while",
        "map_while",
        "partition",
        "max_by_key",
        "min_by_key",
        "try_for_each",
    }
)
_ITER_SAME = frozenset(
    {
        "filter",
        "rev",
        "skip",
        "take",
        "peekable",
        "skip_while",
        "take_while",
        "inspect",
        "fuse",
        "by_ref",
        "step_by",
        "cycle",
        "copied",
        "cloned",
    }
)
_ITER_START = frozenset({"iter", "iter_mut", "into_iter", "drain"})
_COLLECTIONS = frozenset({"Vec", "VecDeque", "HashSet", "BTreeSet", "BinaryHeap", "Option"})
_ENDS = frozenset({"first", "last", "pop", "first_mut", "last_mut", "pop_front", "pop_back"})
# reasons an unresolved call is listed under
EXTERNAL, STD, TRAIT, AMBIGUOUS, MACRO = "external", "std", "trait", "ambiguous", "macro"


# how an edge was resolved
PATH, UNIQUE, EXTRACTOR, REFERENCE = "path", "unique name", "extractor", "reference"
QUEUE_HOP, ENUM_DISPATCH, TRAIT_DEFAULT, GENERIC_BOUND = (
    "queue hop",
    "enum_dispatch",
    "trait default",
    "generic bound",
)
CONVERSION, TRY_CONVERSION, DERIVE, CALLBACK = "conversion", "? conversion", "derive", "callback"
SERDE, VALIDATOR, MACRO_ARGUMENT = "serde", "validator", "macro argument"
FIELD_ORIGIN = "field origin"
RESOLUTIONS = (
    PATH,
    UNIQUE,
    EXTRACTOR,
    REFERENCE,
    QUEUE_HOP,
    ENUM_DISPATCH,
    TRAIT_DEFAULT,
    GENERIC_BOUND,
    CONVERSION,
    TRY_CONVERSION,
    DERIVE,
    CALLBACK,
    SERDE,
    VALIDATOR,
    MACRO_ARGUMENT,
    FIELD_ORIGIN,
)


@dataclass(frozen=True)
class Target:
    """One callee of a call: the function, the implementor a trait default body runs for, and
    how the edge was resolved when a rule (not the call's own path) chose it."""

    fn: FnDef
    implementor: TypeKey | None = None
    how: str | None = None
    via: str = ""


@dataclass(frozen=True)
class Call:
    text: str
    line: int
    start: int
    targets: tuple[FnDef, ...] = ()
    reason: str | None = None
    detail: str = ""
    how: str = "path"
    expanded: tuple[Target, ...] = ()  # per-target implementor and rule; empty: plain targets

    def edges(self) -> tuple[Target, ...]:
        return self.expanded or tuple(Target(fn) for fn in self.targets)


def _expanded(text: str, line: int, start: int, targets: list[Target], how: str) -> Call:
    return Call(text, line, start, tuple(t.fn for t in targets), how=how, expanded=tuple(targets))


# ---- the crate, once per checkout ---------------------------------------------------


_CRATES: dict[str, Crate] = {}
_RULES: dict[str, _Rules] = {}


@dataclass
class _Rules:
    """The crate-wide facts of trace_rules, built once per checkout with the crate."""

    queue: QueueModel | None
    derives: dict[str, DeriveConversion]
    # per file: its tree re-parsed with expression macros as calls (`_expression_macro`)
    reparsed: dict[str, Node | None] = field(default_factory=dict)


def rules_of(checkout: Checkout) -> _Rules:
    key = str(checkout.crate_dir.resolve())
    if key not in _RULES or key not in _CRATES:
        crate = crate_of(checkout)
        _RULES[key] = _Rules(queue_model(crate, checkout.read_bytes), derive_conversions(checkout.crate_dir))
    return _RULES[key]


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
                params.append(_compact(node_text(ty)))
    returns = fn.node.child_by_field_name("return_type")
    return tuple(params), (_compact(node_text(returns)) if returns is not None else None)


# ---- the calls of a body -------------------------------------------------------------


def _subst_self(ty: Ty, owner: TypeKey | None) -> Ty:
    if owner is None:
        return ty
    args = tuple(_subst_self(arg, owner) for arg in ty.args)
    if ty.path == ("Self",):
        return Ty(("crate",) + owner.module + (owner.name,), args, ty.module, owner.name)
    return Ty(ty.path, args, ty.module, ty.text)


class Body:
    """Type evidence and calls of one function body."""

    def __init__(
        self, crate: Crate, fn: FnDef, rules: _Rules | None = None, implementor: TypeKey | None = None
    ) -> None:
        self.crate = crate
        self.fn = fn
        self.rules = rules or _Rules(None, {})
        # a trait's default body runs as the implementor it was reached through
        self.self_type = implementor if fn.in_trait else fn.owner
        self.params: dict[str, Ty] = {}
        self.lets: dict[str, list[tuple[int, Node | None, Node | None]]] = {}
        self.bound: dict[str, list[tuple[int, Ty]]] = {}  # names match arms bind, with their types
        self._bounds: dict[str, list[TypeKey]] | None = None
        self.inferring: set[int] = set()
        self.inferred: dict[tuple[int, int], Ty | None] = {}
        self.resolved: dict[int, Call] = {}
        self.param_types: list[tuple[Ty, Node]] = []
        # the function as parsed for its calls: expression macros' arguments made code
        self.fn_node, self.macro_spans = self._reparsed()
        parameters = fn.node.child_by_field_name("parameters")
        for child in parameters.named_children if parameters is not None else []:
            if child.type == "parameter":
                ty = parse_type(child.child_by_field_name("type"), fn.module)
                self.bind(child.child_by_field_name("pattern"), ty)
                if ty is not None:
                    self.param_types.append((ty, child))
            elif child.type == "self_parameter" and self.self_type is not None:
                self.params["self"] = Ty(("Self",), (), fn.module, "Self")

    def bind(self, pattern: Node | None, ty: Ty | None) -> None:
        """Names a parameter pattern binds, with the types the pattern makes evident."""
        if pattern is None or ty is None:
            return
        kind = pattern.type
        if kind == "identifier":
            self.params[node_text(pattern)] = ty
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
                if name is not None and node_text(name) in fields:
                    field_ty = fields[node_text(name)]
                    if bound is None:
                        self.params[node_text(name)] = field_ty
                    else:
                        self.bind(bound, field_ty)

    # -- type evidence --

    def local(self, name: str, before: int) -> Ty | None:
        arm = next((entry for entry in reversed(self.bound.get(name, [])) if entry[0] < before), None)
        for start, type_node, value in reversed(self.lets.get(name, [])):
            if arm is not None and arm[0] > start:
                break
            if start < before:
                if type_node is not None:
                    return parse_type(type_node, self.fn.module)
                return self.infer(value, start) if value is not None else None
        if arm is not None:
            return arm[1]
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
            closure = self.closure_binding(node)
            if closure is not None:
                return self.closure_param(closure[0], closure[1], before)
            return self.local(node_text(node), before)
        if kind == "self":
            return self.params.get("self")
        if kind in ("await_expression", "parenthesized_expression", "reference_expression"):
            inner = node.named_children[-1] if kind == "reference_expression" else node.named_children[0]
            return self.infer(inner, before)
        if kind == "unary_expression":
            return self.infer(node.named_children[0], before) if node.named_children else None
        if kind == "try_expression":
            tried = self.infer(node.named_children[0], before)
            if tried is not None and tried.path[-1] in ("Result", "Option"):
                return tried.arg(0)
            return None
        if kind == "struct_expression":
            ty = parse_type(node.child_by_field_name("name"), self.fn.module)
            return _subst_self(ty, self.self_type) if ty else None
        if kind == "field_expression":
            base = self.receiver_key(self.infer(node.child_by_field_name("value"), before))
            name = node.child_by_field_name("field")
            if isinstance(base, TypeKey) and name is not None:
                return self.crate.fields.get(base, {}).get(node_text(name))
            return None
        if kind == "call_expression":
            return self.call_type(node, before)
        return None

    def call_type(self, node: Node, before: int) -> Ty | None:
        callee = node.child_by_field_name("function")
        if callee is not None and callee.type == "generic_function":
            callee = callee.child_by_field_name("function")
        if callee is not None and callee.type == "field_expression":
            name = node_text(callee.child_by_field_name("field"))
            receiver = self.infer(callee.child_by_field_name("value"), before)
            if name in _SAME_TYPE:
                return receiver
            if name in _UNWRAP:
                return receiver.arg(0) if receiver is not None else None
            if name in ("ok_or", "ok_or_else") and receiver is not None and receiver.args:
                return Ty(("Result",), receiver.args, receiver.module, "Result")
            collection = self.peeled(receiver)
            if (
                name in _ENDS
                and collection is not None
                and collection.path[-1] in ("Vec", "VecDeque")
                and collection.args
            ):
                return Ty(("Option",), collection.args[:1], collection.module, "Option")
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

    @staticmethod
    def peeled(ty: Ty | None) -> Ty | None:
        while ty is not None and ty.path[-1] in _SMART and ty.args:
            ty = ty.args[0]
        return ty

    def closure_binding(self, node: Node) -> tuple[Node, Node] | None:
        """The innermost closure whose parameters bind this identifier, and the parameter;
        None when a `let` inside that closure rebinds it first, or no closure binds it."""
        name = node.text
        parent = node.parent
        while parent is not None and parent.id != self.fn_node.id:
            if parent.type == "closure_expression":
                params = parent.child_by_field_name("parameters")
                for param in params.named_children if params is not None else []:
                    pattern = param.child_by_field_name("pattern") if param.type == "parameter" else param
                    while (
                        pattern is not None
                        and pattern.type in ("reference_pattern", "mut_pattern", "ref_pattern")
                        and pattern.named_children
                    ):
                        pattern = pattern.named_children[-1]
                    if pattern is not None and pattern.type == "identifier" and node_bytes(pattern) == name:
                        inner_let = any(
                            parent.start_byte < end < node.start_byte
                            for end, _, _ in self.lets.get(name.decode(), [])
                        )
                        return None if inner_let else (parent, param)
            parent = parent.parent
        return None

    def closure_param(self, closure: Node, param: Node, before: int) -> Ty | None:
        """A closure parameter's type: written (`|x: T|`), or the element of the receiver of the
        method the closure is the first argument of (`opt.map(|x| …)`, `v.iter().filter(|x| …)`)."""
        if param.type == "parameter":
            written = param.child_by_field_name("type")
            if written is not None:
                return parse_type(written, self.fn.module)
        params = closure.child_by_field_name("parameters")
        arguments = closure.parent
        if (
            params is None
            or params.named_children[0].id != param.id
            or arguments is None
            or arguments.type != "arguments"
        ):
            return None
        if not arguments.named_children or arguments.named_children[0].id != closure.id:
            return None
        call = arguments.parent
        callee = (
            call.child_by_field_name("function")
            if call is not None and call.type == "call_expression"
            else None
        )
        if callee is None or callee.type != "field_expression":
            return None
        method = node_text(callee.child_by_field_name("field"))
        receiver = callee.child_by_field_name("value")
        if method in _ITER_CLOSURES:
            item = self.iter_item(receiver, before, 0)
            if item is not None:
                return item
        ty = self.peeled(self.infer(receiver, before))
        if ty is None or not ty.args:
            return None
        if ty.path[-1] == "Option" and method in _OPTION_CLOSURES:
            return ty.arg(0)
        if ty.path[-1] == "Result" and method in _RESULT_CLOSURES:
            return ty.arg(0)
        if ty.path[-1] == "Result" and method in _ERROR_CLOSURES:
            return ty.arg(1)
        return None

    def iter_item(self, node: Node | None, before: int, depth: int) -> Ty | None:
        """The item type of an iterator expression: `c.iter()` (and `into_iter`, `drain`) of a
        `Vec<T>`-like collection, through adapters that keep the item (`filter`, `rev`, …)."""
        if node is None or node.type != "call_expression" or depth > 8:
            return None
        callee = node.child_by_field_name("function")
        if callee is None or callee.type != "field_expression":
            return None
        name = node_text(callee.child_by_field_name("field"))
        receiver = callee.child_by_field_name("value")
        if name in _ITER_SAME:
            return self.iter_item(receiver, before, depth + 1)
        if name in _ITER_START:
            collection = self.peeled(self.infer(receiver, before))
            if collection is not None and collection.path[-1] in _COLLECTIONS and len(collection.args) == 1:
                return collection.args[0]
        return None

    def receiver_key(self, ty: Ty | None) -> TypeKey | External | str | None:
        """The crate type of a receiver, External, "generic" for a type parameter, or None."""
        for _ in range(8):  # smart pointers and type aliases (`type Config = Arc<Inner>`) peeled
            while ty is not None and ty.path[-1] in _SMART and ty.args:
                ty = ty.args[0]
            if ty is None:
                return None
            if (
                len(ty.path) == 1
                and ty.path[0] in self.fn.generics
                and not (ty.path == ("Self",) and self.self_type is not None)
            ):
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

    def resolve_call(self, node: Node, before: int) -> Call:
        # memoised: type inference asks again for every call of a method chain
        cached = self.resolved.get(node.id)
        if cached is None:
            cached = self.resolved[node.id] = self._resolve_call(node, before)
        return cached

    def _resolve_call(self, node: Node, before: int) -> Call:
        callee = node.child_by_field_name("function")
        text = _compact(node_text(callee)) if callee is not None else "?"
        line, start = node.start_point.row + 1, node.start_byte
        if callee is not None and callee.type == "generic_function":
            inner = callee.child_by_field_name("function")
            if inner is not None and inner.type == "field_expression":
                callee = inner
        if callee is None:
            return Call(text, line, start)
        if callee.type == "field_expression":
            name = node_text(callee.child_by_field_name("field"))
            receiver = callee.child_by_field_name("value")
            shown = _compact(node_text(receiver)) if receiver is not None else ""
            shown = shown if len(shown) <= 32 and "(" not in shown else "…"
            return self.method_call(f"{shown}.{name}()", line, start, name, receiver, before)
        segments = type_segments(callee)
        if segments is None:
            if callee.type == "scoped_identifier":  # `<T as Trait>::method`
                return Call(text + "()", line, start, reason=TRAIT, detail="qualified path")
            return Call(text + "()", line, start)  # a closure or expression: not a path
        if len(segments) == 1 and self.is_local(segments[0], start):
            return Call(text + "()", line, start)  # a local closure
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
    ) -> Call:
        crate = self.crate
        found = crate.resolve(self.fn.module, segments, self.self_type)
        if isinstance(found, Def):
            if found.kind == "fn":
                fn = crate.free_fns.get((found.module, found.name))
                if fn is not None:
                    return Call(text, line, start, (fn,))
            return Call(text, line, start)  # a constructor, a const or a macro-made item
        if isinstance(found, Assoc):
            if found.name[:1].isupper():
                return Call(text, line, start)  # an enum variant or associated const
            if found.kind == "trait":
                return self.dispatch(text, line, start, found.name, f"{found.owner}::{found.name}")
            arg = None
            if found.name == "from" and node is not None:
                arguments = node.child_by_field_name("arguments")
                first = (
                    arguments.named_children[0]
                    if arguments is not None and arguments.named_children
                    else None
                )
                converted = self.conversion(text, line, start, first, start, found.owner)
                if converted is not None:
                    return converted
                key = self.receiver_key(self.infer(first, start))
                arg = key if isinstance(key, TypeKey) else None
            return self.method_of(text, line, start, found.owner, found.name, arg)
        if isinstance(found, External):
            if len(segments) == 1 and segments[0] in self.fn.generics:
                return Call(text, line, start, reason=TRAIT, detail="generic type parameter")
            root = found.path[0]
            reason = STD if root in _STD_ROOTS or root in _PRELUDE or root[:1].isupper() else EXTERNAL
            if len(segments) >= 2 and segments[0] in self.fn.generics:
                reason = TRAIT
            return Call(text, line, start, reason=reason, detail="::".join(found.path))
        return Call(text, line, start)

    def method_of(
        self, text: str, line: int, start: int, owner: TypeKey, name: str, arg: TypeKey | None = None
    ) -> Call:
        crate = self.crate
        found = crate.methods.get(owner, {}).get(name, [])
        if not found and owner in crate.enum_dispatch:
            expanded = self.enum_dispatch(owner, name)
            if expanded:
                return _expanded(text, line, start, expanded, ENUM_DISPATCH)
        if len(found) > 1 and arg is not None:  # `Target::from(x)`: the impl for x's type
            found = [fn for fn in found if fn in crate.conversions.get(arg, [])] or found
        if len({_impl_header(fn) for fn in found}) > 1:
            listed = ", ".join(_impl_header(fn) for fn in found[:3])
            return Call(text, line, start, reason=AMBIGUOUS, detail=f"{len(found)} impls: {listed}")
        if found:  # one, or `#[cfg]` twins of one impl
            if any(fn.in_trait for fn in found):  # an inherited default body, run as `owner`
                targets = [
                    Target(
                        fn,
                        owner if fn.in_trait else None,
                        TRAIT_DEFAULT if fn.in_trait else None,
                        f"{fn.owner.name if fn.owner else '?'}::{name} for {owner.name if owner else '?'}"
                        if fn.in_trait
                        else "",
                    )
                    for fn in found
                ]
                return _expanded(text, line, start, targets, PATH)
            return Call(text, line, start, tuple(found))
        for trait in sorted(crate.trait_impls.get(owner, ())):  # a default method it inherits
            default = crate.trait_defaults.get((trait, name))
            if default is not None:
                return _expanded(
                    text,
                    line,
                    start,
                    [Target(default, owner, TRAIT_DEFAULT, f"{trait}::{name} for {owner.name}")],
                    PATH,
                )
        hooks = self.external_hooks(owner, name)
        if hooks:
            return _expanded(text, line, start, hooks, CALLBACK)
        if owner.module == ("?",):
            return Call(text, line, start, reason=EXTERNAL, detail=f"{owner.name}::{name}")
        if name in crate.trait_methods:
            return self.dispatch(text, line, start, name, f"{owner}::{name}")
        return Call(text, line, start, reason=EXTERNAL, detail=f"{owner}::{name} (derived or foreign)")

    def dispatch(self, text: str, line: int, start: int, name: str, what: str) -> Call:
        """A call through a crate trait: followed only when every implementor runs the same body."""
        traits = self.crate.trait_methods.get(name, [])
        if len(traits) == 1:
            trait = traits[0]
            default = self.crate.trait_defaults.get((trait.name, name))
            overridden = any(
                fn.trait == trait.name and not fn.in_trait for fn in self.crate.methods_by_name.get(name, [])
            )
            if default is not None and not overridden:
                return Call(text, line, start, (default,))
        listed = ", ".join(str(t) for t in traits) or "a trait"
        return Call(text, line, start, reason=TRAIT, detail=f"{what} via {listed}")

    def method_call(
        self, text: str, line: int, start: int, name: str, receiver: Node | None, before: int
    ) -> Call:
        receiver_ty = self.infer(receiver, before)
        key = self.receiver_key(receiver_ty)
        if name == "into":
            converted = self.conversion(text, line, start, receiver, before, None)
            if converted is not None:
                return converted
        if isinstance(key, TypeKey):
            return self.method_of(text, line, start, key, name)
        if key == "generic":
            bounded = self.generic_bound(receiver_ty, name)
            if bounded:
                return _expanded(text, line, start, bounded, GENERIC_BOUND)
        if isinstance(key, External) and name not in _SAME_TYPE and not _std_path(key.path):
            called = self.callback_of(receiver_ty, f"{'::'.join(key.path)}.{name}()")
            if called:
                return _expanded(text, line, start, called, CALLBACK)
        if isinstance(key, External):
            foreign = self.foreign_receiver(receiver, before)
            if foreign is not None and name in self.crate.methods.get(foreign, {}):
                return self.method_of(text, line, start, foreign, name)  # a crate trait on it
            root = key.path[0]
            reason = STD if root in _STD_ROOTS or root in _PRELUDE else EXTERNAL
            return Call(text, line, start, reason=reason, detail=f"{'::'.join(key.path)}::{name}")
        if key == "generic" or name in self.crate.trait_methods:
            return self.dispatch(text, line, start, name, f"method `{name}`")
        # by name, only inherent methods: a trait impl's method (`into_iter`, `clone`) is
        # far more often the std one on some other type
        candidates = [
            fn
            for fn in self.crate.methods_by_name.get(name, [])
            if fn.trait is None and fn.visible_from(self.fn.module)
        ]
        owners = {fn.owner for fn in candidates}
        if len(owners) == 1 and (name in _COMMON_METHODS or candidates[0] is self.fn):
            # a std-sounding name, or delegation to an inner value from a same-named method
            return Call(text, line, start, reason=STD, detail=f"`{name}` on a receiver of unknown type")
        if len(owners) == 1:
            return Call(text, line, start, tuple(candidates), how="unique name")
        if len(owners) > 1:
            listed = ", ".join(sorted(str(o) for o in owners)[:4])
            return Call(text, line, start, reason=AMBIGUOUS, detail=f"{len(owners)} types: {listed}")
        return Call(text, line, start, reason=STD, detail=f"method `{name}` the crate does not define")

    # -- rule: enum_dispatch and generic bounds --

    def enum_dispatch(self, enum: TypeKey, name: str) -> list[Target]:
        """`#[enum_dispatch]`: each variant's own method, or the trait's default body run as it."""
        crate = self.crate
        traits = [t for t in crate.enum_dispatch[enum] if t in crate.trait_methods.get(name, [])]
        if not traits:
            return []
        found: list[Target] = []
        for variant in crate.variants.get(enum, {}).values():
            if len(variant.tuple_fields) != 1:
                continue
            inner = crate.type_key(variant.tuple_fields[0])
            if not isinstance(inner, TypeKey):
                continue
            via = f"{enum.name}::{variant.name} → {inner.name}"
            for fn in crate.methods.get(inner, {}).get(name, []):
                found.append(
                    Target(
                        fn,
                        inner if fn.in_trait else None,
                        ENUM_DISPATCH,
                        via + (" (trait default)" if fn.in_trait else ""),
                    )
                )
        return found

    def generic_bound(self, ty: Ty | None, name: str) -> list[Target]:
        """`x.m()` with `x: T` and `T: Trait`: every impl of `Trait` in the crate."""
        while ty is not None and ty.path[-1] in _SMART and ty.args:
            ty = ty.args[0]
        if ty is None or len(ty.path) != 1:
            return []
        crate = self.crate
        found: list[Target] = []
        if self._bounds is None:
            self._bounds = _generic_bounds(crate, self.fn)
        for trait in self._bounds.get(ty.path[0], []):
            if trait not in crate.trait_methods.get(name, []):
                continue
            for owner, methods in crate.methods.items():
                if trait.name not in crate.trait_impls.get(owner, set()):
                    continue
                for fn in methods.get(name, []):
                    if fn.trait == trait.name or (fn.in_trait and fn.owner == trait):
                        found.append(
                            Target(
                                fn,
                                owner if fn.in_trait else None,
                                GENERIC_BOUND,
                                f"{ty.path[0]}: {trait.name}, impl for {owner.name}",
                            )
                        )
        return found

    # -- rule: conversions --

    def conversion(
        self, text: str, line: int, start: int, source: Node | None, before: int, target: TypeKey | None
    ) -> Call | None:
        """`x.into()` / `T::from(x)`: the crate's `impl From<S> for T` for x's evident type S,
        or the methods a derive of the crate's own (`ModelIn`) makes the conversion call."""
        ty = self.infer(source, before)
        if ty is None:
            return None
        source_key = self.from_key(ty)
        if source_key is None:
            return None
        impls = [
            (t, fn)
            for s, t, fn in self.crate.from_impls
            if s == source_key and (target is None or t == target)
        ]
        if len(impls) == 1:
            to, fn = impls[0]
            return _expanded(
                text,
                line,
                start,
                [Target(fn, None, CONVERSION, f"From<{source_key.name}> for {to.name}")],
                CONVERSION,
            )
        derived = self.derived_conversion(source_key)
        if derived and not impls:
            return _expanded(text, line, start, derived, DERIVE)
        return None

    def from_key(self, ty: Ty) -> TypeKey | None:
        while ty.path[-1] in _SMART and ty.args:
            ty = ty.args[0]
        found = self.crate.resolve(ty.module, ty.path, self.self_type)
        if isinstance(found, Def):
            return self.crate.canonical(TypeKey(found.module, found.name))
        if isinstance(found, External):
            return foreign_key(self.crate, ty)
        return None

    def derived_conversion(self, source: TypeKey) -> list[Target]:
        crate = self.crate
        found: list[Target] = []
        for name in crate.derives.get(source, ()):
            derive = self.rules.derives.get(name)
            if derive is None:
                continue
            via = (
                f"#[derive({name})] From<{source.name}> for <{source.name} as {derive.trait}>::{derive.assoc}"
            )
            for method in derive.calls:
                for fn in crate.methods.get(source, {}).get(method, []):
                    found.append(Target(fn, None, DERIVE, via))
            assoc = crate.assoc_types.get((source, derive.assoc))
            target = crate.type_key(assoc) if assoc is not None and derive.default else None
            if isinstance(target, TypeKey):
                for trait, method in DEFAULT_RUNS.items():
                    if trait in crate.trait_impls.get(target, set()):
                        for fn in crate.methods.get(target, {}).get(method, []):
                            found.append(Target(fn, None, DERIVE, f"{via}: Default runs {trait}::{method}"))
        return found

    def try_conversion(self, node: Node) -> Call | None:
        """`expr?`: the crate's `impl From<E> for F`, E the error of expr, F the error the
        function returns (not inside a closure or async block, whose error type is not evident)."""
        parent = node.parent
        while parent is not None and parent.id != self.fn_node.id:
            if parent.type in ("closure_expression", "async_block"):
                return None
            parent = parent.parent
        returns = self.fn.node.child_by_field_name("return_type")
        declared = parse_type(returns, self.fn.module) if returns is not None else None
        outer = self.result_error(_subst_self(declared, self.self_type) if declared is not None else None)
        inner_node = node.named_children[0] if node.named_children else None
        if outer is None or inner_node is None:
            return None
        inner = self.result_error(self.infer(inner_node, node.start_byte)) or self.connection_error(
            inner_node, node.start_byte
        )
        source, target = (self.from_key(inner) if inner else None), self.from_key(outer)
        if source is None or target is None or source == target:
            return None
        impls = [fn for s, t, fn in self.crate.from_impls if s == source and t == target]
        if len(impls) != 1:
            return None
        text = _compact(node_text(inner_node))
        text = (text if len(text) <= 32 else "…") + "?"
        via = f"From<{source.name}> for {target.name}"
        return _expanded(
            text,
            node.start_point.row + 1,
            node.start_byte,
            [Target(impls[0], None, TRY_CONVERSION, via)],
            TRY_CONVERSION,
        )

    def result_error(self, ty: Ty | None) -> Ty | None:
        """The error type of a `Result`, through crate aliases and their defaults."""
        for _ in range(4):
            if ty is None:
                return None
            if ty.path[-1] == "Result" and len(ty.args) == 2:
                return ty.args[1]
            key = self.crate.type_key(ty, self.self_type)
            if not isinstance(key, TypeKey) or key not in self.crate.aliases:
                return None
            alias, params = self.crate.aliases[key], self.crate.alias_params.get(key, ())
            bound = {
                name: (ty.args[i] if i < len(ty.args) else default)
                for i, (name, default) in enumerate(params)
            }
            if alias.path[-1] == "Result" and len(alias.args) == 2:
                error = alias.args[1]
                return (
                    bound.get(error.path[0], error)
                    if len(error.path) == 1 and error.path[0] in bound
                    else error
                )
            ty = alias
        return None

    def connection_error(self, node: Node, before: int) -> Ty | None:
        """A call handed a sea-orm connection (`.one(db)`) fails with sea-orm's `DbErr`."""
        while node.type in ("await_expression", "parenthesized_expression") and node.named_children:
            node = node.named_children[0]
        if node.type != "call_expression":
            return None
        arguments = node.child_by_field_name("arguments")
        for arg in arguments.named_children if arguments is not None else []:
            ty = self.infer(arg, before)
            while ty is not None and ty.path[-1] in _SMART and ty.args:
                ty = ty.args[0]
            if ty is not None and ty.path[-1] in CONNECTION_ERRORS:
                return Ty(
                    ("sea_orm", CONNECTION_ERRORS[ty.path[-1]]),
                    (),
                    self.fn.module,
                    CONNECTION_ERRORS[ty.path[-1]],
                )
        return None

    # -- rule: callbacks --

    def callback_of(self, ty: Ty | None, what: str) -> list[Target]:
        """A call on an external value whose type holds a crate `impl Service` type: its `call`."""
        found = []
        for service in service_types(self.crate, ty):
            for fn in self.crate.services[service]:
                found.append(Target(fn, None, CALLBACK, f"{what} on a client of {service.name}"))
        return found

    def external_hooks(self, owner: TypeKey, name: str) -> list[Target]:
        """An external trait's provided method on a crate type that runs the crate's hooks."""
        found = []
        for trait, provided in HOOKS.items():
            if name not in provided or trait not in self.crate.trait_impls.get(owner, set()):
                continue
            for hook in provided[name]:
                for fn in self.crate.methods.get(owner, {}).get(hook, []):
                    if fn.trait == trait:
                        found.append(
                            Target(fn, None, CALLBACK, f"{trait}'s `{name}` runs {owner.name}::{hook}")
                        )
        return found

    def row_decode(self, node: Node, call: Call) -> Call | None:
        """`query.one(db)` on a `Select<Entity>` (a declared type): sea-orm decodes each row into
        the entity's `Model`, running the crate's `TryGetable` of each of its field types."""
        callee = node.child_by_field_name("function")
        if call.targets or callee is None or callee.type != "field_expression":
            return None
        if node_text(callee.child_by_field_name("field")) not in ROW_READS:
            return None
        select = self.peeled(self.infer(callee.child_by_field_name("value"), node.start_byte))
        if select is None or select.path[-1] != "Select" or len(select.args) != 1:
            return None
        entity = select.args[0]
        model = self.crate.type_key(Ty(entity.path[:-1] + ("Model",), (), entity.module, "Model"))
        if not isinstance(model, TypeKey) or ENTITY_DERIVE not in self.crate.derives.get(model, ()):
            return None
        trait, methods = ROW_DECODE
        targets = []
        for field_name, ty in self.crate.fields.get(model, {}).items():
            ty = (ty.arg(0) or ty) if ty.path[-1] == "Option" and ty.args else ty
            key = self.crate.type_key(ty)
            if not isinstance(key, TypeKey):
                continue
            for method in methods:
                for fn in self.crate.methods.get(key, {}).get(method, []):
                    if fn.trait == trait:
                        owner = "::".join(model.module[-1:] + ("Model",))
                        targets.append(
                            Target(
                                fn,
                                None,
                                CALLBACK,
                                f"sea-orm's {call.text} decodes {owner}.{field_name}: {trait} for {key.name}",
                            )
                        )
        return _expanded(call.text, call.line, call.start, targets, CALLBACK) if targets else None

    def handed_over(self, node: Node, call: Call) -> list[Call]:
        """A crate `impl Service` value handed to an external constructor: it will run its `call`."""
        unknown_receiver = call.reason == STD and (
            "unknown type" in call.detail or "does not define" in call.detail
        )
        if call.targets or (call.reason != EXTERNAL and not unknown_receiver):
            return []
        arguments = node.child_by_field_name("arguments")
        callee = node.child_by_field_name("function")
        taker = node_text(callee).split(".")[-1].split("::")[-1].strip() if callee is not None else ""
        found = []
        for arg in arguments.named_children if arguments is not None else []:
            ty = self.infer(arg, node.start_byte)
            key = self.receiver_key(ty) if ty is not None else self.unit_value(arg)
            if isinstance(key, TypeKey) and key in self.crate.services:
                targets = [
                    Target(fn, None, CALLBACK, f"{key.name} handed to {call.detail or call.text}")
                    for fn in self.crate.services[key]
                ]
                found.append(_expanded(call.text, call.line, call.start, targets, CALLBACK))
            elif isinstance(key, TypeKey):
                targets = [
                    Target(
                        fn,
                        None,
                        CALLBACK,
                        f"{key.name} handed to `{taker}`, which calls its {fn.trait}::{fn.name}",
                    )
                    for fn in handed_callbacks(self.crate, key, taker)
                ]
                if targets:
                    found.append(_expanded(call.text, call.line, call.start, targets, CALLBACK))
        return found

    def unit_value(self, node: Node) -> TypeKey | None:
        """A crate struct named as a value (`on_response(OnDone)`): a unit struct of that type."""
        if node.type not in ("identifier", "scoped_identifier"):
            return None
        segments = type_segments(node)
        if not segments or (len(segments) == 1 and self.is_local(segments[0], node.start_byte)):
            return None
        found = self.crate.resolve(self.fn.module, segments, self.self_type)
        return (
            TypeKey(found.module, found.name) if isinstance(found, Def) and found.kind == "struct" else None
        )

    # -- rule: the queue --

    def queue_hop(self, node: Node) -> Call | None:
        """`producer.send(QueueTask::V(..), delay)`: the consumer's arm for V, as a queue hop."""
        model = self.rules.queue
        callee = node.child_by_field_name("function")
        if model is None or callee is None or callee.type != "field_expression":
            return None
        if node_text(callee.child_by_field_name("field")) != "send":
            return None
        if (
            self.receiver_key(self.infer(callee.child_by_field_name("value"), node.start_byte))
            not in model.producers
        ):
            return None
        arguments = node.child_by_field_name("arguments")
        first = arguments.named_children[0] if arguments is not None and arguments.named_children else None
        targets: list[Target] = []
        for variant in self.queue_variants(first, node.start_byte, model, 0):
            for fn, arm_line in model.consumers.get(variant, []):
                targets.append(
                    Target(
                        fn, None, QUEUE_HOP, f"{model.message.name}::{variant}, arm at {fn.file}:{arm_line}"
                    )
                )
        if not targets:
            return None
        return _expanded(
            f"send({'/'.join(dict.fromkeys(t.via.split(',')[0] for t in targets))})",
            node.start_point.row + 1,
            node.start_byte,
            targets,
            QUEUE_HOP,
        )

    def queue_variants(self, node: Node | None, before: int, model: QueueModel, depth: int) -> list[str]:
        while node is not None and node.type in (
            "reference_expression",
            "parenthesized_expression",
            "await_expression",
        ):
            node = node.named_children[-1] if node.named_children else None
        if node is None or depth > 3:
            return []
        if node.type == "identifier":
            for start, _, value in reversed(self.lets.get(node_text(node), [])):
                if start < before:
                    return self.queue_variants(value, start, model, depth + 1)
            return []
        path_node = node.child_by_field_name("function") if node.type == "call_expression" else node
        segments = type_segments(path_node)
        if segments:
            found = self.crate.resolve(self.fn.module, segments, self.self_type)
            if (
                isinstance(found, Assoc)
                and found.owner == model.message
                and found.name in self.crate.variants.get(model.message, {})
            ):
                return [found.name]
        if node.type != "call_expression":
            return []
        variants: list[str] = []
        for fn in self.resolve_call(node, before).targets:
            returns = parse_type(fn.node.child_by_field_name("return_type"), fn.module)
            if returns is not None and self.crate.type_key(returns, fn.owner) == model.message:
                variants.extend(returned_variants(self.crate, fn, model.message))
        return variants

    def bind_arm(self, arm: Node) -> None:
        """Names a match arm's enum-variant pattern binds, typed by the variant's fields."""
        pattern = arm.child_by_field_name("pattern")
        named = arm_variant(self.crate, self.fn, pattern, self.self_type)
        if named is None:
            return
        variant = self.crate.variants[named[0]][named[1]]
        inner = pattern.named_children[0] if pattern is not None and pattern.named_children else None
        if inner is None:
            return
        start = arm.start_byte
        if inner.type == "tuple_struct_pattern":
            parts = [c for c in inner.named_children if c != inner.child_by_field_name("type")]
            for part, ty in zip(parts, variant.tuple_fields):
                if part.type == "identifier":
                    self.bound.setdefault(node_text(part), []).append((start, ty))
        elif inner.type == "struct_pattern":
            fields = dict(variant.named_fields)
            for part in inner.named_children:
                name = part.child_by_field_name("name") if part.type == "field_pattern" else None
                if (
                    name is not None
                    and part.child_by_field_name("pattern") is None
                    and node_text(name) in fields
                ):
                    self.bound.setdefault(node_text(name), []).append((start, fields[node_text(name)]))

    def extractors(self) -> list[Call]:
        """What a handler's parameter types run before its body: axum `FromRequest(Parts)` impls."""
        found: list[Call] = []
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
                            Call(
                                f"extractor {current.text}",
                                param.start_point.row + 1,
                                param.start_byte,
                                tuple(targets),
                                how="extractor",
                            )
                        )
        return found

    # -- rule: serde and validator --

    def serde_call(
        self, text: str, line: int, start: int, roots: list[TypeKey], modes: tuple[str, ...], what: str
    ) -> Call | None:
        """The code serde and validator run for values of `roots` (see trace_rules.serde_hooks)."""
        targets = [
            Target(fn, None, VALIDATOR if mode == VALIDATE else SERDE, f"{what}: {via}")
            for mode in modes
            for fn, via in serde_hooks(self.crate, roots, mode)
        ]
        return _expanded(text, line, start, targets, targets[0].how or SERDE) if targets else None

    def extractor_modes(self, ty: Ty) -> tuple[str, ...]:
        """What a parameter's extractor does to its type argument: axum's `Json`/`Query`/…
        deserialise it; a crate extractor deserialises and validates it when its
        `from_request(_parts)` says so (a serde call or axum extractor, a `.validate()` call)."""
        key = self.receiver_key(ty)
        if isinstance(key, External):
            return (DESERIALIZE,) if ty.path[-1] in _SERDE_EXTRACTORS and not _std_path(key.path) else ()
        if not isinstance(key, TypeKey):
            return ()
        modes: list[str] = []
        for name in _EXTRACTORS:
            for fn in self.crate.methods.get(key, {}).get(name, []):
                text = node_text(fn.node)
                if _DESERIALISES.search(text) and DESERIALIZE not in modes:
                    modes.append(DESERIALIZE)
                if ".validate()" in text and VALIDATE not in modes:
                    modes.append(VALIDATE)
        return tuple(modes)

    def serde_extractors(self) -> list[Call]:
        """A handler's `Json<T>`, `ValidatedJson<T>`, … parameters: what serde and validator run for T."""
        found: list[Call] = []
        for ty, param in self.param_types:
            modes = self.extractor_modes(ty)
            roots = [key for arg in ty.args for key in type_keys(self.crate, arg)]
            call = (
                self.serde_call(
                    f"serde {ty.text}",
                    param.start_point.row + 1,
                    param.start_byte,
                    roots,
                    modes,
                    f"{ty.text} {' and '.join(_VERBS[m] for m in modes)}",
                )
                if modes
                else None
            )
            if call is not None:
                found.append(call)
        return found

    def serde_response(self) -> Call | None:
        """A function that returns `Json<T>` (or a crate response whose `into_response` builds
        one, `JsonStatus<201, T>`): what serde runs to serialise T."""
        returns = self.fn.node.child_by_field_name("return_type")
        pending = [parse_type(returns, self.fn.module)] if returns is not None else []
        roots: list[TypeKey] = []
        shown = ""
        while pending and len(pending) < 16:
            ty = pending.pop(0)
            if ty is None:
                continue
            key = self.receiver_key(ty)
            responds = (isinstance(key, External) and ty.path[-1] in _SERDE_RESPONSES) or (
                isinstance(key, TypeKey)
                and any(
                    "Json(" in node_text(fn.node)
                    for fn in self.crate.methods.get(key, {}).get("into_response", [])
                )
            )
            if responds:
                roots.extend(k for arg in ty.args for k in type_keys(self.crate, arg))
                shown = shown or ty.text
            else:
                pending.extend(ty.args)
        if not roots or returns is None:
            return None
        return self.serde_call(
            f"serde {shown}",
            returns.start_point.row + 1,
            returns.start_byte,
            roots,
            (SERIALIZE,),
            f"returned {shown} serialises",
        )

    def serde_of_call(self, node: Node, call: Call) -> Call | None:
        """`serde_json::from_str::<T>(…)`, `let t: T = …from_slice(…)?`, `Ok(figment.extract()?)`
        in a function returning `Result<T>`: T's deserialise hooks; `serde_json::to_string(&t)`:
        t's serialise hooks."""
        if call.targets or not call.detail:
            return None
        path = call.detail.split(" ")[0].split("::")
        if path[0] not in _SERDE_CRATES:
            return None
        name = path[-1]
        if name in _SERIALISERS:
            arguments = node.child_by_field_name("arguments")
            first = (
                arguments.named_children[0] if arguments is not None and arguments.named_children else None
            )
            roots = type_keys(self.crate, self.infer(first, node.start_byte))
            return self.serde_call(
                call.text, call.line, call.start, roots, (SERIALIZE,), f"{call.text} serialises its argument"
            )
        if name not in _DESERIALISERS:
            return None
        target = self.deserialise_target(node)
        roots = type_keys(self.crate, target)
        return self.serde_call(
            call.text,
            call.line,
            call.start,
            roots,
            (DESERIALIZE,),
            f"{call.text} deserialises {target.text if target else '?'}",
        )

    def deserialise_target(self, node: Node) -> Ty | None:
        """The type a deserialising call produces: its turbofish, the `let` it is bound by,
        or the function's `Result<T>` when it is the function's `Ok(…?)` value."""
        callee = node.child_by_field_name("function")
        if callee is not None and callee.type == "generic_function":
            args = callee.child_by_field_name("type_arguments")
            if args is not None and args.named_children:
                return parse_type(args.named_children[0], self.fn.module)
        current = node
        parent = node.parent
        while parent is not None and parent.type in (
            "try_expression",
            "await_expression",
            "parenthesized_expression",
        ):
            current, parent = parent, parent.parent
        if parent is None:
            return None
        if parent.type == "let_declaration" and parent.child_by_field_name("value") == current:
            ty = parse_type(parent.child_by_field_name("type"), self.fn.module)
            return ty
        if (
            parent.type == "arguments"
            and parent.parent is not None
            and parent.parent.type == "call_expression"
        ):
            wrapper = parent.parent.child_by_field_name("function")
            body = self.fn_node.child_by_field_name("body")
            tail = body.named_children[-1] if body is not None and body.named_children else None
            if (
                wrapper is not None
                and wrapper.text == b"Ok"
                and (
                    parent.parent == tail
                    or (parent.parent.parent is not None and parent.parent.parent.type == "return_expression")
                )
            ):
                returns = parse_type(self.fn.node.child_by_field_name("return_type"), self.fn.module)
                return returns.arg(0) if returns is not None else None
        return None

    # -- rule: field origin --

    def field_origin(self, node: Node) -> Call | None:
        """A field read (`&cfg.retry_schedule`, `cfg.encryption` as an argument) on a value of
        evident crate type whose field declares `#[serde(deserialize_with = "f")]` or
        `#[validate(custom(function = "f"))]`: the value comes from f. A method's name, the
        left of an assignment and a receiver of unknown type are no such read."""
        parent = node.parent
        if parent is not None and parent.type == "generic_function":
            return None  # `x.collect::<T>()`: a method
        if (
            parent is not None
            and parent.type == "call_expression"
            and parent.child_by_field_name("function") == node
        ):
            return None
        if (
            parent is not None
            and parent.type in ("assignment_expression", "compound_assignment_expr")
            and parent.child_by_field_name("left") == node
        ):
            return None
        name = node.child_by_field_name("field")
        if name is None or name.type != "field_identifier":
            return None
        key = self.receiver_key(self.infer(node.child_by_field_name("value"), node.start_byte))
        if not isinstance(key, TypeKey):
            return None
        origins = field_origins(self.crate, self.crate.canonical(key), node_text(name))
        if not origins:
            return None
        receiver = node.child_by_field_name("value")
        shown = _compact(node_text(receiver)) if receiver is not None else ""
        shown = shown if len(shown) <= 32 and "(" not in shown else "…"
        targets = [Target(fn, None, FIELD_ORIGIN, via) for fn, via in origins]
        return _expanded(
            f"{shown}.{node_text(name)}", node.start_point.row + 1, node.start_byte, targets, FIELD_ORIGIN
        )

    def function_reference(self, node: Node) -> Call | None:
        """A crate function passed by name (`.map_err(http_error_on_conflict)`): an edge too."""
        segments = type_segments(node)
        if not segments or (len(segments) == 1 and self.is_local(segments[0], node.start_byte)):
            return None
        if len(segments) == 1 and segments[0][:1].isupper():
            return None
        call = self.path_call(_compact(node_text(node)), node.start_point.row + 1, node.start_byte, segments)
        return Call(call.text, call.line, call.start, call.targets, how="reference") if call.targets else None

    def _reparsed(self) -> tuple[Node, list[tuple[int, int, str]]]:
        """The function node with its `join!(…)`-like invocations parsed as calls (same bytes,
        another tree), and each such invocation's byte range and name; the crate's own node
        and no range when it has none or one does not parse as a call."""
        node = self.fn.node
        body = node.child_by_field_name("body")
        if body is None or not any(name.encode() + b"!" in node_bytes(body) for name in _EXPRESSION_MACROS):
            return node, []
        cache = self.rules.reparsed
        if self.fn.file not in cache:
            root = node
            while root.parent is not None:
                root = root.parent
            bangs = [
                bang.start_byte
                for macro in captures(query(_QUERY), root).get("macro", [])
                if (bang := _expression_bang(macro)) is not None
            ]
            cache[self.fn.file] = parse_with_macros_as_calls(node_bytes(root), bangs) if bangs else None
        new_root = cache[self.fn.file]
        found = (
            new_root.descendant_for_byte_range(node.start_byte, node.end_byte)
            if new_root is not None
            else None
        )
        if (
            found is None
            or found.type != node.type
            or (found.start_byte, found.end_byte) != (node.start_byte, node.end_byte)
        ):
            return node, []
        spans = []
        for macro in captures(query(_QUERY), body).get("macro", []):
            if _expression_bang(macro) is None:
                continue
            call = found.descendant_for_byte_range(macro.start_byte, macro.end_byte)
            if call is None or call.type != "call_expression" or call.has_error:
                return node, []
            spans.append(
                (macro.start_byte, macro.end_byte, _compact(node_text(macro.child_by_field_name("macro"))))
            )
        return found, spans

    def in_macro(self, call: Call) -> Call:
        """A call found inside an expression macro's arguments says so on each of its edges."""
        name = next((name for start, end, name in self.macro_spans if start < call.start < end), None)
        if name is None or not call.targets:
            return call
        how = MACRO_ARGUMENT if call.how == PATH else call.how
        targets = [
            Target(t.fn, t.implementor, t.how, f"{t.via}, inside {name}!" if t.via else f"inside {name}!")
            for t in call.edges()
        ]
        return Call(
            call.text, call.line, call.start, call.targets, call.reason, call.detail, how, tuple(targets)
        )

    def calls(self) -> list[Call]:
        body = self.fn_node.child_by_field_name("body")
        if body is None:
            return []
        caught = captures(query(_QUERY), body)
        for node in caught.get("let", []):
            pattern = node.child_by_field_name("pattern")
            while pattern is not None and pattern.type in ("mut_pattern",):
                pattern = pattern.named_children[0] if pattern.named_children else None
            if pattern is not None and pattern.type == "identifier":
                self.lets.setdefault(node_text(pattern), []).append(
                    (node.end_byte, node.child_by_field_name("type"), node.child_by_field_name("value"))
                )
        for entries in self.lets.values():
            entries.sort(key=lambda entry: entry[0])
        for arm in caught.get("arm", []):
            self.bind_arm(arm)
        for bindings in self.bound.values():
            bindings.sort(key=lambda entry: entry[0])
        found: list[Call] = self.extractors() + self.serde_extractors()
        returned = self.serde_response()
        if returned is not None:
            found.append(returned)
        for ref in caught.get("fnref", []):
            call = self.function_reference(ref)
            if call is not None:
                found.append(call)
        macro_starts = {start for start, _, _ in self.macro_spans}
        for callee in caught.get("callee", []):
            call_node = callee.parent
            if call_node is None or call_node.start_byte in macro_starts:
                continue  # the rewritten invocation itself
            resolved = self.resolve_call(call_node, call_node.start_byte)
            found.append(resolved)
            found.extend(self.handed_over(call_node, resolved))
            serde = self.serde_of_call(call_node, resolved)
            if serde is not None:
                found.append(serde)
            hop = self.queue_hop(call_node)
            if hop is not None:
                found.append(hop)
            decoded = self.row_decode(call_node, resolved)
            if decoded is not None:
                found.append(decoded)
        for node in caught.get("try", []):
            converted = self.try_conversion(node)
            if converted is not None:
                found.append(converted)
        for node in caught.get("field", []):
            origin = self.field_origin(node)
            if origin is not None:
                found.append(origin)
        crate_names = self.crate.fn_names
        for macro in caught.get("macro", []):
            for call in _macro_calls(macro):
                named = call.text.rstrip("()").replace(".", "::").split("::")[-1]
                # a call no crate item could answer is std noise, not a lost edge
                found.append(
                    call
                    if named in crate_names
                    else Call(call.text, call.line, call.start, reason=STD, detail=call.detail)
                )
        found = [self.in_macro(call) for call in found] if self.macro_spans else found
        # chained calls (`a().b()`) start at one byte: the inner, shorter one is evaluated first,
        # and the order never depends on how the query engine happened to list its captures
        found.sort(key=lambda call: (call.start, len(call.text), call.text))
        return found


def _std_path(path: tuple[str, ...]) -> bool:
    return path[0] in _STD_ROOTS or path[0] in _PRELUDE


def _generic_bounds(crate: Crate, fn: FnDef) -> dict[str, list[TypeKey]]:
    """The crate traits each type parameter of a function (and its impl) is bound by."""
    bounds: dict[str, list[TypeKey]] = {}
    for owner in (fn.impl_node, fn.node):
        if owner is None:
            continue
        params = owner.child_by_field_name("type_parameters")
        pairs = [
            (c.child_by_field_name("name"), c.child_by_field_name("bounds"))
            for c in (params.named_children if params is not None else [])
        ]
        where = next((c for c in owner.named_children if c.type == "where_clause"), None)
        pairs += [
            (c.child_by_field_name("left"), c.child_by_field_name("bounds"))
            for c in (where.named_children if where is not None else [])
            if c.type == "where_predicate"
        ]
        for name, listed in pairs:
            if name is None or listed is None:
                continue
            for bound in listed.named_children:
                segments = type_segments(bound)
                found = crate.resolve(fn.module, segments) if segments else None
                if isinstance(found, Def) and found.kind == "trait":
                    bounds.setdefault(node_text(name), []).append(TypeKey(found.module, found.name))
    return bounds


def _impl_header(fn: FnDef) -> str:
    if fn.impl_node is None:
        return ""
    body = fn.impl_node.child_by_field_name("body")
    end = body.start_byte - fn.impl_node.start_byte if body is not None else None
    return _compact(node_bytes(fn.impl_node)[:end].decode())


def _expression_bang(macro: Node) -> Node | None:
    """The `!` of an invocation of one of `_EXPRESSION_MACROS` with `(…)` arguments."""
    name = macro.child_by_field_name("macro")
    if name is None or node_text(name).split("::")[-1] not in _EXPRESSION_MACROS:
        return None
    bang = next((c for c in macro.children if c.type == "!"), None)
    tree = next((c for c in macro.children if c.type == "token_tree"), None)
    return bang if tree is not None and node_bytes(tree).startswith(b"(") else None


def _macro_calls(macro: Node) -> list[Call]:
    """Call-like token runs inside a macro invocation: listed, never followed."""
    name_node = macro.child_by_field_name("macro")
    name = _compact(node_text(name_node)) if name_node is not None else "?"
    found: list[Call] = []
    stack = [child for child in macro.children if child.type == "token_tree"]
    while stack:
        tree = stack.pop()
        children = tree.children
        for index, child in enumerate(children):
            if child.type == "token_tree":
                stack.append(child)
                if index and children[index - 1].type == "identifier" and node_bytes(child).startswith(b"("):
                    parts = [node_text(children[index - 1])]
                    back = index - 2
                    while (
                        back >= 1 and children[back].type == "::" and children[back - 1].type == "identifier"
                    ):
                        parts.insert(0, node_text(children[back - 1]))
                        back -= 2
                    dot = "." if back >= 0 and children[back].type == "." else ""
                    found.append(
                        Call(
                            f"{dot}{'::'.join(parts)}()",
                            child.start_point.row + 1,
                            child.start_byte,
                            reason=MACRO,
                            detail=f"inside {name}!",
                        )
                    )
    return found
