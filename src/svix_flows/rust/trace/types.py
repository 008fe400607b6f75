"""The types of a body's names and expressions, as far as the source makes them evident.

Part of `trace` (see `rust/trace/__init__.py`). `TypeEnv` infers expression types from what one
function body binds (`bindings.Bindings`: parameters, `let`s, match arms, closure parameters); a
call's type is its callee's declared return type, so it asks the body's call resolution
(`resolve`, given by `calls.Body`) for the callee.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import overload

from ..crate import Crate, Def, External, FnDef, Ty, TypeKey, parse_type, type_segments
from ..syntax import Node, node_text
from ..words import ELEMENT_COLLECTIONS, SMART_POINTERS
from .bindings import Bindings
from .model import Call

SAME_TYPE = frozenset({"clone", "to_owned", "as_ref", "borrow", "as_mut", "deref", "into_inner"})
_UNWRAP = frozenset({"unwrap", "expect", "unwrap_or_default", "unwrap_or", "unwrap_or_else"})
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
_ENDS = frozenset({"first", "last", "pop", "first_mut", "last_mut", "pop_front", "pop_back"})


@overload
def peeled(ty: Ty) -> Ty: ...
@overload
def peeled(ty: Ty | None) -> Ty | None: ...
def peeled(ty: Ty | None) -> Ty | None:
    """The type behind smart pointers and locks (`Arc<Mutex<T>>` is `T`): the one place they
    are peeled."""
    while ty is not None and ty.path[-1] in SMART_POINTERS and ty.args:
        ty = ty.args[0]
    return ty


def subst_self(ty: Ty, owner: TypeKey | None) -> Ty:
    if owner is None:
        return ty
    args = tuple(subst_self(arg, owner) for arg in ty.args)
    if ty.path == ("Self",):
        return Ty(("crate",) + owner.module + (owner.name,), args, ty.module, owner.name)
    return Ty(ty.path, args, ty.module, ty.text)


class TypeEnv:
    """The types one function body makes evident: its expressions', typed from its bindings."""

    def __init__(
        self,
        crate: Crate,
        fn: FnDef,
        self_type: TypeKey | None,
        fn_node: Node,
        resolve: Callable[[Node, int], Call],
    ) -> None:
        self.crate = crate
        self.fn = fn
        self.self_type = self_type
        self.resolve = resolve
        self.bindings = Bindings(crate, fn, self_type, fn_node)
        self.inferring: set[int] = set()
        self.inferred: dict[tuple[int, int], Ty | None] = {}

    def local(self, name: str, before: int) -> Ty | None:
        """The type of the binding `name` names at byte `before`: the latest `let` or match
        arm before it, else the parameter."""
        bindings = self.bindings
        arm = next((entry for entry in reversed(bindings.bound.get(name, [])) if entry[0] < before), None)
        for start, type_node, value in reversed(bindings.lets.get(name, [])):
            if arm is not None and arm[0] > start:
                break
            if start < before:
                if type_node is not None:
                    return parse_type(type_node, self.fn.module)
                return self.infer(value, start) if value is not None else None
        if arm is not None:
            return arm[1]
        return bindings.params.get(name)

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
            closure = self.bindings.closure_binding(node)
            if closure is not None:
                return self.closure_param(closure[0], closure[1], before)
            return self.local(node_text(node), before)
        if kind == "self":
            return self.bindings.params.get("self")
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
            known, ty = _std_method_type(name, receiver)
            if known:
                return ty
        call = self.resolve(node, before)
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

    def closure_param(self, closure: Node, param: Node, before: int) -> Ty | None:
        """A closure parameter's type: written (`|x: T|`), or the element of the receiver of the
        method the closure is the first argument of (`opt.map(|x| …)`, `v.iter().filter(|x| …)`)."""
        if param.type == "parameter":
            written = param.child_by_field_name("type")
            if written is not None:
                return parse_type(written, self.fn.module)
        callee = _closure_method(closure, param)
        if callee is None:
            return None
        method = node_text(callee.child_by_field_name("field"))
        receiver = callee.child_by_field_name("value")
        if method in _ITER_CLOSURES:
            item = self.iter_item(receiver, before, 0)
            if item is not None:
                return item
        return _closure_element(peeled(self.infer(receiver, before)), method)

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
            collection = peeled(self.infer(receiver, before))
            if (
                collection is not None
                and collection.path[-1] in ELEMENT_COLLECTIONS
                and len(collection.args) == 1
            ):
                return collection.args[0]
        return None

    def receiver_key(self, ty: Ty | None) -> TypeKey | External | str | None:
        """The crate type of a receiver, External, "generic" for a type parameter, or None."""
        for _ in range(8):  # smart pointers and type aliases (`type Config = Arc<Inner>`) peeled
            ty = peeled(ty)
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


def _std_method_type(name: str, receiver: Ty | None) -> tuple[bool, Ty | None]:
    """Whether a std method's result type follows from its receiver's (`clone`, `unwrap`,
    `ok_or`, `first`), and that type."""
    if name in SAME_TYPE:
        return True, receiver
    if name in _UNWRAP:
        return True, (receiver.arg(0) if receiver is not None else None)
    if name in ("ok_or", "ok_or_else") and receiver is not None and receiver.args:
        return True, Ty(("Result",), receiver.args, receiver.module, "Result")
    collection = peeled(receiver)
    if (
        name in _ENDS
        and collection is not None
        and collection.path[-1] in ("Vec", "VecDeque")
        and collection.args
    ):
        return True, Ty(("Option",), collection.args[:1], collection.module, "Option")
    return False, None


def _closure_method(closure: Node, param: Node) -> Node | None:
    """The callee (`recv.method`) of the method call whose first argument is `closure`, when
    `param` is the closure's first parameter."""
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
        call.child_by_field_name("function") if call is not None and call.type == "call_expression" else None
    )
    if callee is None or callee.type != "field_expression":
        return None
    return callee


def _closure_element(ty: Ty | None, method: str) -> Ty | None:
    """The value a closure given to `method` of an `Option` or `Result` receives."""
    if ty is None or not ty.args:
        return None
    if ty.path[-1] == "Option" and method in _OPTION_CLOSURES:
        return ty.arg(0)
    if ty.path[-1] == "Result" and method in _RESULT_CLOSURES:
        return ty.arg(0)
    if ty.path[-1] == "Result" and method in _ERROR_CLOSURES:
        return ty.arg(1)
    return None
