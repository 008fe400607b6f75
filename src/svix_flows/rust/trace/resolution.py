"""The general resolution of a callee in one body: a path to a crate function or associated
item, a method on its receiver's type, else the call listed with why not.

Part of `trace` (see `rust/trace/__init__.py`). `calls.Body` finds a body's calls and hands each
callee here; the rules of their own modules (conversions, enum dispatch, generic bounds,
callbacks) are asked where a general answer is not enough.
"""

from __future__ import annotations

from ..crate import Assoc, Def, External, FnDef, Ty, TypeKey, foreign_key
from ..syntax import Node, node_bytes
from ..words import PRELUDE, STD_CRATES
from .base import BodyBase, compact, peeled, std_path
from .callbacks import callback_of, external_hooks
from .conversions import conversion
from .dispatch import enum_dispatch, generic_bound
from .model import (
    AMBIGUOUS,
    CALLBACK,
    ENUM_DISPATCH,
    EXTERNAL,
    GENERIC_BOUND,
    PATH,
    STD,
    TRAIT,
    TRAIT_DEFAULT,
    UNIQUE,
    Call,
    CallSite,
    Edge,
)
from .types import SAME_TYPE

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


class Resolver:
    """The resolution of one body's callees through the crate index."""

    def __init__(self, body: BodyBase) -> None:
        self.body = body
        self.crate = body.crate
        self.fn = body.fn

    def foreign_receiver(self, receiver: Node | None, before: int) -> TypeKey | None:
        ty = peeled(self.body.env.infer(receiver, before))
        return foreign_key(self.crate, ty) if ty is not None else None

    def path_call(self, site: CallSite, segments: tuple[str, ...], node: Node | None = None) -> Call:
        crate = self.crate
        found = crate.resolve(self.fn.module, segments, self.body.self_type)
        if isinstance(found, Def):
            if found.kind == "fn":
                fn = crate.free_fns.get((found.module, found.name))
                if fn is not None:
                    return site.call((fn,))
            return site.call()  # a constructor, a const or a macro-made item
        if isinstance(found, Assoc):
            return self.assoc_call(site, found, node)
        if isinstance(found, External):
            if len(segments) == 1 and segments[0] in self.fn.generics:
                return site.call(reason=TRAIT, detail="generic type parameter")
            root = found.path[0]
            reason = STD if root in STD_CRATES or root in PRELUDE or root[:1].isupper() else EXTERNAL
            if len(segments) >= 2 and segments[0] in self.fn.generics:
                reason = TRAIT
            return site.call(reason=reason, detail="::".join(found.path))
        return site.call()

    def assoc_call(self, site: CallSite, found: Assoc, node: Node | None) -> Call:
        """`Type::item(…)`: a method of the type (`T::from(x)` the impl for x's type), a call
        through a crate trait, or no call (an enum variant or associated const)."""
        if found.name[:1].isupper():
            return site.call()  # an enum variant or associated const
        if found.kind == "trait":
            return self.dispatch(site, found.name, f"{found.owner}::{found.name}")
        arg = None
        if found.name == "from" and node is not None:
            arguments = node.child_by_field_name("arguments")
            first = (
                arguments.named_children[0] if arguments is not None and arguments.named_children else None
            )
            converted = conversion(self.body, site, first, site.start, found.owner)
            if converted is not None:
                return converted
            key = self.body.env.receiver_key(self.body.env.infer(first, site.start))
            arg = key if isinstance(key, TypeKey) else None
        return self.method_of(site, found.owner, found.name, arg)

    def method_of(self, site: CallSite, owner: TypeKey, name: str, arg: TypeKey | None = None) -> Call:
        crate = self.crate
        found = crate.methods.get(owner, {}).get(name, [])
        if not found and owner in crate.enum_dispatch:
            expanded = enum_dispatch(self.body, owner, name)
            if expanded:
                return site.expanded(expanded, ENUM_DISPATCH)
        if len(found) > 1 and arg is not None:  # `Target::from(x)`: the impl for x's type
            found = [fn for fn in found if fn in crate.conversions.get(arg, [])] or found
        if len({_impl_header(fn) for fn in found}) > 1:
            listed = ", ".join(_impl_header(fn) for fn in found[:3])
            return site.call(reason=AMBIGUOUS, detail=f"{len(found)} impls: {listed}")
        if found:  # one, or `#[cfg]` twins of one impl
            if any(fn.in_trait for fn in found):  # an inherited default body, run as `owner`
                return site.expanded([_run_as(fn, owner, name) for fn in found], PATH)
            return site.call(tuple(found))
        return self.method_not_written(site, owner, name)

    def method_not_written(self, site: CallSite, owner: TypeKey, name: str) -> Call:
        """A method no impl of `owner` writes: a trait default it inherits, an external trait's
        method that runs the crate's hooks, a call through a crate trait, or foreign."""
        crate = self.crate
        for trait in sorted(crate.trait_impls.get(owner, ())):  # a default method it inherits
            default = crate.trait_defaults.get((trait, name))
            if default is not None:
                return site.expanded(
                    [Edge(default, owner, TRAIT_DEFAULT, f"{trait}::{name} for {owner.name}")], PATH
                )
        hooks = external_hooks(self.body, owner, name)
        if hooks:
            return site.expanded(hooks, CALLBACK)
        if owner.module == ("?",):
            return site.call(reason=EXTERNAL, detail=f"{owner.name}::{name}")
        if name in crate.trait_methods:
            return self.dispatch(site, name, f"{owner}::{name}")
        return site.call(reason=EXTERNAL, detail=f"{owner}::{name} (derived or foreign)")

    def dispatch(self, site: CallSite, name: str, what: str) -> Call:
        """A call through a crate trait: followed only when every implementor runs the same body."""
        traits = self.crate.trait_methods.get(name, [])
        if len(traits) == 1:
            trait = traits[0]
            default = self.crate.trait_defaults.get((trait.name, name))
            overridden = any(
                fn.trait == trait.name and not fn.in_trait for fn in self.crate.methods_by_name.get(name, [])
            )
            if default is not None and not overridden:
                return site.call((default,))
        listed = ", ".join(str(t) for t in traits) or "a trait"
        return site.call(reason=TRAIT, detail=f"{what} via {listed}")

    def method_call(self, site: CallSite, name: str, receiver: Node | None, before: int) -> Call:
        receiver_ty = self.body.env.infer(receiver, before)
        key = self.body.env.receiver_key(receiver_ty)
        if name == "into":
            converted = conversion(self.body, site, receiver, before, None)
            if converted is not None:
                return converted
        if isinstance(key, TypeKey):
            return self.method_of(site, key, name)
        if key == "generic":
            bounded = generic_bound(self.body, receiver_ty, name)
            if bounded:
                return site.expanded(bounded, GENERIC_BOUND)
        if isinstance(key, External):
            return self.external_method(site, name, key, receiver, receiver_ty, before)
        if key == "generic" or name in self.crate.trait_methods:
            return self.dispatch(site, name, f"method `{name}`")
        return self.method_by_name(site, name)

    def external_method(
        self,
        site: CallSite,
        name: str,
        key: External,
        receiver: Node | None,
        receiver_ty: Ty | None,
        before: int,
    ) -> Call:
        """A method on a value of a type outside the crate: a crate `impl Service` it holds, a
        crate trait implemented for it, or listed as std's or the external crate's."""
        if name not in SAME_TYPE and not std_path(key.path):
            called = callback_of(self.body, receiver_ty, f"{'::'.join(key.path)}.{name}()")
            if called:
                return site.expanded(called, CALLBACK)
        foreign = self.foreign_receiver(receiver, before)
        if foreign is not None and name in self.crate.methods.get(foreign, {}):
            return self.method_of(site, foreign, name)  # a crate trait on it
        root = key.path[0]
        reason = STD if root in STD_CRATES or root in PRELUDE else EXTERNAL
        return site.call(reason=reason, detail=f"{'::'.join(key.path)}::{name}")

    def method_by_name(self, site: CallSite, name: str) -> Call:
        """A method on a receiver of unknown type, by its name: only inherent methods (a trait
        impl's method, `into_iter`, `clone`, is far more often the std one on some other type)."""
        candidates = [
            fn
            for fn in self.crate.methods_by_name.get(name, [])
            if fn.trait is None and fn.visible_from(self.fn.module)
        ]
        owners = {fn.owner for fn in candidates}
        if len(owners) == 1 and (name in _COMMON_METHODS or candidates[0] is self.fn):
            # a std-sounding name, or delegation to an inner value from a same-named method
            return site.call(
                reason=STD, detail=f"`{name}` on a receiver of unknown type", unknown_receiver=True
            )
        if len(owners) == 1:
            return site.call(tuple(candidates), how=UNIQUE)
        if len(owners) > 1:
            listed = ", ".join(sorted(str(o) for o in owners)[:4])
            return site.call(reason=AMBIGUOUS, detail=f"{len(owners)} types: {listed}")
        return site.call(
            reason=STD, detail=f"method `{name}` the crate does not define", unknown_receiver=True
        )


def _run_as(fn: FnDef, owner: TypeKey, name: str) -> Edge:
    """An edge to a method found for `owner`: a trait's default body runs as `owner`."""
    if not fn.in_trait:
        return Edge(fn)
    return Edge(fn, owner, TRAIT_DEFAULT, f"{fn.owner.name if fn.owner else '?'}::{name} for {owner.name}")


def _impl_header(fn: FnDef) -> str:
    if fn.impl_node is None:
        return ""
    body = fn.impl_node.child_by_field_name("body")
    end = body.start_byte - fn.impl_node.start_byte if body is not None else None
    return compact(node_bytes(fn.impl_node)[:end].decode())
