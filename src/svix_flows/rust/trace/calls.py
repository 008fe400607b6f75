"""The calls of a function body, each resolved to the crate's functions or listed with why not.

Part of `trace` (see `rust/trace/__init__.py`): the body's calls are found with a tree-sitter
query and resolved through the crate index (`rust/crate.py`). `Body` finds them and hands
each callee to its `resolution.Resolver` (paths, receivers, method calls); the types of its
expressions are a `types.TypeEnv`.
Every rule that finds calls at a node of the body is one entry of `RULES`, in the order its
calls are listed; the rules of their own modules (`dispatch`, `conversions`, `callbacks`,
`queue`, `serde`, `fields`) are functions that see `Body` only through `base.BodyBase`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import groupby

from ...errors import UsageError
from ..checkout import Checkout
from ..crate import Crate, FnDef, TypeKey, type_segments
from ..crate_builder import build_crate
from ..syntax import Node, captures, node_text, query
from .base import EXTRACTORS, BodyBase, compact
from .callbacks import handed_over, row_decode
from .conversions import try_conversion
from .fields import field_origin
from .macros import in_macro, macro_calls, reparsed
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
    CallSite,
    Edge,
    How,
    Reason,
    RuleFacts,
)
from .queue import queue_hop
from .resolution import Resolver
from .rules import derive_conversions, queue_model
from .serde import serde_extractors, serde_of_call, serde_response
from .types import TypeEnv

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
    "RULES",
    "SERDE",
    "STD",
    "TRAIT",
    "TRAIT_DEFAULT",
    "TRY_CONVERSION",
    "UNIQUE",
    "VALIDATOR",
    "Body",
    "Call",
    "CallSite",
    "Edge",
    "How",
    "Reason",
    "Rule",
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


class Body(BodyBase):
    """The calls of one function body, each resolved or listed with why not."""

    def __init__(
        self, crate: Crate, fn: FnDef, rules: RuleFacts | None = None, implementor: TypeKey | None = None
    ) -> None:
        self.crate = crate
        self.fn = fn
        self.rules = rules or RuleFacts(None, {})
        # a trait's default body runs as the implementor it was reached through
        self.self_type = implementor if fn.in_trait else fn.owner
        self.bounds_memo = None
        self.resolved: dict[int, Call] = {}
        # the function as parsed for its calls: expression macros' arguments made code
        self.fn_node, self.macro_spans = reparsed(fn, self.rules.reparsed)
        self.env = TypeEnv(crate, fn, self.self_type, self.fn_node, self.resolve_call)
        self.param_types = self.env.bindings.param_types
        self.resolver = Resolver(self)

    def resolve_call(self, node: Node, before: int) -> Call:
        # memoised: type inference asks again for every call of a method chain
        cached = self.resolved.get(node.id)
        if cached is None:
            cached = self.resolved[node.id] = self._resolve_call(node, before)
        return cached

    def _resolve_call(self, node: Node, before: int) -> Call:
        callee = node.child_by_field_name("function")
        text = compact(node_text(callee)) if callee is not None else "?"
        if callee is not None and callee.type == "generic_function":
            inner = callee.child_by_field_name("function")
            if inner is not None and inner.type == "field_expression":
                callee = inner
        if callee is None:
            return CallSite.of(node, text).call()
        if callee.type == "field_expression":
            name = node_text(callee.child_by_field_name("field"))
            receiver = callee.child_by_field_name("value")
            shown = compact(node_text(receiver)) if receiver is not None else ""
            shown = shown if len(shown) <= 32 and "(" not in shown else "…"
            return self.resolver.method_call(CallSite.of(node, f"{shown}.{name}()"), name, receiver, before)
        site = CallSite.of(node, text + "()")
        segments = type_segments(callee)
        if segments is None:
            if callee.type == "scoped_identifier":  # `<T as Trait>::method`
                return site.call(reason=TRAIT, detail="qualified path")
            return site.call()  # a closure or expression: not a path
        if len(segments) == 1 and self.env.bindings.is_local(segments[0], site.start):
            return site.call()  # a local closure
        return self.resolver.path_call(site, segments, node)

    def calls(self) -> list[Call]:
        """Every call of the body, resolved or listed, in source order: what each rule of `RULES`
        finds at the nodes of its capture."""
        body = self.fn_node.child_by_field_name("body")
        if body is None:
            return []
        caught = captures(query(_QUERY), body)
        self.env.bindings.scan(caught.get("let", []), caught.get("arm", []))
        macro_starts = {start for start, _, _ in self.macro_spans}
        found: list[Call] = []
        # the rules of one capture run together at each of its nodes, in `RULES`' order
        for capture, group in groupby(RULES, key=lambda rule: rule.capture):
            rules = list(group)
            if capture == BODY:
                nodes = [body]
            elif capture == "callee":  # the call expressions, but not a rewritten invocation
                nodes = [
                    callee.parent
                    for callee in caught.get("callee", [])
                    if callee.parent is not None and callee.parent.start_byte not in macro_starts
                ]
            else:
                nodes = caught.get(capture, [])
            for node in nodes:
                for rule in rules:
                    found.extend(rule.find(self, node))
        found = [in_macro(self.macro_spans, call) for call in found] if self.macro_spans else found
        # chained calls (`a().b()`) start at one byte: the inner, shorter one is evaluated first,
        # and the order never depends on how the query engine happened to list its captures
        found.sort(key=lambda call: (call.start, len(call.text), call.text))
        return found


# ---- the rules, in the order their calls are listed --------------------------------------

BODY = "body"  # a rule that reads the whole body, once
Find = Callable[[Body, Node], Iterable[Call]]


@dataclass(frozen=True)
class Rule:
    """One call-resolution rule: the query capture whose nodes it reads (`BODY`: the body
    itself) and what it finds at one of them."""

    name: str
    capture: str
    find: Find


def _optional(find: Callable[[Body, Node], Call | None]) -> Find:
    """A rule that finds at most one call at a node."""

    def found(body: Body, node: Node) -> list[Call]:
        call = find(body, node)
        return [call] if call is not None else []

    return found


def _after_resolution(find: Callable[[BodyBase, Node, Call], Call | list[Call] | None]) -> Find:
    """A rule that reads a call expression together with its resolution (memoised)."""

    def found(body: Body, node: Node) -> list[Call]:
        calls = find(body, node, body.resolve_call(node, node.start_byte))
        return calls if isinstance(calls, list) else [calls] if calls is not None else []

    return found


def _extractors(body: Body, _: Node) -> list[Call]:
    """What a handler's parameter types run before its body: axum `FromRequest(Parts)` impls."""
    found: list[Call] = []
    for ty, param in body.param_types:
        pending, seen = [ty], 0
        while pending and seen < 6:
            current = pending.pop(0)
            seen += 1
            pending.extend(current.args)
            key = body.env.receiver_key(current)
            if not isinstance(key, TypeKey):
                continue
            for name in EXTRACTORS:
                targets = body.crate.methods.get(key, {}).get(name, [])
                if targets:
                    site = CallSite.of(param, f"extractor {current.text}")
                    found.append(site.call(tuple(targets), how=EXTRACTOR))
    return found


def _function_reference(body: Body, node: Node) -> Call | None:
    """A crate function passed by name (`.map_err(http_error_on_conflict)`): an edge too."""
    segments = type_segments(node)
    if not segments or (len(segments) == 1 and body.env.bindings.is_local(segments[0], node.start_byte)):
        return None
    if len(segments) == 1 and segments[0][:1].isupper():
        return None
    call = body.resolver.path_call(CallSite.of(node, compact(node_text(node))), segments)
    return call.site.call(call.targets, how=REFERENCE) if call.targets else None


def _macro_tokens(body: Body, macro: Node) -> list[Call]:
    """Call-like token runs inside a macro invocation, listed; one no crate item could answer
    is std noise, not a lost edge."""
    found = []
    for call in macro_calls(macro):
        named = call.text.rstrip("()").replace(".", "::").split("::")[-1]
        found.append(call if named in body.crate.fn_names else call.site.call(reason=STD, detail=call.detail))
    return found


RULES: tuple[Rule, ...] = (
    Rule("extractors", BODY, _extractors),
    Rule("serde extractors", BODY, lambda body, _: serde_extractors(body)),
    Rule("serde response", BODY, _optional(lambda body, _: serde_response(body))),
    Rule("function reference", "fnref", _optional(_function_reference)),
    Rule("call", "callee", lambda body, node: [body.resolve_call(node, node.start_byte)]),
    Rule("handed over", "callee", _after_resolution(handed_over)),
    Rule("serde of call", "callee", _after_resolution(serde_of_call)),
    Rule("queue hop", "callee", _optional(queue_hop)),
    Rule("row decode", "callee", _after_resolution(row_decode)),
    Rule("? conversion", "try", _optional(try_conversion)),
    Rule("field origin", "field", _optional(field_origin)),
    Rule("macro tokens", "macro", _macro_tokens),
)
