"""Rule: conversions, the crate's `From` impls behind `.into()`, `T::from(x)` and `?`, and the
methods the crate's own derives make a conversion call.

Part of `trace` (see `rust/trace/__init__.py`): mixed into `calls.Body`.
"""

from __future__ import annotations

from ..crate import Def, External, Ty, TypeKey, foreign_key, parse_type
from ..syntax import Node, node_text
from .base import SMART, BodyBase, compact, subst_self
from .model import CONVERSION, DERIVE, TRY_CONVERSION, Call, Target, expanded_call
from .rules import CONNECTION_ERRORS, DEFAULT_RUNS


class ConversionRules(BodyBase):
    """`x.into()`, `T::from(x)`, `expr?` and derived `From` impls, followed into the crate's code."""

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
            return expanded_call(
                text,
                line,
                start,
                [Target(fn, None, CONVERSION, f"From<{source_key.name}> for {to.name}")],
                CONVERSION,
            )
        derived = self.derived_conversion(source_key)
        if derived and not impls:
            return expanded_call(text, line, start, derived, DERIVE)
        return None

    def from_key(self, ty: Ty) -> TypeKey | None:
        while ty.path[-1] in SMART and ty.args:
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
        outer = self.result_error(subst_self(declared, self.self_type) if declared is not None else None)
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
        text = compact(node_text(inner_node))
        text = (text if len(text) <= 32 else "…") + "?"
        via = f"From<{source.name}> for {target.name}"
        return expanded_call(
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
            while ty is not None and ty.path[-1] in SMART and ty.args:
                ty = ty.args[0]
            if ty is not None and ty.path[-1] in CONNECTION_ERRORS:
                return Ty(
                    ("sea_orm", CONNECTION_ERRORS[ty.path[-1]]),
                    (),
                    self.fn.module,
                    CONNECTION_ERRORS[ty.path[-1]],
                )
        return None
