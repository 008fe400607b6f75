"""The second pass of building a `Crate` (see `crate_builder`): the traits, the types macros
make and the impls, which need the whole module tree to resolve names; and `record_function`,
how both passes record a function or method.

Traits come first (their methods and default bodies), then the types macros make (named only by
their impls), then the impls (methods, conversions, services and the default bodies each impl
inherits), which resolve both.
"""

from __future__ import annotations

import re

from .crate import Crate, Def, External, FnDef, Module, Ty, TypeKey, foreign_key, parse_type, type_segments
from .syntax import Node, above, node_text
from .words import PRIMITIVE_TYPES, STD_TYPES

_STD_NAMES = STD_TYPES | PRIMITIVE_TYPES


def generic_names(node: Node | None) -> set[str]:
    """The type parameters a generics list names (`<T: Bound, U>`)."""
    names: set[str] = set()
    if node is None:
        return names
    for child in node.named_children:
        if child.type in ("type_parameter", "constrained_type_parameter", "optional_type_parameter"):
            name = child.child_by_field_name("name") or (
                child.named_children[0] if child.named_children else None
            )
            if name is not None and name.type == "type_identifier":
                names.add(node_text(name))
        elif child.type == "type_identifier":
            names.add(node_text(child))
    return names


def record_function(
    crate: Crate,
    module: Module,
    node: Node,
    owner: TypeKey | None,
    trait: str | None,
    in_trait: bool,
    impl_node: Node | None,
    generics: set[str],
) -> FnDef:
    """Record a function or method in `crate`, and return it."""
    name = node_text(node.child_by_field_name("name"))
    generics = generics | generic_names(node.child_by_field_name("type_parameters"))
    fn = FnDef(module.file, name, node, module, owner, trait, in_trait, impl_node, frozenset(generics))
    crate.functions.setdefault(module.file, []).append(fn)
    if owner is None:
        crate.free_fns.setdefault((module.path, name), fn)
        return fn
    crate.methods.setdefault(owner, {}).setdefault(name, []).append(fn)
    crate.methods_by_name.setdefault(name, []).append(fn)
    return fn


def link_impls(crate: Crate, traits: list[tuple[Module, Node]], impls: list[tuple[Module, Node]]) -> Crate:
    """The complete crate, once the first pass has set its traits and impls aside."""
    return _ImplLinker(crate).run(traits, impls)


class _ImplLinker:
    """The traits and impls of a crate whose modules and items are all known."""

    def __init__(self, crate: Crate) -> None:
        self.crate = crate

    def run(self, traits: list[tuple[Module, Node]], impls: list[tuple[Module, Node]]) -> Crate:
        """The complete crate: traits, then macro-made types, then impls (which resolve both)."""
        for module, node in traits:
            self.trait_item(module, node)
        for module, node in impls:
            self.macro_made_type(module, node)
        for module, node in impls:
            self.impl_item(module, node)
        self.derived_traits()
        crate = self.crate
        crate.fn_names = frozenset({name for (_, name) in crate.free_fns} | set(crate.methods_by_name))
        crate.memo = {}
        return crate

    def trait_item(self, module: Module, node: Node) -> None:
        """A trait: the enums `#[enum_dispatch]` makes implement it, its methods, default bodies."""
        crate = self.crate
        name = node_text(node.child_by_field_name("name"))
        key = TypeKey(module.path, name)
        for enum in _enum_dispatch_targets(node):
            target = crate.resolve(module, (enum,))
            if isinstance(target, Def):
                enum_key = TypeKey(target.module, target.name)
                crate.trait_impls.setdefault(enum_key, set()).add(name)
                crate.enum_dispatch.setdefault(enum_key, []).append(key)
        generics = generic_names(node.child_by_field_name("type_parameters"))
        for child in _body_items(node):
            if child.type not in ("function_item", "function_signature_item"):
                continue
            method = node_text(child.child_by_field_name("name"))
            crate.trait_methods.setdefault(method, []).append(key)
            if child.type == "function_item":
                default = record_function(
                    self.crate, module, child, key, name, True, node, generics | {"Self"}
                )
                crate.trait_defaults.setdefault((name, method), default)
                crate.trait_bodies.setdefault(key, {})[method] = default

    def derived_traits(self) -> None:
        """`#[derive(ModelOut)]` where the crate defines one trait `ModelOut`: the derive (a macro
        of the workspace) implements that trait for the type, whose calls of the trait's default
        methods (`MessageAttemptOut::list_response`) run the default bodies."""
        crate = self.crate
        traits: dict[str, list[TypeKey]] = {}
        for key in crate.trait_bodies:
            traits.setdefault(key.name, []).append(key)
        for owner, names in crate.derives.items():
            for name in names:
                if len(traits.get(name, ())) == 1:
                    crate.trait_impls.setdefault(crate.canonical(owner), set()).add(name)

    def macro_made_type(self, module: Module, node: Node) -> None:
        """Impls name the crate's types, macro-made ones too: a name neither defined, imported
        nor std's is made by a macro in this module (sea-orm's `ActiveModel`), and its trait
        impls key it too."""
        ty = parse_type(node.child_by_field_name("type"), module)
        if ty is None or len(ty.path) != 1 or self.crate.resolve(module, ty.path) != External(ty.path):
            return
        if node.child_by_field_name("trait") is None or ty.path[0] not in _STD_NAMES:
            self.crate.local_types.add(TypeKey(module.path, ty.path[0]))

    def impl_item(self, module: Module, node: Node) -> None:
        """An impl: its methods and associated types, the conversions and services it makes, and
        the trait's default bodies it does not override."""
        ty = parse_type(node.child_by_field_name("type"), module)
        if ty is None:
            return
        crate = self.crate
        generics = generic_names(node.child_by_field_name("type_parameters"))
        target = crate.resolve(module, ty.path)
        if isinstance(target, Def):
            owner = crate.canonical(TypeKey(target.module, target.name))
        else:
            owner = self.foreign_key(ty)  # an impl for a foreign type
        trait_node = node.child_by_field_name("trait")
        trait = self.impl_trait(trait_node, owner)
        written = set()
        for child in _body_items(node):
            if child.type == "function_item":
                written.add(node_text(child.child_by_field_name("name")))
                fn = record_function(self.crate, module, child, owner, trait, False, node, generics)
                self.impl_method(module, trait_node, owner, fn)
            elif child.type == "type_item" and trait_node is not None:
                assoc = parse_type(child.child_by_field_name("type"), module)
                if assoc is not None:
                    crate.assoc_types[(owner, node_text(child.child_by_field_name("name")))] = assoc
        if trait_node is not None:
            self.inherited_defaults(module, trait_node, owner, written)

    def impl_trait(self, trait_node: Node | None, owner: TypeKey) -> str | None:
        """The name of the trait an impl implements, recorded for `owner`; None when inherent."""
        if trait_node is None:
            return None
        trait_path = type_segments(trait_node)
        trait = trait_path[-1] if trait_path else node_text(trait_node)
        self.crate.trait_impls.setdefault(owner, set()).add(trait)
        return trait

    def impl_method(self, module: Module, trait_node: Node | None, owner: TypeKey, fn: FnDef) -> None:
        """What a method of a trait impl makes: a `From` conversion, a `Service`'s `call`."""
        if trait_node is None:
            return
        crate = self.crate
        if fn.trait == "From":
            source = parse_type(trait_node, module)
            if source is not None and source.args:
                source_key = crate.resolve(module, source.args[0].path)
                if isinstance(source_key, Def):
                    key = crate.canonical(TypeKey(source_key.module, source_key.name))
                    crate.conversions.setdefault(key, []).append(fn)
                if fn.name == "from":
                    crate.from_impls.append((self.receiver_key(source.args[0]), owner, fn))
        if fn.trait == "Service" and fn.name == "call":
            crate.services.setdefault(owner, []).append(fn)

    def inherited_defaults(self, module: Module, trait_node: Node, owner: TypeKey, written: set[str]) -> None:
        """The trait's default bodies an impl does not override become `owner`'s methods."""
        crate = self.crate
        trait_target = crate.resolve(module, type_segments(trait_node) or ())
        if not (isinstance(trait_target, Def) and trait_target.kind == "trait"):
            return
        defaults = crate.trait_bodies.get(TypeKey(trait_target.module, trait_target.name), {})
        for method, default in defaults.items():
            if method not in written:
                crate.methods.setdefault(owner, {}).setdefault(method, []).append(default)

    def receiver_key(self, ty: Ty) -> TypeKey:
        """A conversion source as `Crate.from_impls` keys it: the crate type, or the foreign key."""
        target = self.crate.resolve(ty.module, ty.path)
        if isinstance(target, Def):
            return self.crate.canonical(TypeKey(target.module, target.name))
        return self.foreign_key(ty)

    def foreign_key(self, ty: Ty) -> TypeKey:
        """The key of a type the crate does not define, told apart by its first generic argument
        (`Select<message::Entity>` is not `Select<endpoint::Entity>`)."""
        return foreign_key(self.crate, ty)


def _body_items(node: Node) -> list[Node]:
    """The items of a trait's or impl's body; none when it has no body."""
    body = node.child_by_field_name("body")
    return list(body.named_children) if body is not None else []


def _enum_dispatch_targets(node: Node) -> list[str]:
    """The enums a `#[enum_dispatch(Enum)]` attribute above a trait makes implement it."""
    found: list[str] = []
    for prev in above(node):
        match = re.match(r"#\[\s*enum_dispatch\s*\(([^)]*)\)\s*\]", node_text(prev))
        if match:
            found.extend(name.strip() for name in match.group(1).split(",") if name.strip())
    return found
