"""The calls of a function body, each resolved to the crate's functions or listed with why not.

Part of `trace` (see `rust/trace/__init__.py`): the body's calls are found with a tree-sitter
query and resolved through the crate index (`rust/crate.py`). This module holds the general
resolution (paths, receivers, method calls, the types of bindings); `Body` inherits each trace
rule from its own module (`dispatch`, `conversions`, `callbacks`, `queue`, `serde`, `fields`),
which see `Body` only through `base.BodyBase`.
"""

from __future__ import annotations

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
    foreign_key,
    parse_type,
    type_segments,
)
from ..crate_builder import build_crate
from ..syntax import Node, captures, node_bytes, node_text, parse_with_macros_as_calls, query
from .base import EXTRACTORS, PRELUDE, SMART, STD_ROOTS, compact, std_path, subst_self
from .callbacks import CallbackRules
from .conversions import ConversionRules
from .dispatch import DispatchRules
from .fields import FieldRules
from .model import (
    AMBIGUOUS,
    CALLBACK,
    CONVERSION,
    DERIVE,
    ENUM_DISPATCH,
    EXTERNAL,
    EXTRACTOR,
    FIELD_ORIGIN,
    GENERIC_BOUND,
    MACRO,
    MACRO_ARGUMENT,
    PATH,
    QUEUE_HOP,
    REFERENCE,
    RESOLUTIONS,
    SERDE,
    STD,
    TRAIT,
    TRAIT_DEFAULT,
    TRY_CONVERSION,
    UNIQUE,
    VALIDATOR,
    Call,
    RuleFacts,
    Target,
    expanded_call,
)
from .queue import QueueRules
from .rules import arm_variant, derive_conversions, queue_model
from .serde import SerdeRules

# the engine, and the data of a trace (`model`) as importers found it here before the rules
# had modules of their own
__all__ = [
    "AMBIGUOUS",
    "CALLBACK",
    "CONVERSION",
    "DERIVE",
    "ENUM_DISPATCH",
    "EXTERNAL",
    "EXTRACTOR",
    "FIELD_ORIGIN",
    "GENERIC_BOUND",
    "MACRO",
    "MACRO_ARGUMENT",
    "PATH",
    "QUEUE_HOP",
    "REFERENCE",
    "RESOLUTIONS",
    "SERDE",
    "STD",
    "TRAIT",
    "TRAIT_DEFAULT",
    "TRY_CONVERSION",
    "UNIQUE",
    "VALIDATOR",
    "Body",
    "Call",
    "Target",
    "crate_of",
    "rules_of",
    "signature",
]

_QUERY = """
(call_expression function: (_) @callee)
(macro_invocation) @macro
(let_declaration) @let
(arguments [(identifier) (scoped_identifier)] @fnref)
(match_arm) @arm
(try_expression) @try
(field_expression) @field
"""
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
# ---- the crate, once per checkout ---------------------------------------------------


_CRATES: dict[str, Crate] = {}
_RULES: dict[str, RuleFacts] = {}


def rules_of(checkout: Checkout) -> RuleFacts:
    key = str(checkout.crate_dir.resolve())
    if key not in _RULES or key not in _CRATES:
        crate = crate_of(checkout)
        _RULES[key] = RuleFacts(
            queue_model(crate, checkout.read_bytes), derive_conversions(checkout.crate_dir)
        )
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
                params.append(compact(node_text(ty)))
    returns = fn.node.child_by_field_name("return_type")
    return tuple(params), (compact(node_text(returns)) if returns is not None else None)


# ---- the calls of a body -------------------------------------------------------------


class Body(DispatchRules, ConversionRules, CallbackRules, QueueRules, SerdeRules, FieldRules):
    """Type evidence and calls of one function body."""

    def __init__(
        self, crate: Crate, fn: FnDef, rules: RuleFacts | None = None, implementor: TypeKey | None = None
    ) -> None:
        self.crate = crate
        self.fn = fn
        self.rules = rules or RuleFacts(None, {})
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
            return subst_self(ty, self.self_type) if ty else None
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
            return subst_self(ty, target.owner) if ty is not None else None
        segments = type_segments(callee) if callee is not None else None
        if segments:  # a tuple-struct constructor names its type
            found = self.crate.resolve(self.fn.module, segments, self.self_type)
            if isinstance(found, Def) and found.kind == "struct":
                return Ty(("crate",) + found.module + (found.name,), (), self.fn.module, found.name)
        return None

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
            while ty is not None and ty.path[-1] in SMART and ty.args:
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
        text = compact(node_text(callee)) if callee is not None else "?"
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
            shown = compact(node_text(receiver)) if receiver is not None else ""
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
        while ty is not None and ty.path[-1] in SMART and ty.args:
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
            reason = STD if root in STD_ROOTS or root in PRELUDE or root[:1].isupper() else EXTERNAL
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
                return expanded_call(text, line, start, expanded, ENUM_DISPATCH)
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
                return expanded_call(text, line, start, targets, PATH)
            return Call(text, line, start, tuple(found))
        for trait in sorted(crate.trait_impls.get(owner, ())):  # a default method it inherits
            default = crate.trait_defaults.get((trait, name))
            if default is not None:
                return expanded_call(
                    text,
                    line,
                    start,
                    [Target(default, owner, TRAIT_DEFAULT, f"{trait}::{name} for {owner.name}")],
                    PATH,
                )
        hooks = self.external_hooks(owner, name)
        if hooks:
            return expanded_call(text, line, start, hooks, CALLBACK)
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
                return expanded_call(text, line, start, bounded, GENERIC_BOUND)
        if isinstance(key, External) and name not in _SAME_TYPE and not std_path(key.path):
            called = self.callback_of(receiver_ty, f"{'::'.join(key.path)}.{name}()")
            if called:
                return expanded_call(text, line, start, called, CALLBACK)
        if isinstance(key, External):
            foreign = self.foreign_receiver(receiver, before)
            if foreign is not None and name in self.crate.methods.get(foreign, {}):
                return self.method_of(text, line, start, foreign, name)  # a crate trait on it
            root = key.path[0]
            reason = STD if root in STD_ROOTS or root in PRELUDE else EXTERNAL
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

    # -- match arms and extractors --

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
                for name in EXTRACTORS:
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

    def function_reference(self, node: Node) -> Call | None:
        """A crate function passed by name (`.map_err(http_error_on_conflict)`): an edge too."""
        segments = type_segments(node)
        if not segments or (len(segments) == 1 and self.is_local(segments[0], node.start_byte)):
            return None
        if len(segments) == 1 and segments[0][:1].isupper():
            return None
        call = self.path_call(compact(node_text(node)), node.start_point.row + 1, node.start_byte, segments)
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
                (macro.start_byte, macro.end_byte, compact(node_text(macro.child_by_field_name("macro"))))
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


def _impl_header(fn: FnDef) -> str:
    if fn.impl_node is None:
        return ""
    body = fn.impl_node.child_by_field_name("body")
    end = body.start_byte - fn.impl_node.start_byte if body is not None else None
    return compact(node_bytes(fn.impl_node)[:end].decode())


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
    name = compact(node_text(name_node)) if name_node is not None else "?"
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
