"""Rule: `#[enum_dispatch]` and generic bounds, the calls through a crate trait whose
implementors the crate itself names.

Part of `trace` (see `rust/trace/__init__.py`): rule functions over a `calls.Body`.
"""

from __future__ import annotations

from ..crate import Crate, Def, FnDef, Ty, TypeKey, type_segments
from ..syntax import node_text
from .base import BodyBase, peeled
from .model import ENUM_DISPATCH, GENERIC_BOUND, Edge


def enum_dispatch(body: BodyBase, enum: TypeKey, name: str) -> list[Edge]:
    """`#[enum_dispatch]`: each variant's own method, or the trait's default body run as it."""
    crate = body.crate
    traits = [t for t in crate.enum_dispatch[enum] if t in crate.trait_methods.get(name, [])]
    if not traits:
        return []
    found: list[Edge] = []
    for variant in crate.variants.get(enum, {}).values():
        if len(variant.tuple_fields) != 1:
            continue
        inner = crate.type_key(variant.tuple_fields[0])
        if not isinstance(inner, TypeKey):
            continue
        via = f"{enum.name}::{variant.name} → {inner.name}"
        for fn in crate.methods.get(inner, {}).get(name, []):
            found.append(
                Edge(
                    fn,
                    inner if fn.in_trait else None,
                    ENUM_DISPATCH,
                    via + (" (trait default)" if fn.in_trait else ""),
                )
            )
    return found


def generic_bound(body: BodyBase, ty: Ty | None, name: str) -> list[Edge]:
    """`x.m()` with `x: T` and `T: Trait`: every impl of `Trait` in the crate."""
    ty = peeled(ty)
    if ty is None or len(ty.path) != 1:
        return []
    crate = body.crate
    found: list[Edge] = []
    if body.bounds_memo is None:
        body.bounds_memo = _generic_bounds(crate, body.fn)
    for trait in body.bounds_memo.get(ty.path[0], []):
        if trait not in crate.trait_methods.get(name, []):
            continue
        for owner, methods in crate.methods.items():
            if trait.name not in crate.trait_impls.get(owner, set()):
                continue
            for fn in methods.get(name, []):
                if fn.trait == trait.name or (fn.in_trait and fn.owner == trait):
                    found.append(
                        Edge(
                            fn,
                            owner if fn.in_trait else None,
                            GENERIC_BOUND,
                            f"{ty.path[0]}: {trait.name}, impl for {owner.name}",
                        )
                    )
    return found


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
