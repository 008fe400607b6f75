"""Rule: conversions, the crate's `From` impls behind `.into()`, `T::from(x)` and `?`, and the
methods the crate's own derives make a conversion call.

Part of `trace` (see `rust/trace/__init__.py`): rule functions over a `calls.Body`.
"""

from __future__ import annotations

from ..crate import Def, External, Ty, TypeKey, foreign_key, parse_type
from ..syntax import Node, node_text
from .base import BodyBase, compact, peeled, subst_self
from .model import CONVERSION, DERIVE, TRY_CONVERSION, Call, CallSite, Edge
from .rules import CONNECTION_ERRORS, DEFAULT_RUNS


def conversion(
    body: BodyBase, site: CallSite, source: Node | None, before: int, target: TypeKey | None
) -> Call | None:
    """`x.into()` / `T::from(x)`: the crate's `impl From<S> for T` for x's evident type S,
    or the methods a derive of the crate's own (`ModelIn`) makes the conversion call."""
    ty = body.env.infer(source, before)
    if ty is None:
        return None
    source_key = from_key(body, ty)
    if source_key is None:
        return None
    impls = [
        (t, fn) for s, t, fn in body.crate.from_impls if s == source_key and (target is None or t == target)
    ]
    if len(impls) == 1:
        to, fn = impls[0]
        return site.expanded(
            [Edge(fn, None, CONVERSION, f"From<{source_key.name}> for {to.name}")], CONVERSION
        )
    derived = derived_conversion(body, source_key)
    if derived and not impls:
        return site.expanded(derived, DERIVE)
    return None


def from_key(body: BodyBase, ty: Ty) -> TypeKey | None:
    ty = peeled(ty)
    found = body.crate.resolve(ty.module, ty.path, body.self_type)
    if isinstance(found, Def):
        return body.crate.canonical(TypeKey(found.module, found.name))
    if isinstance(found, External):
        return foreign_key(body.crate, ty)
    return None


def derived_conversion(body: BodyBase, source: TypeKey) -> list[Edge]:
    crate = body.crate
    found: list[Edge] = []
    for name in crate.derives.get(source, ()):
        derive = body.rules.derives.get(name)
        if derive is None:
            continue
        via = f"#[derive({name})] From<{source.name}> for <{source.name} as {derive.trait}>::{derive.assoc}"
        for method in derive.calls:
            for fn in crate.methods.get(source, {}).get(method, []):
                found.append(Edge(fn, None, DERIVE, via))
        assoc = crate.assoc_types.get((source, derive.assoc))
        target = crate.type_key(assoc) if assoc is not None and derive.default else None
        if isinstance(target, TypeKey):
            for trait, method in DEFAULT_RUNS.items():
                if trait in crate.trait_impls.get(target, set()):
                    for fn in crate.methods.get(target, {}).get(method, []):
                        found.append(Edge(fn, None, DERIVE, f"{via}: Default runs {trait}::{method}"))
    return found


def try_conversion(body: BodyBase, node: Node) -> Call | None:
    """`expr?`: the crate's `impl From<E> for F`, E the error of expr, F the error the
    function returns (not inside a closure or async block, whose error type is not evident)."""
    parent = node.parent
    while parent is not None and parent.id != body.fn_node.id:
        if parent.type in ("closure_expression", "async_block"):
            return None
        parent = parent.parent
    returns = body.fn.node.child_by_field_name("return_type")
    declared = parse_type(returns, body.fn.module) if returns is not None else None
    outer = result_error(body, subst_self(declared, body.self_type) if declared is not None else None)
    inner_node = node.named_children[0] if node.named_children else None
    if outer is None or inner_node is None:
        return None
    inner = result_error(body, body.env.infer(inner_node, node.start_byte)) or connection_error(
        body, inner_node, node.start_byte
    )
    source, target = (from_key(body, inner) if inner else None), from_key(body, outer)
    if source is None or target is None or source == target:
        return None
    impls = [fn for s, t, fn in body.crate.from_impls if s == source and t == target]
    if len(impls) != 1:
        return None
    text = compact(node_text(inner_node))
    text = (text if len(text) <= 32 else "…") + "?"
    via = f"From<{source.name}> for {target.name}"
    return CallSite.of(node, text).expanded([Edge(impls[0], None, TRY_CONVERSION, via)], TRY_CONVERSION)


def result_error(body: BodyBase, ty: Ty | None) -> Ty | None:
    """The error type of a `Result`, through crate aliases and their defaults."""
    for _ in range(4):
        if ty is None:
            return None
        if ty.path[-1] == "Result" and len(ty.args) == 2:
            return ty.args[1]
        key = body.crate.type_key(ty, body.self_type)
        if not isinstance(key, TypeKey) or key not in body.crate.aliases:
            return None
        alias, params = body.crate.aliases[key], body.crate.alias_params.get(key, ())
        bound = {
            name: (ty.args[i] if i < len(ty.args) else default) for i, (name, default) in enumerate(params)
        }
        if alias.path[-1] == "Result" and len(alias.args) == 2:
            error = alias.args[1]
            return (
                bound.get(error.path[0], error) if len(error.path) == 1 and error.path[0] in bound else error
            )
        ty = alias
    return None


def connection_error(body: BodyBase, node: Node, before: int) -> Ty | None:
    """A call handed a sea-orm connection (`.one(db)`) fails with sea-orm's `DbErr`."""
    while node.type in ("await_expression", "parenthesized_expression") and node.named_children:
        node = node.named_children[0]
    if node.type != "call_expression":
        return None
    arguments = node.child_by_field_name("arguments")
    for arg in arguments.named_children if arguments is not None else []:
        ty = peeled(body.env.infer(arg, before))
        if ty is not None and ty.path[-1] in CONNECTION_ERRORS:
            return Ty(
                ("sea_orm", CONNECTION_ERRORS[ty.path[-1]]),
                (),
                body.fn.module,
                CONNECTION_ERRORS[ty.path[-1]],
            )
    return None
